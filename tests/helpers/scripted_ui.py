"""A headless UI that answers from a script and records every screen, and a steppable clock.

Shared by the session tests (tests/sessions) and any test that drives a Session without a terminal."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from trainer.sessions.views import Feedback, Header, Prompt, Reply, RevealReply, Summary


@dataclass
class ScriptedUI:
    """A headless UI: answers and ratings come from a script, screens are recorded."""

    replies: deque = field(default_factory=deque)
    ratings: deque = field(default_factory=deque)
    headers: list[Header] = field(default_factory=list)
    prompts: list[Prompt] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    summary: Summary | None = None

    @classmethod
    def of(cls, replies, ratings):
        return cls(deque(replies), deque(ratings))

    def begin(self, header):
        self.headers.append(header)

    def ask(self, prompt):
        self.prompts.append(prompt)
        return self.replies.popleft() if self.replies else Reply("pause")

    def reveal(self, feedback):
        self.feedback.append(feedback)
        return self.ratings.popleft() if self.ratings else RevealReply("pause")

    def finish(self, summary):
        self.summary = summary

    def notice(self, text):
        self.notices.append(text)


class Clock:
    """A frozen, steppable UTC clock."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **kw) -> None:
        self.now += timedelta(**kw)
