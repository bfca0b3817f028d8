"""Bad packs: each gets its documented one-line error naming file, line and field."""
from __future__ import annotations

import pytest

from tests.helpers.proc import trainer
from trainer.bank import BankError, load_bank, load_files

GOOD_CARD = """\
  - id: my-card
    kind: concept_check
    prompt: What is a guard?
    answer: A condition checked before a transition fires.
    key_points:
      - point: it is a condition
        match: ["condition"]
"""

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(20)
)

# name -> (file bytes, line expected in the message, words the message must contain)
BAD_PACKS: dict[str, tuple[bytes, int, str]] = {
    "empty": (b"", 1, "empty file"),
    "whitespace only": (b"  \n\n", 1, "empty file"),
    "tabs": (b"pack: x\ncards:\n\t- id: a\n", 3, "tab character"),
    "unclosed quote": (b'pack: x\ncards:\n  - id: "abc\n', 4, "quoted scalar started at line 3"),
    "not utf-8": (b"pack: x\n\xff\xfe\n", 2, "not valid UTF-8"),
    "scalar": (b"just words\n", 1, "found a string"),
    "list": (b"- a\n- b\n", 1, "found a list"),
    "python tag": (b'pack: x\ncards:\n  - !!python/object/apply:os.system ["echo hi"]\n', 3,
                   "tag !!python/object/apply:os.system is not allowed"),
    "alias bomb": (BOMB.encode(), 1, "anchors and aliases are not allowed"),
    "cards not a list": (b"pack: x\ncards: 3\n", 2, "cards: must be a non-empty list"),
    "unknown top field": (b"pack: x\nextra: 1\ncards:\n" + GOOD_CARD.encode(), 2, "extra: unknown top-level field"),
    "bad pack name": (b"pack: My Pack\ncards:\n" + GOOD_CARD.encode(), 1, "pack: must be a name"),
    "card is a string": (b"pack: x\ncards:\n  - hello\n", 3, "a card must be a mapping"),
    "unknown kind": (b"pack: x\ncards:\n" + GOOD_CARD.replace("concept_check", "concept").encode(), 4,
                     "kind: must be one of"),
    "bad level": (b"pack: x\ncards:\n" + GOOD_CARD.replace("    prompt", "    level: expert\n    prompt").encode(),
                  5, "level: must be one of junior, middle, senior, staff"),
    "boolean answer": (b"pack: x\ncards:\n" + GOOD_CARD.replace("A condition checked before a transition fires.", "yes").encode(),
                       6, "answer: must be text, found true/false (quote it)"),
    "missing prompt": (b"pack: x\ncards:\n" + GOOD_CARD.replace("    prompt: What is a guard?\n", "").encode(),
                       3, "prompt: required"),
    "bad regex": (b"pack: x\ncards:\n" + GOOD_CARD.replace('["condition"]', '["[oops"]').encode(), 8,
                  "is not a valid regular expression"),
    "catastrophic regex": (b"pack: x\ncards:\n" + GOOD_CARD.replace('["condition"]', '["(a+)+$"]').encode(), 8,
                           "nests quantifiers"),
    "unknown field": (b"pack: x\ncards:\n" + GOOD_CARD.replace("    prompt", "    colour: red\n    prompt").encode(),
                      5, "colour: unknown field"),
    "too many key points": (b"pack: x\ncards:\n" + GOOD_CARD.encode() + b"".join(
        b"      - point: p%d\n        match: [p%d]\n" % (i, i) for i in range(3)), 7,
        "a concept_check has 1-3 key points, found 4"),
    "follow-up without parent": (b"pack: x\ncards:\n" + GOOD_CARD.replace("concept_check", "follow_up").encode(), 3,
                                 "parent: required"),
    "dangling parent": (b"pack: x\ncards:\n" + GOOD_CARD.replace("kind: concept_check", "kind: follow_up\n    parent: nope")
                        .replace("      - point: it", "      - point: two\n        match: [two]\n      - point: it").encode(),
                        3, "parent: 'nope' is not a card id"),
    "unknown kata": (b"pack: x\ncards:\n" + GOOD_CARD.replace("kind: concept_check", "kind: live_coding\n    kata: chess")
                     .replace("      - point: it", "      - point: a\n        match: [a]\n      - point: b\n        match: [b]\n      - point: it").encode(),
                     3, "kata: 'chess' is not a kata"),
    "duplicate id": (b"pack: x\ncards:\n" + GOOD_CARD.encode() + GOOD_CARD.encode(), 10, "'my-card' is already used"),
    "red flag without detect": (b"pack: x\ncards:\n" + GOOD_CARD.replace("concept_check", "red_flag")
                                .replace("    prompt", "    looks_like: it shows\n    prompt")
                                .replace("      - point: it", "      - point: two\n        match: [two]\n      - point: it").encode(),
                                3, "detect: must be a non-empty list"),
}


