"""Checking a typed answer against a card's key points, red flags and signals.

Patterns are regular expressions written in lower case against a normalised
answer: lower-cased, with every run of whitespace, '-' and '_' turned into one
space, so "read-decide-write" and "read decide  write" read the same.
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
    """Each key point of `card` with whether `answer` covers it."""
    norm = normalise(answer)
    return [(kp, matches(kp.patterns, norm, normalised=True)) for kp in card.key_points]


def coverage(card: Card, answer: str) -> float:
    """Share of the card's key points the answer covers (1.0 for a card without points)."""
    points = covered_points(card, answer)
    if not points:
        return 1.0
    return sum(hit for _, hit in points) / len(points)


def suggested_rating(card: Card, answer: str) -> int:
    """An FSRS rating suggested from coverage: 1 Again, 2 Hard, 3 Good, 4 Easy.

    An empty answer means "show me": that is an Again.
    """
    if not answer.strip():
        return 1
    share = coverage(card, answer)
    if share >= 0.99:
        return 4 if len(card.key_points) >= 3 else 3
    if share >= 0.6:
        return 3
    if share >= 0.3:
        return 2
    return 1


def detected(cards: Sequence[Card], answer: str) -> list[Card]:
    """The red-flag / strong-signal cards whose `detect` patterns fire on `answer`."""
    norm = normalise(answer)
    return [c for c in cards if c.detect and matches(c.detect, norm, normalised=True)]
