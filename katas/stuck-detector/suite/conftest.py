"""Hidden suite for the `stuck-detector` kata: loads the learner's solution as `stuck`.

Everything the three suites share lives in katas/_suite_support.py, loaded by
path so that it is never importable by the learner's code.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "_kata_suite_support"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        _NAME, Path(__file__).resolve().parents[2] / "_suite_support.py")
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])

globals().update(sys.modules[_NAME].suite_plugin("stuck"))


# --- what the stuck-detector tests share ------------------------------------------

import pytest  # noqa: E402


class Clock:
    """The injected clock: time stands still until a test moves it."""

    def __init__(self, now: float = 10_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Actions:
    """The workflow's recovery operations: records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def retry(self, entity_id, state, key):
        self.calls.append(("retry", entity_id, state, key))

    def move(self, entity_id, from_state, to_state):
        self.calls.append(("move", entity_id, from_state, to_state))


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def actions():
    return Actions()


@pytest.fixture
def table(sol):
    """The order workflow's budgets: the states the suite uses unless a test says otherwise."""
    R = sol.Recovery
    return {
        "new": sol.StateRule(None),
        "processing": sol.StateRule(300.0, R.RETRY, "failed", max_retries=2),
        "charging": sol.StateRule(60.0, R.FAIL, "failed"),
        "enriching": sol.StateRule(120.0, R.SKIP, "shipping"),
        "shipping": sol.StateRule(600.0),
        "failed": sol.StateRule(None),
        "done": sol.StateRule(None),
    }


@pytest.fixture
def detector(sol, table, clock, actions):
    """A detector on `table` with a 10 s heartbeat interval (stuck = silent > 20 s)."""
    return sol.Detector(table, 10.0, clock, actions.retry, actions.move)


@pytest.fixture
def helpers():
    return {"Clock": Clock, "Actions": Actions}
