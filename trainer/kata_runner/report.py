"""The result of a kata check, and its Exercism-style JSON form.

A `Report` is plain data: the CLI renders it, the store records a summary of it,
`to_exercism()` turns it into one JSON object modeled on Exercism's test-runner
interface, version 3 (status pass|fail|error, message, tests with name, status,
message, output, task_id). The test code is deliberately left out: the suite is
hidden, and the interface lets a runner omit `test_code`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from trainer.kata_status import Verdict

# The verdicts under their short names, for the modules that build results (both tracks).
PASS, FAIL, ERROR = Verdict.PASS, Verdict.FAIL, Verdict.ERROR


@dataclass(frozen=True)
class Frame:
    """One traceback line in the learner's own file (never the suite's)."""

    file: str
    line: int
    code: str
    repeat: int = 1

    def render(self, display: str | None = None) -> str:
        """`vending.py:12: return self._state` (with a count for a recursion run)."""
        if self.line <= 0:
            return self.code
        name = display or os.path.basename(self.file)
        text = f"{name}:{self.line}: {self.code}".rstrip()
        if self.repeat > 1:
            text += f"  (this line {self.repeat} times in a row)"
        return text

    @classmethod
    def from_event(cls, data: dict[str, Any]) -> Frame:
        return cls(str(data.get("file", "")), int(data.get("line") or 0),
                   str(data.get("code") or ""), int(data.get("repeat") or 1))


@dataclass
class TestResult:
    """One test of the hidden suite: its outcome in the learner's terms."""

    __test__ = False  # not a pytest test class, despite the name

    id: str
    name: str
    status: Verdict = Verdict.ERROR
    message: str | None = None
    output: str | None = None
    task_id: int | None = None
    frames: list[Frame] = field(default_factory=list)
    duration: float = 0.0

    def __post_init__(self) -> None:
        self.status = Verdict(self.status)  # a plain "pass" becomes the verdict it names

    @property
    def passed(self) -> bool:
        return self.status is Verdict.PASS

    def full_message(self, display: str | None = None) -> str | None:
        """The message plus the learner's traceback lines (what JSON consumers get)."""
        if self.message is None and not self.frames:
            return None
        lines = [self.message or ""]
        if self.frames:
            lines.append("Traceback (your code, most recent call last):")
            lines += ["  " + f.render(display) for f in self.frames]
        return "\n".join(lines).strip("\n")


@dataclass
class Report:
    """A whole check run.

    `status` is pass (every test passed), fail (at least one did not) or error (no
    test could run: the file is missing, does not import, or the suite could not
    collect). `message` and `frames` explain an error; `stderr_tail` keeps the end of
    the test process's raw stderr for crash reports.
    """

    slug: str
    solution: str
    status: Verdict = Verdict.ERROR
    message: str | None = None
    frames: list[Frame] = field(default_factory=list)
    tests: list[TestResult] = field(default_factory=list)
    duration: float = 0.0
    output: str | None = None
    restarts: int = 0
    rpc_calls: int = 0  # requests the judge made to the worker (for the benchmark)
    sandbox: str = "none"  # "bubblewrap" | "namespaces" | "none" (see sandbox.SandboxMode)

    def __post_init__(self) -> None:
        self.status = Verdict(self.status)

    @property
    def passed(self) -> int:
        return sum(1 for t in self.tests if t.passed)

    @property
    def total(self) -> int:
        return len(self.tests)

    @property
    def exit_code(self) -> int:
        """The CLI's exit status: 0 pass, 1 fail, 2 error."""
        return self.status.exit_code

    def full_message(self) -> str | None:
        if self.message is None:
            return None
        lines = [self.message]
        if self.frames:
            lines.append("Traceback (your code, most recent call last):")
            lines += ["  " + f.render() for f in self.frames]
        return "\n".join(lines)

    def to_exercism(self) -> dict[str, Any]:
        """One object modeled on Exercism's test-runner interface v3."""
        data: dict[str, Any] = {"version": 3, "status": self.status.value, "message": self.full_message(),
                      "sandbox": self.sandbox}
        data["tests"] = [
            {
                "name": t.name,
                "status": t.status.value,
                "message": t.full_message(),
                "output": t.output,
                "task_id": t.task_id,
                "duration_ms": round(t.duration * 1000, 3),
            }
            for t in self.tests
        ]
        return data
