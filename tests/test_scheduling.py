"""Scheduling with a frozen clock: intervals, limits, roll-over, leeches, content edits."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.helpers.progress import T0, TZ, scheduler
from trainer.scheduling import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    day_bounds,
    is_leech_threshold,
    resolve_renames,
    sync_renames,
)

BANK = [f"c{i:02d}" for i in range(20)]


def graduate(sched, store, card_id, at):
    """New -> review in one Easy answer (due ~a week later)."""
    return sched.grade(store, card_id, EASY, at)


# --- one answer -------------------------------------------------------------------------
def test_preview_shows_exactly_what_grading_would_do(store, sched):
    preview = sched.preview(store, "c00", T0)
    assert preview[AGAIN] == timedelta(minutes=1)      # fsrs default learning steps
    assert preview[GOOD] == timedelta(minutes=10)
    assert preview[AGAIN] < preview[HARD] < preview[GOOD] < preview[EASY]
    assert preview[EASY] >= timedelta(days=1)
    assert store.card("c00") is None                    # preview writes nothing
    status = sched.grade(store, "c00", GOOD, T0, session_id="s1", duration_ms=1200)
    assert status.interval == preview[GOOD] and status.state == "learning"
    assert status.due == T0 + timedelta(minutes=10)
    later = T0 + timedelta(minutes=10)
    preview2 = sched.preview(store, "c00", later)
    assert sched.grade(store, "c00", GOOD, later).interval == preview2[GOOD]
    assert store.reviews_total() == 2


def test_every_answer_is_one_review_row_with_its_context(store, sched):
    sched.grade(store, "c00", GOOD, T0, session_id="quiz-1", duration_ms=900)
    sched.grade(store, "c00", AGAIN, T0 + timedelta(minutes=10), session_id="drill-2")
    rows = store._query("SELECT card_id, rating, state_before, state_after, duration_ms,"
                        " session_id FROM reviews ORDER BY id")
    assert rows == [("c00", GOOD, None, 1, 900, "quiz-1"), ("c00", AGAIN, 1, 1, None, "drill-2")]


def test_bad_inputs_are_programming_errors_not_silent(store, sched):
    with pytest.raises(ValueError):
        sched.grade(store, "c00", 5, T0)
    with pytest.raises(ValueError):
        sched.grade(store, "c00", True, T0)
    with pytest.raises(ValueError, match="naive"):
        sched.grade(store, "c00", GOOD, datetime(2026, 1, 1))
    assert store.reviews_total() == 0


def test_non_utc_times_are_converted(store, sched):
    local = T0.astimezone(TZ)
    status = sched.grade(store, "c00", GOOD, local)
    assert status.due == T0 + timedelta(minutes=10) and status.due.tzinfo == UTC


def test_an_answer_joins_the_callers_transaction(store, sched):
    with pytest.raises(RuntimeError):
        with store.transaction():
            sched.grade(store, "c00", GOOD, T0, session_id="s1")
            store.save_session("s1", "quiz", "asking", {"answered": 1})
            raise RuntimeError("crash before the session commits")
    assert store.reviews_total() == 0 and store.card("c00") is None
    assert store.load_session("s1") is None


# --- the queue --------------------------------------------------------------------------
def test_due_cards_come_first_oldest_due_first_then_new_in_bank_order(store):
    s = scheduler(new_per_day=100)
    for i, cid in enumerate(["c05", "c03", "c04"]):
        graduate(s, store, cid, T0 + timedelta(hours=i))
    later = T0 + timedelta(days=60)
    queue = s.review_queue(store, BANK, later)
    assert queue[:3] == ["c05", "c03", "c04"]
    assert queue[3:6] == ["c00", "c01", "c02"] and "c03" not in queue[3:]
    assert s.review_queue(store, BANK, later, limit=2) == ["c05", "c03"]


def test_a_card_not_due_yet_is_not_asked(store, sched):
    graduate(sched, store, "c00", T0)
    assert "c00" not in sched.review_queue(store, ["c00"], T0 + timedelta(hours=1))
    due = store.card("c00").due
    assert sched.review_queue(store, ["c00"], due) == ["c00"]


def test_new_cards_per_day_limit_and_roll_over_at_4am_local(store):
    s = scheduler(new_per_day=3, day_starts_at_hour=4)
    evening = datetime(2026, 3, 2, 23, 0, tzinfo=TZ)      # local 23:00
    assert s.new_available(store, BANK, evening) == 3
    for cid in s.review_queue(store, BANK, evening):
        s.grade(store, cid, GOOD, evening)
    assert s.new_available(store, BANK, evening) == 0
    after_midnight = datetime(2026, 3, 3, 3, 59, tzinfo=TZ)  # still the same trainer day
    assert s.new_available(store, BANK, after_midnight) == 0
    next_day = datetime(2026, 3, 3, 4, 0, tzinfo=TZ)
    assert s.new_available(store, BANK, next_day) == 3
    assert s.review_queue(store, BANK, next_day)[-3:] == ["c03", "c04", "c05"]


def test_day_bounds_follow_the_configured_hour():
    start, end = day_bounds(datetime(2026, 3, 3, 3, 0, tzinfo=TZ), 4, TZ)
    assert start == datetime(2026, 3, 2, 4, 0, tzinfo=TZ) and end - start == timedelta(days=1)
    start, _ = day_bounds(datetime(2026, 3, 3, 3, 0, tzinfo=TZ), 0, TZ)
    assert start == datetime(2026, 3, 3, 0, 0, tzinfo=TZ)


def test_a_dst_day_is_23_hours_long():
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        ny = zoneinfo.ZoneInfo("America/New_York")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time zone database")
    # Clocks jump at 2 AM on 8 March: the trainer day from 4 AM on the 7th is short.
    start, end = day_bounds(datetime(2026, 3, 7, 12, 0, tzinfo=ny), 4, ny)
    assert end - start == timedelta(hours=23)
    assert start.astimezone(ny).hour == 4 and end.astimezone(ny).hour == 4


def test_reviews_per_day_limits_review_cards_and_new_ones_count_toward_it(store):
    setup = scheduler(new_per_day=100)
    for cid in BANK[:8]:
        graduate(setup, store, cid, T0)
    s = scheduler(new_per_day=10, reviews_per_day=5)
    later = T0 + timedelta(days=60)
    queue = s.review_queue(store, BANK, later)
    assert queue == BANK[:5]                      # 5 reviews, no room left for new cards
    s2 = scheduler(new_per_day=2, reviews_per_day=10)
    assert s2.review_queue(store, BANK, later) == BANK[:8] + BANK[8:10]
    # Answers already given today use up the allowance.
    for cid in BANK[:3]:
        s.grade(store, cid, GOOD, later)
    assert s.due_count(store, BANK, later) == 2


def test_learning_steps_are_never_held_back_by_the_limit(store):
    s = scheduler(new_per_day=2, reviews_per_day=2)
    for cid in ("c00", "c01"):
        s.grade(store, cid, AGAIN, T0)                 # learning, due in a minute
    soon = T0 + timedelta(minutes=2)
    assert s.review_queue(store, BANK, soon) == ["c00", "c01"]
    assert s.new_available(store, BANK, soon) == 0


def test_queue_counts_match_due_and_new(store, sched):
    graduate(sched, store, "c00", T0)
    later = T0 + timedelta(days=60)
    q = sched.review_queue(store, BANK, later)
    assert len(q) == sched.due_count(store, BANK, later) + sched.new_available(store, BANK, later)


# --- leeches ----------------------------------------------------------------------------
def lapse(s, store, card_id, at):
    """From review state: Again (a lapse), then Good when relearning is due: back to review."""
    st_ = s.grade(store, card_id, AGAIN, at)
    back = s.grade(store, card_id, GOOD, st_.due)
    return st_, back.due


def test_eight_lapses_make_a_suspended_leech_until_unsuspended(store, sched):
    at = graduate(sched, store, "c00", T0).due
    for n in range(1, 8):
        status, at = lapse(sched, store, "c00", at)
        assert status.lapses == n and not status.leech and not status.suspended
    status = sched.grade(store, "c00", AGAIN, at)
    assert status.lapsed and status.lapses == 8
    assert status.leech and status.became_leech and status.suspended
    far = at + timedelta(days=365)
    assert "c00" not in sched.review_queue(store, BANK, far)
    assert store.card("c00").suspended
    assert store.unsuspend("c00") is True
    assert store.unsuspend("c00") is False
    assert "c00" in sched.review_queue(store, BANK, far)
    assert store.card("c00").leech   # still listed as a leech


def test_only_again_on_a_review_card_is_a_lapse(store, sched):
    sched.grade(store, "c00", AGAIN, T0)            # learning: not a lapse
    st_ = sched.grade(store, "c00", AGAIN, T0 + timedelta(minutes=1))
    assert st_.lapses == 0 and not st_.lapsed


def test_a_leech_is_suspended_again_every_half_threshold():
    assert [n for n in range(1, 20) if is_leech_threshold(n, 8)] == [8, 12, 16]
    assert [n for n in range(1, 5) if is_leech_threshold(n, 1)] == [1, 2, 3, 4]


def test_the_leech_threshold_is_a_setting(store):
    s = scheduler(leech_lapses=2)
    at = graduate(s, store, "c00", T0).due
    _, at = lapse(s, store, "c00", at)
    assert s.grade(store, "c00", AGAIN, at).suspended


# --- content edits ----------------------------------------------------------------------
def test_a_card_gone_from_the_bank_keeps_its_rows_but_is_never_scheduled(store, sched):
    graduate(sched, store, "gone", T0)
    later = T0 + timedelta(days=60)
    assert "gone" not in sched.review_queue(store, BANK, later)
    assert store.card("gone") is not None and store.reviews_total() == 1


def test_unknown_ids_never_crash(store, sched):
    assert sched.preview(store, "no-such-card", T0)[GOOD] == timedelta(minutes=10)
    sched.grade(store, "no-such-card", GOOD, T0)
    assert sched.review_queue(store, [], T0) == []
    assert store.unsuspend("nope") is False


def test_a_renamed_card_keeps_its_history(store, sched):
    graduate(sched, store, "old-id", T0)
    before = store.card("old-id")
    assert sync_renames(store, {"old-id": "new-id"}) == 1
    assert store.card("old-id") is None
    after = store.card("new-id")
    assert after.due == before.due and after.reps == 1
    assert len(store.reviews_of("new-id")) == 1 and store.reviews_of("old-id") == []
    assert sync_renames(store, {"old-id": "new-id"}) == 0      # idempotent
    assert "new-id" in sched.review_queue(store, ["new-id"], T0 + timedelta(days=60))


def test_renames_merge_when_both_ids_have_history(store, sched):
    graduate(sched, store, "a", T0)
    sched.grade(store, "b", GOOD, T0 + timedelta(days=1))
    sync_renames(store, {"a": "b"})
    row = store.card("b")
    assert row.reps == 2 and row.last_review == T0 + timedelta(days=1)
    assert len(store.reviews_of("b")) == 2 and store.card("a") is None


def test_rename_chains_resolve_and_cycles_are_dropped():
    assert resolve_renames({"a": "b", "b": "c"}) == {"a": "c", "b": "c"}
    assert resolve_renames({"x": "y", "y": "x", "p": "q"}) == {"p": "q"}


# --- a property: whatever happened, the queue is sane ------------------------------------
@hsettings(max_examples=25, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.tuples(st.integers(0, 9), st.integers(1, 4), st.integers(0, 2000)),
                        max_size=25),
       new_per_day=st.integers(0, 4), reviews_per_day=st.integers(0, 8))
def test_queue_invariants(store, answers, new_per_day, reviews_per_day):
    from trainer.store import transfer

    transfer.reset(store)
    s = scheduler(new_per_day=new_per_day, reviews_per_day=reviews_per_day, leech_lapses=2)
    bank = BANK[:8]
    now = T0
    for index, rating, minutes in answers:
        now += timedelta(minutes=minutes)
        s.grade(store, BANK[index], rating, now)       # BANK[8], BANK[9]: not in the bank
    plan = s.plan(store, bank, now)
    queue = plan.due + plan.new
    assert len(queue) == len(set(queue))
    assert set(queue) <= set(bank)
    assert not any(store.card(c) and store.card(c).suspended for c in queue)
    assert all(store.card(c) is None for c in plan.new)
    assert len(plan.new) <= max(0, new_per_day - plan.new_done)
    reviews_in_queue = sum(1 for c in plan.due if store.card(c).state == 2)
    assert reviews_in_queue + len(plan.new) <= max(0, reviews_per_day - plan.new_done
                                                   - plan.reviews_done)


# --- case 10: a start hour the clocks skip ------------------------------------------------
def _berlin():
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        return zoneinfo.ZoneInfo("Europe/Berlin")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time zone database (tzdata)")


@pytest.mark.parametrize("zone_from", ["argument", "TZ environment"])
def test_day_bounds_hold_now_through_the_spring_forward_night(monkeypatch, zone_from):
    berlin = _berlin()
    tz = berlin
    if zone_from == "TZ environment":          # the system zone, as a learner's machine has it
        monkeypatch.setenv("TZ", "Europe/Berlin")
        tz = None
    # 29 March 2026: at 02:00 CET the clocks jump to 03:00 CEST (01:00 UTC). Day starts at 2.
    now = datetime(2026, 3, 28, 0, 0, tzinfo=UTC)          # a frozen clock, stepped by hand
    previous_start = previous_end = None
    while now < datetime(2026, 3, 30, 3, 0, tzinfo=UTC):
        start, end = day_bounds(now, 2, tz)
        assert start <= now < end, now
        assert timedelta(hours=23) <= end - start <= timedelta(hours=24)
        if previous_end is not None and start != previous_start:
            assert start == previous_end                      # days tile: no gap, no overlap
        previous_start, previous_end = start, end
        now += timedelta(minutes=10)
    start, end = day_bounds(datetime(2026, 3, 29, 1, 30, tzinfo=UTC), 2, tz)
    assert start == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # the jump itself: 03:00 CEST
    assert end.astimezone(berlin).hour == 2 and end - start == timedelta(hours=23)


def test_limits_on_the_spring_forward_night_count_the_right_day(store, monkeypatch):
    _berlin()
    monkeypatch.setenv("TZ", "Europe/Berlin")
    from trainer.scheduling import Scheduler
    from trainer.settings import Settings

    s = Scheduler(Settings(new_per_day=3, day_starts_at_hour=2), fuzz=False)
    before_jump = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)    # 01:30 CET: still the 28th's day
    for cid in s.review_queue(store, BANK, before_jump):
        s.grade(store, cid, GOOD, before_jump)
    assert s.new_available(store, BANK, datetime(2026, 3, 29, 0, 59, tzinfo=UTC)) == 0
    after_jump = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)      # 03:00 CEST: a new trainer day
    assert s.new_available(store, BANK, after_jump) == 3
