"""The results of one check across its attempts, and the rules that decide its verdict.

A check may take several attempts (a hung or crashed test costs its process; the rest
run in a new one), so the results live here, outside any one process: the suite's
order and names, each test's result, and the decisions that close a run (an error on
the first attempt, "not run" for what never ran, pass only if every test passed).
The supervision loop (`supervise.py`) calls these; none of them touches a process.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from trainer.kata_runner.events import Collected, Event
from trainer.kata_runner.limits import Limits, fmt_seconds
from trainer.kata_runner.protocol import SuiteCollected
from trainer.kata_runner.report import Frame, Report, TestResult
from trainer.kata_status import Verdict


def humanize(test_name: str) -> str:
    """`test_refund_returns_to_idle[cola]` -> `refund returns to idle [cola]`."""
    base, bracket, rest = test_name.partition("[")
    if base.startswith("test_"):
        base = base[5:]
    words = base.replace("_", " ").strip() or test_name
    return f"{words} [{rest}" if bracket else words


@dataclass
class Results:
    """Book-keeping of one check across restarts."""

    report: Report
    limits: Limits
    t0: float
    order: list[str] = field(default_factory=list)
    names: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    results: dict[str, TestResult] = field(default_factory=dict)
    collected: bool = False
    fatal: bool = False  # the run ended in an error: no test could run

    @property
    def run_deadline(self) -> float:
        return self.t0 + self.limits.run_seconds

    def placeholder(self, test_id: str, status: Verdict, message: str,
                    frames: list[Frame] | None = None) -> TestResult:
        name, task_id = self.names.get(test_id, (test_id, None))
        return TestResult(id=test_id, name=name, status=status, message=message,
                          task_id=task_id, frames=frames or [])

    def remaining(self) -> list[str]:
        return [t for t in self.order if t not in self.results]


def settle(run: Results) -> None:
    """The final status: error already decided, else pass only if every test passed."""
    report = run.report
    if run.collected and not run.fatal:
        for tid in run.remaining():  # a run that ended early: what never ran is not a pass
            run.results[tid] = run.placeholder(tid, Verdict.ERROR, "not run: the test run stopped before it")
    report.tests = [run.results[t] for t in run.order if t in run.results] + [
        r for t, r in run.results.items() if t not in run.order
    ]
    if report.status == Verdict.ERROR and report.message:
        return
    if not report.tests:
        report.status = Verdict.ERROR
        report.message = report.message or "no test could run"
    elif all(t.passed for t in report.tests):
        report.status = Verdict.PASS
    else:
        report.status = Verdict.FAIL


def give_up(run: Results, attempt: int, message: str, frames: list[Frame]) -> None:
    """No (more) test can run. On the first attempt the whole check is an error; on a
    restart, the tests that ran keep their results and the rest are "not run"."""
    if attempt == 1:
        run.report.status, run.report.message, run.report.frames = Verdict.ERROR, message, frames
        run.fatal = True
        return
    for tid in run.remaining():
        run.results[tid] = run.placeholder(tid, Verdict.ERROR, f"not run: {message}", frames)


def violation(run: Results, what: str) -> None:
    """The other side broke the protocol: the whole check is an error, never a pass."""
    run.report.status = Verdict.ERROR
    run.report.message = f"the check was stopped: {what}"
    run.fatal = True


def on_collected(run: Results, ev: SuiteCollected,
                 manifest: list[str] | None = None) -> Iterator[Event]:
    """The suite's tests, in order: checked against the manifest, then announced."""
    report = run.report
    if manifest is not None:
        got = [t.id for t in ev.tests]
        if not ev.errors and sorted(got) != sorted(manifest):
            missing = sorted(set(manifest) - set(got))
            extra = sorted(set(got) - set(manifest))
            parts = ([f"missing {len(missing)} (e.g. {missing[0]})"] if missing else []) + (
                [f"unexpected {len(extra)} (e.g. {extra[0]})"] if extra else []) or [
                "some tests collected twice"]
            report.status, run.fatal = Verdict.ERROR, True
            report.message = ("the tests that ran are not the hidden suite's: "
                              + ", ".join(parts) + "; reinstall the trainer")
            return
    for test in ev.tests:
        if test.id in run.names:
            continue
        run.order.append(test.id)
        run.names[test.id] = (humanize(test.name or test.id), test.task_id)
    if ev.errors and not run.order:
        first = ev.errors[0]
        report.status, run.fatal = Verdict.ERROR, True
        report.message = "the hidden suite could not be loaded: " + first.message
        report.frames = list(first.frames)
        return
    for err in ev.errors:
        where = err.where or "the suite"
        marker = f"(collect) {where}"
        run.results[marker] = TestResult(
            id=marker, name=f"loading {os.path.basename(where) or where}", status=Verdict.ERROR,
            message=err.message, frames=list(err.frames))
    if not run.order and not ev.errors:
        report.status, run.fatal = Verdict.ERROR, True
        report.message = "the hidden suite has no tests"
        return
    yield Collected(len(run.order))


def out_of_time(run: Results, phase: str, current: str | None) -> None:
    limit = fmt_seconds(run.limits.run_seconds)
    report = run.report
    if not run.collected:
        report.status = Verdict.ERROR
        report.message = f"the run reached its time limit ({limit}) before any test ran"
        return
    if current is not None and phase == "test":
        run.results[current] = run.placeholder(
            current, Verdict.ERROR, f"stopped: the whole run reached its time limit ({limit})")
    for tid in run.remaining():
        run.results[tid] = run.placeholder(tid, Verdict.ERROR, f"not run: the run reached its time limit ({limit})")
