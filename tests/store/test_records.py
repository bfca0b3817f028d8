"""Sessions, audit, scorecards, kata runs, meta; and transactions that nest."""
from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from tests.helpers.progress import T0


def test_sessions_round_trip_and_update_in_place(store):
    store.save_session("s1", "quiz", "asking", {"cards": ["a", "b"], "i": 0})
    first = store.load_session("s1")
    store.save_session("s1", "quiz", "grading", {"cards": ["a", "b"], "i": 1})
    row = store.load_session("s1")
    assert (row.kind, row.state, row.payload, row.finished) == (
        "quiz", "grading", {"cards": ["a", "b"], "i": 1}, False)
    assert row.created_at == first.created_at and row.updated_at >= first.updated_at
    assert store.load_session("nope") is None


def test_latest_unfinished_session_per_kind(store):
    store.save_session("q1", "quiz", "asking", {})
    store.save_session("r1", "review", "asking", {})
    store.save_session("q2", "quiz", "asking", {})
    assert store.latest_unfinished_session("quiz").id == "q2"
    store.save_session("q2", "quiz", "done", {}, finished=True)
    assert store.latest_unfinished_session("quiz").id == "q1"
    assert store.latest_unfinished_session("mock") is None


def test_discarding_a_session_drops_its_audit_but_keeps_its_answers(store, sched):
    with store.transaction():
        store.append_audit("s1", 1, "idle", "start", "asking", T0)  # before the session row
        store.save_session("s1", "quiz", "asking", {})
        sched.grade(store, "c1", 3, T0, session_id="s1")
    store.append_audit("s1", 2, "asking", "answer", "grading", T0 + timedelta(seconds=5))
    assert [(a.seq, a.event) for a in store.audit("s1")] == [(1, "start"), (2, "answer")]
    store.discard_session("s1")
    assert store.load_session("s1") is None and store.audit("s1") == []
    assert store.reviews_total() == 1


def test_an_audit_row_without_its_session_is_refused_at_commit(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.append_audit("ghost", 1, "a", "b", "c", T0)
    assert store.audit("ghost") == []


def test_scorecards_newest_first(store):
    for i in range(3):
        store.save_scorecard(f"m{i}", T0 + timedelta(days=i), {"verdict": "hire", "score": i})
    cards = store.scorecards()
    assert [c.scorecard["score"] for c in cards] == [2, 1, 0]
    assert store.scorecards(limit=1)[0].session_id == "m2"


def test_kata_summary_best_run_prefers_a_pass_then_most_passed(store):
    at = T0
    for status, passed in [("failed", 2), ("failed", 4), ("passed", 5), ("failed", 1)]:
        at += timedelta(minutes=1)
        store.record_kata_run("vending", at, status, passed, 5, 100)
    store.record_kata_run("tcp", T0, "failed", 3, 7, 50)
    store.record_kata_run("tcp", T0 + timedelta(minutes=5), "error", 0, 7, 50)
    summary = store.kata_summary()
    v, t = summary["vending"], summary["tcp"]
    assert v.status == "passed" and v.runs == 4 and v.best.passed == 5 and v.last.passed == 1
    assert t.status == "in progress" and t.best.passed == 3 and t.last.status == "error"


def test_meta_holds_json_values(store):
    assert store.get_meta("hints", default={}) == {}
    store.set_meta("hints", {"vending": 2})
    store.set_meta("hints", {"vending": 3})
    assert store.get_meta("hints") == {"vending": 3}


def test_nested_transactions_join_and_an_inner_failure_undoes_only_itself(store):
    with store.transaction():
        store.set_meta("outer", 1)
        with pytest.raises(KeyError):
            with store.transaction():
                store.set_meta("inner", 1)
                raise KeyError("inner")
        assert store.in_transaction
    assert store.get_meta("outer") == 1 and store.get_meta("inner") is None
    with pytest.raises(ValueError):
        with store.transaction():
            store.set_meta("a", 1)
            with store.transaction():
                store.set_meta("b", 1)
            raise ValueError
    assert store.get_meta("a") is None and store.get_meta("b") is None
    assert not store.in_transaction
