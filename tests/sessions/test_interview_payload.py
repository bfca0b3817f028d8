"""Interviews paused by the version before the typed payload still load and resume.

The two payloads below were captured from the store as that version wrote them
(a plain interview paused in a probe, and one paused in the coding phase after a
check and a hint); only the workspace path is a placeholder, filled at test time.
"""
from __future__ import annotations

import json
from collections import deque

import pytest

from tests.sessions.test_interview import Mono, ScriptedUI, fake_check, resume  # noqa: F401
from trainer.sessions.interview_machine import InterviewState

S = InterviewState
pytestmark = pytest.mark.usefixtures("fake_check")

PAUSED_IN_A_PROBE = r"""
{
 "budgets": {
  "coding": 1485.0,
  "questions": 1215
 },
 "clock": {
  "elapsed": 100.0,
  "questions_end": null
 },
 "coding": null,
 "items": [
  {
   "answer": "Each state is its own class and behaviour changes with the mode.",
   "card": "q01-state-pattern",
   "current_probe": {
    "card": "q01-state-pattern",
    "kind": "point",
    "target": "A transition swaps that pointer",
    "text": "How does the object move to its next mode?"
   },
   "grade": {
    "card": "q01-state-pattern",
    "coverage": 0.4,
    "evidence": {
     "ss10-asks-who-owns-the-fsm": "each state is its own class and behaviour changes with the mode"
    },
    "misconceptions": [],
    "points": [
     {
      "covered": true,
      "evidence": "each state is its own class and behaviour changes with the mode",
      "point": "Behavior varies with internal mode, as if the object changed class",
      "probe": null
     },
     {
      "covered": true,
      "evidence": "each state is its own class and behaviour changes with the mode",
      "point": "Each mode becomes its own type",
      "probe": null
     },
     {
      "covered": false,
      "evidence": null,
      "point": "The context holds the current state and delegates calls to it",
      "probe": "Who holds the current state, and what does it do when a method is called?"
     },
     {
      "covered": false,
      "evidence": null,
      "point": "A transition swaps that pointer",
      "probe": "How does the object move to its next mode?"
     },
     {
      "covered": false,
      "evidence": null,
      "point": "Replaces a status switch repeated across methods",
      "probe": null
     }
    ],
    "red_flags": [],
    "strong_signals": [
     "ss10-asks-who-owns-the-fsm"
    ],
    "suggested_rating": 2
   },
   "probes": [
    {
     "answer": "The context holds the current state and delegates every call to it.",
     "card": "q01-state-pattern",
     "grade": {
      "card": "q01-state-pattern",
      "coverage": 0.2,
      "evidence": {},
      "misconceptions": [],
      "points": [
       {
        "covered": false,
        "evidence": null,
        "point": "Behavior varies with internal mode, as if the object changed class",
        "probe": null
       },
       {
        "covered": false,
        "evidence": null,
        "point": "Each mode becomes its own type",
        "probe": null
       },
       {
        "covered": true,
        "evidence": "the context holds the current state and delegates every call to it",
        "point": "The context holds the current state and delegates calls to it",
        "probe": "Who holds the current state, and what does it do when a method is called?"
       },
       {
        "covered": false,
        "evidence": null,
        "point": "A transition swaps that pointer",
        "probe": "How does the object move to its next mode?"
       },
       {
        "covered": false,
        "evidence": null,
        "point": "Replaces a status switch repeated across methods",
        "probe": null
       }
      ],
      "red_flags": [],
      "strong_signals": [],
      "suggested_rating": 1
     },
     "kind": "point",
     "question_grade": null,
     "recovered": true,
     "seconds": 40.0,
     "target": "The context holds the current state and delegates calls to it",
     "text": "Who holds the current state, and what does it do when a method is called?",
     "timed_out": false
    }
   ],
   "seconds": 60.0,
   "timed_out": false
  },
  {
   "answer": null,
   "card": "q05-context",
   "current_probe": null,
   "probes": []
  }
 ],
 "kata": {
  "slug": "vending",
  "title": "Vending machine with a stock guard"
 },
 "lang": "python",
 "level": "junior",
 "minutes": 45.0,
 "paused_in": "probe",
 "position": 0,
 "queue": [
  "q01-state-pattern",
  "q05-context"
 ],
 "started_at": "2026-12-01T14:58:55.837649+00:00",
 "title": "Interview (junior, python)",
 "version": 1
}
"""

