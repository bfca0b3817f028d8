"""An interview's saved state as frozen records: what the `sessions` row of kind "interview" holds.

The session changes its payload by replacing records (`dataclasses.replace`), and
converts it to and from JSON only where the row is written or read
(`InterviewPayload.to_json` / `from_json`). The JSON is the one the interview has
always stored, key for key, so interviews paused by earlier builds still resume
(tests/sessions/test_interview_payload.py pins two captured payloads). A grade
stays in its own JSON form (`trainer.grading.Grade.to_json`): turning it back into
a `Grade` needs the bank, which the probing and the scorecard have at hand.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from trainer.kata_status import Verdict
from trainer.sessions.probing import Probe

PAYLOAD_VERSION = 1

GradeJson = dict[str, Any]
"""A stored grade (`Grade.to_json()`); empty when the answer was not graded."""


def _signature(value: Any) -> tuple[int, ...] | None:
    return tuple(int(v) for v in value) if value is not None else None


def _list(value: tuple[int, ...] | None) -> list[int] | None:
    return list(value) if value is not None else None


def _opt_float(value: Any) -> float | None:
    return float(value) if value is not None else None


@dataclass(frozen=True)
class ProbeAnswer:
    """A probe that was asked and answered, and how the answer went."""

    probe: Probe
    answer: str
    seconds: float
    timed_out: bool
    grade: GradeJson
    recovered: bool
    question_grade: GradeJson | None = None   # the same answer graded on the main question

    def to_json(self) -> dict[str, Any]:
        return {**self.probe.to_json(), "answer": self.answer, "seconds": self.seconds,
                "timed_out": self.timed_out, "grade": dict(self.grade),
                "recovered": self.recovered, "question_grade": self.question_grade}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProbeAnswer:
        return cls(Probe.from_json(data), str(data.get("answer") or ""),
                   float(data.get("seconds") or 0.0), bool(data.get("timed_out")),
                   dict(data.get("grade") or {}), bool(data.get("recovered")),
                   data.get("question_grade"))


@dataclass(frozen=True)
class Asked:
    """One main question of the interview: its answer (None until answered) and its probes."""

    card: str
    answer: str | None = None
    probes: tuple[ProbeAnswer, ...] = ()
    current_probe: Probe | None = None     # asked, not answered yet
    seconds: float = 0.0
    timed_out: bool = False
    grade: GradeJson | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "card": self.card, "answer": self.answer,
            "probes": [p.to_json() for p in self.probes],
            "current_probe": self.current_probe.to_json() if self.current_probe else None}
        if self.answered:
            data.update(seconds=self.seconds, timed_out=self.timed_out,
                        grade=dict(self.grade or {}))
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Asked:
        current = data.get("current_probe")
        grade = data.get("grade")
        return cls(str(data["card"]), data.get("answer"),
                   tuple(ProbeAnswer.from_json(p) for p in data.get("probes") or ()),
                   Probe.from_json(current) if current else None,
                   float(data.get("seconds") or 0.0), bool(data.get("timed_out")),
                   dict(grade) if grade is not None else None)


@dataclass(frozen=True)
class CheckRecord:
    """One check of the learner's file, `at` seconds into the coding phase."""

    status: Verdict
    passed: int
    total: int
    at: float
    failures: tuple[str, ...] = ()
    message: str | None = None
    duration_ms: int = 0
    signature: tuple[int, ...] | None = None   # of the file as checked

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Verdict(self.status))

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status.value, "passed": self.passed, "total": self.total,
                "failures": list(self.failures), "message": self.message,
                "duration_ms": self.duration_ms, "signature": _list(self.signature),
                "at": self.at}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckRecord:
        return cls(Verdict(data.get("status", Verdict.ERROR)), int(data.get("passed", 0)),
                   int(data.get("total", 0)), float(data.get("at", 0.0)),
                   tuple(str(f) for f in data.get("failures") or ()), data.get("message"),
                   int(data.get("duration_ms", 0)), _signature(data.get("signature")))


