"""The parent side of a Python kata check: `CheckRun`, `iter_check()`, `run_check()`.

`iter_check()` yields events while a check runs (collected, test started, test
finished, restarted; `events.py`) and finally `Finished(report)`; `run_check()` just
returns the report. Nothing here writes to the terminal: the CLI renders the events.

This module prepares a check (the solution read once, the sandbox chosen, the recorded
manifest, a private temporary directory) and starts its first attempt at once, so the
caller can do its own work while the tests run. The rest is split by job:
`attempt.py` spawns the judge and the sandboxed worker and reads their events,
`supervise.py` keeps the clocks and restarts, `results.py` decides the verdict,
`blame.py` words why a process ended, `limits.py` says how much a check may use.
Limits (hard = soft), the process count, the process-tree kill and the subreaper come
from `sandbox.py`.

The Go track (`golang/check.py`) imports the shared records from here.
"""
from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trainer.kata_runner import sandbox
from trainer.kata_runner.attempt import SCRATCH_ENV, Attempt, child_env
from trainer.kata_runner.events import (
    Collected,
    Event,
    Finished,
    Restarted,
    TestFinished,
    TestStarted,
)
from trainer.kata_runner.limits import MIN_MEMORY, Limits
from trainer.kata_runner.report import Report
from trainer.kata_runner.results import Results, settle
from trainer.kata_runner.supervise import supervise
from trainer.kata_status import Verdict

# The records both tracks share, importable from here (the Go track's interface).
__all__ = ["CheckRun", "Collected", "Event", "Finished", "Limits", "Restarted",
           "TestFinished", "TestStarted", "iter_check", "run_check"]

_MAX_SOURCE = 2 << 20


def _solution_problem(path: Path) -> str | None:
    if not path.exists():
        return f"no solution file at {path}"
    if path.is_dir():
        return f"{path} is a directory, not a Python file"
    if not os.access(path, os.R_OK):
        return f"cannot read {path}"
    return None


