"""Case 2: a write that fails is named by its real cause, never called damage.

Real SQLite result codes and real processes: SQLITE_FULL from a page-count cap,
SQLITE_READONLY from a read-only connection, a file-size limit (RLIMIT_FSIZE in
the child, as `ulimit -f`) reached mid-session, and a read-only (0555) home for a
child without capabilities (root with CAP_DAC_OVERRIDE would ignore the bits).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.helpers.proc import can_drop_caps, fsize_limit, one_line_error, trainer
from trainer.store import Store, failures

ANSWERS = "".join(f"answer {i} about states\n.\n3\n" for i in range(10))


def reviews(path: Path) -> int:
    with sqlite3.connect(path.as_uri() + "?mode=ro", uri=True) as c:
        return c.execute("SELECT count(*) FROM reviews").fetchone()[0]


def test_a_full_database_is_no_space_not_damage(store):
    pages = store._query("PRAGMA page_count")[0][0]
    store._execute(f"PRAGMA max_page_count = {pages}")   # the next new page is SQLITE_FULL
    with pytest.raises(failures.StoreUnwritable) as err:
        with store.transaction():
            for i in range(200):
                store.save_session(f"s{i}", "quiz", "asking", {"pad": "x" * 500})
    msg = err.value.message
    assert "disk is full" in msg and "damaged" not in msg and "restore" not in msg
    assert "\n" not in msg and err.value.exit_code == 4
    assert store.load_session("s0") is None            # rolled back, store still usable
    store._execute("PRAGMA max_page_count = 1073741823")
    store.save_session("after", "quiz", "asking", {})
    assert store.load_session("after") is not None


def test_a_read_only_connection_is_named_read_only(home):
    path = home / "progress.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    try:
        conn.execute("CREATE TABLE x (y)")
    except sqlite3.Error as exc:
        err = failures.from_sqlite(exc, path)
    finally:
        conn.close()
    assert isinstance(err, failures.StoreUnwritable) and "read-only" in err.message


@pytest.mark.katas
def test_a_file_size_limit_mid_session_is_one_line_and_the_session_resumes(home):
    path = home / "progress.sqlite3"
    r = trainer("quiz", "--plain", "-n", "10", stdin=ANSWERS[:ANSWERS.index(".\n3\n") + 4])
    assert r.returncode == 0, r.stderr                  # one answer: the store exists
    limit = path.stat().st_size + 90_000                # room for a few answers in the WAL
    r = trainer("quiz", "--plain", "-n", "10", stdin=ANSWERS, preexec=fsize_limit(limit))
    assert r.returncode == 4, r.stderr
    one_line_error(r.stderr, "file too large", "ulimit -f")
    assert "damaged" not in r.stderr and "trainer restore" not in r.stderr
    kept = reviews(path)
    assert 1 < kept < 11                                # answers graded before the limit stay
    r = trainer("quiz", "--resume", "--plain", stdin=ANSWERS)
    assert r.returncode == 0, r.stderr
    assert "Done:" in r.stdout
    assert reviews(path) == 11


@pytest.mark.katas
@pytest.mark.skipif(not can_drop_caps(), reason="needs setpriv (util-linux) and CAP_SETPCAP")
def test_a_home_the_learner_may_not_write_is_permission_not_damage(home):
    Store.open(home / "progress.sqlite3", backup=False).close()
    home.chmod(0o555)                     # read and enter only; the child has no capabilities
    try:
        for args in (("stats",), ("quiz", "--plain", "-n", "1")):
            r = trainer(*args, stdin=ANSWERS, no_caps=True)
            assert r.returncode == 4, r.stderr
            one_line_error(r.stderr, "permission denied")
            assert "damaged" not in r.stderr and "restore" not in r.stderr
    finally:
        home.chmod(0o755)
