"""Card scheduling state and the review log: the rows the scheduler reads and writes.

The store knows nothing of FSRS maths; `trainer.scheduling` does. The store
keeps one row per card ever answered (a card without a row is new) and one
row per graded answer, and answers the few questions scheduling needs fast.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, cast

from trainer.store import problems
from trainer.store.core import StoreBase
from trainer.store.rows import CardOverview, CardRow, LoggedAnswer
from trainer.store.timefmt import from_db, to_db

_CARD_COLUMNS = ("card_id, state, step, stability, difficulty, due, last_review, reps, lapses,"
                 " leech, suspended")


def _card(r: tuple[Any, ...]) -> CardRow | None:
    """The row as a record, or None (reported once) when it cannot be read.

    An unreadable card row counts as new; its next graded answer rewrites it.
    """
    try:
        return CardRow(r[0], r[1], r[2], r[3], r[4], from_db(r[5]),
                       from_db(r[6]) if r[6] else None, r[7], r[8], bool(r[9]), bool(r[10]))
    except (TypeError, ValueError) as exc:
        problems.report("cards", r[0], " ".join(str(exc).split())[:120])
        return None


class CardsMixin(StoreBase):
    """Row-level API for card state and reviews."""

    def card(self, card_id: str) -> CardRow | None:
        rows = self._query(f"SELECT {_CARD_COLUMNS} FROM cards WHERE card_id = ?", (card_id,))
        return _card(rows[0]) if rows else None

    def all_cards(self) -> list[CardRow]:
        rows = (_card(r) for r in self._query(f"SELECT {_CARD_COLUMNS} FROM cards"))
        return [c for c in rows if c is not None]

    def card_overview(self) -> list[CardOverview]:
        """Every card's state, due time, lapses and flags, times unparsed (for `stats`)."""
        return [CardOverview(r[0], r[1], r[2], r[3], r[4], bool(r[5]), bool(r[6]))
                for r in self._query("SELECT card_id, state, due, last_review, lapses, leech,"
                                     " suspended FROM cards")]

    def record_review(self, card: CardRow, *, at: datetime, rating: int,
                      state_before: int | None, duration_ms: int | None,
                      session_id: str | None) -> int:
        """Write the card's new state and its review row in one transaction; return the row id."""
        with self.transaction():
            self._execute(
                f"INSERT INTO cards ({_CARD_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (card_id) DO UPDATE SET state = excluded.state,"
                " step = excluded.step, stability = excluded.stability,"
                " difficulty = excluded.difficulty, due = excluded.due,"
                " last_review = excluded.last_review, reps = excluded.reps,"
                " lapses = excluded.lapses, leech = excluded.leech,"
                " suspended = excluded.suspended",
                (card.card_id, card.state, card.step, card.stability, card.difficulty,
                 to_db(card.due), to_db(card.last_review) if card.last_review else None,
                 card.reps, card.lapses, int(card.leech), int(card.suspended)))
            cur = self._execute(
                "INSERT INTO reviews (card_id, at, rating, state_before, state_after, due_after,"
                " duration_ms, session_id) VALUES (?,?,?,?,?,?,?,?)",
                (card.card_id, to_db(at), rating, state_before, card.state, to_db(card.due),
                 duration_ms, session_id))
            return int(cur.lastrowid or 0)

    def due_cards(self, now: datetime) -> list[tuple[str, int]]:
        """(card_id, state) of unsuspended cards due at `now`, oldest due first."""
        rows = self._query("SELECT card_id, state FROM cards WHERE due <= ? AND suspended = 0"
                           " ORDER BY due, card_id", (to_db(now),))
        return cast("list[tuple[str, int]]", rows)    # the columns' declared types

    def graded_by_others_since(self, card_id: str, since: datetime, session_id: str) -> bool:
        """Was `card_id` graded at or after `since` outside session `session_id`?"""
        return bool(self._query(
            "SELECT 1 FROM reviews WHERE card_id = ? AND at >= ?"
            " AND (session_id IS NULL OR session_id != ?) LIMIT 1",
            (card_id, to_db(since), session_id)))

    def seen_ids(self) -> set[str]:
        """Ids of every card that has a row (answered at least once)."""
        return {r[0] for r in self._query("SELECT card_id FROM cards")}

    def answered_between(self, start: datetime, end: datetime) -> tuple[int, int]:
        """(new cards introduced, review-state cards answered) in [start, end)."""
        row = self._query(
            "SELECT coalesce(sum(state_before IS NULL), 0), coalesce(sum(state_before = 2), 0)"
            " FROM reviews WHERE at >= ? AND at < ?", (to_db(start), to_db(end)))[0]
        return int(row[0]), int(row[1])

    def reviews_total(self) -> int:
        return int(self._query("SELECT count(*) FROM reviews")[0][0])

    def reviews_of(self, card_id: str) -> list[tuple[datetime, int, int | None, int]]:
        """(at, rating, state_before, state_after) of a card's reviews, oldest first."""
        return [(from_db(r[0]), r[1], r[2], r[3]) for r in self._query(
            "SELECT at, rating, state_before, state_after FROM reviews WHERE card_id = ?"
            " ORDER BY at, id", (card_id,))]

    def unsuspend(self, card_id: str) -> bool:
        """Let a suspended card (a leech) be scheduled again; False if it was not suspended."""
        with self.transaction():
            cur = self._execute(
                "UPDATE cards SET suspended = 0 WHERE card_id = ? AND suspended = 1", (card_id,))
            return cur.rowcount == 1

    def apply_renames(self, renames: Mapping[str, str]) -> int:
        """Move the history of renamed cards to their new ids; return how many moved.

        `renames` maps old id -> current id (chains already resolved, see
        `trainer.scheduling.resolve_renames`). Idempotent: once moved, the old
        id has no rows. If both ids already have history, the reviews are
        merged under the new id and the more recently reviewed state wins.
        """
        moved = 0
        with self.transaction():
            for old, new in renames.items():
                if old == new:
                    continue
                old_row, new_row = self.card(old), self.card(new)
                if old_row is None:
                    continue
                if new_row is None:
                    self._execute("UPDATE cards SET card_id = ? WHERE card_id = ?", (new, old))
                else:
                    # Reviews first, so deleting the old row cascades to nothing.
                    self._execute("UPDATE reviews SET card_id = ? WHERE card_id = ?", (new, old))
                    self._execute("DELETE FROM cards WHERE card_id = ?", (old,))
                    keep = old_row if (old_row.last_review or old_row.due) > (
                        new_row.last_review or new_row.due) else new_row
                    self._execute(
                        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?,"
                        " due = ?, last_review = ?, reps = ?, lapses = ?, leech = ?,"
                        " suspended = ? WHERE card_id = ?",
                        (keep.state, keep.step, keep.stability, keep.difficulty, to_db(keep.due),
                         to_db(keep.last_review) if keep.last_review else None,
                         old_row.reps + new_row.reps, old_row.lapses + new_row.lapses,
                         int(old_row.leech or new_row.leech),
                         int(old_row.suspended or new_row.suspended), new))
                moved += 1
        return moved

    def card_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of `ids` have a row."""
        seen = self.seen_ids()
        return {i for i in ids if i in seen}


class ReviewLogMixin(StoreBase):
    """The review log in the order an optimizer reads it."""

    def review_log(self) -> list[LoggedAnswer]:
        """Every answer, card by card, oldest first."""
        return [LoggedAnswer(r[0], from_db(r[1]), r[2], r[3], r[4]) for r in self._query(
            "SELECT card_id, at, rating, state_before, duration_ms FROM reviews"
            " ORDER BY card_id, at, id")]
