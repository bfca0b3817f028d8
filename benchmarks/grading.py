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
    return out
