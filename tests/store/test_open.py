"""Opening a store: created fresh, configured for safety, refusing what it must not touch."""
from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC
from pathlib import Path

import pytest

from tests.helpers.progress import corrupt, sessions_store
from trainer.store import Store, StoreRefused, migrations

FIXTURES = Path(__file__).parent / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_default_path_is_in_the_home_and_home_is_created(home):
    target = home / "deeper"
    from trainer import paths

    paths.set_home_override(target)
    with Store.open() as s:
        assert s.path == target / "progress.sqlite3"
        assert s.path.exists()
        assert s.schema_version == migrations.SCHEMA_VERSION


def test_connection_is_configured_for_concurrency_and_integrity(store):
    q = store._query
    assert q("PRAGMA journal_mode")[0][0] == "wal"
    assert q("PRAGMA foreign_keys")[0][0] == 1
    assert q("PRAGMA busy_timeout")[0][0] >= 5000
    assert q("PRAGMA synchronous")[0][0] == 2  # FULL
    assert q("PRAGMA application_id")[0][0] == migrations.APPLICATION_ID


def test_reopening_keeps_data(home):
    path = home / "progress.sqlite3"
    with Store.open(path) as s:
        s.set_meta("k", {"a": 1})
    with Store.open(path) as s:
        assert s.get_meta("k") == {"a": 1}


def test_a_file_that_is_not_sqlite_is_refused_and_kept(home):
    path = home / "progress.sqlite3"
    path.write_text("my shopping list\n")
    before = digest(path)
    with pytest.raises(StoreRefused) as err:
        Store.open(path)
    assert str(path) in err.value.message and "not a trainer" in err.value.message
    assert digest(path) == before
    assert not (home / "backups").exists()


def test_another_programs_sqlite_database_is_refused_and_kept(home):
    path = home / "progress.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE photos (id INTEGER)")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(StoreRefused, match="not a trainer progress store"):
        Store.open(path)
    assert digest(path) == before


def test_a_store_from_a_newer_trainer_is_refused(home):
    path = home / "progress.sqlite3"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(StoreRefused, match="newer trainer"):
        Store.open(path)



def test_a_corrupt_store_is_refused_named_and_never_changed(home):
    path = sessions_store(home / "progress.sqlite3")
    corrupt(path)
    before = digest(path)
    with pytest.raises(StoreRefused) as err:
        Store.open(path)
    msg = err.value.message
    assert str(path) in msg and "damaged" in msg and "trainer restore" in msg
    assert "\n" not in msg
    assert digest(path) == before
    assert err.value.exit_code != 0


def test_damage_found_between_daily_checks_is_the_same_refusal(home):
    path = sessions_store(home / "progress.sqlite3")
    Store.open(path).close()          # today's backup (and check) done: no check next open
    corrupt(path)
    before = digest(path)
    with pytest.raises(StoreRefused, match="damaged"):
        with Store.open(path) as s:
            s.load_session("s1")
            s.all_cards()
    assert digest(path) == before


def test_a_directory_in_the_way_is_refused(home):
    (home / "progress.sqlite3").mkdir()
    with pytest.raises(StoreRefused, match="is a directory"):
        Store.open(home / "progress.sqlite3")


def test_an_older_store_is_migrated_with_its_history_and_backed_up_first(home):
    path = home / "progress.sqlite3"
    con = sqlite3.connect(path)
    con.executescript((FIXTURES / "v1.sql").read_text())
    con.close()
    with Store.open(path) as s:
        assert s.schema_version == migrations.SCHEMA_VERSION
        assert s.reviews_total() == 3
        assert s.card("q1").lapses == 1
        assert s.load_session("s1").payload == {"asked": 2}
        assert [a.event for a in s.audit("s1")] == ["start"]
        assert s.get_meta("hints.vending") == 2
        # Tables added by later versions work.
        from datetime import datetime

        s.record_kata_run("vending", datetime.now(UTC), "passed", 3, 3, 10)
        assert s.kata_summary()["vending"].status == "passed"
        indexes = {r[0] for r in s._query("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "reviews_at_cover" in indexes and "reviews_at" not in indexes
    from trainer.store.backups import list_backups

    reasons = {b.reason for b in list_backups(path)}
    assert "before-upgrade-v1" in reasons
    # The pre-upgrade backup is still a version-1 file.
    old = next(b.path for b in list_backups(path) if b.reason == "before-upgrade-v1")
    con = sqlite3.connect(old)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    con.close()


def test_migrations_split_into_statements():
    from trainer.store.core import _statements

    for migration in migrations.MIGRATIONS:
        stmts = _statements(migration)
        assert stmts and all(sqlite3.complete_statement(s) for s in stmts)
