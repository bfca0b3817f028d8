"""The `--plain` UIs' text streams: one line out, one line in, end of input noticed.

Both plain UIs (the card sessions' and the interview's) read and write the
same way, so scripts and screen readers meet one behaviour: every line is
flushed as soon as it is written, an answer ends at a line that is exactly
`.`, and end of input reads as None (a PAUSE for an answer), never raises.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from trainer.sessions.views import Reply, ReplyAction


class LineIO:
    """A pair of text streams (stdin/stdout unless given) and the clock answers are timed by."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.clock = clock
        self.eof = False

    def _print(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def _readline(self) -> str | None:
        """The next line without its line end; None (and `eof` set) at end of input."""
        line = self.stdin.readline()
        if line == "":
            self.eof = True
            return None
        return line.rstrip("\r\n")

    def _read_answer(self) -> Reply:
        """Every line up to one that is exactly `.`; end of input first is a PAUSE."""
        start = self.clock()
        lines: list[str] = []
        while True:
            line = self._readline()
            if line is None:
                return Reply(ReplyAction.PAUSE)
            if line == ".":
                break
            lines.append(line)
        return Reply(ReplyAction.ANSWER, "\n".join(lines).strip(), self.clock() - start)

    def notice(self, text: str) -> None:
        self._print(f"note: {text}")
