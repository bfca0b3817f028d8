"""The life of a session, as a transition table on the trainer's FSM engine.

Every screen and every key of every session kind (quiz, review, mock, drill)
goes through these events; the session code holds no other control flow
about *where* it is. The table is data: `trainer fsm show session` draws it and
the tests iterate it (every legal and every illegal pair).

    ready --start--> asking --submit/timeout--> revealed --grade--> graded
    graded --next [more cards]--> asking      graded --next [else]--> finished
    asking/revealed --skip--> graded (no review recorded)
    asking/revealed --pause--> paused --resume--> asking
    paused --resume_rating--> revealed   (paused after answering: no need to retype)

`graded` is a moment, not a place to stop: the session sends next or finish
right away (and a session that crashed there does so when resumed).

Guards and actions are functions of the context (`SessionContext`, which
`Session` implements) named directly in the table.
"""
from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from trainer.fsm import Definition, Transition
from trainer.rating import Rating

if TYPE_CHECKING:
    from trainer.grading import Grade


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
    PAUSE = "pause"
    RESUME = "resume"
    RESUME_RATING = "resume_rating"


class SessionContext(Protocol):
    """What the session machine needs of its context (the `Session`).

    The table below names these methods directly: the engine calls them on the
    machine's context with the data each declares, so there is no forwarding layer.
    """

    @property
    def total(self) -> int: ...

    @property
    def position(self) -> int: ...

    def answer_awaits_rating(self) -> bool:
        """Resume at the rating when the answer was saved but not yet rated."""
        ...

    def record_answer(self, answer: str = "", seconds: float = 0.0,
                      timed_out: bool = False, grade: Grade | None = None) -> None: ...

    def record_grade(self, rating: Rating) -> None: ...

    def record_skip(self) -> None: ...

    def advance(self) -> None: ...

    def conclude(self) -> None: ...


# --- guards: the machine asks the session, the session answers from its data -----

def has_cards(context: SessionContext) -> bool:
    """Start only with something to ask."""
    return context.total > 0


def more_cards(context: SessionContext) -> bool:
    """Go on while the queue has a card after this one (else: finish)."""
    return context.position + 1 < context.total


def valid_rating(rating: object = None) -> bool:
    """Ratings are FSRS's four (`trainer.rating.Rating`): 1 Again, 2 Hard, 3 Good, 4 Easy."""
    return Rating.from_json(rating) is not None


S, E = SessionState, SessionEvent
C = SessionContext

SESSION_MACHINE = Definition(
    "session",
    SessionState,
    SessionEvent,
    S.READY,
    [
        Transition(S.READY, E.START, S.ASKING, guard=has_cards),
        Transition(S.ASKING, E.SUBMIT, S.REVEALED, action=C.record_answer),
        Transition(S.ASKING, E.TIMEOUT, S.REVEALED, action=C.record_answer),
        Transition(S.ASKING, E.SKIP, S.GRADED, action=C.record_skip),
        Transition(S.ASKING, E.PAUSE, S.PAUSED),
        Transition(S.REVEALED, E.GRADE, S.GRADED, guard=valid_rating, action=C.record_grade),
        Transition(S.REVEALED, E.SKIP, S.GRADED, action=C.record_skip),
        Transition(S.REVEALED, E.PAUSE, S.PAUSED),
        # One event, two branches tried in order: the next card, else the end.
        Transition(S.GRADED, E.NEXT, S.ASKING, guard=more_cards, action=C.advance),
        Transition(S.GRADED, E.NEXT, S.FINISHED, action=C.conclude),
        Transition(S.PAUSED, E.RESUME, S.ASKING),
        Transition(S.PAUSED, E.RESUME_RATING, S.REVEALED, guard=C.answer_awaits_rating),
    ],
    final=[S.FINISHED],
)