PAUSED_IN_CODING = r"""
{
 "budgets": {
  "coding": 1485.0,
  "questions": 1215
 },
 "clock": {
  "elapsed": 180.0,
  "questions_end": 120.0
 },
 "coding": {
  "checked_signature": [
   1796137136799803517,
   2545,
   2197474
  ],
  "checks": [
   {
    "at": 60.0,
    "duration_ms": 5,
    "failures": [
     "rule 1: something"
    ],
    "message": null,
    "passed": 3,
    "signature": [
     1796137136799803517,
     2545,
     2197474
    ],
    "status": "fail",
    "total": 10
   }
  ],
  "ended": null,
  "first_green": null,
  "hints": 1,
  "seconds": null,
  "solution": "{workspace}/vending.py",
  "started": 120.0,
  "workspace": "{workspace}"
 },
 "items": [
  {
   "answer": "The Context is what the rest of the system holds on to and calls: an Order, a Connection, a Door. It keeps the pointer to the current state and passes behavior calls on to it, and it also owns the data every state needs to share, such as the order ID, the socket or the door's combination, which is often called the blackboard. States act on the Context but don't replace it; the Context lives on while individual states come and go.",
   "card": "q05-context",
   "current_probe": null,
   "grade": {
    "card": "q05-context",
    "coverage": 1.0,
    "evidence": {
     "ss10-asks-who-owns-the-fsm": "it keeps the pointer to the current state and passes behavior calls on to it, and it also owns the data every state needs to share, such as the order id, the socket or the door's combination\u2026"
    },
    "misconceptions": [],
    "points": [
     {
      "covered": true,
      "evidence": "the context is what the rest of the system holds on to and calls: an order, a connection, a door",
      "point": "It is the object outside callers hold and call",
      "probe": "What does the context keep between calls?"
     },
     {
      "covered": true,
      "evidence": "it keeps the pointer to the current state and passes behavior calls on to it, and it also owns the data every state needs to share, such as the order id, the socket or the door's combination\u2026",
      "point": "It owns the current-state pointer and forwards calls",
      "probe": "What does the context keep a reference to, and what does it do with each call?"
     },
     {
      "covered": true,
      "evidence": "\u2026the order id, the socket or the door's combination, which is often called the blackboard\u2026",
      "point": "It owns the data shared by all states (the blackboard)",
      "probe": null
     },
     {
      "covered": true,
      "evidence": "the context lives on while individual states come and go",
      "point": "It outlives individual states, which don't replace it",
      "probe": null
     }
    ],
    "red_flags": [],
    "strong_signals": [
     "ss10-asks-who-owns-the-fsm"
    ],
    "suggested_rating": 4
   },
   "probes": [],
   "seconds": 120.0,
   "timed_out": false
  }
 ],
 "kata": {
  "slug": "vending",
  "title": "Vending machine with a stock guard"
 },
 "lang": "python",
 "level": "junior",
 "minutes": 45.0,
 "paused_in": "coding",
 "position": 0,
 "queue": [
  "q05-context"
 ],
 "started_at": "2026-12-01T14:58:56.747321+00:00",
 "title": "Interview (junior, python)",
 "version": 1
}
"""


def store_payload(store, session_id, text):
    with store.transaction():
        store.save_session(session_id, "interview", S.PAUSED.value, json.loads(text))


def test_an_interview_paused_in_a_probe_resumes_and_finishes(ctx):
    bank, store, _ = ctx
    store_payload(store, "old0probe001", PAUSED_IN_A_PROBE)
    mono = Mono()
    again = resume(ctx, mono)
    assert again.state is S.PAUSED and again.elapsed() == pytest.approx(100)
    ui = ScriptedUI(mono, deque([("I am not sure.", 20), (bank.get("q05-context").answer, 90),
                                 "check", "done"]))
    card = again.run(ui)
    assert ui.header.resumed_in == "questions"
    assert ui.asks[0].probe == "point" and ui.asks[0].text == "How does the object move to its next mode?"
    assert again.state is S.FINISHED and card is not None
    first = card["questions"][0]
    assert [p["recovered"] for p in first["probes"]] == [True, False]
    assert first["answer"].startswith("Each state is its own class")
    assert [q["id"] for q in card["questions"]] == ["q01-state-pattern", "q05-context"]
    assert card["kata"]["checks"] == 1 and card["elapsed"] == pytest.approx(100 + 20 + 90)


def test_an_interview_paused_in_coding_resumes_and_finishes(ctx, tmp_path):
    bank, store, _ = ctx
    workspace = tmp_path / "vending"
    workspace.mkdir()
    (workspace / "vending.py").write_text("# SOLVED")
    store_payload(store, "old0coding01", PAUSED_IN_CODING.replace("{workspace}", str(workspace)))
    mono = Mono()
    again = resume(ctx, mono)
    assert again.state is S.PAUSED and again.elapsed() == pytest.approx(180)
    ui = ScriptedUI(mono, deque([("done", 30)]))
    card = again.run(ui)
    assert ui.header.resumed_in == "coding"
    view = ui.views[0]
    assert (view.checks, view.hints_used, view.latest.status, view.latest.passed) == (1, 1, "fail", 3)
    assert view.latest.failures == ("rule 1: something",)
    kata = card["kata"]
    assert (kata["checks"], kata["passed"], kata["hints"], kata["ended"]) == (2, 10, 1, "done")
    assert kata["first_green"] == pytest.approx(90)
    assert card["elapsed"] == pytest.approx(210)
    assert [q["id"] for q in card["questions"]] == ["q05-context"]


@pytest.mark.parametrize("text", [PAUSED_IN_A_PROBE, PAUSED_IN_CODING], ids=["probe", "coding"])
def test_the_records_write_back_the_json_they_were_read_from(text):
    from trainer.sessions.interview_payload import InterviewPayload

    data = json.loads(text)
    payload = InterviewPayload.from_json(data)
    assert payload.to_json() == data
    assert InterviewPayload.from_json(json.loads(json.dumps(payload.to_json()))) == payload


@pytest.mark.parametrize("break_it", [
    lambda d: d.pop("kata"),
    lambda d: d["items"][0].pop("card"),
    lambda d: d["coding"]["checks"][0].update(status="maybe"),
    lambda d: d["clock"].update(elapsed="soon"),
], ids=["no-kata", "item-without-card", "unknown-verdict", "bad-clock"])
def test_a_malformed_stored_payload_is_a_stale_interview_not_a_traceback(ctx, break_it):
    from trainer.sessions.interview import StaleInterview

    _, store, _ = ctx
    data = json.loads(PAUSED_IN_CODING)
    break_it(data)
    with store.transaction():
        store.save_session("old0broken01", "interview", S.PAUSED.value, data)
    with pytest.raises(StaleInterview, match="cannot read"):
        resume(ctx, Mono())
