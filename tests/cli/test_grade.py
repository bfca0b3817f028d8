"""`trainer grade`: one answer or a JSON Lines batch, JSON or readable, one-line errors."""
from __future__ import annotations

import json

from tests.helpers.cli import run_cli
from trainer.bank import load_bank
from trainer.grading import grade


def test_one_answer_as_json_is_what_grade_returns():
    answer = "A guard is checked before the transition fires."
    code, out, _ = run_cli("grade", "cc09-guard", answer, "--json")
    assert code == 0
    data = json.loads(out)
    bank = load_bank()
    assert data == grade(bank.get("cc09-guard"), answer, bank).to_json()
    assert set(data) >= {"card", "coverage", "suggested_rating", "points", "misconceptions",
                         "red_flags", "strong_signals"}


def test_the_answer_can_come_from_stdin_and_reads_as_text():
    code, out, _ = run_cli("grade", "q14-concurrency", "-",
                        stdin="atomic.Pointer makes the read and the write atomic, so two goroutines can never both move from pending to paid")
    assert code == 0
    assert "✘ Misconception:" in out and "suggested rating" in out


def test_an_unknown_id_is_one_line_and_exit_2():
    code, out, err = run_cli("grade", "q99-nope", "text")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_batch_keeps_order_and_marks_bad_lines():
    lines = "\n".join([
        json.dumps({"card": "cc09-guard", "answer": "a guard is a condition checked before the transition"}),
        json.dumps({"card": "nope", "answer": "x"}),
        "not json",
        json.dumps({"card": "q12-persistence", "answer": "I would serialize the state object into the db"}),
    ])
    code, out, _ = run_cli("grade", "--batch", "-", "--json", stdin=lines)
    assert code == 0
    rows = [json.loads(x) for x in out.splitlines()]
    assert len(rows) == 4
    assert rows[0]["card"] == "cc09-guard" and rows[0]["suggested_rating"] in (3, 4)
    assert "error" in rows[1] and rows[1]["card"] == "nope"
    assert rows[2]["line"] == 3 and "error" in rows[2]
    assert "rf03-state-object-in-db" in rows[3]["red_flags"]


def test_batch_from_a_missing_file_is_a_usage_error(tmp_path):
    code, _, err = run_cli("grade", "--batch", str(tmp_path / "none.jsonl"))
    assert code == 2 and "no such file" in err


def test_grade_is_listed_in_help():
    result = run_cli("--help")
    assert "grade" in result.output
