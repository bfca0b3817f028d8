"""Shared helpers: a pinned clock, a scheduler on it and fake banks."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

# A fixed-offset zone (no DST) pins "local time" for day roll-over tests,
# whatever the machine's TZ.
TZ = timezone(timedelta(hours=-5))
T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 10:00 local, a Monday


@dataclass(frozen=True)
class FakeCard:
    id: str
    kind: str = "question"
    level: str | None = "senior"
    tags: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()


@dataclass
class FakeBank:
    """The shape of `trainer.bank.Bank` that progress code relies on."""

    cards: dict[str, FakeCard]
    renames: dict[str, str] = field(default_factory=dict)


def make_bank(ids, **kw) -> FakeBank:
    return FakeBank({i: FakeCard(i, **kw) for i in ids})


def scheduler(**overrides):
    from trainer.scheduling import Scheduler
    from trainer.settings import Settings

    return Scheduler(Settings(**overrides), fuzz=False, tz=TZ)
