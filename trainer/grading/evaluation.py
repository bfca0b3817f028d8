"""Measuring the grader on a labelled set of answers (the format of tests/grading/eval_set.yaml).

Used by `python benchmarks/run.py grading` and by tests/grading/test_evaluation.py,
so the figures printed and the goals asserted come from one computation.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.bank.model import Bank
from trainer.grading.grade import Grade, grade
from trainer.rating import Rating

LABELS = ("correct", "partial", "wrong", "off_topic")

# Goals from issue #9: (metric, bound, "min" or "max").
GOALS: tuple[tuple[str, float, str], ...] = (
    ("strong_good_rate", 0.95, "min"),
    ("wrong_good_rate", 0.03, "max"),
    ("misconception_named_rate", 0.70, "min"),
    ("red_flag_recall", 0.85, "min"),
    ("red_flag_false_alarm", 0.10, "max"),
    ("signal_recall", 0.90, "min"),
)


@dataclass
class Report:
    figures: dict[str, float] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def failed_goals(self) -> list[str]:
        out = []
        for name, bound, kind in GOALS:
            value = self.figures.get(name)
            if value is None:
                continue
            if (kind == "min" and value < bound) or (kind == "max" and value > bound):
                out.append(f"{name} = {value:.3f} (goal {'>=' if kind == 'min' else '<='} {bound})")
        return out


def load_set(path: Path) -> dict[str, Any]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with answers, red_flags, signals")
    return data


def _rate(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def evaluate(data: dict[str, Any], bank: Bank) -> Report:
    """Grade every labelled answer and compute the figures (and what missed, for tuning)."""
    report = Report()
    miss = report.misses
    good = wrong = wrong_good = named = correct = 0
    graded: list[tuple[dict[str, Any], Grade]] = []
    for item in data.get("answers") or []:
        card = bank.get(item["card"])
        if card is None:
            raise ValueError(f"eval set: unknown card {item['card']!r}")
        g = grade(card, item["text"], bank)
        graded.append((item, g))
        label = item["label"]
        if label == "correct":
            correct += 1
            if g.suggested >= Rating.GOOD:
                good += 1
            else:
                miss.setdefault("strong_good_rate", []).append(
                    f"{card.id}: {g.suggested.label} {[p.point for p in g.points if not p.covered]} "
                    f"{[m.id for m in g.misconceptions]} {[d.card_id for d in g.red_flags]}")
        elif label == "wrong":
            wrong += 1
            if g.suggested >= Rating.GOOD:
                wrong_good += 1
                miss.setdefault("wrong_good_rate", []).append(f"{card.id}: {item['text'][:60]}")
            if g.misconceptions:
                named += 1
            else:
                miss.setdefault("misconception_named_rate", []).append(f"{card.id}: {item['text'][:70]}")
    flags = data.get("red_flags") or []
    shows = [f for f in flags if f["shows"]]
    rejects = [f for f in flags if not f["shows"]]

    def fired(item: dict[str, Any], key: str, kinds: str) -> bool:
        card = bank.get(item.get("card") or item[key])
        assert card is not None
        g = grade(card, item["text"], bank)
        ids = [d.card_id for d in (g.red_flags if kinds == "flags" else g.strong_signals)]
        return item[key] in ids

    def count_fired(items: list[dict[str, Any]], key: str, kinds: str, metric: str,
                    *, should_fire: bool) -> int:
        """How many items fire; each that does not do as it should is noted under `metric`."""
        hits = 0
        for item in items:
            hit = fired(item, key, kinds)
            hits += hit
            if hit != should_fire:
                miss.setdefault(metric, []).append(f"{item[key]}: {item['text'][:70]}")
        return hits

    recall_hits = count_fired(shows, "flag", "flags", "red_flag_recall", should_fire=True)
    alarms = count_fired(rejects, "flag", "flags", "red_flag_false_alarm", should_fire=False)
    signals = data.get("signals") or []
    sig_hits = count_fired(signals, "signal", "signals", "signal_recall", should_fire=True)
    # Throughput, as `trainer grade --batch` does it: every answer of the set, graded again.
    # CPU time of this process: the machines are shared, and waiting for a core is not our cost.
    items = [(bank.get(i["card"]), i["text"]) for i in data.get("answers") or []]
    start = time.process_time()
    rounds = 3
    for _ in range(rounds):
        for c, text in items:
            if c is not None:
                grade(c, text, bank)
    per_answer = (time.process_time() - start) * 1000 / max(1, rounds * len(items))
    report.figures.update({
        "strong_good_rate": _rate(good, correct),
        "wrong_good_rate": wrong_good / wrong if wrong else 0.0,
        "misconception_named_rate": _rate(named, wrong),
        "red_flag_recall": _rate(recall_hits, len(shows)),
        "red_flag_false_alarm": alarms / len(rejects) if rejects else 0.0,
        "signal_recall": _rate(sig_hits, len(signals)),
        "batch_ms_per_answer": per_answer,
        "answers": float(len(graded)),
    })
    return report
