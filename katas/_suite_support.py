"""What the three hidden suites share: loading the learner's solution, hypothesis
settings, thread reaping and log capture.

Each suite's conftest.py loads this file by path (it is not a package and is
never on sys.path, so it cannot shadow a learner's module) and calls
`suite_plugin(module_name)`, putting the returned hooks and fixtures into its
own namespace, where pytest finds them.

The runner puts the solution file's absolute path in the KATA_SOLUTION
environment variable. The file is imported under the contract's module name
(`vending`, `tcp`, `fsm`), so that `logging.getLogger(__name__)` inside it
names the default logger the contract talks about. If the runner has already
imported that very file under that name, the existing module is reused.

Self-contained: it needs pytest and hypothesis, nothing else.
"""

from __future__ import annotations

import gc
import importlib.util
import logging
import os
import sys
import threading
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

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


def _same_file(a: str | None, b: str) -> bool:
    return a is not None and os.path.realpath(a) == os.path.realpath(b)


def load_solution(module_name: str):
    """Import KATA_SOLUTION as `module_name` (or reuse the runner's import of it)."""
    path = os.path.abspath(os.environ["KATA_SOLUTION"])
    existing = sys.modules.get(module_name)
    if os.environ.get("KATA_JUDGE"):
        # Under `trainer kata check` the solution runs in a separate worker and the
        # judge registers its proxy under the module name: never import the file here.
        if existing is None:
            raise pytest.UsageError("the judge did not provide the solution's proxy")
        return existing
    if existing is not None and _same_file(getattr(existing, "__file__", None), path):
        return existing
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise pytest.UsageError(f"cannot import {path} as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


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


def suite_plugin(module_name: str) -> dict[str, Any]:
    """The hooks and fixtures of one kata's suite, bound to its module name."""
    import_error: list[BaseException] = []

    def pytest_configure(config: pytest.Config) -> None:
        config.addinivalue_line(
            "markers", "task(n): the number of the contract rule group the test checks"
        )
        raw = os.environ.get("KATA_SOLUTION")
        if not raw:
            raise pytest.UsageError(
                f"KATA_SOLUTION is not set: point it at the solution file to test, "
                f"e.g. KATA_SOLUTION=/path/to/{module_name}.py"
            )
        if not os.path.isfile(raw):
            raise pytest.UsageError(f"KATA_SOLUTION={raw!r} is not a file")

    @pytest.fixture(scope="session")
    def sol():
        """The learner's solution module."""
        if import_error:
            # Shown once with its traceback already; keep the other errors short.
            err = import_error[0]
            pytest.fail(
                f"the solution could not be imported ({type(err).__name__}: {err}); "
                "see the first error for the traceback",
                pytrace=False,
            )
        try:
            return load_solution(module_name)
        except Exception as err:
            import_error.append(err)
            raise

    @pytest.fixture(autouse=True)
    def _reap_between_tests():
        reap_threads()
        yield

    @pytest.fixture(scope="session")
    def reap():
        """`reap()` inside hypothesis tests, which build many machines per test."""
        return reap_threads

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
        logger = logging.getLogger(f"kata-suite.{module_name}.injected")
        logger.propagate = False
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        return logger

    return {
        "pytest_configure": pytest_configure,
        "sol": sol,
        "_reap_between_tests": _reap_between_tests,
        "reap": reap,
        "logs": logs,
        "own_logger": own_logger,
    }
