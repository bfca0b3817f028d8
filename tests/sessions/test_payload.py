"""The session's typed records at the JSON edge: what was stored loads, and round-trips."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.helpers.scripted_ui import ScriptedUI
from trainer.bank import load_bank
from trainer.grading import grade
from trainer.rating import Rating
from trainer.sessions.payload import Answer, PayloadError, SessionKind, SessionPayload
from trainer.sessions.scorecard import Headline, Scorecard, build_scorecard

BANK = load_bank()
CARD = BANK.select(kinds=["question"])[0]
START = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)

# A payload exactly as the previous version wrote it: an answer saved before grades were
# stored, a skip with no answer (ints for seconds), a pause mid-answer on the third card.
PREVIOUS = {
    "version": 1, "title": "Quiz", "queue": [CARD.id, "q-other", "q-third"], "position": 2,
    "answers": [
        {"card": CARD.id, "answer": "the context delegates", "seconds": 12.5, "timed_out": False,
         "covered": [True, False], "suggested": 2, "rating": 3, "skipped": False},
        {"card": "q-other", "answer": "", "seconds": 0, "timed_out": False, "covered": [],
         "suggested": None, "rating": None, "skipped": True},
        None,
    ],
    "time_limit": None, "options": {"n": 3, "level": None}, "started_at": START.isoformat(),
    "held": {"2": {"seconds": 40.0, "draft": "half"}},
}


def test_a_payload_of_the_previous_version_loads_as_records():
    payload = SessionPayload.from_json(PREVIOUS, BANK)
    first, skipped, third = payload.answers
    assert (payload.position, payload.total, payload.started_at) == (2, 3, START)
    assert first is not None and first.grade is None          # older answers: no stored grade
    assert (first.covered, first.suggested, first.rating) == ((True, False), Rating.HARD,
                                                               Rating.GOOD)
    assert first.share == 0.5 and not first.awaits_rating
    assert skipped is not None and skipped.skipped and skipped.suggested is None
    assert third is None
    held = payload.held_here
    assert held is not None and (held.seconds, held.draft) == (40.0, "half")


def test_to_json_writes_what_from_json_reads():
    payload = SessionPayload.from_json(PREVIOUS, BANK)
    again = SessionPayload.from_json(payload.to_json(), BANK)
    assert again == payload
    assert payload.to_json()["answers"][0]["covered"] == [True, False]
    assert set(payload.to_json()) >= {"version", "title", "queue", "position", "answers",
                                      "time_limit", "options", "started_at", "held"}


def test_a_graded_answer_keeps_its_grade_and_coverage_through_json():
    graded = grade(CARD, "each state is its own type and the context delegates to it", BANK)
    answer = Answer.graded(CARD.id, "each state ...", 30.04, False, graded)
    assert answer.covered == graded.covered and answer.suggested is graded.suggested
    assert answer.seconds == 30.0
    back = Answer.from_json(answer.to_json(), BANK)
    assert back.grade is not None and back.grade.points == graded.points
    assert back.covered == answer.covered and back.suggested == answer.suggested


@pytest.mark.parametrize("broken", [
    "not an object",
    {**PREVIOUS, "version": 2},
    {**PREVIOUS, "queue": "q1"},
    {**PREVIOUS, "answers": [None]},                    # not one per card
    {**PREVIOUS, "position": 3},                        # past the end
    {**PREVIOUS, "position": "2"},
    {**PREVIOUS, "answers": [None, None, "an answer"]},
], ids=["not-object", "version", "queue", "answers", "position", "position-type", "answer"])
def test_a_payload_this_version_cannot_read_is_a_payload_error(broken):
    with pytest.raises(PayloadError):
        SessionPayload.from_json(broken, BANK)


def test_holding_adds_up_and_unheld_hands_it_back():
    payload = SessionPayload.start("Mock", [CARD.id], time_limit=180.0, options={},
                                   started_at=START)
    payload = payload.holding(100, "half").holding(20.04, "half of it")
    rest, held = payload.unheld()
    assert held is not None and (held.seconds, held.draft) == (120.0, "half of it")
    assert rest.held == () and rest.unheld() == (rest, None)


def test_the_session_kind_names_itself():
    assert [k.label for k in SessionKind] == ["Quiz", "Review", "Mock interview", "Drill"]
    assert f"{SessionKind.MOCK}" == "mock"


def test_a_scorecard_round_trips_and_reads_older_ones():
    answer = Answer.graded(CARD.id, "the context delegates to the current state", 20, False,
                           grade(CARD, "the context delegates to the current state", BANK))
    payload = SessionPayload("Mock interview (junior)", (CARD.id, "gone-card"), (answer, None),
                             time_limit=60.0)
    card = build_scorecard(BANK, payload)
    assert Scorecard.from_json(card.to_json()) == card
    assert card.questions[1].skipped and card.questions[1].kind == "unknown"
    old = {"title": "Mock", "questions": [{"number": 1, "id": "q1", "covered": 1, "points": 2,
                                           "missed": ["x"], "seconds": 5, "timed_out": False,
                                           "skipped": False}],
           "red_flags": [{"id": "rf", "title": "Flag", "answers": [1]}], "strong_signals": [],
           "score": 40, "verdict": "Lean no hire", "rules": "coverage"}
    older = Scorecard.from_json(old)
    assert older.questions[0].suggested is None and older.credit == 0.0
    assert older.red_flags[0].evidence == ()


def test_a_headline_reads_any_stored_scorecard():
    assert Headline.from_json({"verdict": "Hire", "score": 70, "questions": [{}, {}],
                               "red_flags": [], "kind": "interview"}) == \
        Headline("", "Hire", 70, 2, 0, 0)
    assert Headline.from_json({}).score_text == "?"


def test_a_session_saved_by_the_previous_version_resumes_to_the_end(ctx):
    from trainer.sessions.session import Session
    from trainer.sessions.views import Reply, RevealReply

    bank, store, scheduler = ctx
    ids = [c.id for c in bank.select(kinds=["question"])[:3]]
    old = {**PREVIOUS, "queue": ids,
           "answers": [{**PREVIOUS["answers"][0], "card": ids[0]},
                       {**PREVIOUS["answers"][1], "card": ids[1]}, None]}
    with store.transaction():
        store.save_session("oldsession01", "quiz", "paused", old)
    session = Session.resume(store, bank, scheduler, "quiz")
    assert session is not None and session.id == "oldsession01"
    ui = ScriptedUI.of([Reply("answer", "more of it", 5)], [RevealReply("grade", 4)])
    summary = session.run(ui)
    assert (ui.prompts[0].number, ui.prompts[0].time_used, ui.prompts[0].draft) == (3, 40.0, "half")
    assert (summary.answered, summary.skipped, summary.paused) == (2, 1, False)
    assert summary.ratings == {Rating.GOOD: 1, Rating.EASY: 1}
    stored = store.load_session("oldsession01")
    assert stored.finished and stored.payload["answers"][2]["seconds"] == 45.0


def test_a_step_that_fails_leaves_the_payload_as_it_was_saved(ctx, monkeypatch):
    from trainer.sessions.session import Session
    from trainer.sessions.session_machine import SessionEvent

    bank, store, scheduler = ctx
    s = Session.new(store, bank, scheduler, "quiz", [CARD.id], title="Quiz")
    s.send(SessionEvent.START)
    saved = s.payload

    def full(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "append_audit", full)    # fails after the answer was recorded
    with pytest.raises(OSError):
        s.submit("the context delegates", 3)
    assert s.payload is saved and s.payload.current is None
    assert store.load_session(s.id).payload == saved.to_json()
