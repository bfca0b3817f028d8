"""Whole sessions, headless: the same machine and store a learner uses."""
from __future__ import annotations

import pytest

from tests.helpers.scripted_ui import ScriptedUI
from trainer.sessions.selection import drill_queue, mock_queue, quiz_queue
from trainer.sessions.session import Session, StaleSession
from trainer.sessions.session_machine import SessionState
from trainer.sessions.views import Reply, RevealReply

GOOD = ("The State pattern lets an object change behaviour when its internal mode changes: each "
        "state becomes its own type, the context holds the current state and delegates calls to "
        "it, and a transition swaps that pointer. It replaces a status switch repeated in every method.")


def new_session(ctx, clock, kind="quiz", queue=None, **kw):
    bank, store, scheduler = ctx
    queue = queue if queue is not None else quiz_queue(bank, n=3)
    return Session.new(store, bank, scheduler, kind, queue, title=kind, clock=clock, **kw)


def test_a_quiz_grades_every_card_once_and_finishes(ctx, clock):

    bank, store, _ = ctx
    s = new_session(ctx, clock)
    ui = ScriptedUI.of([Reply("answer", GOOD, 20), Reply("answer", "", 1), Reply("answer", "the context", 5)],
                       [RevealReply("grade", 4), RevealReply("grade", 1), RevealReply("grade", 3)])
    summary = s.run(ui)
    assert s.state is SessionState.FINISHED
    assert store.reviews_total() == 3
    assert summary.answered == 3 and summary.ratings == {4: 1, 1: 1, 3: 1}
    assert [p.number for p in ui.prompts] == [1, 2, 3] and ui.prompts[0].total == 3
    assert ui.feedback[0].suggested == 4 and all(p.covered for p in ui.feedback[0].points)
    assert ui.feedback[1].suggested == 1  # an empty answer means "show me"
    assert set(ui.feedback[0].intervals) == {1, 2, 3, 4}
    row = store.load_session(s.id)
    assert row.finished and row.state == "finished"


def test_every_transition_is_audited_in_order(ctx, clock):

    _, store, _ = ctx
    s = new_session(ctx, clock, queue=quiz_queue(ctx[0], n=2))
    s.run(ScriptedUI.of([Reply("answer", "x", 1), Reply("skip")], [RevealReply("grade", 3)]))
    trail = [(a.seq, a.source, a.event, a.target) for a in store.audit(s.id)]
    assert trail == [
        (1, "ready", "start", "asking"),
        (2, "asking", "submit", "revealed"),
        (3, "revealed", "grade", "graded"),
        (4, "graded", "next", "asking"),
        (5, "asking", "skip", "graded"),
        (6, "graded", "next", "finished"),
    ]
    assert store.reviews_total() == 1  # a skip is not a review


def test_pause_then_resume_continues_at_the_same_card(ctx, clock):

    bank, store, scheduler = ctx
    s = new_session(ctx, clock)
    ui = ScriptedUI.of([Reply("answer", "first", 3), Reply("pause")], [RevealReply("grade", 3)])
    summary = s.run(ui)
    assert summary.paused and s.state is SessionState.PAUSED and summary.position == 2
    again = Session.resume(store, bank, scheduler, "quiz", clock=clock)
    assert again.id == s.id and again.position == 1 and again.state is SessionState.PAUSED
    ui2 = ScriptedUI.of([Reply("answer", "second", 3), Reply("answer", "third", 3)],
                        [RevealReply("grade", 3), RevealReply("grade", 2)])
    again.run(ui2)
    assert ui2.headers[0].resumed_at == 2
    assert [p.number for p in ui2.prompts] == [2, 3]
    assert store.reviews_total() == 3
    seqs = [a.seq for a in store.audit(s.id)]
    assert seqs == list(range(1, len(seqs) + 1))  # the sequence continues after the resume


def test_pause_at_the_rating_keeps_the_answer_and_resumes_at_the_rating(ctx, clock):

    bank, store, scheduler = ctx
    s = new_session(ctx, clock)
    s.run(ScriptedUI.of([Reply("answer", GOOD, 3)], [RevealReply("pause")]))
    assert store.reviews_total() == 0
    again = Session.resume(store, bank, scheduler, "quiz", clock=clock)
    ui = ScriptedUI.of([Reply("pause")], [RevealReply("grade", 4)])
    again.run(ui)
    assert ui.feedback[0].number == 1 and ui.feedback[0].answer == GOOD  # no retyping
    assert [p.number for p in ui.prompts] == [2] and store.reviews_total() == 1
    assert [a.event for a in store.audit(s.id)][-4:] == ["resume_rating", "grade", "next", "pause"]


def test_a_session_crashed_after_grading_resumes_with_the_next_card(ctx, clock):

    bank, store, scheduler = ctx
    s = new_session(ctx, clock)
    s.send(s.machine.definition.events("start"))
    s.submit("x", 1)
    s.send(s.machine.definition.events("grade"), rating=3)  # then the process dies
    again = Session.resume(store, bank, scheduler, "quiz", clock=clock)
    assert again.state is SessionState.GRADED
    ui = ScriptedUI.of([Reply("pause")], [])
    again.run(ui)
    assert ui.prompts[0].number == 2 and store.reviews_total() == 1


