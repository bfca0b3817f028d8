"""`trainer export --anki`: the package opened as Anki opens it (a zip holding the SQLite collection)."""
from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers.progress import scheduler
from trainer.exports import anki

PACK = """pack: mine
cards:
  - id: my-guard
    kind: concept_check
    level: middle
    tags: [guards, my-notes]
    prompt: What is a **guard**?
    answer: A condition checked before the transition fires.
    key_points:
      - point: checked before the transition
        match: ["before"]
  - id: my-table
    kind: question
    level: senior
    tags: [table-driven]
    prompt: Why a transition table?
    answer: ANSWER_TEXT
    detail: |
      ```go
      var table = map[State]State{Idle: Running}
      ```
    key_points:
      - point: the rules are data
        match: ["data"]
      - point: one place to read them
        match: ["one place"]
      - point: tested by iterating the table
        match: ["iterat"]
"""


def write_pack(tmp_path: Path, answer: str = "Because the rules become data.",
               rename: bool = False) -> Path:
    text = PACK.replace("ANSWER_TEXT", answer)
    if rename:
        text = text.replace("id: my-table\n", "id: my-table-v2\n    replaces: [my-table]\n")
    pack = tmp_path / "mine.yaml"
    pack.write_text(text, encoding="utf-8")
    return pack


