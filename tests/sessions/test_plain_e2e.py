"""Plain mode end to end, in a real subprocess, as a script or screen reader uses it."""
from __future__ import annotations

import os
import signal
import sqlite3
import time

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.proc import spawn, trainer

ANSWER = ("The State pattern lets an object change behaviour when its mode changes; each state is "
          "its own type and the context delegates calls to the current state.")

# Real subprocesses: the slow part of the suite.
pytestmark = pytest.mark.katas



def reviews(home) -> int:
    # Read-only: a plain connect would create an empty file, which the trainer refuses.
    uri = (home / "progress.sqlite3").as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as c:
        return c.execute("select count(*) from reviews").fetchone()[0]


def test_a_whole_quiz_in_plain_mode(home):
    script = f"{ANSWER}\nsecond line of the answer\n.\n4\n\n.\n\n.\n.\nnope\n2\n"
    r = trainer("quiz", "--plain", "-n", "3", stdin=script)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith("Quiz: 3 cards")
    assert "[1/3] Question 1 · junior" in out and "[3/3]" in out
    assert "Model answer:" in out and "Key points (" in out and "[x] " in out and "[ ] " in out
    assert "Suggested rating: " in out and "Rate: 1 Again (" in out
    assert "'nope' is not a rating" in out
    assert "Done: 3 answered, 0 skipped." in out
    assert "\x1b[" not in out and "Traceback" not in r.stderr
    assert reviews(home) == 3


def test_end_of_input_saves_and_exits_0_then_resume_continues(home):
    r = trainer("quiz", "--plain", "-n", "3", stdin=f"{ANSWER}\n.\n3\nhalf an answer")
    assert r.returncode == 0, r.stderr
    assert "Paused at card 2 of 3" in r.stdout and "trainer quiz --resume" in r.stdout
    assert reviews(home) == 1
    r = trainer("quiz", "--plain", "--resume", stdin="x\n.\n1\ny\n.\n1\n")
    assert r.returncode == 0, r.stderr
    assert "(resuming at card 2)" in r.stdout and "[2/3]" in r.stdout and "[1/3]" not in r.stdout
    assert "Done: 3 answered" in r.stdout
    assert reviews(home) == 3


def test_q_at_the_rating_quits_saved(home):
    r = trainer("drill", "--plain", "-n", "2", stdin="guard\n.\nq\n")
    assert r.returncode == 0 and "Paused at card 1 of 2" in r.stdout
    assert reviews(home) == 0


@pytest.mark.parametrize("args,code,words", [
    (["quiz", "--level", "expert"], 2, "unknown level 'expert' (valid: junior, middle, senior, staff)"),
    (["quiz", "--kind", "essay"], 2, "unknown kind 'essay' (valid: question, follow_up"),
    (["quiz", "--tag", "nope"], 2, "unknown tag 'nope' (valid: "),
    (["mock", "--level", "guru"], 2, "unknown level 'guru'"),
    (["quiz", "--resume"], 1, "there is no paused quiz session to resume"),
    (["quiz", "--level", "staff", "--kind", "live_coding"], 1, "no cards match that selection"),
    (["quiz", "-n", "0"], 2, "Invalid value for '-n'"),
])
def test_bad_input_is_one_line_and_non_zero(home, args, code, words):
    r = trainer(*args, "--plain")
    assert r.returncode == code, r.stdout + r.stderr
    assert words in r.stderr and "Traceback" not in r.stderr
    if code == 1 or "unknown" in words or "no paused" in words:
        assert len(r.stderr.strip().splitlines()) == 1


def test_review_with_nothing_due_says_so_and_exits_0(home):
    (home / "config.toml").write_text("new_per_day = 0\n")
    r = trainer("review", "--plain")
    assert r.returncode == 0 and "Nothing is due right now" in r.stdout


def test_mock_in_plain_mode_prints_a_scorecard_and_history_lists_it(home):
    script = "".join(f"{ANSWER} I would use an outbox table.\n.\n\n" for _ in range(6))
    r = trainer("mock", "--plain", "-n", "1", "--level", "junior", stdin=script)
    assert r.returncode == 0, r.stderr
    assert "SCORECARD: " in r.stdout and "Red flags: " in r.stdout and "Strong signals: " in r.stdout
    h = trainer("mock", "--history", "--plain")
    assert h.returncode == 0 and "Mock interviews" in h.stdout
    verdict = r.stdout.split("SCORECARD: ")[1].split(" (")[0]
    assert verdict in h.stdout


def test_a_stale_session_gets_a_clear_message_and_can_be_discarded(home):
    trainer("quiz", "--plain", "-n", "2", stdin="")
    with sqlite3.connect(home / "progress.sqlite3") as c:
        c.execute("update sessions set state = 'daydreaming'")
    r = trainer("quiz", "--plain", "--resume")
    assert r.returncode == 2
    assert "'daydreaming'" in r.stderr and "trainer quiz --discard" in r.stderr
    r = trainer("quiz", "--discard")
    assert r.returncode == 0 and "Discarded" in r.stdout
    assert trainer("quiz", "--resume", "--plain").returncode == 1


def test_kill_9_mid_session_then_resume_at_the_card(home):
    """A real process killed with SIGKILL mid-answer resumes at the card it was on."""
    p = spawn("quiz", "--plain", "-n", "4", home=home)
    p.stdin.write(f"{ANSWER}\n.\n3\nsecond\n.\n2\nthird, typing")
    p.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if reviews(home) == 2:
                break
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    time.sleep(0.2)  # let it reach the third prompt
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=10)
    with sqlite3.connect(home / "progress.sqlite3") as c:
        assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert reviews(home) == 2
    r = trainer("quiz", "--plain", "--resume", stdin="third\n.\n3\n")
    assert r.returncode == 0, r.stderr
    assert "(resuming at card 3)" in r.stdout and "[3/4]" in r.stdout
    assert reviews(home) == 3


def test_a_new_session_keeps_the_paused_one(home):
    trainer("quiz", "--plain", "-n", "3", stdin=f"{ANSWER}\n.\n3\n")  # paused at card 2
    r = trainer("quiz", "--plain", "-n", "1", "--level", "staff", stdin="x\n.\n1\n")
    assert r.returncode == 0 and "your paused quiz (card 2) is kept" in r.stderr
    assert "Done: 1 answered" in r.stdout
    r = trainer("quiz", "--plain", "--resume", stdin="")
    assert "(resuming at card 2)" in r.stdout


def test_a_stale_session_is_offered_for_discard_on_a_terminal(home, monkeypatch):
    trainer("quiz", "--plain", "-n", "2", stdin="")
    with sqlite3.connect(home / "progress.sqlite3") as c:
        c.execute("update sessions set state = 'daydreaming'")
    monkeypatch.setattr("typer.confirm", lambda *a, **k: True)
    exit_ = run_cli("quiz", "--resume", "--plain", tty=True)
    assert exit_.exit_code == 1
    err = exit_.stderr
    assert "'daydreaming'" in err and "discarded; start a new one" in err
    assert trainer("quiz", "--resume", "--plain").returncode == 1  # nothing left to resume
