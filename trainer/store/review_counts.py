"""Counts over the review log that `trainer stats` shows: answers per day, retention.

Days are handed in as UTC boundaries (the caller knows the trainer day and
the time zone; the store does not), and each count is one indexed range scan
per day inside a single statement, so only per-day totals cross into Python
even with hundreds of thousands of answers.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from trainer.store.core import StoreBase
from trainer.store.rows import CardState
from trainer.store.timefmt import to_db


@dataclass(frozen=True)
class DayRetention:
    """First answers to review-state cards on day `day` (an index into the bounds)."""

    day: int
    reviews: int
    passed: int          # of which not Again


def _days(bounds: Sequence[datetime]) -> tuple[str, list[Any]]:
    """The `d(i, s, e)` VALUES list of consecutive [bounds[i], bounds[i+1]) ranges."""
    values = ", ".join("(?, ?, ?)" for _ in bounds[:-1])
    params: list[Any] = []
    for i in range(len(bounds) - 1):
        params += [i, to_db(bounds[i]), to_db(bounds[i + 1])]
    return values, params


class ReviewCountsMixin(StoreBase):
    """Per-day figures over `reviews`, for ranges the caller chooses."""

    def answers_per_day(self, bounds: Sequence[datetime]) -> list[int]:
        """Answers in each [bounds[i], bounds[i+1]) (one indexed count per day)."""
        if len(bounds) < 2:
            return []
        values, params = _days(bounds)
        rows = self._query(
            f"WITH d(i, s, e) AS (VALUES {values}) SELECT i,"
            " (SELECT count(*) FROM reviews WHERE at >= s AND at < e) FROM d ORDER BY i",
            params)
        return [int(r[1]) for r in rows]

    def first_review_answers_per_day(self, bounds: Sequence[datetime]) -> list[DayRetention]:
        """Per day, each card's first answer while in the Review state (days with none omitted).

        SQLite picks each card's first answer of each day (`min(id)` with a
        bare column returns that row's rating): true retention's raw counts.
        """
        if len(bounds) < 2:
            return []
        values, params = _days(bounds)
        rows = self._query(
            f"WITH d(i, s, e) AS (VALUES {values}),"
            " firsts AS (SELECT d.i AS i, r.rating AS rating, min(r.id)"
            "   FROM d JOIN reviews r ON r.at >= d.s AND r.at < d.e AND r.state_before = ?"
            "   GROUP BY d.i, r.card_id)"
            " SELECT i, count(*), sum(rating != 1) FROM firsts GROUP BY i",
            [*params, int(CardState.REVIEW)])
        return [DayRetention(int(i), int(n), int(p)) for i, n, p in rows]
