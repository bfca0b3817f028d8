"""Thin compatibility layer over `trainer.grading` for callers that want one figure.

The grading rules live in `trainer.grading` (rubrics, regexes, negation,
misconceptions); these helpers answer the narrower questions older callers and
tests ask ("which points does this answer cover?") with the same matcher.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from trainer.bank.model import Card, KeyPoint, Patterns

_SEPARATORS = re.compile(r"[\s\-_]+")


def normalise(text: str) -> str:
    return _SEPARATORS.sub(" ", text.lower()).strip()


def matches(patterns: Patterns, text: str, *, normalised: bool = False) -> bool:
    return patterns.search(text if normalised else normalise(text))


def covered_points(card: Card, answer: str) -> list[tuple[KeyPoint, bool]]:
    """Each key point of `card` with whether `answer` covers it (asserted, not negated)."""
    from trainer.grading.grade import _Reading

    if not answer.strip():
        return [(kp, False) for kp in card.key_points]
    reading = _Reading(answer)
    return [(kp, reading.hit(kp.patterns, kp.rubric, polarity=False) is not None)
            for kp in card.key_points]


def coverage(card: Card, answer: str) -> float:
    """Share of the card's key points the answer covers (1.0 for a card without points)."""
    points = covered_points(card, answer)
    if not points:
        return 1.0
    return sum(hit for _, hit in points) / len(points)


def detected(cards: Sequence[Card], answer: str) -> list[Card]:
    """The red-flag / strong-signal cards whose `detect` fires on `answer`."""
    from trainer.grading.grade import _Reading

    if not answer.strip():
        return []
    reading = _Reading(answer)
    return [c for c in cards if (c.detect or c.detect_rubric)
            and reading.hit(c.detect, c.detect_rubric) is not None]
