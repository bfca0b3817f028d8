"""Hidden suite for the `tcp` kata: loads the learner's solution.

The runner puts the solution file's absolute path in the KATA_SOLUTION
environment variable. The file is imported under the contract's module name
(`tcp`) so that `logging.getLogger(__name__)` inside it names the default
logger the contract talks about. If the runner has already imported that very
file under that name, the existing module is reused.

This file is self-contained: it needs pytest and hypothesis, nothing else.
"""

from __future__ import annotations

import gc
import importlib.util
import logging
import os
import sys
import threading

import pytest
from hypothesis import HealthCheck, Phase, settings

MODULE_NAME = "tcp"

settings.register_profile(
    "kata-suite",
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=60,
    print_blob=False,
    # No "explain" phase: it makes a failing run several times slower.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("kata-suite")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "task(n): the number of the contract rule group the test checks"
    )
    raw = os.environ.get("KATA_SOLUTION")
    if not raw:
        raise pytest.UsageError(
            f"KATA_SOLUTION is not set: point it at the solution file to test, "
            f"e.g. KATA_SOLUTION=/path/to/{MODULE_NAME}.py"
        )
    if not os.path.isfile(raw):
        raise pytest.UsageError(f"KATA_SOLUTION={raw!r} is not a file")


def _same_file(a: str | None, b: str) -> bool:
    return a is not None and os.path.realpath(a) == os.path.realpath(b)


def _load_solution():
    path = os.path.abspath(os.environ["KATA_SOLUTION"])
    existing = sys.modules.get(MODULE_NAME)
    if existing is not None and _same_file(getattr(existing, "__file__", None), path):
        return existing
    spec = importlib.util.spec_from_file_location(MODULE_NAME, path)
    if spec is None or spec.loader is None:
        raise pytest.UsageError(f"cannot import {path} as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(MODULE_NAME, None)
        raise
    return module


_import_error: list[BaseException] = []


@pytest.fixture(scope="session")
def sol():
    """The learner's solution module."""
    if _import_error:
        # Shown once with its traceback already; keep the other errors short.
        err = _import_error[0]
        pytest.fail(
            f"the solution could not be imported ({type(err).__name__}: {err}); "
            "see the first error for the traceback",
            pytrace=False,
        )
    try:
        return _load_solution()
    except Exception as err:  # noqa: BLE001 - re-raised, recorded only to shorten repeats
        _import_error.append(err)
        raise


_reap_above = [24]


def reap_threads() -> None:
    """Collect unreachable machines when threads pile up.

    An actor-style solution runs one worker thread per machine and stops it
    when the machine is garbage-collected. Machines caught in reference
    cycles (an exception's traceback holds the frames that hold the machine)
    wait for the cyclic collector, so the suite runs it whenever 24 more
    threads are alive than after the last collection: the runner's memory
    limit leaves room for only so many thread stacks, and a full collection
    is too slow to run before every example.
    """
    if threading.active_count() > _reap_above[0]:
        gc.collect()
        _reap_above[0] = threading.active_count() + 24


@pytest.fixture(autouse=True)
def _reap_between_tests():
    reap_threads()
    yield


@pytest.fixture(scope="session")
def reap():
    """`reap()` inside hypothesis tests, which build many machines per test."""
    return reap_threads


class LogSink(logging.Handler):
    """Keeps every record that reaches the logger it is attached to."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def clear(self) -> None:
        self.records.clear()

    def at(self, level: int) -> list[logging.LogRecord]:
        return [r for r in self.records if r.levelno == level]

    def at_or_above(self, level: int) -> list[logging.LogRecord]:
        return [r for r in self.records if r.levelno >= level]

    def describe(self) -> str:
        if not self.records:
            return "no records"
        return "; ".join(f"{r.levelname} {r.getMessage()!r}" for r in self.records)


@pytest.fixture
def logs():
    """`logs(logger)` attaches a LogSink to `logger`; undone after the test."""
    undo = []

    def attach(logger: logging.Logger) -> LogSink:
        sink = LogSink()
        undo.append((logger, sink, logger.level, logger.disabled))
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        logger.addHandler(sink)
        return sink

    yield attach
    for logger, sink, level, disabled in reversed(undo):
        logger.removeHandler(sink)
        logger.setLevel(level)
        logger.disabled = disabled


@pytest.fixture
def own_logger():
    """A fresh logger to pass to the machine, not connected to any other."""
    logger = logging.getLogger(f"kata-suite.{MODULE_NAME}.injected")
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    return logger
