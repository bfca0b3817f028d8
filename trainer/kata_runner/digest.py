"""A check report boiled down to what a learner reads first.

Test runners' users ask the same three things of a failure: with what input,
what was expected, what came instead. `first_failure()` pulls those out of the
suite's message (its plain-words sentence, the parametrized id or the
property-based "Failing test case"); `groups()` folds failures that are the same
error into one line ("48 tests failed with NotImplementedError: ..."), and
`changes()` says what moved between two runs of `kata watch`. Pure data in,
pure data out: the CLI renders it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from trainer.kata_runner.report import PASS, Frame, TestResult

CAP_AT = 3  # this many identical failures or more become one line

_EXPECTED_ACTUAL = (
    re.compile(r"(?:must be|should be)\s+(?:in\s+)?(?P<e>.+?),\s*but\s+(?:it\s+is|it's|got|was|is)\s+"
               r"(?:in\s+)?(?P<a>.+)$"),
    re.compile(r"expected\s+(?P<e>.+?),?\s+(?:but\s+)?got\s+(?P<a>.+)$", re.IGNORECASE),
)
_INPUT_MARKERS = ("Failing test case:", "Falsifying example:")


@dataclass(frozen=True)
class FailureDetail:
    """The first failing test, as its panel shows it."""

    test: TestResult
    problem: str                 # the suite's sentence (first line of its message)
    input: str | None            # the parameters or the failing case
    expected: str | None
    actual: str | None
    frames: tuple[Frame, ...]


@dataclass(frozen=True)
class Group:
    """Failures with the same message and traceback (one test, or a capped run of many)."""

    tests: tuple[TestResult, ...]

    @property
    def capped(self) -> bool:
        return len(self.tests) >= CAP_AT

    def line(self) -> str:
        """`48 tests failed with NotImplementedError: VendingMachine.__init__ - write ... first`."""
        first = self.tests[0]
        message = _first_line(first.message) or "no message"
        hint = _hint(message)
        rules = sorted({t.task_id for t in self.tests if t.task_id is not None})
        where = ""
        if rules:
            where = (f" (rule {rules[0]})" if len(rules) == 1
                     else f" (rules {rules[0]}-{rules[-1]})")
        return f"{len(self.tests)} tests failed with {message}{where}{hint}"


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0].strip() if (text or "").strip() else ""


def _hint(message: str) -> str:
    m = re.match(r"NotImplementedError:\s*([\w.]+)", message)
    if not m:
        return ""
    what = m.group(1)
    if what.endswith("__init__"):
        return " - write the constructor first"
    return f" - write {what.rsplit('.', 1)[-1]} first"


def first_failure(tests: Sequence[TestResult]) -> FailureDetail | None:
    failing = [t for t in tests if t.status != PASS]
    if not failing:
        return None
    t = failing[0]
    text = (t.message or "").strip()
    problem, case = text, None
    for marker in _INPUT_MARKERS:
        if marker in text:
            problem, _, case = text.partition(marker)
            problem, case = problem.strip(), case.strip()
            break
    problem_line = _first_line(problem) or "no message"
    params = t.name.partition("[")[2].rstrip("]") if "[" in t.name else None
    expected = actual = None
    for pattern in _EXPECTED_ACTUAL:
        m = pattern.search(problem_line)
        if m:
            expected, actual = m.group("e").strip(), m.group("a").strip()
            break
    return FailureDetail(t, problem_line, case or params, expected, actual, tuple(t.frames))


def groups(tests: Sequence[TestResult]) -> list[Group]:
    """Failing tests grouped by identical (status, message, frames), in first-seen order."""
    by_key: dict[tuple[object, ...], list[TestResult]] = {}
    for t in tests:
        if t.status == PASS:
            continue
        by_key.setdefault((t.status, t.message, tuple(t.frames)), []).append(t)
    return [Group(tuple(ts)) for ts in by_key.values()]


@dataclass(frozen=True)
class Changes:
    """What moved since the previous run of `kata watch`."""

    now_passing: tuple[str, ...]
    now_failing: tuple[str, ...]

    def line(self) -> str:
        if not self.now_passing and not self.now_failing:
            return "Since the last run: no test changed."
        bits = []
        if self.now_passing:
            bits.append(f"{len(self.now_passing)} now pass")
        if self.now_failing:
            bits.append(f"{len(self.now_failing)} now fail ({', '.join(self.now_failing[:3])}"
                        + (", …" if len(self.now_failing) > 3 else "") + ")")
        return "Since the last run: " + "; ".join(bits) + "."


def changes(before: dict[str, bool], tests: Sequence[TestResult]) -> Changes:
    """Compare with the previous run's {test id: passed}."""
    passing = tuple(t.name for t in tests if t.passed and before.get(t.id) is False)
    failing = tuple(t.name for t in tests if not t.passed and before.get(t.id) is True)
    return Changes(passing, failing)


def outcomes(tests: Sequence[TestResult]) -> dict[str, bool]:
    return {t.id: t.passed for t in tests}
