"""Shared helpers: a pinned clock, a scheduler on it and fake banks."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

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


def corrupt(path: Path) -> None:
    """Scribble over the pages after the header, as a bad disk or a stray write would."""
    data = bytearray(path.read_bytes())
    for i in range(4096 + 100, len(data), 7):
        data[i] = 0xA5
    path.write_bytes(bytes(data))


def fill(store, sched):
    """A little of every kind of progress."""
    with store.transaction():
        store.save_session("s1", "quiz", "asking", {"cards": ["a"], "note": "é"})
        store.append_audit("s1", 1, "idle", "start", "asking", T0)
        sched.grade(store, "a", 4, T0, session_id="s1", duration_ms=800)
    sched.grade(store, "b", 1, T0 + timedelta(minutes=1))
    store.save_scorecard("m1", T0, {"verdict": "lean hire", "score": 3.5})
    store.record_kata_run("vending", T0, "passed", 5, 5, 1234)
    store.set_meta("hints", {"vending": 1})


def sessions_store(path, count: int = 300):
    """A store at `path` holding `count` padded sessions, checkpointed into the main file,
    so damage to its pages is damage to data (what the integrity checks must find)."""
    from trainer.store import Store

    with Store.open(path) as s:
        with s.transaction():
            for i in range(count):
                s.save_session(f"s{i}", "quiz", "asking", {"i": i, "pad": "x" * 200})
        s._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path
