"""Quality gates: the grader meets issue #9's goals on the labelled answer sets.

These assert rates (what share of correct answers is offered Good, of red flags
is seen...), not timings; `python benchmarks/run.py grading` prints the same
figures. The held-out set, written without sight of the rubrics, is checked
when present.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from trainer.bank import load_bank
from trainer.grading.evaluation import LABELS, evaluate, load_set

pytestmark = pytest.mark.katas  # grades some 400 answers: the slow part of the suite

HERE = Path(__file__).parent
SETS = [p for p in (HERE / "eval_set.yaml", HERE / "heldout.yaml") if p.exists()]
BANK = load_bank()


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_the_set_is_well_formed(path):
    data = load_set(path)
    answers = data.get("answers") or []
    assert len(answers) >= 20
    for item in answers:
        assert item["label"] in LABELS and BANK.get(item["card"]) is not None, item
        assert isinstance(item["text"], str) and item["text"].strip()
    for item in data.get("red_flags") or []:
        assert BANK.get(item["flag"]) is not None and isinstance(item["shows"], bool)
    for item in data.get("signals") or []:
        assert BANK.get(item["signal"]) is not None


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_the_grader_meets_the_goals(path):
    report = evaluate(load_set(path), BANK)
    failed = report.failed_goals()
    detail = {k: v for k, v in report.misses.items() if any(k in f for f in failed)}
    assert not failed, f"{failed}\n{detail}"
