"""The mock interview's scorecard: what an interviewer would write down.

Per question: the key points the answer covered and the time it took. Across
the interview: the red flags the answers showed and the strong signals they
showed (found by the bank's `detect` patterns), then a verdict on the usual
hire scale. The weights are deliberately simple and printed with the card, so
a learner can see why the verdict came out as it did.
"""
from __future__ import annotations

from typing import Any

from trainer.bank import Bank
from trainer.grading import Grade, grade

FOLLOW_UP_WEIGHT = 0.5      # a follow-up counts half a question
FLAG_PENALTY = 0.08         # per distinct red flag shown
SIGNAL_BONUS = 0.04         # per distinct strong signal shown
SIGNAL_BONUS_CAP = 0.12

# (lowest score, verdict), best first
VERDICTS = [
    (0.80, "Strong hire"),
    (0.65, "Hire"),
    (0.50, "Lean hire"),
    (0.35, "Lean no hire"),
    (0.0, "No hire"),
]


def verdict_for(score: float) -> str:
    for floor, name in VERDICTS:
        if score >= floor:
            return name
    return VERDICTS[-1][1]


def _grade_of(bank: Bank, card_id: str, entry: dict[str, Any], text: str) -> Grade | None:
    """The grade stored at answer time (an older session's entry: graded now)."""
    data = entry.get("grade")
    if isinstance(data, dict):
        try:
            return Grade.from_json(data, bank)
        except (KeyError, TypeError, ValueError):
            pass
    card = bank.get(card_id)
    return grade(card, text, bank) if card is not None and text.strip() else None


def build_scorecard(bank: Bank, answers: list[dict | None], payload: dict[str, Any]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    flags: dict[str, dict[str, Any]] = {}
    signals: dict[str, dict[str, Any]] = {}
    weighted = weights = 0.0
    for number, entry in enumerate(answers, 1):
        card_id = payload["queue"][number - 1]
        card = bank.get(card_id)
        entry = entry or {}
        covered = entry.get("covered") or []
        text = "" if entry.get("skipped") else entry.get("answer", "")
        share = sum(covered) / len(covered) if covered and text.strip() else 0.0
        weight = FOLLOW_UP_WEIGHT if card is not None and card.kind == "follow_up" else 1.0
        weighted += share * weight
        weights += weight
        missed = []
        if card is not None and covered:
            missed = [kp.text for kp, hit in zip(card.key_points, covered) if not hit]
        rows.append({
            "number": number,
            "id": card_id,
            "kind": card.kind if card else "unknown",
            "prompt": card.prompt if card else card_id,
            "covered": sum(covered) if text.strip() else 0,
            "points": len(covered) if covered else (len(card.key_points) if card else 0),
            "missed": missed,
            "seconds": entry.get("seconds", 0),
            "timed_out": bool(entry.get("timed_out")),
            "skipped": bool(entry.get("skipped")) or not entry,
        })
        graded = _grade_of(bank, card_id, entry, text) if text.strip() else None
        if graded is not None:
            for found, into in ((graded.red_flags, flags), (graded.strong_signals, signals)):
                for d in found:
                    c = bank.get(d.card_id)
                    item = into.setdefault(d.card_id, {
                        "id": d.card_id, "title": d.title,
                        "looks_like": c.looks_like if c is not None else None,
                        "answers": [], "evidence": []})
                    item["answers"].append(number)
                    item["evidence"].append({"answer": number, "text": d.evidence or ""})
    coverage = weighted / weights if weights else 0.0
    bonus = min(SIGNAL_BONUS * len(signals), SIGNAL_BONUS_CAP)
    score = max(0.0, min(1.0, coverage - FLAG_PENALTY * len(flags) + bonus))
    return {
        "title": payload.get("title", "Mock interview"),
        "questions": rows,
        "coverage": round(coverage, 3),
        "red_flags": list(flags.values()),
        "strong_signals": list(signals.values()),
        "score": round(score * 100),
        "verdict": verdict_for(score),
        "time_limit": payload.get("time_limit"),
        "rules": (f"score = key-point coverage (follow-ups weigh {FOLLOW_UP_WEIGHT}) "
                  f"- {FLAG_PENALTY:.2f} per red flag + {SIGNAL_BONUS:.2f} per strong signal "
                  f"(at most {SIGNAL_BONUS_CAP:.2f})"),
    }
