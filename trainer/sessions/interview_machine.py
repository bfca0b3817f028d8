"""The interview loop as a transition table: questions, probes, live coding, scorecard.

A real interview has three phases on one clock. The table below is the whole
loop (`trainer fsm show interview` draws it); `InterviewSession` holds no other
control flow about where it is:

    ready --start--> question --answer--> answered
    answered --next--> probe     [probe_pending]   (at most two per question)
    answered --next--> question  [more_questions]  (the next question)
    answered --next--> coding                      (else: the last question, or its time spent)
    probe --answer--> answered
    coding --check/hint--> coding                  (every save is a check)
    coding --done/time_up--> scoring --finish--> finished
    question/probe/coding --pause--> paused --resume--> where it was (guarded branches)

`answered` and `scoring` are moments, not places to stop: the session sends
the next event at once (and does so on resume after a crash there).

Grading and kata checks run *before* the event is sent and travel as its data,
so nothing slow happens inside the store transaction a transition runs in.
The table names the methods of `InterviewContext` (the session) directly:
the engine calls them on the machine's context with the data they declare.
"""
from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from trainer.fsm import Definition, Transition

if TYPE_CHECKING:
    from trainer.grading import Grade
    from trainer.sessions.interview_kata import KataCheck
    from trainer.sessions.probing import Probe


class InterviewState(StrEnum):
    READY = "ready"
    QUESTION = "question"
    PROBE = "probe"
    ANSWERED = "answered"
    CODING = "coding"
    SCORING = "scoring"
    PAUSED = "paused"
    FINISHED = "finished"


class InterviewEvent(StrEnum):
    START = "start"
    ANSWER = "answer"
    NEXT = "next"
    CHECK = "check"
    HINT = "hint"
    DONE = "done"
    TIME_UP = "time_up"
    FINISH = "finish"
    PAUSE = "pause"
    RESUME = "resume"


class InterviewContext(Protocol):
    """What the table's guards and actions are: methods of the session."""

    # guards
    def has_questions(self) -> bool: ...
    def probe_pending(self, probe: Probe | None = None) -> bool: ...
    def more_questions(self) -> bool: ...
    def paused_in_question(self) -> bool: ...
    def paused_in_probe(self) -> bool: ...
    def paused_in_coding(self) -> bool: ...

    # actions
    def record_answer(self, answer: str = "", seconds: float = 0.0,
                      grade: Grade | None = None, timed_out: bool = False) -> None: ...
    def record_probe_answer(self, answer: str = "", seconds: float = 0.0,
                            grade: Grade | None = None, timed_out: bool = False,
                            question_grade: Grade | None = None) -> None: ...
    def open_probe(self, probe: Probe | None = None) -> None: ...
    def next_question(self) -> None: ...
    def open_coding(self) -> None: ...
    def record_check(self, check: KataCheck | None = None,
                     signature: list[int] | None = None) -> None: ...
    def record_hint(self) -> None: ...
    def close_coding(self) -> None: ...
    def close_coding_on_time(self) -> None: ...
    def note_pause(self) -> None: ...
    def conclude(self) -> None: ...


S, E = InterviewState, InterviewEvent
C = InterviewContext

INTERVIEW_MACHINE: Definition[InterviewState, InterviewEvent] = Definition(
    "interview",
    InterviewState,
    InterviewEvent,
    S.READY,
    [
        Transition(S.READY, E.START, S.QUESTION, guard=C.has_questions),
        Transition(S.QUESTION, E.ANSWER, S.ANSWERED, action=C.record_answer),
        Transition(S.QUESTION, E.PAUSE, S.PAUSED, action=C.note_pause),
        # After an answer, one event and three branches tried in order.
        Transition(S.ANSWERED, E.NEXT, S.PROBE, guard=C.probe_pending, action=C.open_probe),
        Transition(S.ANSWERED, E.NEXT, S.QUESTION, guard=C.more_questions,
                   action=C.next_question),
        Transition(S.ANSWERED, E.NEXT, S.CODING, action=C.open_coding),
        Transition(S.PROBE, E.ANSWER, S.ANSWERED, action=C.record_probe_answer),
        Transition(S.PROBE, E.PAUSE, S.PAUSED, action=C.note_pause),
        Transition(S.CODING, E.CHECK, S.CODING, action=C.record_check),
        Transition(S.CODING, E.HINT, S.CODING, action=C.record_hint),
        Transition(S.CODING, E.DONE, S.SCORING, action=C.close_coding),
        Transition(S.CODING, E.TIME_UP, S.SCORING, action=C.close_coding_on_time),
        Transition(S.CODING, E.PAUSE, S.PAUSED, action=C.note_pause),
        Transition(S.SCORING, E.FINISH, S.FINISHED, action=C.conclude),
        Transition(S.PAUSED, E.RESUME, S.QUESTION, guard=C.paused_in_question),
        Transition(S.PAUSED, E.RESUME, S.PROBE, guard=C.paused_in_probe),
        Transition(S.PAUSED, E.RESUME, S.CODING, guard=C.paused_in_coding),
    ],
    final=[S.FINISHED],
)
