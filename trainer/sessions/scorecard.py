"""The mock interview's scorecard: what an interviewer would write down.

Per question: the key points the answer covered and the time it took. Across
the interview: the red flags and strong signals the answers showed, each with
the sentence that showed it, then a verdict on the usual hire scale.

The score is built from the grade each answer got when it was given (the same
`trainer.grading.grade` the feedback showed): every answer earns the credit
of its suggested rating (`RATING_CREDIT`; an answer asserting a misconception
is at most Hard), follow-ups weigh half, then red flags cost and strong
signals add a little. A correct, concise answer is suggested Good, so a set of
them scores 0.75, a Hire; raw key-point coverage is not used, because
a concise correct answer often covers three points of five. The rule is
printed with the card, so a learner can see why the verdict came out as it did.
"""
from __future__ import annotations

from typing import Any

from trainer.bank import Bank
from trainer.grading import Grade, grade

FOLLOW_UP_WEIGHT = 0.5      # a follow-up counts half a question
# What an answer earns, by its suggested rating (1 Again .. 4 Easy); unanswered earns 0.
RATING_CREDIT = {1: 0.1, 2: 0.45, 3: 0.75, 4: 1.0}
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
        weight = FOLLOW_UP_WEIGHT if card is not None and card.kind == "follow_up" else 1.0
        graded = _grade_of(bank, card_id, entry, text) if text.strip() else None
        credit = RATING_CREDIT[int(graded.suggested)] if graded is not None else 0.0
        weighted += credit * weight
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
            "suggested": int(graded.suggested) if graded is not None else None,
            "misconceptions": [m.correction for m in graded.misconceptions] if graded else [],
        })
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
    credit = weighted / weights if weights else 0.0
    answered = [r for r in rows if not r["skipped"] and r["points"]]
    coverage = (sum(r["covered"] / r["points"] for r in answered) / len(answered)) if answered else 0.0
    bonus = min(SIGNAL_BONUS * len(signals), SIGNAL_BONUS_CAP)
    score = max(0.0, min(1.0, credit - FLAG_PENALTY * len(flags) + bonus))
    return {
        "title": payload.get("title", "Mock interview"),
        "questions": rows,
        "coverage": round(coverage, 3),
        "credit": round(credit, 3),
        "red_flags": list(flags.values()),
        "strong_signals": list(signals.values()),
        "score": round(score * 100),
        "verdict": verdict_for(score),
        "time_limit": payload.get("time_limit"),
        "rules": ("score = mean answer credit by suggested rating (Again "
                  f"{RATING_CREDIT[1]}, Hard {RATING_CREDIT[2]}, Good {RATING_CREDIT[3]}, Easy "
                  f"{RATING_CREDIT[4]}; unanswered 0; follow-ups weigh {FOLLOW_UP_WEIGHT}) "
                  f"- {FLAG_PENALTY:.2f} per red flag + {SIGNAL_BONUS:.2f} per strong signal "
                  f"(at most {SIGNAL_BONUS_CAP:.2f})"),
    }
