"""The bank's data model: one `Card` type for every kind of item, and the `Bank`.

Everything a session, drill or mock interview needs is here, already
validated: a card never has to be checked again after the loader built it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("question", "follow_up", "concept_check", "red_flag", "strong_signal", "live_coding")
LEVELS = ("junior", "middle", "senior", "staff")
KATA_SLUGS_FIELD = "kata"


@dataclass(frozen=True)
class KeyPoint:
    """One point a good answer makes, with the patterns that recognise it."""

    text: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Card:
    id: str
    kind: str
    prompt: str
    answer: str
    level: str | None = None
    tags: tuple[str, ...] = ()
    detail: str | None = None
    key_points: tuple[KeyPoint, ...] = ()
    number: int | None = None
    parent: str | None = None
    kata: str | None = None
    looks_like: str | None = None
    detect: tuple[re.Pattern[str], ...] = ()
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
        return [c for c in self.cards.values() if c.kind == "follow_up" and c.parent == question_id]

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
