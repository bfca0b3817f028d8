"""The one grading function and the records it returns.

`grade(card, answer, bank)` reads the answer once (`text.analyse`), then asks
each key point, each of the card's misconceptions and every red-flag and
strong-signal card of the bank whether the answer asserts it, by rubric
expression or regex (the escape hatch). A rubric hit counts only if the
words it matched are not under a negation; so does a regex hit for
misconceptions, red flags and signals (key-point regexes match literally).

The suggested rating comes from coverage (share of key points covered), then
is capped at Hard when the answer asserts a misconception or shows a red flag:
a fluent answer that says something wrong must not be waved through as Good.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.bank.model import Bank, Card, Kind, Patterns
from trainer.grading.rubric import Matcher, parse
from trainer.grading.text import MAX_CHARS, Analysed, analyse
from trainer.rating import Rating

REGEX_CHUNK = 1500       # regexes run on overlapping windows of the answer ...
REGEX_STEP = 1000        # ... so even a slow pattern only ever sees 1,500 characters
GOOD_SHARE = 0.6         # coverage from which an answer is suggested Good
HARD_SHARE = 0.3         # ... Hard (below: Again)
EASY_MIN_POINTS = 3      # full coverage is Easy only on cards with at least this many points
FLAGGED_KINDS = (Kind.RED_FLAG, Kind.STRONG_SIGNAL)

_SEPARATORS = re.compile(r"[\s\-_]+")


@dataclass(frozen=True)
class PointResult:
    point: str
    covered: bool
    evidence: str | None = None     # the sentence that covered it
    probe: str | None = None        # the interviewer's follow-up when it is missing


@dataclass(frozen=True)
class MisconceptionHit:
    id: str
    claim: str
    correction: str
    challenge: str | None
    evidence: str | None             # the sentence that asserted it


@dataclass(frozen=True)
class Detection:
    """A red flag or strong signal an answer showed."""

    card_id: str
    title: str
    evidence: str | None


@dataclass(frozen=True)
class Grade:
    card_id: str
    coverage: float
    suggested: Rating
    points: tuple[PointResult, ...]
    misconceptions: tuple[MisconceptionHit, ...] = ()
    red_flags: tuple[Detection, ...] = ()
    strong_signals: tuple[Detection, ...] = ()

    @property
    def covered(self) -> tuple[bool, ...]:
        return tuple(p.covered for p in self.points)

    def to_json(self) -> dict[str, Any]:
        """The record at the JSON edge (`trainer grade --json`, the session payload)."""
        return {
            "card": self.card_id,
            "coverage": round(self.coverage, 3),
            "suggested_rating": int(self.suggested),
            "points": [{"point": p.point, "covered": p.covered, "evidence": p.evidence,
                        "probe": p.probe} for p in self.points],
            "misconceptions": [{"id": m.id, "claim": m.claim, "correction": m.correction,
                                "challenge": m.challenge, "evidence": m.evidence}
                               for m in self.misconceptions],
            "red_flags": [d.card_id for d in self.red_flags],
            "strong_signals": [d.card_id for d in self.strong_signals],
            "evidence": {d.card_id: d.evidence for d in (*self.red_flags, *self.strong_signals)},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], bank: Bank | None = None) -> Grade:
        """Rebuild a stored grade (titles come back from the bank when it has the card)."""
        evidence = data.get("evidence") or {}

        def detection(cid: str) -> Detection:
            card = bank.get(cid) if bank is not None else None
            title = (card.title or card.prompt) if card is not None else cid
            return Detection(cid, title, evidence.get(cid))

        return cls(
            card_id=data["card"],
            coverage=float(data.get("coverage", 0.0)),
            suggested=Rating(int(data.get("suggested_rating", 1))),
            points=tuple(PointResult(p["point"], bool(p["covered"]), p.get("evidence"),
                                     p.get("probe")) for p in data.get("points", [])),
            misconceptions=tuple(MisconceptionHit(m["id"], m.get("claim", ""), m["correction"],
                                                  m.get("challenge"), m.get("evidence"))
                                 for m in data.get("misconceptions", [])),
            red_flags=tuple(detection(c) for c in data.get("red_flags", [])),
            strong_signals=tuple(detection(c) for c in data.get("strong_signals", [])),
        )


class _Reading:
    """One answer, read once, asked many questions."""

    def __init__(self, answer: str) -> None:
        capped = answer[:MAX_CHARS]
        self.norm = _SEPARATORS.sub(" ", capped.lower().replace("\u2019", "'")).strip()
        self.analysed: Analysed = analyse(self.norm)
        self.matcher = Matcher(self.analysed)

    def regex_hit(self, patterns: Patterns, *, polarity: bool = True) -> str | None:
        if not patterns or not self.analysed.tokens:
            return None
        text = self.norm
        for pat in patterns.compiled():
            offset = 0
            while True:
                chunk = text[offset:offset + REGEX_CHUNK]
                for m in pat.finditer(chunk):
                    start, end = offset + m.start(), offset + m.end()
                    first = self.analysed.token_at(start)
                    last = max(first, self.analysed.token_at(end) - 1)
                    if self.analysed.tokens[last].start >= end:
                        last = first
                    if not polarity or self.analysed.asserted(first, last):
                        return self.analysed.sentence(first, last)
                if offset + REGEX_CHUNK >= len(text):
                    break
                offset += REGEX_STEP
        return None

    def rubric_hit(self, sources: Sequence[str]) -> str | None:
        for src in sources:
            span = self.matcher.first(parse(src))
            if span is not None:
                if span[0] < 0:
                    return ""
                return self.analysed.sentence(*span)
        return None

    def hit(self, patterns: Patterns, rubric: Sequence[str], *, polarity: bool = True) -> str | None:
        """The evidence sentence if the rubric or a regex matches, else None.

        Rubric hits always count only when asserted. Regex hits do too, except for
        key points (`polarity=False`): many points state a negative fact ("logged
        at Info, not Warn") and their regexes were written to match it literally.
        """
        found = self.rubric_hit(rubric) if rubric else None
        if found is None:
            found = self.regex_hit(patterns, polarity=polarity)
        return found


def _detectors(bank: Bank) -> tuple[list[Card], list[Card]]:
    cached = _DETECTORS.get(id(bank))
    if cached is not None and cached[0] is bank:
        return cached[1], cached[2]
    flags = [c for c in bank if c.kind == Kind.RED_FLAG and (c.detect or c.detect_rubric)]
    signals = [c for c in bank if c.kind == Kind.STRONG_SIGNAL and (c.detect or c.detect_rubric)]
    _DETECTORS.clear()
    _DETECTORS[id(bank)] = (bank, flags, signals)
    return flags, signals


_DETECTORS: dict[int, tuple[Bank, list[Card], list[Card]]] = {}


def suggest(share: float, n_points: int, *, empty: bool, wrong: bool) -> Rating:
    """The rating a learner is offered: from coverage, capped at Hard when `wrong`."""
    if empty:
        return Rating.AGAIN
    if share >= 0.99:
        rating = Rating.EASY if n_points >= EASY_MIN_POINTS else Rating.GOOD
    elif share >= GOOD_SHARE:
        rating = Rating.GOOD
    elif share >= HARD_SHARE:
        rating = Rating.HARD
    else:
        rating = Rating.AGAIN
    if wrong:
        rating = min(rating, Rating.HARD)
    return rating


def _detect(reading: _Reading, cards: Iterable[Card]) -> tuple[Detection, ...]:
    out = []
    for c in cards:
        evidence = reading.hit(c.detect, c.detect_rubric)
        if evidence is not None:
            out.append(Detection(c.id, c.title or c.prompt, evidence or None))
    return tuple(out)


def grade(card: Card, answer: str, bank: Bank) -> Grade:
    """Grade `answer` to `card`: key points, misconceptions, red flags, strong signals."""
    empty = not answer.strip()
    if empty:
        points = tuple(PointResult(kp.text, False, None, kp.probe) for kp in card.key_points)
        return Grade(card.id, 0.0 if card.key_points else 1.0, Rating.AGAIN, points)
    reading = _Reading(answer)
    results = []
    for kp in card.key_points:
        evidence = reading.hit(kp.patterns, kp.rubric, polarity=False)
        results.append(PointResult(kp.text, evidence is not None, evidence or None, kp.probe))
    misconceptions = []
    for mc in card.misconceptions:
        evidence = reading.hit(mc.patterns, mc.rubric)
        if evidence is not None:
            misconceptions.append(MisconceptionHit(mc.id, mc.claim, mc.correction, mc.challenge,
                                                   evidence or None))
    flags_bank, signals_bank = _detectors(bank)
    flags = _detect(reading, flags_bank)
    signals = _detect(reading, signals_bank)
    share = sum(r.covered for r in results) / len(results) if results else 1.0
    wrong = bool(misconceptions) or (bool(flags) and card.kind not in FLAGGED_KINDS)
    return Grade(card.id, share, suggest(share, len(results), empty=False, wrong=wrong),
                 tuple(results), tuple(misconceptions), flags, signals)


def grade_many(items: Iterable[tuple[Card, str]], bank: Bank) -> list[Grade]:
    return [grade(card, answer, bank) for card, answer in items]
