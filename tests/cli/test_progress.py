"""The progress commands as a learner uses them, wrong inputs included."""
from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers.progress import scheduler
from trainer.store import Store

ANSI = re.compile(r"\x1b\[")


def one_line_error(err: str, expect: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expect in lines[0], err
    assert "Traceback" not in err


@pytest.fixture
def progress(home):
    """Some real progress in the test's home: answers on three cards, one a leech."""
    s = scheduler(leech_lapses=1)
    now = datetime.now(UTC) - timedelta(days=3)
    with Store.open() as store:
        for cid in ("a", "b"):
            s.grade(store, cid, 3, now)
        due = s.grade(store, "leechy", 4, now).due
        s.grade(store, "leechy", 1, due)        # a lapse: a leech at threshold 1
        store.record_kata_run("vending", now, "passed", 4, 4, 900)
    return home


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- stats ------------------------------------------------------------------------------
def test_stats_json_has_the_promised_figures(cli, progress):
    code, out, err = cli("stats", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["reviews_total"] == 4
    assert data["store"] == str(progress / "progress.sqlite3")
    assert {"new", "learning", "review", "relearning", "suspended"} <= set(data["cards"])
    for key in ("retention", "forecast", "calendar", "mastery", "leeches", "streak", "katas"):
        assert key in data
    assert len(data["forecast"]) == 30 and len(data["calendar"]) >= 84
    assert set(data["retention"]) == {"7d", "30d"}
    assert [x["id"] for x in data["leeches"]] == ["leechy"]
    assert data["katas"]["passed"] == 1


def test_stats_screen_fits_80_columns_without_colour(cli, progress, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = cli("stats")
    assert code == 0, err
    assert not ANSI.search(out)
    assert max(len(line) for line in out.splitlines()) <= 80
    for text in ("Cards", "Retention", "Due in the next 30 days", "Answers per day",
                 "leechy", "vending", "Streak"):
        assert text in out


def test_stats_on_a_corrupt_store_is_one_line_and_keeps_the_file(cli, home):
    path = home / "progress.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x42" * 5000)
    before = digest(path)
    code, out, err = cli("stats")
    assert code == 3
    one_line_error(err, str(path))
    assert digest(path) == before


def test_a_bad_setting_is_one_line(cli, home):
    (home / "config.toml").write_text("new_per_day = -3\n")
    code, _, err = cli("stats")
    assert code == 2
    one_line_error(err, "config.toml: 'new_per_day' must be between 0 and 9999")


# --- backup and restore ---------------------------------------------------------------------
def test_backup_then_list(cli, progress):
    code, out, _ = cli("backup")
    assert code == 0 and "Backed up to" in out
    path = out.strip().split("Backed up to ", 1)[1]
    assert path.endswith("-manual.sqlite3")
    code, out, _ = cli("backup", "--list")
    assert code == 0 and "manual" in out


def test_restore_needs_confirmation_without_a_terminal(cli, progress):
    cli("backup")
    code, _, err = cli("restore")
    assert code == 2
    one_line_error(err, "needs confirmation")


def test_restore_newest_backup_with_yes(cli, progress):
    cli("backup")
    with Store.open() as store:
        scheduler().grade(store, "later", 3, datetime.now(UTC))
        assert store.reviews_total() == 5
    code, out, err = cli("restore", "--yes")
    assert code == 0, err
    assert "Restored" in out and "before-restore" in out
    with Store.open() as store:
        assert store.reviews_total() == 4


def test_restore_asks_and_a_no_changes_nothing(cli, progress):
    cli("backup")
    code, out, err = cli("restore", stdin="n\n", tty=True)
    assert code == 1 and "Replace your progress" in out
    one_line_error(err, "cancelled")
    code, out, err = cli("restore", stdin="y\n", tty=True)
    assert code == 0 and "Restored" in out


@pytest.mark.parametrize("name,content,expect", [
    ("missing.sqlite3", None, "no such backup file"),
    ("text.sqlite3", "hello", "not a trainer backup"),
])
def test_restore_refuses_bad_files(cli, progress, tmp_path, name, content, expect):
    f = tmp_path / name
    if content is not None:
        f.write_text(content)
    store = progress / "progress.sqlite3"
    before = digest(store)
    code, _, err = cli("restore", str(f), "--yes")
    assert code != 0
    one_line_error(err, expect)
    assert digest(store) == before


def test_restore_without_backups(cli, home):
    code, _, err = cli("restore", "--yes")
    assert code == 2
    one_line_error(err, "no backups in")


# --- export / import --------------------------------------------------------------------------
def test_export_import_round_trip_through_the_cli(cli, progress, tmp_path):
    out_file = tmp_path / "p.json"
    code, out, err = cli("export", str(out_file))
    assert code == 0, err
    assert "Exported 4 reviews of 3 cards" in out
    code, _, err = cli("export", str(out_file))
    assert code == 2
    one_line_error(err, "already exists")
    assert cli("reset", "--yes")[0] == 0
    code, out, err = cli("import", str(out_file), "--yes")
    assert code == 0, err
    assert "Imported 4 reviews of 3 cards" in out and "before-import" in out
    assert json.loads(cli("stats", "--json")[1])["reviews_total"] == 4


@pytest.mark.parametrize("content,expect", [
    (None, "no such file"),
    ("{oops", "not valid JSON"),
    ('{"some": "thing"}', "not a trainer progress export"),
])
def test_import_of_bad_files_is_one_line_and_changes_nothing(cli, progress, tmp_path, content,
                                                             expect):
    f = tmp_path / "in.json"
    if content is not None:
        f.write_text(content)
    store = progress / "progress.sqlite3"
    with Store.open() as s:
        before = s.reviews_total()
    code, _, err = cli("import", str(f), "--yes")
    assert code == 2
    one_line_error(err, expect)
    with Store.open() as s:
        assert s.reviews_total() == before
    assert store.exists()


def test_import_without_yes_and_without_a_terminal_is_refused(cli, progress, tmp_path):
    f = tmp_path / "p.json"
    cli("export", str(f))
    code, _, err = cli("import", str(f))
    assert code == 2
    one_line_error(err, "needs confirmation")


# --- reset and unsuspend --------------------------------------------------------------------
def test_reset_backs_up_then_wipes(cli, progress):
    code, _, err = cli("reset")
    assert code == 2
    one_line_error(err, "pass --yes")
    code, out, err = cli("reset", "--yes")
    assert code == 0 and "before-reset" in out
    assert json.loads(cli("stats", "--json")[1])["reviews_total"] == 0
    backup = out.split("backed up to ", 1)[1].split(" (")[0]
    with Store.open(backup, backup=False) as s:
        assert s.reviews_total() == 4


def test_unsuspend(cli, progress):
    code, out, err = cli("unsuspend", "leechy")
    assert code == 0, err
    assert "leechy will be scheduled again" in out
    code, _, err = cli("unsuspend", "leechy")
    assert code == 2
    one_line_error(err, "is not suspended")
    code, _, err = cli("unsuspend", "no-such-card")
    assert code == 2
    one_line_error(err, "unknown card id 'no-such-card'")


def test_restore_accepts_a_name_as_backup_list_prints_it(cli, progress):
    cli("backup")
    code, out, _ = cli("backup", "--list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert listed and all(set(b) == {"name", "path", "taken_at", "reason", "size"} for b in listed)
    manual = next(b for b in listed if b["reason"] == "manual")
    name = manual["name"]
    code, out, _ = cli("backup", "--list")
    assert f"  {name} " in out
    code, out, err = cli("restore", name, "--yes")
    assert code == 0, err
    assert f"Restored your progress from {manual['path']}" in out


def test_restore_of_an_export_points_at_import(cli, progress, tmp_path):
    export = tmp_path / "exp.json"
    assert cli("export", str(export))[0] == 0
    code, _, err = cli("restore", str(export), "--yes")
    assert code == 2
    one_line_error(err, f"{export} is an export, not a backup: use `trainer import {export}`")