class CodingEnd(StrEnum):
    """How the coding phase ended."""

    DONE = "done"    # the learner said so
    TIME = "time"    # the interview's clock ran out


@dataclass(frozen=True)
class Coding:
    """The live-coding phase: the workspace, its checks and hints, how it ended."""

    workspace: str
    solution: str
    started: float                 # active seconds into the interview when it began
    checks: tuple[CheckRecord, ...] = ()
    hints: int = 0
    first_green: float | None = None
    ended: CodingEnd | None = None
    seconds: float | None = None   # active seconds it took
    checked_signature: tuple[int, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"workspace": self.workspace, "solution": self.solution, "started": self.started,
                "checks": [c.to_json() for c in self.checks], "hints": self.hints,
                "first_green": self.first_green,
                "ended": self.ended.value if self.ended else None, "seconds": self.seconds,
                "checked_signature": _list(self.checked_signature)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Coding:
        return cls(str(data["workspace"]), str(data["solution"]), float(data["started"]),
                   tuple(CheckRecord.from_json(c) for c in data.get("checks") or ()),
                   int(data.get("hints", 0)), _opt_float(data.get("first_green")),
                   CodingEnd(data["ended"]) if data.get("ended") else None,
                   _opt_float(data.get("seconds")),
                   _signature(data.get("checked_signature")))


@dataclass(frozen=True)
class InterviewPayload:
    """Everything an interview needs to resume, and what its scorecard is built from."""

    title: str
    level: str | None
    lang: str
    minutes: float
    questions_budget: float        # seconds of the clock for the questions
    coding_budget: float           # seconds for the live coding
    queue: tuple[str, ...]
    items: tuple[Asked, ...]
    kata_slug: str
    kata_title: str
    started_at: str
    position: int = 0
    coding: Coding | None = None
    elapsed: float = 0.0           # active seconds, folded in at every save
    questions_end: float | None = None
    paused_in: str | None = None
    finished_at: str | None = None
    scorecard: dict[str, Any] | None = None   # the JSON-edge scorecard, once concluded

    @property
    def item(self) -> Asked:
        return self.items[self.position]

    def with_item(self, item: Asked) -> InterviewPayload:
        """This payload with the current question's record replaced."""
        items = list(self.items)
        items[self.position] = item
        return replace(self, items=tuple(items))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": PAYLOAD_VERSION, "title": self.title, "level": self.level,
            "lang": self.lang, "minutes": self.minutes,
            "budgets": {"questions": self.questions_budget, "coding": self.coding_budget},
            "queue": list(self.queue), "position": self.position,
            "items": [i.to_json() for i in self.items],
            "kata": {"slug": self.kata_slug, "title": self.kata_title},
            "coding": self.coding.to_json() if self.coding else None,
            "clock": {"elapsed": self.elapsed, "questions_end": self.questions_end},
            "paused_in": self.paused_in, "started_at": self.started_at,
        }
        if self.finished_at is not None:
            data["finished_at"] = self.finished_at
        if self.scorecard is not None:
            data["scorecard"] = self.scorecard
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InterviewPayload:
        """The stored payload as records (KeyError, TypeError or ValueError when malformed)."""
        budgets, kata, clock = data["budgets"], data["kata"], data["clock"]
        coding = data.get("coding")
        return cls(
            title=str(data["title"]), level=data.get("level"), lang=str(data["lang"]),
            minutes=float(data["minutes"]), questions_budget=float(budgets["questions"]),
            coding_budget=float(budgets["coding"]),
            queue=tuple(str(q) for q in data["queue"]),
            items=tuple(Asked.from_json(i) for i in data["items"]),
            kata_slug=str(kata["slug"]), kata_title=str(kata["title"]),
            started_at=str(data["started_at"]), position=int(data.get("position", 0)),
            coding=Coding.from_json(coding) if coding else None,
            elapsed=float(clock["elapsed"]), questions_end=_opt_float(clock.get("questions_end")),
            paused_in=data.get("paused_in"), finished_at=data.get("finished_at"),
            scorecard=data.get("scorecard"))
