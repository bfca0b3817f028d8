"""`trainer mock --history` ids, `--show ID` in full, `--markdown FILE`, from stored scorecards."""
from __future__ import annotations

from datetime import UTC, datetime

from trainer.exports.scorecard_md import to_markdown
from trainer.store import Store

CARD = {
    "title": "Mock interview (senior)",
    "verdict": "Lean hire", "score": 57, "coverage": 0.61, "time_limit": 180,
    "questions": [
        {"number": 1, "id": "q10", "kind": "question", "prompt": "Why | a table?", "covered": 2,
         "points": 4, "missed": ["rules as data", "one place"], "seconds": 95.4,
         "timed_out": False, "skipped": False},
        {"number": 2, "id": "q10.f1", "kind": "follow_up", "prompt": "And tests?", "covered": 0,
         "points": 2, "missed": [], "seconds": 180, "timed_out": True, "skipped": False},
    ],
    "red_flags": [{"id": "rf1", "title": "Booleans for modes", "looks_like": "a flag per mode",
                   "answers": [2], "evidence": [{"answer": 2, "text": "I'd add an isPaid flag"}]}],
    "strong_signals": [{"id": "ss1", "title": "Names the outbox", "answers": [1, 2]}],
    "rules": "score = coverage - 0.08 per red flag",
    "some_future_field": {"ignored": True},
}


def save(card) -> None:
    with Store.open() as store:
        store.save_scorecard("s1", datetime(2026, 3, 4, 10, 0, tzinfo=UTC), card)


def test_markdown_has_every_part_of_the_scorecard():
    text = to_markdown(7, datetime(2026, 3, 4, 10, 0, tzinfo=UTC), CARD)
    assert text.startswith("# Mock interview (senior) — scorecard 7\n")
    assert "- **Verdict:** Lean hire" in text and "- **Score:** 57/100" in text
    assert "- **Key-point coverage:** 61%" in text and "- **Time per answer:** 3:00" in text
    assert "| 1 | Why \\| a table? | question | 2/4 | 1:35 |  |" in text
    assert "| 2 | And tests? | follow_up | 0/2 | 3:00 | out of time |" in text
    assert "- Q1: rules as data" in text and "- Q1: one place" in text
    assert "## Red flags (1)" in text and "- **Booleans for modes** (answer 2)" in text
    assert "  - evidence: answer 2: “I'd add an isPaid flag”" in text
    assert "- **Names the outbox** (answers 1, 2)" in text
    assert "_How the score is made: score = coverage - 0.08 per red flag._" in text


def test_an_old_or_sparse_scorecard_still_renders():
    text = to_markdown(1, datetime(2026, 1, 1, tzinfo=UTC), {"verdict": "No hire", "score": 0})
    assert "## Questions (0)" in text and "## Red flags (0)\n\nNone." in text


def test_history_lists_ids_and_show_prints_one(cli):
    save({"verdict": "No hire", "score": 3, "questions": []})
    save(CARD)
    code, out, _ = cli("mock", "--history", "--plain")
    assert code == 0
    rows = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert [r[0] for r in rows] == ["2", "1"]  # newest first, with ids
    code, out, _ = cli("mock", "--show", "2", "--plain")
    assert code == 0 and "scorecard 2" in out and "Booleans for modes" in out


def test_markdown_file_and_bad_ids(cli, tmp_path):
    save(CARD)
    target = tmp_path / "card.md"
    code, out, _ = cli("mock", "--show", "1", "--markdown", str(target))
    assert code == 0 and str(target) in out
    assert target.read_text(encoding="utf-8") == to_markdown(
        1, datetime(2026, 3, 4, 10, 0, tzinfo=UTC), CARD)
    code, _, err = cli("mock", "--show", "1", "--markdown", str(target))
    assert code == 2 and "already exists" in err
    code, _, err = cli("mock", "--show", "99")
    assert code == 2 and err.strip() == "error: no scorecard with id 99 (see `trainer mock --history`)"
    code, _, err = cli("mock", "--markdown", str(tmp_path / "nope" / "x.md"))
    assert code == 2 and "no such directory" in err
