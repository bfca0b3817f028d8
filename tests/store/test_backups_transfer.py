"""Backups (daily, rotated, restored), export/import round trips and reset."""
from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest

from tests.helpers.progress import T0, fill
from trainer.store import Store, StoreRefused, backups, transfer


# --- backups ----------------------------------------------------------------------------
def test_one_daily_backup_per_day_and_only_the_last_seven_kept(home):
    path = home / "progress.sqlite3"
    Store.open(path, now=T0).close()                 # a new store: nothing to back up
    assert backups.list_backups(path) == []
    for day in range(10):
        for _ in range(2):                           # a second open the same day: no new backup
            Store.open(path, now=T0 + timedelta(days=day, hours=1)).close()
    daily = [b for b in backups.list_backups(path) if b.reason == "daily"]
    assert len(daily) == 7
    assert daily[0].taken_at.date() == (T0 + timedelta(days=9)).astimezone().date()


def test_manual_and_safety_backups_are_not_rotated(store):
    for i in range(9):
        backups.make_backup(store, "manual", now=T0 + timedelta(days=i))
    backups.prune(store.path)
    assert len([b for b in backups.list_backups(store.path) if b.reason == "manual"]) == 9


def test_a_backup_is_a_complete_standalone_copy(store, sched):
    fill(store, sched)
    path = backups.make_backup(store)
    assert not path.with_name(path.name + "-wal").exists()
    copy = Store.open(path, backup=False)
    assert copy.reviews_total() == 2 and copy.get_meta("hints") == {"vending": 1}
    copy.close()


def test_restore_puts_a_backup_back_and_keeps_the_current_progress(store, sched):
    fill(store, sched)
    saved = backups.make_backup(store)
    sched.grade(store, "c", 3, T0 + timedelta(hours=2))
    assert store.reviews_total() == 3
    safety, aside = backups.restore(saved, store.path)
    assert aside is None and safety.exists()
    assert store.reviews_total() == 2              # the open store sees the restored data
    with Store.open(safety, backup=False) as s:
        assert s.reviews_total() == 3


def test_restore_over_a_damaged_store_keeps_the_damaged_file(home, sched):
    path = home / "progress.sqlite3"
    with Store.open(path) as s:
        fill(s, sched)
        saved = backups.make_backup(s)
    path.write_bytes(b"SQLite format 3\x00" + b"\x99" * 8000)
    damaged = path.read_bytes()
    with pytest.raises(StoreRefused):
        Store.open(path)
    _, aside = backups.restore(saved, path)
    assert aside.read_bytes() == damaged
    with Store.open(path) as s:
        assert s.reviews_total() == 2


def test_restore_refuses_a_file_that_is_not_a_backup(store, home):
    bogus = home / "bogus.sqlite3"
    bogus.write_text("nope")
    with pytest.raises(StoreRefused, match="not a trainer backup"):
        backups.restore(bogus, store.path)
    with pytest.raises(StoreRefused, match="no such backup"):
        backups.restore(home / "missing.sqlite3", store.path)
    store.set_meta("k", 1)
    with pytest.raises(StoreRefused, match="progress file itself"):
        backups.restore(store.path, store.path)
    assert store.get_meta("k") == 1


# --- export / import / reset -------------------------------------------------------------
def test_export_import_round_trip_is_exact(store, sched, home):
    fill(store, sched)
    out = home / "export.json"
    counts = transfer.export_file(store, out)
    assert counts["reviews"] == 2 and counts["kata_runs"] == 1
    with Store.open(home / "other" / "progress.sqlite3") as other:
        transfer.import_data(other, transfer.read_export(out))
        again = transfer.export_data(other)
    first = json.loads(out.read_text())
    first.pop("exported_at"), again.pop("exported_at")
    assert again == first
    assert first["tables"]["sessions"][0]["payload"] == {"cards": ["a"], "note": "é"}


def test_import_replaces_progress_and_scheduling_continues(store, sched, home):
    fill(store, sched)
    data = transfer.export_data(store)
    sched.grade(store, "zzz", 3, T0)
    transfer.import_data(store, data)
    assert store.card("zzz") is None and store.card("a") is not None
    sched.grade(store, "a", 3, T0 + timedelta(days=30))
    assert store.reviews_total() == 3


@pytest.mark.parametrize("content,message", [
    ("{not json", "not valid JSON"),
    ('{"hello": 1}', "not a trainer progress export"),
    ('[1, 2]', "not a trainer progress export"),
    ('{"format": "trainer-progress", "format_version": 99, "schema_version": 1, "tables": {}}',
     "export format 99"),
    ('{"format": "trainer-progress", "format_version": 1, "schema_version": 999, "tables": {}}',
     "newer trainer"),
    ('{"format": "trainer-progress", "format_version": 1, "schema_version": 1,'
     ' "tables": {"photos": []}}', "unknown table"),
])
def test_bad_export_files_are_refused(home, content, message):
    path = home / "in.json"
    path.write_text(content)
    with pytest.raises(transfer.BadImport, match=message):
        transfer.read_export(path)


def _export_with(store, mutate):
    data = transfer.export_data(store)
    mutate(data["tables"])
    return data


@pytest.mark.parametrize("mutate,message", [
    (lambda t: t["reviews"][0].update(rating="good"), "must be an integer"),
    (lambda t: t["reviews"][0].pop("at"), "missing field 'at'"),
    (lambda t: t["reviews"][0].update(at="yesterday"), "not a time"),
    (lambda t: t["reviews"][0].update(extra=1), "unknown field"),
    (lambda t: t["cards"][0].update(state=None), "may not be null"),
    (lambda t: t["reviews"][0].update(rating=7), "'rating' must be between 1 and 4"),
    (lambda t: t["reviews"][0].update(card_id="nobody"), "inconsistent data"),
])
def test_a_bad_row_imports_nothing(store, sched, mutate, message):
    fill(store, sched)
    data = _export_with(store, mutate)
    sched.grade(store, "keep-me", 3, T0)
    before = transfer.export_data(store)
    with pytest.raises(transfer.BadImport, match=message):
        transfer.import_data(store, data)
    after = transfer.export_data(store)
    before.pop("exported_at"), after.pop("exported_at")
    assert after == before


def test_reset_wipes_progress_but_keeps_a_working_store(store, sched):
    fill(store, sched)
    transfer.reset(store)
    assert store.reviews_total() == 0 and store.load_session("s1") is None
    assert store.kata_summary() == {} and store.get_meta("hints") is None
    sched.grade(store, "a", 3, T0)
    assert store.reviews_total() == 1
    assert store.integrity_check() == "ok"
    assert sqlite3.connect(store.path).execute("PRAGMA user_version").fetchone()[0] >= 2
