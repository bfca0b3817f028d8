"""What a session shows and what it gets back: the interface to any UI.

The session core fills these plain records; a UI (the full-screen terminal
one, the line-by-line `--plain` one, or a scripted one in tests) renders them
and returns a `Reply` (at a prompt) or a `RevealReply` (at the reveal). Every
choice is an enum and every rating a `trainer.rating.Rating`, so a UI and the
session speak one vocabulary (the records take the plain values too, 3 or
"quiz", and turn them into the enums). Nothing here knows about terminals.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from trainer.bank import Card
from trainer.grading.grade import MisconceptionHit
from trainer.rating import Rating
from trainer.sessions.payload import SessionKind

if TYPE_CHECKING:
    from trainer.sessions.scorecard import Scorecard

__all__ = ["Feedback", "Header", "PointCheck", "Prompt", "Reply", "ReplyAction", "RevealAction",
           "RevealReply", "SessionUI", "Summary"]


@dataclass(frozen=True)
class Header:
    kind: SessionKind
    title: str
    total: int
    resumed_at: int | None = None   # 1-based card number when resuming

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SessionKind(self.kind))


@dataclass(frozen=True)
class Prompt:
    card: Card
    number: int                      # 1-based position in the session
    total: int
    kind: SessionKind
    time_limit: float | None = None  # seconds for this answer, None = untimed
    time_used: float = 0.0           # seconds already spent on it before a pause (timed cards)
    draft: str = ""                  # what was typed before a pause, to go on from

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SessionKind(self.kind))


class ReplyAction(StrEnum):
    """What the learner did at a prompt."""

    ANSWER = "answer"
    TIMEOUT = "timeout"      # the countdown ended the answer
    SKIP = "skip"
    PAUSE = "pause"


@dataclass(frozen=True)
class Reply:
    """The learner's move at a prompt (the interview's questions use it too)."""

    action: ReplyAction
    text: str = ""
    seconds: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", ReplyAction(self.action))


@dataclass(frozen=True)
class PointCheck:
    text: str
    covered: bool
    probe: str | None = None   # the follow-up an interviewer would ask when it is missing


@dataclass(frozen=True)
class Feedback:
    """Shown after an answer: the model answer and how the typed answer did."""

    card: Card
    number: int
    total: int
    kind: SessionKind
    answer: str
    points: tuple[PointCheck, ...]
    suggested: Rating
    intervals: Mapping[Rating, timedelta]
    timed_out: bool = False
    seconds: float = 0.0
    flags: tuple[Card, ...] = ()     # red flags this answer showed (mock)
    signals: tuple[Card, ...] = ()   # strong signals this answer showed (mock)
    misconceptions: tuple[MisconceptionHit, ...] = ()   # wrong claims the answer made

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SessionKind(self.kind))
        object.__setattr__(self, "suggested", Rating(self.suggested))
        object.__setattr__(self, "intervals", {Rating(r): when for r, when in
                                               sorted(self.intervals.items())})


class RevealAction(StrEnum):
    """What the learner did at the reveal."""

    GRADE = "grade"
    SKIP = "skip"
    PAUSE = "pause"


@dataclass(frozen=True)
class RevealReply:
    """The learner's move at the reveal: a rating (GRADE), a skip or a pause."""

    action: RevealAction
    rating: Rating | None = None     # set when the action is GRADE

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", RevealAction(self.action))
        if self.rating is not None:
            object.__setattr__(self, "rating", Rating(self.rating))
        if (self.action is RevealAction.GRADE) != (self.rating is not None):
            raise ValueError("a rating goes with GRADE, and only with it")

    @classmethod
    def grade(cls, rating: Rating) -> RevealReply:
        return cls(RevealAction.GRADE, rating)


@dataclass(frozen=True)
class Summary:
    kind: SessionKind
    session_id: str
    total: int
    answered: int = 0
    skipped: int = 0
    timed_out: int = 0
    ratings: Mapping[Rating, int] = field(default_factory=dict)
    coverage: float = 0.0            # mean share of key points covered, answered cards
    paused: bool = False
    position: int = 0                # 1-based card reached
    scorecard: Scorecard | None = None    # mock interviews only

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SessionKind(self.kind))
        object.__setattr__(self, "ratings", {Rating(r): n for r, n in self.ratings.items()})


class SessionUI(Protocol):
    """What a session needs from a user interface."""

    def begin(self, header: Header) -> None: ...

    def ask(self, prompt: Prompt) -> Reply: ...

    def reveal(self, feedback: Feedback) -> RevealReply: ...

    def finish(self, summary: Summary) -> None: ...

    def notice(self, text: str) -> None: ...
