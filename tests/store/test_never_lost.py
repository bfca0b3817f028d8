"""Case 1 of "progress that is never lost": an empty or foreign file is never a new
store, and a restore that fails leaves the store exactly as it was."""
from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import timedelta

import pytest

from tests.helpers.proc import fsize_limit, one_line_error, trainer
from tests.helpers.progress import T0
from trainer.store import Store, StoreRefused, backups


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_daily_backups(home, days=7):
    path = home / "progress.sqlite3"
    Store.open(path, now=T0).close()
    for day in range(1, days + 1):
        with Store.open(path, now=T0 + timedelta(days=day)) as s:
            s.set_meta("day", day)
    return path


def test_a_zero_byte_store_is_refused_and_never_rotates_backups_away(home):
    path = with_daily_backups(home)
    before = sorted(b.path.name for b in backups.list_backups(path))
    assert len(before) == 7
    path.write_bytes(b"")
    for day in range(8, 20):           # twelve more days of trying
        with pytest.raises(StoreRefused) as err:
            Store.open(path, now=T0 + timedelta(days=day))
        assert "empty (0 bytes)" in err.value.message and "trainer restore" in err.value.message
    assert path.stat().st_size == 0
    assert sorted(b.path.name for b in backups.list_backups(path)) == before


def test_an_empty_sqlite_database_is_refused_not_taken_as_new(home):
    path = home / "progress.sqlite3"
    sqlite3.connect(path).execute("VACUUM")
    with pytest.raises(StoreRefused, match="empty SQLite database"):
        Store.open(path)


def test_a_missing_store_is_created_complete_in_one_step(home):
    path = home / "progress.sqlite3"
    with Store.open(path) as s:
        assert s.schema_version > 0
    # Only the store: no temporary files or journals are left behind.
    assert sorted(os.listdir(home)) == ["progress.sqlite3"]


def test_restore_onto_a_zero_byte_store_keeps_it_aside_and_restores(home):
    path = with_daily_backups(home)
    newest = backups.list_backups(path)[0]
    path.write_bytes(b"")
    safety, aside = backups.restore(newest.path, path)
    assert safety is None and aside.stat().st_size == 0
    with Store.open(path) as s:
        assert s.get_meta("day") == 6          # the newest daily copy was taken on day 7's open
        assert s.get_meta("backup") is None     # the copy's own metadata is not progress


@pytest.mark.katas
def test_a_restore_that_cannot_write_changes_nothing(home):
    """RLIMIT_FSIZE in the child: the restore's copy hits the file-size limit."""
    path = home / "progress.sqlite3"
    with Store.open(path) as s:
        with s.transaction():
            for i in range(2000):
                s.save_session(f"s{i}", "quiz", "asking", {"pad": "x" * 200})
        s._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    saved = backups.make_backup(Store.open(path, backup=False))
    with Store.open(path, backup=False) as s:
        s.set_meta("after-backup", True)
        s._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(path)
    names = sorted(os.listdir(home))
    limit = path.stat().st_size // 3
    r = trainer("restore", str(saved), "--yes", preexec=fsize_limit(limit))
    assert r.returncode == 4, r.stderr
    line = one_line_error(r.stderr, "file too large")
    assert "damaged" not in line and "trainer restore" not in line
    assert digest(path) == before and path.stat().st_size > 0
    assert sorted(os.listdir(home)) == names        # nothing renamed aside, no temp left
    with Store.open(path) as s:
        assert s.get_meta("after-backup") is True and s.integrity_check() == "ok"
