"""Case 7: one session, two windows (real processes sharing one home)."""
from __future__ import annotations

import signal
import sqlite3
import subprocess

import pytest

from tests.helpers.proc import one_line_error, spawn, trainer

pytestmark = pytest.mark.katas
ONE = "an answer about states\n.\n3\n"


def window(home, *args) -> subprocess.Popen:
    """A trainer left running at its first prompt, as an open terminal window is."""
    p = spawn(*args, home=home)
    for line in p.stdout:
        if line.startswith("(Type your answer"):
            return p
    raise AssertionError(p.stderr.read())


def count(home, sql):
    uri = (home / "progress.sqlite3").as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as c:
        return c.execute(sql).fetchone()[0]


def test_a_live_session_is_not_offered_to_a_second_window(home):
    a = window(home, "quiz", "--plain", "-n", "3")
    try:
        r = trainer("quiz", "--resume", "--plain", stdin=ONE * 3)
        assert r.returncode == 1
        one_line_error(r.stderr, "that quiz is open in another window")
        out, err = a.communicate(ONE * 3, timeout=60)
    finally:
        a.kill()
    assert a.returncode == 0, err
    assert "Done: 3 answered" in out and "IntegrityError" not in err
    assert count(home, "SELECT count(*) FROM reviews") == 3
    assert count(home, "SELECT count(*) FROM session_leases") == 0      # released at exit


def test_the_lease_of_a_killed_window_is_broken_by_the_next_resume(home):
    a = window(home, "quiz", "--plain", "-n", "3")
    a.stdin.write(ONE)
    a.stdin.flush()
    for line in a.stdout:
        if line.startswith("(Type your answer"):        # card 2 asked: card 1 is saved
            break
    a.send_signal(signal.SIGKILL)
    a.wait(timeout=30)
    assert count(home, "SELECT count(*) FROM session_leases") == 1      # left by the kill
    r = trainer("quiz", "--resume", "--plain", stdin=ONE * 3)
    assert r.returncode == 0, r.stderr
    assert "resuming at card 2" in r.stdout and "Done:" in r.stdout
    assert count(home, "SELECT count(*) FROM reviews") == 3


def test_two_windows_reviewing_at_once_never_grade_a_card_twice(home):
    a = window(home, "review", "--plain", "-n", "3")       # queue built, waiting on card 1
    try:
        r = trainer("review", "--plain", "-n", "3", stdin=ONE * 3)
        assert r.returncode == 0, r.stderr
        out, err = a.communicate(ONE * 3, timeout=60)
    finally:
        a.kill()
    assert a.returncode == 0, err
    assert "reviewed in another window" in out
    assert count(home, "SELECT count(*) FROM reviews") == 3
    assert count(home, "SELECT count(DISTINCT card_id) FROM reviews") == 3