@pytest.mark.parametrize("name", list(BAD_PACKS))
def test_bad_pack_gets_its_error(tmp_path, name):
    data, line, words = BAD_PACKS[name]
    f = tmp_path / "pack.yaml"
    f.write_bytes(data)
    with pytest.raises(BankError) as err:
        load_files([f], kata_slugs=["vending"])
    first = err.value.problems[0]
    assert first.startswith(f"{f}:{line}: "), first
    assert words in first, first
    assert "\n" not in first


def test_each_problem_is_reported_not_just_the_first(tmp_path):
    f = tmp_path / "pack.yaml"
    bad = GOOD_CARD.replace("concept_check", "nope").replace('["condition"]', '["[x"]')
    f.write_text("pack: x\ncards:\n" + bad)
    with pytest.raises(BankError) as err:
        load_files([f], kata_slugs=[])
    assert len(err.value.problems) == 2


def test_a_good_user_pack_adds_cards_and_collisions_are_refused(tmp_path, monkeypatch):
    pack = tmp_path / "mine.yaml"
    pack.write_text("pack: mine\ncards:\n" + GOOD_CARD)
    bank = load_bank([pack])
    assert bank.cards["my-card"].pack == "mine"
    clash = tmp_path / "clash.yaml"
    clash.write_text("pack: mine\ncards:\n" + GOOD_CARD.replace("my-card", "q05-context"))
    with pytest.raises(BankError, match=r"'q05-context' is already used at .*middle.yaml|junior.yaml"):
        load_bank([clash])
    monkeypatch.setenv("TRAINER_CONTENT", f"{tmp_path / 'nowhere'}")
    with pytest.raises(BankError, match="no such file or directory"):
        load_bank()


def test_trainer_content_is_a_path_list(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b.yaml"
    a.mkdir()
    (a / "one.yaml").write_text("pack: one\ncards:\n" + GOOD_CARD)
    b.write_text("pack: two\ncards:\n" + GOOD_CARD.replace("my-card", "other-card"))
    import os

    monkeypatch.setenv("TRAINER_CONTENT", f"{a}{os.pathsep}{b}")
    bank = load_bank()
    assert {"my-card", "other-card"} <= set(bank.cards)


def test_replaces_records_renames_and_refuses_live_ids(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\ncards:\n" + GOOD_CARD.replace("    kind:", "    replaces: [old-card]\n    kind:"))
    bank = load_files([pack], kata_slugs=[])
    assert bank.renames == {"old-card": "my-card"}
    assert bank.get("old-card").id == "my-card"
    pack.write_text("pack: p\ncards:\n" + GOOD_CARD.replace("    kind:", "    replaces: [my-card]\n    kind:"))
    with pytest.raises(BankError, match="'my-card' is still a card"):
        load_files([pack], kata_slugs=[])



def test_content_check_cli_reports_file_line_field_and_exits_2(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_bytes(BAD_PACKS["unknown kind"][0])
    r = trainer("content", "check", str(f))
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stderr.startswith(f"error: {f}:4: kind: must be one of")
    assert "Traceback" not in r.stderr


def test_content_check_cli_accepts_the_bundled_bank():
    r = trainer("content", "check")
    assert r.returncode == 0 and r.stdout.startswith("ok: ")


def test_a_broken_user_pack_stops_other_commands_with_a_clear_error(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_bytes(BAD_PACKS["tabs"][0])
    r = trainer("--content", str(f), "content", "list")
    assert r.returncode == 2 and r.stderr == f"error: {f}:3: invalid YAML: a tab character; indent with spaces\n"


def test_content_dot_skips_dot_folders_and_yaml_that_is_not_a_pack(tmp_path):
    project = tmp_path / "proj"
    (project / ".venv" / "lib").mkdir(parents=True)
    (project / ".venv" / "lib" / "broken.yaml").write_text("pack: [unclosed\n")
    (project / "docker-compose.yml").write_text("services:\n  web:\n    image: x\n")
    (project / "notes").mkdir()
    (project / "notes" / "mine.yaml").write_text("pack: mine\ncards:\n" + GOOD_CARD)
    bank = load_bank([project])
    assert bank.cards["my-card"].pack == "mine"
    assert not any(".venv" in str(s) or "docker" in str(s) for s in bank.sources)


def test_a_file_given_twice_is_loaded_once(tmp_path, monkeypatch):
    pack = tmp_path / "mine.yaml"
    pack.write_text("pack: mine\ncards:\n" + GOOD_CARD)
    monkeypatch.setenv("TRAINER_CONTENT", str(tmp_path))
    bank = load_bank([pack, tmp_path / "." / "mine.yaml"])
    assert bank.cards["my-card"].pack == "mine"


def test_a_file_named_directly_is_read_even_without_a_pack_key(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("services: {}\n")
    with pytest.raises(BankError, match="unknown top-level field"):
        load_bank([f])
