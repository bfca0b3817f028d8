"""The life of a session, as a transition table on the trainer's FSM engine.

Every screen and every key of every session kind (quiz, review, mock, drill)
goes through these events; the session code holds no other control flow
about *where* it is. The table is data: `trainer fsm show quiz` draws it and
the tests iterate it (every legal and every illegal pair).

    ready --start--> asking --submit/timeout--> revealed --grade--> graded
    graded --next--> asking      graded --finish--> finished
    asking/revealed --skip--> graded (no review recorded)
    asking/revealed --pause--> paused --resume--> asking
    paused --resume_rating--> revealed   (paused after answering: no need to retype)

`graded` is a moment, not a place to stop: the session sends next or finish
right away (and a session that crashed there does so when resumed).

Guards and actions receive the `Session` as the machine's context.
"""
from __future__ import annotations

from enum import StrEnum

from trainer.fsm import Definition, Transition


class SessionState(StrEnum):
    READY = "ready"
    ASKING = "asking"
    REVEALED = "revealed"
    GRADED = "graded"
    PAUSED = "paused"
    FINISHED = "finished"


class SessionEvent(StrEnum):
    START = "start"
    SUBMIT = "submit"
    TIMEOUT = "timeout"
    SKIP = "skip"
    GRADE = "grade"
    NEXT = "next"
    FINISH = "finish"
    PAUSE = "pause"
    RESUME = "resume"
    RESUME_RATING = "resume_rating"


# --- guards: the machine asks the session, the session answers from its data -----

def has_cards(machine, **_) -> bool:
    """Start only with something to ask."""
    return machine.context.total > 0


def more_cards(machine, **_) -> bool:
    """Go on while the queue has a card after this one."""
    return machine.context.position + 1 < machine.context.total


def last_card(machine, **_) -> bool:
    """Finish only after the last card."""
    return machine.context.position + 1 >= machine.context.total


def answer_awaits_rating(machine, **_) -> bool:
    """Resume at the rating when the answer was saved but not yet rated."""
    return machine.context.answer_awaits_rating()


def valid_rating(machine, rating: int = 0, **_) -> bool:
    """Ratings are FSRS's four: 1 Again, 2 Hard, 3 Good, 4 Easy."""
    return isinstance(rating, int) and not isinstance(rating, bool) and 1 <= rating <= 4


# --- actions: the side effects, each one transaction with the state change ------

def record_answer(machine, answer: str = "", seconds: float = 0.0, **_) -> None:
    machine.context.record_answer(answer, seconds, timed_out=False)


def record_timeout(machine, answer: str = "", seconds: float = 0.0, **_) -> None:
    machine.context.record_answer(answer, seconds, timed_out=True)


def record_grade(machine, rating: int = 0, **_) -> None:
    machine.context.record_grade(rating)


def record_skip(machine, **_) -> None:
    machine.context.record_skip()


def advance(machine, **_) -> None:
    machine.context.advance()


def conclude(machine, **_) -> None:
    machine.context.conclude()


S, E = SessionState, SessionEvent

SESSION_MACHINE = Definition(
    "session",
    SessionState,
    SessionEvent,
    S.READY,
    [
        Transition(S.READY, E.START, S.ASKING, guard=has_cards),
        Transition(S.ASKING, E.SUBMIT, S.REVEALED, action=record_answer),
        Transition(S.ASKING, E.TIMEOUT, S.REVEALED, action=record_timeout),
        Transition(S.ASKING, E.SKIP, S.GRADED, action=record_skip),
        Transition(S.ASKING, E.PAUSE, S.PAUSED),
        Transition(S.REVEALED, E.GRADE, S.GRADED, guard=valid_rating, action=record_grade),
        Transition(S.REVEALED, E.SKIP, S.GRADED, action=record_skip),
        Transition(S.REVEALED, E.PAUSE, S.PAUSED),
        Transition(S.GRADED, E.NEXT, S.ASKING, guard=more_cards, action=advance),
        Transition(S.GRADED, E.FINISH, S.FINISHED, guard=last_card, action=conclude),
        Transition(S.PAUSED, E.RESUME, S.ASKING),
        Transition(S.PAUSED, E.RESUME_RATING, S.REVEALED, guard=answer_awaits_rating),
    ],
    final=[S.FINISHED],
)
