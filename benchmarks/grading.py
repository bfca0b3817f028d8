"""Grading quality and speed on the labelled answer sets (issue #9's figures).

Prints the figures for tests/grading/eval_set.yaml (our own set) and, when it
exists, tests/grading/heldout.yaml (written by someone who never saw the
rubrics) under `grading.heldout.*`.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNITS = {"batch_ms_per_answer": "ms", "answers": ""}


def run():
    from trainer.bank import load_bank
    from trainer.grading.evaluation import evaluate, load_set

    bank = load_bank()
    out = []
    for prefix, name in (("grading", "eval_set.yaml"), ("grading.heldout", "heldout.yaml")):
        path = ROOT / "tests" / "grading" / name
        if not path.exists():
            continue
        report = evaluate(load_set(path), bank)
        for key, value in report.figures.items():
            if key == "answers":
                value = int(value)
            out.append((f"{prefix}.{key}", value, UNITS.get(key, "")))
        data = load_set(path)
        for label in ("correct", "wrong"):
            card = _mock(bank, [a for a in data.get("answers") or [] if a["label"] == label])
            out.append((f"{prefix}.mock_{label}_score", card.score, f"/100 ({card.verdict})"))
    return out


def _mock(bank, items):
    """A mock scorecard over every answer with one label, as the session would build it."""
    from trainer.grading import grade
    from trainer.sessions.payload import Answer, SessionPayload
    from trainer.sessions.scorecard import build_scorecard

    answers = tuple(Answer.graded(a["card"], a["text"], 60, False,
                                  grade(bank.get(a["card"]), a["text"], bank)) for a in items)
    return build_scorecard(bank, SessionPayload("", tuple(a.card for a in answers), answers))
