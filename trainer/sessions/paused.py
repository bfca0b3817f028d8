"""Unfinished sessions as a learner sees them: listed, dropped, and cleared when stale.

A plain run that ends on end of input, a Ctrl-C, a closed terminal: each leaves a
session that `--resume` can continue. They pile up, so `trainer sessions` lists
them and drops them on request, and any untouched for `STALE_DAYS` days is
dropped automatically (the caller says so in one line). Graded answers are never
touched: only the session's place in its queue is forgotten.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from trainer.store.rows import SessionRow

STALE_DAYS = 30


class SessionStore(Protocol):
    def unfinished_sessions(self) -> list[SessionRow]: ...

    def discard_session(self, session_id: str) -> None: ...


@dataclass(frozen=True)
class Unfinished:
    """One unfinished session: what `trainer sessions` prints (and `--json` gives)."""

    id: str
    kind: str
    started: datetime
    updated: datetime
    position: int     # 1-based card the session stopped on
    total: int
    state: str        # the machine's state name: ready, asking, revealed, paused...

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "started": self.started.isoformat(),
                "updated": self.updated.isoformat(), "position": self.position,
                "total": self.total, "state": self.state}


def describe(row: SessionRow) -> Unfinished:
    """Where a stored session of any kind stands (its payload's queue and position).

    The one reader of those two fields for every kind, the interview's too: a
    payload too damaged to say counts as card 1 of 0, never an error.
    """
    payload = row.payload if isinstance(row.payload, dict) else {}
    queue = payload.get("queue")
    total = len(queue) if isinstance(queue, list) else 0
    position = payload.get("position", 0)
    position = position if isinstance(position, int) else 0
    return Unfinished(row.id, row.kind, row.created_at, row.updated_at,
                      min(position + 1, max(total, 1)), total, row.state)


def unfinished(store: SessionStore) -> list[Unfinished]:
    """Newest first."""
    return [describe(r) for r in store.unfinished_sessions()]


def drop(store: SessionStore, session_id: str) -> Unfinished | None:
    """Drop one session by id (or a unique prefix of it); None when there is no such one."""
    found = [s for s in unfinished(store) if s.id == session_id]
    if not found:
        found = [s for s in unfinished(store) if s.id.startswith(session_id)] if session_id else []
    if len(found) != 1:
        return None
    store.discard_session(found[0].id)
    return found[0]


def drop_all(store: SessionStore) -> list[Unfinished]:
    everything = unfinished(store)
    for s in everything:
        store.discard_session(s.id)
    return everything


def drop_stale(store: SessionStore, now: datetime, days: int = STALE_DAYS) -> list[Unfinished]:
    """Drop sessions untouched for more than `days` days; return what was dropped."""
    cutoff = now - timedelta(days=days)
    stale = [s for s in unfinished(store) if s.updated < cutoff]
    for s in stale:
        store.discard_session(s.id)
    return stale