class CheckRun:
    """One check, started as soon as it is created.

    The first test process is spawned in the constructor, so a caller can start
    the run and do its own work (imports, opening the store) while the tests
    run; `events()` then supervises it. `cancel()` (or closing the `events()`
    generator) kills the test process and removes the temporary directory.
    """

    def __init__(self, suite_dir: str | os.PathLike[str], module: str,
                 solution: str | os.PathLike[str], *, slug: str = "",
                 limits: Limits | None = None, manifest: list[str] | None = None,
                 sandbox_mode: str | None = None, hide: list[str] | None = None,
                 solution_is_tests: bool = False) -> None:
        self.limits = limits or Limits()
        self.t0 = time.monotonic()
        self.deadline = sandbox.Deadline(self.limits.run_seconds, self.t0)
        self.manifest = manifest
        self.hide = [*(hide or []), os.path.dirname(os.path.abspath(solution))]
        self.mode, forced_problem = sandbox.choose(sandbox_mode)
        self.box = sandbox.Containment(
            memory_bytes=self.limits.memory_bytes, file_bytes=self.limits.file_bytes,
            cpu_seconds=int(self.limits.run_seconds) + 5, processes=self.limits.processes)
        self.reaper: sandbox.Reaper | None = sandbox.Reaper().__enter__()
        self.suite = str(Path(suite_dir).resolve())
        self.module = module
        self.solution = str(Path(os.path.abspath(solution)))
        self.report = Report(slug=slug, solution=self.solution, sandbox=self.mode.value)
        self.problem = forced_problem or _solution_problem(Path(self.solution))
        self.source = b""
        if self.problem is None:
            try:
                with open(self.solution, "rb") as fh:
                    self.source = fh.read(_MAX_SOURCE + 1)
            except OSError as exc:
                self.problem = f"cannot read {self.solution}: {exc.strerror}"
            if len(self.source) > _MAX_SOURCE:
                self.problem = f"{self.solution} is larger than {_MAX_SOURCE >> 20} MiB"
        if solution_is_tests:
            # The learner wrote tests: the suite runs them contained (mutants.py) and the
            # worker must not import them (pytest is not in its box); it imports nothing.
            self.source = b""
        if self.problem is None and manifest is None:
            from trainer.kata_runner import manifest as recorded

            expected, refusal = recorded.check(Path(self.suite), slug)
            if refusal is not None:
                self.problem = refusal
            elif expected is not None:
                self.manifest = list(expected.tests)
        if self.problem is None and self.limits.memory_bytes < MIN_MEMORY:
            self.problem = (f"the memory limit is too low to start Python (minimum "
                            f"{MIN_MEMORY >> 20} MiB)")
        self.tmp: str | None = None
        self._first: Attempt | None = None
        self._used = False
        if self.problem is None:
            self.tmp = tempfile.mkdtemp(prefix="trainer-kata-")
            try:
                self._first = self._new_child(self._config(1))
            except BaseException:
                self._cleanup()
                raise

    def _config(self, attempt: int, remaining: list[str] | None = None) -> dict[str, Any]:
        # Everything travels in argv: the parent writes no file a child could see.
        limits = self.limits
        return {
            "solution": self.solution, "module": self.module, "suite": self.suite,
            "memory": limits.memory_bytes, "output_cap": limits.output_chars,
            "only": remaining,
        }

    def _new_child(self, cfg: dict[str, Any]) -> Attempt:
        assert self.tmp is not None
        box = os.path.join(self.tmp, "box")
        os.makedirs(box, exist_ok=True)
        scratch = os.path.join(self.tmp, "scratch")
        os.makedirs(scratch, exist_ok=True)
        # The suite starts its own contained processes (order-workflow's workers) in the
        # same sandbox mode as the worker.
        env = {**child_env(self.solution, self.tmp), SCRATCH_ENV: scratch,
               sandbox.ENV_FORCE: self.mode.value}
        return Attempt(cfg, env, box,
                      solution_bytes=self.source, module=self.module, mode=self.mode,
                      box=self.box, hide=self.hide)

    def _spawn(self, attempt: int, remaining: list[str] | None) -> Attempt:
        if attempt == 1 and self._first is not None:
            child, self._first = self._first, None
            return child
        assert self.tmp is not None
        return self._new_child(self._config(attempt, remaining))

    def events(self) -> Iterator[Event]:
        """Supervise the run: yield progress events, then `Finished(report)` last."""
        if self._used:
            raise RuntimeError("a CheckRun runs once")
        self._used = True
        report = self.report
        run = Results(report, self.limits, self.t0)
        if self.problem:
            self._cleanup()
            report.status, report.message = Verdict.ERROR, self.problem
            report.duration = time.monotonic() - self.t0
            yield Finished(report)
            return
        try:
            yield from supervise(run, self._spawn, self.solution, self.manifest)
        finally:
            self._cleanup()
        report.duration = time.monotonic() - self.t0
        settle(run)
        yield Finished(report)

    def cancel(self) -> None:
        """Stop a run that will not be used (kills its test process)."""
        self._cleanup()

    def __del__(self) -> None:  # a run dropped unused must not leave a process behind
        try:
            self._cleanup()
        except Exception:
            pass

    def _cleanup(self) -> None:
        if self._first is not None:
            self._first.kill()
            self._first.finish(grace=0)
            self._first = None
        if self.tmp is not None:
            import shutil

            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
        reaper, self.reaper = getattr(self, "reaper", None), None
        if reaper is not None:
            reaper.__exit__(None, None, None)


def iter_check(suite_dir: str | os.PathLike[str], module: str, solution: str | os.PathLike[str],
               *, slug: str = "", limits: Limits | None = None,
               solution_is_tests: bool = False) -> Iterator[Event]:
    """Run the hidden suite in `suite_dir` against `solution`; yield events, then Finished.

    `module` is the contract's module name (the solution is imported under it).
    The test process starts at the first `next()`. Closing the generator early
    kills it.
    """
    yield from CheckRun(suite_dir, module, solution, slug=slug, limits=limits,
                        solution_is_tests=solution_is_tests).events()


def run_check(suite_dir: str | os.PathLike[str], module: str,
              solution: str | os.PathLike[str], *, slug: str = "",
              limits: Limits | None = None, solution_is_tests: bool = False) -> Report:
    """`iter_check` without the progress: just the report."""
    report = None
    for event in iter_check(suite_dir, module, solution, slug=slug, limits=limits,
                            solution_is_tests=solution_is_tests):
        if isinstance(event, Finished):
            report = event.report
    assert report is not None
    return report
