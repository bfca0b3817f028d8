"""The bank's data model: one `Card` type for every kind of item, and the `Bank`.

Everything a session, drill or mock interview needs is here, already
validated: a card never has to be checked again after the loader built it.
Cards are plain slotted dataclasses (cheap to build: a user pack may hold
10,000 of them); treat them as read-only.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    """What a card is: the guide's six kinds of item (the one declaration)."""

    QUESTION = "question"
    FOLLOW_UP = "follow_up"
    CONCEPT_CHECK = "concept_check"
    RED_FLAG = "red_flag"
    STRONG_SIGNAL = "strong_signal"
    LIVE_CODING = "live_coding"


KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind)   # plain words, in order


class Level(StrEnum):
    """An interview's levels, in the order an interview climbs them (the one declaration)."""

    JUNIOR = "junior"
    MIDDLE = "middle"
    SENIOR = "senior"
    STAFF = "staff"


LEVELS: tuple[str, ...] = tuple(level.value for level in Level)   # plain words, in order


_COMPILED: dict[str, re.Pattern[str]] = {}


class Patterns:
    """A card's match patterns, compiled on first use.

    Compiling a regex costs ~50 us; the bundled bank holds about a thousand, so
    compiling them all at start-up would double the load time of every command.
    Untrusted packs are still compiled (and so validated) by the loader up front.
    """

    __slots__ = ("_compiled", "sources")

    def __init__(self, sources: tuple[str, ...] = ()) -> None:
        self.sources = sources
        self._compiled: tuple[re.Pattern[str], ...] | None = None

    def compiled(self) -> tuple[re.Pattern[str], ...]:
        if self._compiled is None:
            out = []
            for src in self.sources:
                pat = _COMPILED.get(src)
                if pat is None:
                    pat = _COMPILED[src] = re.compile(src)
                out.append(pat)
            self._compiled = tuple(out)
        return self._compiled

    def search(self, normalised_text: str) -> bool:
        return any(p.search(normalised_text) for p in self.compiled())

    def __bool__(self) -> bool:
        return bool(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Patterns) and other.sources == self.sources

    def __hash__(self) -> int:
        return hash(self.sources)

    def __repr__(self) -> str:
        return f"Patterns({list(self.sources)!r})"


@dataclass(slots=True)
class KeyPoint:
    """One point a good answer makes, with what recognises it.

    `patterns` are regexes (the escape hatch), `rubric` rubric expressions
    (`trainer.grading.rubric`); either matching covers the point. `probe` is
    the follow-up question an interviewer asks when the point is missing.
    """

    text: str
    patterns: Patterns
    rubric: tuple[str, ...] = ()
    probe: str | None = None


@dataclass(slots=True, frozen=True)
class Misconception:
    """A common wrong claim for a card, how to recognise it and how to correct it."""

    id: str
    claim: str
    correction: str
    patterns: Patterns = field(default_factory=Patterns)
    rubric: tuple[str, ...] = ()
    challenge: str | None = None   # what an interviewer would ask back


@dataclass(slots=True)
class Card:
    id: str
    kind: str
    prompt: str
    answer: str
    level: str | None = None
    title: str | None = None
    tags: tuple[str, ...] = ()
    detail: str | None = None
    key_points: tuple[KeyPoint, ...] = ()
    number: int | None = None
    parent: str | None = None
    kata: str | None = None
    looks_like: str | None = None
    detect: Patterns = field(default_factory=Patterns)
    detect_rubric: tuple[str, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    replaces: tuple[str, ...] = ()
    pack: str = ""
    source: Path | None = None
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.source else self.id


@dataclass
class Bank:
    """All cards of the bundled bank plus any user packs, in interview order."""

    cards: dict[str, Card] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)
    """old id -> current id, from every card's `replaces` list."""
    sources: tuple[Path, ...] = ()

    def __len__(self) -> int:
        return len(self.cards)

    def __iter__(self) -> Iterator[Card]:
        return iter(self.cards.values())

    def __contains__(self, card_id: object) -> bool:
        return card_id in self.cards

    def get(self, card_id: str) -> Card | None:
        return self.cards.get(card_id) or self.cards.get(self.renames.get(card_id, ""))

    def follow_ups(self, question_id: str) -> list[Card]:
        return [c for c in self.cards.values() if c.kind == Kind.FOLLOW_UP and c.parent == question_id]

    def tags(self) -> list[str]:
        return sorted({t for c in self.cards.values() for t in c.tags})

    def select(
        self,
        *,
        kinds: Iterable[str] | None = None,
        levels: Iterable[str] | None = None,
        tags: Iterable[str] | None = None,
    ) -> list[Card]:
        """Cards matching every given filter (each filter: any of its values)."""
        kinds = set(kinds) if kinds else None
        levels = set(levels) if levels else None
        tags = set(tags) if tags else None
        return [
            c
            for c in self.cards.values()
            if (kinds is None or c.kind in kinds)
            and (levels is None or c.level in levels)
            and (tags is None or tags.intersection(c.tags))
        ]
