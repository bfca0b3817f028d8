"""What a running check tells its caller, in order: the progress events of both tracks.

`CheckRun.events()` (Python) and `GoCheckRun.events()` (Go) yield these, ending with
`Finished(report)`; the CLI turns them into the progress line. Plain frozen records, so
the caller never reads the judge's wire format.
"""
from __future__ import annotations

from dataclasses import dataclass

from trainer.kata_runner.report import Report, TestResult


@dataclass(frozen=True)
class Collected:
    """The suite was collected: `total` tests will be reported."""

    total: int


@dataclass(frozen=True)
class TestStarted:
    __test__ = False  # not a pytest test class, despite the name

    id: str
    name: str
    done: int
    total: int


@dataclass(frozen=True)
class TestFinished:
    __test__ = False

    result: TestResult
    done: int
    total: int


@dataclass(frozen=True)
class Restarted:
    """A new test process took over after a test hung or crashed."""

    reason: str
    remaining: int


@dataclass(frozen=True)
class Finished:
    report: Report


Event = Collected | TestStarted | TestFinished | Restarted | Finished
