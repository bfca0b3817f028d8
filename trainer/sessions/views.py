"""What a session shows and what it gets back: the interface to any UI.

The session core fills these plain records; a UI (the full-screen terminal
one, the line-by-line `--plain` one, or a scripted one in tests) renders them
and returns a `Reply` or a `Rating`. Nothing here knows about terminals.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal, Protocol

from trainer.bank import Card
from trainer.grading.grade import MisconceptionHit
from trainer.rating import RATING_NAMES

__all__ = ["RATING_NAMES", "Feedback", "Header", "PointCheck", "Prompt", "Rating", "Reply",
           "SessionUI", "Summary"]


@dataclass(frozen=True)
class Header:
    kind: str          # quiz, review, mock, drill
    title: str
    total: int
    resumed_at: int | None = None   # 1-based card number when resuming


@dataclass(frozen=True)
class Prompt:
    card: Card
    number: int                      # 1-based position in the session
    total: int
    kind: str
    time_limit: float | None = None  # seconds for this answer, None = untimed
    time_used: float = 0.0           # seconds already spent on it before a pause (timed cards)
    draft: str = ""                  # what was typed before a pause, to go on from


@dataclass(frozen=True)
class Reply:
    """The learner's move at a prompt."""

    action: Literal["answer", "timeout", "skip", "pause"]
    text: str = ""
    seconds: float = 0.0


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
    kind: str
    answer: str
    points: tuple[PointCheck, ...]
    suggested: int
    intervals: dict[int, timedelta]
    timed_out: bool = False
    seconds: float = 0.0
    flags: tuple[Card, ...] = ()     # red flags this answer showed (mock)
    signals: tuple[Card, ...] = ()   # strong signals this answer showed (mock)
    misconceptions: tuple[MisconceptionHit, ...] = ()   # wrong claims the answer made


@dataclass(frozen=True)
class Rating:
    action: Literal["grade", "skip", "pause"]
    value: int = 0


@dataclass
class Summary:
    kind: str
    session_id: str
    total: int
    answered: int = 0
    skipped: int = 0
    timed_out: int = 0
    ratings: dict[int, int] = field(default_factory=dict)
    coverage: float = 0.0            # mean share of key points covered, answered cards
    paused: bool = False
    position: int = 0                # 1-based card reached
    scorecard: dict | None = None    # mock interviews only


class SessionUI(Protocol):
    """What a session needs from a user interface."""

    def begin(self, header: Header) -> None: ...

    def ask(self, prompt: Prompt) -> Reply: ...

    def reveal(self, feedback: Feedback) -> Rating: ...

    def finish(self, summary: Summary) -> None: ...

    def notice(self, text: str) -> None: ...
