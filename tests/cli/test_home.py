"""`trainer` with no command: the home screen's summary."""
from __future__ import annotations

import pytest

from tests.helpers.proc import trainer

# Real subprocesses: the slow part of the suite.
pytestmark = pytest.mark.katas



def field(out: str, label: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(label + ":")).split(":", 1)[1].strip()


def test_fresh_home_shows_the_summary_and_exits_0(home):
    r = trainer()
    assert r.returncode == 0, r.stderr
    assert field(r.stdout, "Due today") == "0"
    assert field(r.stdout, "New available") == "10"
    assert field(r.stdout, "Streak") == "0 days"
    from trainer.kata_runner.catalog import slugs

    assert field(r.stdout, "Katas passed") == f"0 of {len(slugs())}"
    assert field(r.stdout, "Last mock") == "none yet"
    for cmd in ("trainer review", "trainer quiz", "trainer mock", "trainer drill", "trainer kata list"):
        assert cmd in r.stdout


def test_home_reflects_answers_paused_sessions_and_mocks(home):
    trainer("quiz", "--plain", "-n", "3", stdin="a\n.\n3\nb\n.\n3\n")
    r = trainer()
    assert field(r.stdout, "New available") == "8"
    assert field(r.stdout, "Streak") == "1 day"
    assert "card 3 of 3, continue with: python -m trainer quiz --resume" in field(r.stdout, "Paused quiz")
    trainer("mock", "--plain", "-n", "1", "--level", "staff", stdin="x\n.\n\ny\n.\n\n")
    r = trainer()
    assert "/100)" in field(r.stdout, "Last mock")
