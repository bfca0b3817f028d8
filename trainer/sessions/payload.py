"""What a quiz, review, mock or drill keeps: typed records, JSON only at the store's edge.

A session's whole state is one `SessionPayload` (queue, position, answers,
drafts held over a pause, the mock's scorecard), written to the store after
every transition. The records are frozen: a step builds the next payload
rather than editing the one that was saved. Each record has one
`to_json`/`from_json` pair and nothing else reads or writes the JSON, so the
session and the UIs read attributes, never string keys.

`from_json` reads every payload this version's format ever held (version 1):
answers saved before grades were stored keep the coverage and suggestion they
were saved with (they are never graded again), and a payload that cannot be
read raises `PayloadError`, which the session reports as a stale session.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from trainer.rating import Rating

if TYPE_CHECKING:
    from trainer.bank import Bank
    from trainer.grading import Grade
    from trainer.sessions.scorecard import Scorecard

PAYLOAD_VERSION = 1

# The JSON the store keeps: what `json.loads` gives back.
Json = Any


class PayloadError(ValueError):
    """A stored payload this version cannot read (wrong version or shape)."""


class SessionKind(StrEnum):
    """The four card sessions (the interview has its own payload and module)."""

    QUIZ = "quiz"
    REVIEW = "review"
    MOCK = "mock"
    DRILL = "drill"

    @property
    def label(self) -> str:
        """The name a learner reads in titles: "Mock interview", not "mock"."""
        return "Mock interview" if self is SessionKind.MOCK else self.value.capitalize()


@dataclass(frozen=True)
class Held:
    """A pause mid-answer: the time already used on the card and the text typed so far."""

    position: int
    seconds: float
    draft: str


@dataclass(frozen=True)
class Answer:
    """One card's answer as the session saved it.

    `covered` (one flag per key point) and `suggested` come from the grade made
    when the answer was given; feedback, summary and scorecard read them from
    here. `grade` is None for a skip before answering, and for answers saved by
    versions that did not store grades.
    """

    card: str
    text: str = ""
    seconds: float = 0.0
    timed_out: bool = False
    covered: tuple[bool, ...] = ()
    suggested: Rating | None = None
    grade: Grade | None = None
    rating: Rating | None = None
    skipped: bool = False
    graded_elsewhere: bool = False   # a review card another window graded first

    @classmethod
    def graded(cls, card: str, text: str, seconds: float, timed_out: bool,
               grade: Grade | None) -> Answer:
        """An answer just given, with its grade (None when the card left the bank)."""
        return cls(card, text, round(float(seconds), 1), timed_out,
                   covered=grade.covered if grade is not None else (),
                   suggested=grade.suggested if grade is not None else Rating.AGAIN,
                   grade=grade)

    @property
    def awaits_rating(self) -> bool:
        return self.rating is None and not self.skipped

    @property
    def share(self) -> float | None:
        """The share of key points covered; None for a card without any recorded."""
        return sum(self.covered) / len(self.covered) if self.covered else None

    def to_json(self) -> dict[str, Json]:
        data: dict[str, Json] = {
            "card": self.card,
            "answer": self.text,
            "seconds": self.seconds,
            "timed_out": self.timed_out,
            "covered": list(self.covered),
            "suggested": None if self.suggested is None else int(self.suggested),
            "grade": None if self.grade is None else self.grade.to_json(),
            "rating": None if self.rating is None else int(self.rating),
            "skipped": self.skipped,
        }
        if self.graded_elsewhere:
            data["graded_elsewhere"] = True
        return data

    @classmethod
    def from_json(cls, data: Json, bank: Bank | None = None) -> Answer:
        if not isinstance(data, dict):
            raise PayloadError("an answer is not a JSON object")
        covered = data.get("covered") or []
        if not isinstance(covered, list):
            raise PayloadError("an answer's coverage is not a list")
        return cls(
            card=str(data.get("card", "")),
            text=str(data.get("answer") or ""),
            seconds=_number(data.get("seconds")) or 0.0,
            timed_out=bool(data.get("timed_out")),
            covered=tuple(bool(c) for c in covered),
            suggested=Rating.from_json(data.get("suggested")),
            grade=_grade(data.get("grade"), bank),
            rating=Rating.from_json(data.get("rating")),
            skipped=bool(data.get("skipped")),
            graded_elsewhere=bool(data.get("graded_elsewhere")),
        )


@dataclass(frozen=True)
class SessionPayload:
    """Everything a session needs to resume where it stopped."""

    title: str
    queue: tuple[str, ...]
    answers: tuple[Answer | None, ...]
    position: int = 0
    time_limit: float | None = None
    options: Mapping[str, Json] = field(default_factory=dict)  # as given, kept for the record
    started_at: datetime | None = None
    held: tuple[Held, ...] = ()
    finished_at: datetime | None = None
    scorecard: Scorecard | None = None          # a finished mock interview's

    @classmethod
    def start(cls, title: str, queue: list[str], *, time_limit: float | None,
              options: Mapping[str, Json] | None, started_at: datetime) -> SessionPayload:
        return cls(title, tuple(queue), (None,) * len(queue), time_limit=time_limit,
                   options=dict(options or {}), started_at=started_at)

    # --- reading ------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.queue)

    @property
    def current(self) -> Answer | None:
        """The answer at the current position (None: not answered yet, or past the end)."""
        return self.answers[self.position] if self.position < self.total else None

    @property
    def held_here(self) -> Held | None:
        return next((h for h in self.held if h.position == self.position), None)

    # --- the next payload -----------------------------------------------------------
    def answered(self, answer: Answer) -> SessionPayload:
        """This payload with `answer` at the current position."""
        answers = list(self.answers)
        answers[self.position] = answer
        return replace(self, answers=tuple(answers))

    def advanced(self) -> SessionPayload:
        return replace(self, position=self.position + 1)

    def holding(self, seconds: float, draft: str) -> SessionPayload:
        """A pause mid-answer: add `seconds` to the time held for this card, keep `draft`."""
        before = self.held_here
        held = Held(self.position, round((before.seconds if before else 0.0) + max(0.0, seconds), 1),
                    draft)
        return replace(self, held=tuple(h for h in self.held if h is not before) + (held,))

    def unheld(self) -> tuple[SessionPayload, Held | None]:
        """The payload without this card's held time and draft, and what was held."""
        here = self.held_here
        if here is None:
            return self, None
        return replace(self, held=tuple(h for h in self.held if h is not here)), here

    # --- the JSON edge ---------------------------------------------------------------
    def to_json(self) -> dict[str, Json]:
        data: dict[str, Json] = {
            "version": PAYLOAD_VERSION,
            "title": self.title,
            "queue": list(self.queue),
            "position": self.position,
            "answers": [None if a is None else a.to_json() for a in self.answers],
            "time_limit": self.time_limit,
            "options": dict(self.options),
            "started_at": self.started_at.isoformat() if self.started_at else None,
        }
        if self.held:
            data["held"] = {str(h.position): {"seconds": h.seconds, "draft": h.draft}
                            for h in self.held}
        if self.finished_at is not None:
            data["finished_at"] = self.finished_at.isoformat()
        if self.scorecard is not None:
            data["scorecard"] = self.scorecard.to_json()
        return data

    @classmethod
    def from_json(cls, data: Json, bank: Bank | None = None) -> SessionPayload:
        """The payload stored as `data`; `PayloadError` when this version cannot read it."""
        if not isinstance(data, dict) or data.get("version") != PAYLOAD_VERSION:
            raise PayloadError("not a version-1 session payload")
        queue, answers = data.get("queue"), data.get("answers", [])
        if (not isinstance(queue, list) or not isinstance(answers, list)
                or len(answers) != len(queue)):
            raise PayloadError("the queue and the answers do not match")
        position = data.get("position", 0)
        if not isinstance(position, int) or isinstance(position, bool) or not (
                0 <= position < max(1, len(queue))):
            raise PayloadError("the position is not a card of the queue")
        options = data.get("options")
        scorecard = data.get("scorecard")
        if isinstance(scorecard, dict):
            from trainer.sessions.scorecard import Scorecard

            card: Scorecard | None = Scorecard.from_json(scorecard)
        else:
            card = None
        return cls(
            title=str(data.get("title") or ""),
            queue=tuple(str(c) for c in queue),
            answers=tuple(None if a is None else Answer.from_json(a, bank) for a in answers),
            position=position,
            time_limit=_number(data.get("time_limit")),
            options=dict(options) if isinstance(options, dict) else {},
            started_at=_moment(data.get("started_at")),
            held=_held(data.get("held")),
            finished_at=_moment(data.get("finished_at")),
            scorecard=card,
        )


def _number(value: object) -> float | None:
    """A stored number as a float; None when it is not a number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _held(value: object) -> tuple[Held, ...]:
    if not isinstance(value, dict):
        return ()
    out = []
    for key, item in value.items():
        if isinstance(item, dict) and str(key).isdigit():
            out.append(Held(int(key), _number(item.get("seconds")) or 0.0,
                            str(item.get("draft") or "")))
    return tuple(out)


def _grade(value: object, bank: Bank | None) -> Grade | None:
    """The stored grade, or None when there is none (or it cannot be read)."""
    if not isinstance(value, dict):
        return None
    from trainer.grading import Grade

    try:
        return Grade.from_json(value, bank)
    except (KeyError, TypeError, ValueError):
        return None
