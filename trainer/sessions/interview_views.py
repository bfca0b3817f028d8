"""What the interview shows and what it gets back: the interface to any interview UI.

The interview core fills these frozen records; a UI (full-screen, `--plain`,
or a scripted one in tests) renders them and returns a `Reply` (to a question
or a probe) or a `CodingMove` (in the live-coding phase). Nothing here knows
about terminals. The scorecard travels as the JSON-edge dict the store keeps
(see `trainer.sessions.interview_scorecard`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from trainer.kata_status import Verdict
from trainer.sessions.views import Reply


class Phase(StrEnum):
    QUESTIONS = "questions"
    CODING = "coding"
    SCORECARD = "scorecard"


@dataclass(frozen=True)
class Budget:
    """One phase's share of the clock."""

    phase: Phase
    seconds: float


@dataclass(frozen=True)
class InterviewHeader:
    title: str
    minutes: float
    budgets: tuple[Budget, ...]
    questions: int
    kata: str                    # the kata's title
    lang: str
    resumed_in: str | None = None   # the phase a resumed interview continues in


@dataclass(frozen=True)
class Clock:
    """The one visible clock: what is left overall and in the current phase."""

    left: float          # seconds until the interview's end
    phase_left: float    # seconds until the current phase's budget is spent
    phase: Phase


@dataclass(frozen=True)
class Ask:
    """A question, or a probe the interviewer pushes on after an answer."""

    number: int              # question number in this interview, 1-based
    total: int
    heading: str             # "Question 3 · middle", "Follow-up", ...
    text: str                # what the interviewer asks (Markdown)
    probe: str | None        # None for the main question; else "point", "misconception", "follow_up"
    probe_number: int        # 0 for the main question, 1 or 2 for probes
    clock: Clock
    time_limit: float        # seconds this answer may take (the questions' budget left)


@dataclass(frozen=True)
class CheckView:
    """The latest check of the learner's file."""

    status: Verdict
    passed: int
    total: int
    at: float                # seconds into the coding phase
    failures: tuple[str, ...] = ()   # first failing tests, in plain words
    message: str | None = None       # why nothing could run (status error)

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Verdict(self.status))


@dataclass(frozen=True)
class CodingView:
    kata: str                # title
    slug: str
    lang: str
    workspace: str           # the directory with the README and the starter
    solution: str            # the file the learner edits
    clock: Clock
    checks: int
    hints_used: int
    hints_total: int
    latest: CheckView | None = None
    hint: str | None = None  # the hint just asked for


class CodingAction(StrEnum):
    """What the learner did in the coding phase."""

    CHECK = "check"
    HINT = "hint"
    DONE = "done"
    TIMEOUT = "timeout"      # the interview's clock ran out
    PAUSE = "pause"


@dataclass(frozen=True)
class CodingMove:
    """The learner's move in the coding phase (a plain "check" becomes the enum it names)."""

    action: CodingAction

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", CodingAction(self.action))


class InterviewUI(Protocol):
    """What an interview needs from a user interface."""

    def begin(self, header: InterviewHeader) -> None: ...

    def ask(self, ask: Ask) -> Reply: ...

    def coding(self, view: CodingView, heartbeat: Callable[[], None]) -> CodingMove:
        """The learner's next move; call `heartbeat` now and then while waiting (saves the clock)."""
        ...

    def checking(self, view: CodingView) -> None:
        """A check is about to run (it takes a few seconds): say so."""
        ...

    def finish(self, scorecard: dict[str, Any] | None, paused: bool, resume_hint: str) -> None: ...

    def notice(self, text: str) -> None: ...
