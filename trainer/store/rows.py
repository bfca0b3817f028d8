"""What the store hands back: small frozen records, never sqlite3 rows.

Callers get plain values (datetimes in UTC, dicts for JSON columns) so no
other module needs to know how the file is laid out.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any, NamedTuple

from trainer.kata_status import Standing, Verdict


class CardState(IntEnum):
    """A card's scheduling state, as fsrs numbers it (a card without a row is new)."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def label(self) -> str:
        """"learning", "review" or "relearning": the word stats and exports show."""
        return self.name.lower()


@dataclass(frozen=True)
class SessionRow:
    id: str
    kind: str
    state: str
    payload: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    finished: bool


@dataclass(frozen=True)
class AuditRow:
    session_id: str
    seq: int
    source: str
    event: str
    target: str
    at: datetime


@dataclass(frozen=True)
class ScorecardRow:
    id: int
    session_id: str
    at: datetime
    scorecard: dict[str, Any]


@dataclass(frozen=True)
class KataRun:
    """One recorded check (the store keeps `status` as its `Verdict.recorded` word)."""

    slug: str
    at: datetime
    status: Verdict
    passed: int
    total: int
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is Verdict.PASS


@dataclass(frozen=True)
class KataSummary:
    """One kata's record: passed once = PASSED, else IN_PROGRESS."""

    slug: str
    status: Standing
    runs: int
    last: KataRun
    best: KataRun


@dataclass(frozen=True)
class CardRow:
    """The scheduling state of one card (a card without a row is new)."""

    card_id: str
    state: int          # a `CardState` (fsrs State: 1 learning, 2 review, 3 relearning)
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    leech: bool
    suspended: bool


class CardOverview(NamedTuple):
    """What `trainer stats` reads of every card, as cheaply as the store can hand it over.

    Times stay the stored text (fixed-width UTC, so comparing the text
    compares the instants, see `timefmt`): `stats` reads every card ever
    answered, and parsing 20,000 times per run would be most of its cost.
    `stats` parses the few it needs (`timefmt.from_db`). A NamedTuple, not a
    dataclass, for the same reason: it is built five times faster.
    """

    card_id: str
    state: int          # a `CardState`
    due: str            # stored text, UTC
    last_review: str | None
    lapses: int
    leech: bool
    suspended: bool


class LoggedAnswer(NamedTuple):
    """One graded answer as the review log holds it (what an FSRS optimizer reads)."""

    card_id: str
    at: datetime
    rating: int                 # a `trainer.rating.Rating`
    state_before: int | None    # a `CardState`; None: the card was new
    duration_ms: int | None
