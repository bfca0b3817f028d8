"""The parse cache for big packs: used when it matches, ignored when it cannot help."""
from __future__ import annotations

import marshal

import pytest

from trainer.bank import BankError, load_files, pack_cache, yaml_reader

CARD = """\
  - id: big-{i:05d}
    kind: concept_check
    prompt: What does card {i} ask about the guard and the action?
    answer: The guard decides first and the action runs before the swap, case {i}.
    key_points:
      - point: the guard decides first
        match: ["guard"]
"""


@pytest.fixture
def big_pack(tmp_path):
    path = tmp_path / "big.yaml"
    n = 0
    text = "pack: big\ncards:\n"
    while len(text) < pack_cache.MIN_BYTES + 1000:
        text += CARD.format(i=n)
        n += 1
    path.write_text(text)
    return path


def cached_files():
    folder = pack_cache.cache_dir()
    return sorted(folder.glob("*.marshal")) if folder.exists() else []


def test_a_big_pack_is_parsed_once_then_read_from_the_cache(big_pack, home, monkeypatch):
    first = load_files([big_pack], kata_slugs=[])
    (entry,) = cached_files()
    assert entry.is_relative_to(home)

    def no_parse(text):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(yaml_reader, "read_fast", no_parse)
    second = load_files([big_pack], kata_slugs=[])
    assert list(second.cards) == list(first.cards)
    assert second.cards["big-00003"].answer == first.cards["big-00003"].answer


def test_an_edited_pack_misses_the_cache(big_pack, home):
    load_files([big_pack], kata_slugs=[])
    big_pack.write_text(big_pack.read_text().replace("swap, case 3.", "swap, case three."))
    bank = load_files([big_pack], kata_slugs=[])
    assert "case three" in bank.cards["big-00003"].answer
    assert len(cached_files()) == 2


def test_a_damaged_cache_entry_is_ignored(big_pack, home):
    load_files([big_pack], kata_slugs=[])
    (entry,) = cached_files()
    entry.write_bytes(b"\x00not marshal")
    assert len(load_files([big_pack], kata_slugs=[])) > 100


def test_cached_data_is_still_validated_and_the_file_wins(big_pack, home):
    """A cache entry holding a bad card cannot get it into the bank."""
    load_files([big_pack], kata_slugs=[])
    (entry,) = cached_files()
    data = marshal.loads(entry.read_bytes())
    data["cards"][0]["kind"] = "nonsense"
    entry.write_bytes(marshal.dumps(data))
    bank = load_files([big_pack], kata_slugs=[])
    assert bank.cards["big-00000"].kind == "concept_check"


def test_a_bad_big_pack_still_reports_its_line(big_pack, home):
    big_pack.write_text(big_pack.read_text().replace("kind: concept_check", "kind: nope", 1))
    with pytest.raises(BankError) as err:
        load_files([big_pack], kata_slugs=[])
    assert err.value.problems[0].startswith(f"{big_pack}:4: kind: must be one of")


def test_small_packs_are_not_cached(tmp_path, home):
    small = tmp_path / "small.yaml"
    small.write_text("pack: small\ncards:\n" + CARD.format(i=1))
    load_files([small], kata_slugs=[])
    assert cached_files() == []