def open_apkg(path: Path, tmp_path: Path) -> dict:
    """What Anki reads: notes (guid, model, fields, tags), cards' decks, the deck and model tables."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert "collection.anki2" in names
        db = tmp_path / f"col-{path.stem}.anki2"
        db.write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        notes = {}
        for nid, guid, mid, flds, tags in conn.execute("SELECT id, guid, mid, flds, tags FROM notes"):
            fields = flds.split("\x1f")
            notes[fields[5]] = {"nid": nid, "guid": guid, "mid": mid, "fields": fields,
                                "tags": tags.split()}
        card_decks = {nid: did for nid, did in conn.execute("SELECT nid, did FROM cards")}
    finally:
        conn.close()
    for n in notes.values():
        n["deck"] = decks[str(card_decks[n["nid"]])]["name"]
    return {"models": models, "decks": decks, "notes": notes}


def export(cli, tmp_path: Path, name: str, *extra: str) -> dict:
    out = tmp_path / name
    code, stdout, err = cli("--content", str(tmp_path / "mine.yaml"), "export", "--anki", str(out),
                            "--force", *extra)
    assert code == 0, err
    assert "overwrites edits" in stdout
    return open_apkg(out, tmp_path)


@pytest.mark.katas  # over ~0.3 s: the slow part
def test_notes_fields_tags_and_decks(cli, tmp_path):
    write_pack(tmp_path)
    pkg = export(cli, tmp_path, "a.apkg")
    model = pkg["models"][str(anki.MODEL_ID)]
    assert [f["name"] for f in model["flds"]] == list(anki.FIELDS)
    assert "{{type:" not in model["tmpls"][0]["afmt"]
    assert "http" not in model["css"] and "@import" not in model["css"]
    notes = pkg["notes"]
    assert len(notes) > 2  # the bundled bank plus the pack
    guard, table = notes["my-guard"], notes["my-table"]
    assert guard["mid"] == table["mid"] == anki.MODEL_ID
    assert guard["fields"][0] == "<p>What is a <strong>guard</strong>?</p>"
    assert guard["fields"][2] == '<ul class="checklist"><li>checked before the transition</li></ul>'
    assert guard["fields"][4] == "middle"
    assert sorted(guard["tags"]) == sorted(["guards", "my-notes", "middle", "concept_check"])
    assert guard["deck"] == f"{anki.DECK_NAME}::middle"
    assert table["deck"] == f"{anki.DECK_NAME}::senior"
    code = table["fields"][3]
    assert 'class="code"' in code and "<span" in code and "map" in code  # highlighted Go
    assert not any("progress::" in t for n in notes.values() for t in n["tags"])
    names = {d["name"] for d in pkg["decks"].values()}
    assert {anki.DECK_NAME, f"{anki.DECK_NAME}::junior", f"{anki.DECK_NAME}::staff"} <= names


SMALL = ("--tag", "guards", "--tag", "table-driven")  # a quick selection


@pytest.mark.katas  # over ~0.3 s: the slow part
def test_two_exports_share_guids_and_a_changed_answer_keeps_its_guid(cli, tmp_path):
    write_pack(tmp_path)
    first = export(cli, tmp_path, "a.apkg", *SMALL)
    second = export(cli, tmp_path, "b.apkg", *SMALL)
    assert {k: n["guid"] for k, n in first["notes"].items()} == \
        {k: n["guid"] for k, n in second["notes"].items()}
    assert {d["name"]: i for i, d in first["decks"].items()} == \
        {d["name"]: i for i, d in second["decks"].items()}
    write_pack(tmp_path, answer="Rules as data, read in one place.")
    changed = export(cli, tmp_path, "c.apkg", *SMALL)
    assert changed["notes"]["my-table"]["fields"][1] == "<p>Rules as data, read in one place.</p>"
    assert changed["notes"]["my-table"]["guid"] == first["notes"]["my-table"]["guid"]
    write_pack(tmp_path, rename=True)
    renamed = export(cli, tmp_path, "d.apkg", *SMALL)
    assert "my-table" not in renamed["notes"]
    assert renamed["notes"]["my-table-v2"]["guid"] == first["notes"]["my-table"]["guid"]


def test_filters_and_progress_tags_without_due_dates(cli, tmp_path):
    write_pack(tmp_path)
    from trainer.store import Store

    with Store.open() as store:
        scheduler().grade(store, "my-guard", 3, datetime(2026, 1, 1, 12, tzinfo=UTC))
    pkg = export(cli, tmp_path, "p.apkg", "--level", "middle", "--kind", "concept_check",
                 "--with-progress")
    assert set(pkg["notes"]) >= {"my-guard"} and "my-table" not in pkg["notes"]
    assert all(n["fields"][4] == "middle" for n in pkg["notes"].values())
    assert "progress::learning" in pkg["notes"]["my-guard"]["tags"]
    others = [n for k, n in pkg["notes"].items() if k != "my-guard"]
    assert others and all("progress::new" in n["tags"] for n in others)
    db = next(tmp_path.glob("col-p.anki2"))
    conn = sqlite3.connect(db)
    try:  # every card new in Anki: no due dates or intervals carried over
        assert conn.execute("SELECT DISTINCT type, queue, ivl FROM cards").fetchall() == [(0, 0, 0)]
    finally:
        conn.close()


@pytest.mark.parametrize("args, expect", [
    (("export", "--anki", "x.txt"), "must end in .apkg"),
    (("export", "--anki", "x.apkg", "--level", "lead"), "unknown level 'lead'"),
    (("export", "--anki", "x.apkg", "--tag", "nope"), "unknown tag 'nope'"),
    (("export", "x.json", "--level", "junior"), "go with --anki"),
    (("export",), "name the file to write"),
    (("export", "a.json", "--anki", "x.apkg"), "not both"),
])
def test_bad_input_is_one_line_and_exit_2(cli, tmp_path, monkeypatch, args, expect):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(*args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and expect in err
    assert not (tmp_path / "x.apkg").exists()


def test_existing_file_is_kept_without_force(cli, tmp_path):
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"mine")
    code, _, err = cli("export", "--anki", str(target))
    assert code == 2 and "already exists" in err
    assert target.read_bytes() == b"mine"


def test_the_package_gets_the_usual_file_permissions(tmp_path):
    import os

    from trainer.bank import load_bank

    old = os.umask(0o022)
    try:
        out = tmp_path / "deck.apkg"
        anki.write_package(anki.build_notes(list(load_bank())[:3]), out)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]  # no temporary left behind


@pytest.mark.parametrize("state, interval_days, suspended, expect", [
    (1, 0.01, False, "progress::learning"),
    (2, 5, False, "progress::review"),
    (2, 21, False, "progress::mature"),
    (3, 1, False, "progress::relearning"),
    (2, 30, True, "progress::suspended"),
])
def test_progress_tags(state, interval_days, suspended, expect):
    from datetime import timedelta

    from trainer.store.rows import CardRow

    last = datetime(2026, 1, 1, tzinfo=UTC)
    row = CardRow("c", state, None, 3.0, 5.0, last + timedelta(days=interval_days), last, 2, 0,
                  False, suspended)
    assert anki.progress_tag(row) == expect
    assert anki.progress_tag(None) == "progress::new"