def test_a_failed_grade_rolls_back_the_state_and_the_session_row(ctx, clock, monkeypatch):
    bank, store, scheduler = ctx
    s = new_session(ctx, clock)
    E = s.machine.definition.events
    s.send(E("start"))
    s.submit("x", 1)
    monkeypatch.setattr(scheduler, "grade", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        s.send(E("grade"), rating=3)
    assert s.state is SessionState.REVEALED
    assert store.load_session(s.id).state == "revealed" and store.reviews_total() == 0
    assert [a.event for a in store.audit(s.id)] == ["start", "submit"]


def test_unknown_stored_state_is_a_clear_error(ctx, clock):
    bank, store, scheduler = ctx
    s = new_session(ctx, clock)
    with store.transaction():
        store.save_session(s.id, "quiz", "daydreaming", s.payload.to_json())
    with pytest.raises(StaleSession, match="'daydreaming', which this version of trainer does not know"):
        Session.resume(store, bank, scheduler, "quiz")


def test_a_card_removed_from_the_bank_is_skipped_on_resume(ctx, clock):

    bank, store, scheduler = ctx
    s = new_session(ctx, clock, queue=["gone-card", bank.select(kinds=["question"])[0].id])
    ui = ScriptedUI.of([Reply("answer", "x", 1)], [RevealReply("grade", 3)])
    summary = s.run(ui)
    assert summary.skipped == 1 and summary.answered == 1
    assert "gone-card" in ui.notices[0]


def test_mock_times_out_over_limit_and_saves_a_scorecard(ctx, clock):

    bank, store, scheduler = ctx
    queue = mock_queue(bank, level="junior", n=1)
    assert queue[1].startswith(queue[0] + ".f")  # the follow-up comes right after its question
    s = new_session(ctx, clock, kind="mock", queue=queue, time_limit=60)
    ui = ScriptedUI.of([Reply("answer", GOOD, 30), Reply("answer", "not sure", 200)],
                       [RevealReply("grade", 3), RevealReply("grade", 1)])
    summary = s.run(ui)
    assert summary.timed_out == 1 and ui.feedback[1].timed_out
    assert [a.event for a in store.audit(s.id)].count("timeout") == 1
    card = store.scorecards()[0].scorecard
    assert card["verdict"] in {"Strong hire", "Hire", "Lean hire", "Lean no hire", "No hire"}
    assert card["questions"][0]["covered"] == card["questions"][0]["points"]
    assert card["questions"][1]["timed_out"] is True
    assert summary.scorecard.to_json() == card


def test_mock_scorecard_shows_red_flags_and_strong_signals(ctx, clock):

    bank, store, scheduler = ctx
    weak = "We just keep the state in memory, there is no need to persist it."
    strong = "I would write the event to an outbox table in the same transaction as the state change."
    s = new_session(ctx, clock, kind="mock", queue=mock_queue(bank, level="senior", n=1)[:1], time_limit=600)
    ui = ScriptedUI.of([Reply("answer", weak + " " + strong, 30)], [RevealReply("grade", 2)])
    s.run(ui)
    card = store.scorecards()[0].scorecard
    assert any(f["id"].startswith("rf04") for f in card["red_flags"]), card["red_flags"]
    assert any(x["id"].startswith("ss07") for x in card["strong_signals"]), card["strong_signals"]
    assert ui.feedback[0].flags and ui.feedback[0].signals


def test_selections(ctx):
    bank = ctx[0]
    assert quiz_queue(bank, kinds=["concept_check"], n=100) == [c.id for c in bank.select(kinds=["concept_check"])]
    assert len(quiz_queue(bank, levels=["staff"], n=2)) == 2
    assert sorted(drill_queue(bank, n=15)) == sorted(c.id for c in bank.select(kinds=["concept_check"]))
    spread = [q for q in mock_queue(bank, n=5) if ".f" not in q]
    assert len(spread) == 5 and sorted(spread) == spread  # interview order, across levels
    assert {bank.cards[q].level for q in spread} == {"junior", "middle", "senior", "staff"}
    assert [q for q in mock_queue(bank, n=5, offset=1) if ".f" not in q] != spread


def test_a_card_that_becomes_a_leech_is_announced_at_the_rating(ctx, clock):
    from datetime import timedelta

    from trainer.scheduling import REVIEW, Scheduler
    from trainer.settings import Settings

    bank, store, _ = ctx
    scheduler = Scheduler(Settings(leech_lapses=1), fuzz=False)
    card = quiz_queue(bank, n=1)[0]
    scheduler.grade(store, card, 4, clock.now - timedelta(days=30))
    assert store.card(card).state == REVIEW
    s = Session.new(store, bank, scheduler, "quiz", [card], title="quiz", clock=clock)
    ui = ScriptedUI.of([Reply("answer", "no idea", 3)], [RevealReply("grade", 1)])
    s.run(ui)
    assert store.card(card).suspended
    assert ui.notices == [f"{card} was set aside as a leech (1 lapse): reviews skip it now; "
                          f"`trainer unsuspend {card}` brings it back"]


def test_a_paused_mock_keeps_the_time_used_and_the_text(ctx, clock):

    bank, store, scheduler = ctx
    s = new_session(ctx, clock, kind="mock", queue=quiz_queue(bank, n=1), time_limit=180)
    s.run(ScriptedUI.of([Reply("pause", "half of it", 100)], []))
    resumed = Session.resume(store, bank, scheduler, "mock", clock=clock)
    ui = ScriptedUI.of([Reply("answer", "half of it and the rest", 50)], [RevealReply("grade", 3)])
    resumed.run(ui)
    assert (ui.prompts[0].time_used, ui.prompts[0].draft) == (100, "half of it")
    assert resumed.payload.answers[0].seconds == 150
    assert not resumed.payload.held
