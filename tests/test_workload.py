"""`trainer stats --workload`: the simulator's figures and the chart at 80 columns."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from trainer import workload
from trainer.store.rows import CardRow

NOW = datetime(2026, 5, 10, 12, tzinfo=UTC)


def deck(n: int) -> list[workload.SimCard]:
    return [workload.SimCard(stability=3.0 + i % 7, difficulty=5.0, due_day=i % 10, last_day=-3)
            for i in range(n)]


def test_higher_retention_costs_more_reviews_and_runs_are_repeatable():
    first = workload.simulate(deck(150), 20, None, new_per_day=5, reviews_per_day=1000,
                              max_runs=3)
    again = workload.simulate(deck(150), 20, None, new_per_day=5, reviews_per_day=1000,
                              max_runs=3)
    assert first == again
    assert [w.retention for w in first] == list(workload.RETENTIONS)
    averages = [w.average for w in first]
    assert averages == sorted(averages) and averages[0] < averages[-1]
    assert all(len(w.reviews) == workload.DAYS for w in first)


def test_limits_hold_like_a_review_session():
    result = workload.simulate(deck(200), 1000, None, new_per_day=7, reviews_per_day=40,
                               max_runs=2)
    for w in result:
        assert max(w.reviews) <= 40
        assert all(r + n <= 40 + 1e-9 for r, n in zip(w.reviews, w.new))
        assert max(w.new) <= 7
    fresh = workload.simulate([], 12, None, new_per_day=5, reviews_per_day=100)
    assert fresh[0].new[:4] == (5.0, 5.0, 2.0, 0.0) and fresh[0].reviews[0] == 0


def test_start_cards_skip_suspended_retired_and_overdue_lands_today():
    def row(card_id, due_days, suspended=False):
        return CardRow(card_id, 2, None, 4.0, 5.0, NOW + timedelta(days=due_days),
                       NOW - timedelta(days=4), 3, 0, False, suspended)

    rows = [row("a", -5), row("b", 3), row("c", 1, suspended=True), row("gone", 1)]
    cards = workload.start_cards(rows, {"a", "b", "c"}, NOW, 4, UTC)
    assert [(c.due_day, c.last_day) for c in cards] == [(0, -4), (3, -4)]


@pytest.mark.katas  # over ~0.3 s: the slow part
def test_the_chart_fits_80_columns_and_json_has_every_retention(cli):
    code, out, _ = cli("stats", "--workload")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Expected reviews per day, next 30 days")
    assert all(len(line) <= 80 for line in lines)
    rows = [line for line in lines if line.strip().endswith(tuple("0123456789")) and "%" in line]
    assert len(rows) == 4 and "* 90%" in rows[2]  # the default desired retention is marked
    code, out, _ = cli("stats", "--workload", "--json")
    data = json.loads(out)
    assert [w["retention"] for w in data["workload"]] == [0.8, 0.85, 0.9, 0.95]
    assert data["parameters"]["source"] == "default" and data["days"] == 30
    assert data["unseen"] > 0 and sum(data["workload"][0]["new"]) > 0
