"""The answer's countdown: how long is left, how it reads, and the end it forces.

A timed card (a mock interview, a drill) gives a fixed time per answer; a card
resumed after a pause gets only what it had left. The countdown is its own
piece because three things read the same deadline: the toolbar shows it
(red near the end), the answer box ends itself when it runs out, and the
reply says how long the answer took. The clock is injected, so tests move time.
"""
from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import StyleAndTextTuples

from trainer.sessions.views import Reply, ReplyAction

LOW_TIME = 10.0  # seconds left at which the countdown turns red


def mmss(seconds: float) -> str:
    """`2:05`: whole seconds left, rounded up (0:00 only when the time is really up)."""
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass(frozen=True)
class Countdown:
    """One answer's clock: started at `start`, with `remaining` seconds (None = untimed)."""

    clock: Callable[[], float]
    start: float
    remaining: float | None

    @classmethod
    def begin(cls, clock: Callable[[], float], time_limit: float | None,
              used: float = 0.0) -> Countdown:
        remaining = max(0.0, time_limit - used) if time_limit else None
        return cls(clock, clock(), remaining)

    @property
    def deadline(self) -> float | None:
        return None if self.remaining is None else self.start + self.remaining

    def elapsed(self) -> float:
        return self.clock() - self.start

    def timer(self, label: str = "") -> StyleAndTextTuples:
        """The toolbar's countdown (`0:45 left`), red in its last LOW_TIME seconds; [] untimed."""
        if self.deadline is None:
            return []
        left = self.deadline - self.clock()
        style = "class:timer.low" if left <= LOW_TIME else "class:timer"
        return [(style, f"{mmss(left)}{label} ")]

    def expire(self, app: Application[Any], typed: Callable[[], str]) -> None:
        """End the answer with a TIMEOUT reply (what was typed) when the time runs out."""
        deadline = self.deadline
        if deadline is None:
            return

        async def run_out() -> None:
            await asyncio.sleep(max(0.0, deadline - self.clock()))
            if not app.is_done:
                app.exit(result=Reply(ReplyAction.TIMEOUT, typed().strip(),
                                      max(self.elapsed(), self.remaining or 0.0)))

        app.create_background_task(run_out())
