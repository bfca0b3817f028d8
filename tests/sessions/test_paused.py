"""`trainer sessions`: unfinished sessions listed, dropped, and cleared after 30 days."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers.cli import run_cli
from trainer.sessions import paused
from trainer.store import Store
from trainer.store.timefmt import to_db

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def add(store, sid, kind="quiz", *, position=0, total=4, days_ago=0, finished=False):
    payload = {"version": 1, "queue": [f"c{i}" for i in range(total)], "position": position,
               "answers": [None] * total}
    store.save_session(sid, kind, "finished" if finished else "paused", payload, finished=finished)
    at = to_db(NOW - timedelta(days=days_ago))
    store._execute("UPDATE sessions SET created_at = ?, updated_at = ? WHERE id = ?", (at, at, sid))


@pytest.fixture
def store(home):
    with Store.open() as s:
        yield s


def test_lists_unfinished_newest_first_with_position(store):
    add(store, "old", "mock", position=2, days_ago=3)
    add(store, "new", "drill", position=0, days_ago=1)
    add(store, "done", finished=True)
    found = paused.unfinished(store)
    assert [(s.id, s.kind, s.position, s.total, s.state) for s in found] == [
        ("new", "drill", 1, 4, "paused"), ("old", "mock", 3, 4, "paused")]


def test_stale_sessions_are_dropped(store):
    add(store, "stale", days_ago=31)
    add(store, "fresh", days_ago=29)
    dropped = paused.drop_stale(store, NOW)
    assert [s.id for s in dropped] == ["stale"]
    assert [s.id for s in paused.unfinished(store)] == ["fresh"]


def test_drop_by_id_prefix_and_all(store):
    add(store, "abc123")
    add(store, "abd456")
    assert paused.drop(store, "ab") is None  # ambiguous: nothing dropped
    assert paused.drop(store, "abc").id == "abc123"
    assert paused.drop(store, "nope") is None
    assert [s.id for s in paused.drop_all(store)] == ["abd456"]
    assert paused.unfinished(store) == []



def test_cli_lists_as_json_drops_and_notes_stale(home):
    with Store.open() as s:
        add(s, "keep01", "review", position=1)
        s._execute("UPDATE sessions SET updated_at = ?", (to_db(datetime.now(UTC)),))
        add(s, "stale1", days_ago=400)
    code, out, err = run_cli("sessions", "--json")
    assert code == 0
    assert "note: dropped 1 unfinished session untouched for over 30 days (quiz)" in err
    rows = json.loads(out)
    assert [(r["id"], r["kind"], r["position"], r["total"], r["state"]) for r in rows] == [
        ("keep01", "review", 2, 4, "paused")]
    assert set(rows[0]) == {"id", "kind", "started", "updated", "position", "total", "state"}
    code, out, err = run_cli("sessions")
    assert "keep01  review" in out and "card 2 of 4" in out
    assert run_cli("sessions", "drop")[0] == 2
    code, out, err = run_cli("sessions", "drop", "keep01")
    assert code == 0 and "Dropped the review session keep01 (card 2 of 4)" in out
    code, out, err = run_cli("sessions")
    assert out.strip() == "No unfinished sessions."


def test_a_plain_run_that_ends_on_eof_is_listed(home):
    run_cli("quiz", "--plain", "-n", "2")
    code, out, err = run_cli("sessions", "--json")
    assert [r["kind"] for r in json.loads(out)] == ["quiz"]
    code, out, err = run_cli("sessions", "drop", "--all")
    assert out.strip() == "Dropped 1 unfinished session."
