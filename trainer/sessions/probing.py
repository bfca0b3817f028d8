"""The interviewer's follow-ups: what to push on after an answer, and how the push went.

An interviewer probes where the answer was thin, in this order:

1. a misconception the answer asserted: its `challenge` (or a generic "walk me
   through it" when the bank gives none);
2. a key point the answer missed that carries a `probe:` question, in the
   card's order (authors list the most important points first);
3. one of the guide's follow-up cards to the question, when something is still
   missing and the answers so far do not already cover that follow-up.

A complete answer (every point covered, no misconception) moves on, and no
question gets more than `MAX_PROBES`. Every answer, probes included, is graded
by the one grading function (`trainer.grading.grade`); this module is the one
place the interview depends on its records.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from trainer.bank import Bank, Card
from trainer.grading import Grade, grade

MAX_PROBES = 2
FOLLOW_UP_FITS_BELOW = 0.5   # a follow-up is asked when the answers so far cover less of it
RECOVERED_SHARE = 0.6        # a follow-up probe "went well" from this coverage
GENERIC_CHALLENGE = ("Are you sure that holds? Take me through what actually happens, step by "
                     "step, in the case where it goes wrong.")

POINT, MISCONCEPTION, FOLLOW_UP = "point", "misconception", "follow_up"


@dataclass(frozen=True)
class Probe:
    """One follow-up question: what kind, what it asks, what it targets."""

    kind: str        # point, misconception or follow_up
    text: str        # the question the interviewer asks
    card_id: str     # the card its answer is graded against
    target: str      # the point's text, the misconception's id or the follow-up's id

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "card": self.card_id, "target": self.target}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Probe:
        return cls(str(data["kind"]), str(data["text"]), str(data["card"]), str(data["target"]))


def grade_answer(card: Card, answer: str, bank: Bank) -> Grade:
    """Grade an answer (the interview stores its `to_json()`)."""
    return grade(card, answer, bank)


def load_grade(data: dict[str, Any], bank: Bank) -> Grade:
    return Grade.from_json(data, bank)


def _covered(card: Card, grades: Sequence[Grade]) -> list[bool]:
    """Per key point of `card`: covered by any of the answers graded against it."""
    out = [False] * len(card.key_points)
    for g in grades:
        if g.card_id != card.id:
            continue
        for i, p in enumerate(g.points[: len(out)]):
            out[i] = out[i] or p.covered
    return out


def next_probe(card: Card, grades: Sequence[Grade], answers: Sequence[str],
               asked: Sequence[Probe], bank: Bank) -> Probe | None:
    """The next follow-up to ask on `card`, or None to move on.

    `grades` and `answers` are the main answer's and every probe answer's so far
    (in order); `asked` the probes already asked on this question.
    """
    if len(asked) >= MAX_PROBES or not grades:
        return None
    targets = {(p.kind, p.target) for p in asked}
    challenged = {p.target for p in asked if p.kind == MISCONCEPTION}
    for g in grades:
        for m in g.misconceptions:
            if m.id not in challenged:
                return Probe(MISCONCEPTION, m.challenge or GENERIC_CHALLENGE, card.id, m.id)
    covered = _covered(card, grades)
    if all(covered):
        return None
    for kp, hit in zip(card.key_points, covered):
        if not hit and kp.probe and (POINT, kp.text) not in targets:
            return Probe(POINT, kp.probe, card.id, kp.text)
    combined = "\n".join(a for a in answers if a.strip())
    for fu in bank.follow_ups(card.id):
        if (FOLLOW_UP, fu.id) in targets:
            continue
        if not combined or grade(fu, combined, bank).coverage < FOLLOW_UP_FITS_BELOW:
            return Probe(FOLLOW_UP, fu.prompt.strip(), fu.id, fu.id)
    return None


def recovered(probe: Probe, answer: str, result: Grade) -> bool:
    """Did the answer to `probe` make up for what the probe pushed on?"""
    if not answer.strip():
        return False
    if probe.kind == MISCONCEPTION:
        return all(m.id != probe.target for m in result.misconceptions)
    if probe.kind == POINT:
        return any(p.point == probe.target and p.covered for p in result.points)
    return result.coverage >= RECOVERED_SHARE and not result.misconceptions
