"""The `--plain` interview UI: the whole loop line by line, no colour, no full screen.

Protocol (documented in the README):

* each question or probe is printed with the time left;
* the answer is every line up to a line that is exactly `.`;
* in the live-coding phase the workspace and the latest check are printed,
  then one line is read: `check` (run the hidden tests on the workspace file),
  `hint`, `done` (a last check if the file changed, then the scorecard) or
  `q` (pause);
* end of input pauses: the interview is saved, `--resume` continues it.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TextIO

from trainer.kata_status import Verdict
from trainer.sessions.interview_views import (
    Ask,
    CodingAction,
    CodingMove,
    CodingView,
    InterviewHeader,
)
from trainer.sessions.views import Reply, ReplyAction
from trainer.ui.interview_text import clock_text, scorecard_lines
from trainer.ui.line_io import LineIO

COMMANDS: dict[str, CodingAction] = {
    "check": CodingAction.CHECK, "c": CodingAction.CHECK, "hint": CodingAction.HINT,
    "h": CodingAction.HINT, "done": CodingAction.DONE, "d": CodingAction.DONE,
    "q": CodingAction.PAUSE, "quit": CodingAction.PAUSE, "pause": CodingAction.PAUSE}


class PlainInterviewUI(LineIO):
    """Reads answers and coding commands from a text stream, writes plain text."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(stdin, stdout, clock)
        self._coding_shown = False

    def begin(self, header: InterviewHeader) -> None:
        budgets = ", ".join(f"{b.phase.value} {clock_text(b.seconds)}" for b in header.budgets)
        self._print(f"{header.title}: {header.questions} questions, then live coding "
                    f"({header.kata}); {clock_text(header.minutes * 60)} in all ({budgets})")
        if header.resumed_in:
            self._print(f"(resuming in the {header.resumed_in} phase)")
        self._print()

    def ask(self, ask: Ask) -> Reply:
        self._print(f"[{ask.heading}] time left {clock_text(ask.clock.left)} "
                    f"(questions {clock_text(ask.clock.phase_left)})")
        self._print(ask.text)
        self._print("(End your answer with a line containing only '.'.)")
        reply = self._read_answer()
        if reply.action is ReplyAction.ANSWER:
            self._print()
        return reply

    def coding(self, view: CodingView, heartbeat: Callable[[], None]) -> CodingMove:
        if not self._coding_shown:
            self._coding_shown = True
            self._print(f"LIVE CODING: {view.kata} ({view.lang})")
            self._print(f"Workspace: {view.workspace} (the task is in README.md)")
            self._print(f"Your file: {view.solution}")
        if view.hint:
            self._print(view.hint)
        latest = "not checked yet"
        if view.latest is not None:
            c = view.latest
            latest = f"{c.status} {c.passed}/{c.total}"
            if c.message and c.status is Verdict.ERROR:
                latest += f": {c.message.splitlines()[0]}"
        self._print(f"time left {clock_text(view.clock.left)}; last check: {latest}; "
                    f"hints used {view.hints_used}/{view.hints_total}")
        if view.latest is not None:
            for failure in view.latest.failures:
                self._print(f"  FAIL {failure}")
        while True:
            self._print("Type check, hint, done or q.")
            line = self._readline()
            if line is None:
                return CodingMove(CodingAction.PAUSE)
            action = COMMANDS.get(line.strip().lower())
            if action is not None:
                return CodingMove(action)
            self._print(f"'{line.strip()}' is not a command here.")

    def checking(self, view: CodingView) -> None:
        self._print(f"checking {view.solution} ...")

    def finish(self, scorecard: dict[str, Any] | None, paused: bool, resume_hint: str) -> None:
        self._print()
        if paused:
            self._print(f"Paused: the clock is stopped and your interview is saved. "
                        f"Continue with: {resume_hint}")
            return
        if scorecard:
            for line in scorecard_lines(scorecard):
                self._print(line)
