"""Hidden suite for the `table-tests` kata (the learner's file is a test file: the suite runs it, never imports it).

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

globals().update(sys.modules[_NAME].suite_plugin("test_ticket"))


# --- what the table-tests suite needs ------------------------------------------

import os  # noqa: E402

import pytest  # noqa: E402

HERE = Path(__file__).resolve().parent


class Judge:
    """Runs the learner's tests against the correct machine and each mutant, each run
    once: one contained pytest process per run, three at a time in the background,
    started at the first request in the order the tests ask for them, so a test waits
    for its own run, not for all ten."""

    def __init__(self) -> None:
        from trainer.kata_runner import mutants

        sys.path.insert(0, str(HERE))
        try:
            from mutant_table import MUTANTS
        finally:
            sys.path.remove(str(HERE))
        self._m = mutants
        self.table = MUTANTS
        self.tests = Path(os.environ["KATA_SOLUTION"]).read_text(encoding="utf-8")
        self.machine = (HERE / "ticket_machine.py").read_text(encoding="utf-8")
        self.runs: dict = {}
        self._pool = None

    def _one(self, name: str | None):
        source = self.machine if name is None else self._m.apply_patch(
            self.machine, self.table[name][2], name)
        # Against a mutant any failure kills it: hypothesis is told not to shrink there.
        return self._m.run_tests(self.tests, source, "ticket", timeout=15.0,
                                 mutant=name is not None)

    def run(self, name: str | None):
        """The run on the correct machine (None) or on the mutant `name`."""
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=3)
            self._futures = {n: self._pool.submit(self._one, n) for n in [None, *self.table]}
        if name not in self.runs:
            self.runs[name] = self._futures[name].result()
        return self.runs[name]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    @property
    def correct(self):
        return self.run(None)

    def killed(self, name: str) -> bool:
        return self.correct.outcome == "passed" and self.run(name).outcome == "failed"

    def score_line(self) -> str:
        judged = [n for n in self.runs if n is not None]
        killed = sum(self.killed(n) for n in judged)
        return (f"so far your tests kill {killed} of the {len(judged)} mutants judged "
                f"(of {len(self.table)}); a pass needs all of them")


@pytest.fixture(scope="session")
def verdict():
    judge = Judge()
    yield judge
    judge.close()
