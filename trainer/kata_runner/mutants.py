"""Mutation judging: run a learner's pytest file against a correct module and its mutants.

A kata where the learner writes the *tests* (table-tests) is judged by what those
tests catch. `judge()` runs the learner's test file once against the correct module
(every test must pass) and once per mutant (a small edit of that module, given as
exact-once text replacements); a mutant is *killed* when the tests that passed on the
correct module fail on it. The score is the share of mutants killed.

Each run is its own pytest process in a fresh directory holding three files: the
learner's tests, the module under test (under a name the tests cannot import
directly) and a conftest that hands the module to the tests as a fixture. The
learner's tests are learner code, so every run goes through a `Contain` function:
`sandboxed_run` by default (`sandbox.start`: the same box as the kata worker, with
read-only views of pytest's own packages and of the run's directory only);
`contained_run` (limits and a process-group kill, no sandbox) is kept for tests that
need no box.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

MODULE_FILE = "module_under_test.py"
TESTS_FILE = "test_learner.py"

_CONFTEST = '''"""Hands the module under test to the learner's tests as the `{fixture}` fixture."""
import importlib.util
import os
import sys

import pytest


def _load():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), {module_file!r})
    spec = importlib.util.spec_from_file_location("module_under_test", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["module_under_test"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def {fixture}():
    return _load()


if {quick_failures!r}:
    try:
        from hypothesis import Phase, settings
    except ImportError:
        pass
    else:
        # Against a mutant the first failing example is all the verdict needs:
        # shrinking it would only spend the time limit on a report nobody reads.
        settings.register_profile("kata-mutant", database=None,
                                  phases=(Phase.explicit, Phase.reuse, Phase.generate))
        settings.load_profile("kata-mutant")
'''


class Outcome(StrEnum):
    PASSED = "passed"  # every test passed
    FAILED = "failed"  # at least one test failed
    ERROR = "error"  # no verdict: collection error, no tests, timeout, crash


@dataclass(frozen=True)
class Mutant:
    name: str
    description: str
    patch: tuple[tuple[str, str], ...]  # (old, new), each old occurring exactly once


@dataclass(frozen=True)
class RunResult:
    returncode: int | None  # None: killed at the deadline
    output: str


@dataclass(frozen=True)
class Run:
    """One pytest run of the learner's tests against one module."""

    outcome: Outcome
    passed: int
    failed: int
    detail: str  # a short reason, or the tail of pytest's output

    @property
    def tests(self) -> int:
        return self.passed + self.failed


@dataclass(frozen=True)
class Verdict:
    correct: Run
    mutants: Mapping[str, Run]

    def killed(self, name: str) -> bool:
        """Killed: the tests pass on the correct module and fail on this mutant."""
        return self.correct.outcome is Outcome.PASSED and self.mutants[name].outcome is Outcome.FAILED

    @property
    def score(self) -> float:
        if not self.mutants:
            return 0.0
        return sum(self.killed(n) for n in self.mutants) / len(self.mutants)


Contain = Callable[[Sequence[str], Path, Mapping[str, str], float], RunResult]


def contained_run(argv: Sequence[str], cwd: Path, env: Mapping[str, str],
                  timeout: float) -> RunResult:
    """Run `argv` limited and isolated as far as plain POSIX allows; kill it at `timeout`."""

    def limit() -> None:  # in the child, before exec
        import resource

        for which, value in ((resource.RLIMIT_AS, 1 << 30), (resource.RLIMIT_CORE, 0),
                             (resource.RLIMIT_CPU, max(1, int(timeout) + 1)),
                             (resource.RLIMIT_FSIZE, 64 << 20)):
            try:
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass

    proc = subprocess.Popen(list(argv), cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, preexec_fn=limit)
    try:
        out, _ = proc.communicate(timeout=timeout)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        code = None
        out = b""
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever it started goes too
        except (ProcessLookupError, PermissionError):
            pass
        if proc.poll() is None:
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    return RunResult(code, out.decode("utf-8", "replace")[-8000:])


# What a contained pytest run may import besides the standard library (read-only views):
# pytest and its dependencies, and hypothesis (a learner may generate cases with it).
PYTEST_PACKAGES = ("pytest", "_pytest", "pluggy", "iniconfig", "packaging", "pygments", "py",
                   "hypothesis", "_hypothesis_globals", "_hypothesis_ftz_detector", "attr",
                   "attrs", "sortedcontainers")

# Inside the box: stderr becomes stdout too (the box keeps only stderr's tail), the views
# of pytest's packages go first on sys.path, then pytest runs as `python -m pytest` would.
_BOOT = ("import os, sys; os.dup2(2, 1); sys.path[:0] = sys.argv[1].split(':'); "
         "sys.argv = ['pytest', *sys.argv[2:]]; import pytest; "
         "raise SystemExit(pytest.console_main())")


def _package_views(root: str) -> tuple[list[tuple[str, str]], str]:
    """(source, target) views of PYTEST_PACKAGES under `root`, and the path entry."""
    import importlib.util

    views: list[tuple[str, str]] = []
    for name in PYTEST_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None or spec.origin in ("built-in", "frozen"):
            continue
        if spec.submodule_search_locations:
            source = os.path.dirname(spec.origin)
            views.append((source, f"{root}/{name}"))
        else:
            views.append((spec.origin, f"{root}/{os.path.basename(spec.origin)}"))
    return views, root


def sandboxed_run(argv: Sequence[str], cwd: Path, env: Mapping[str, str],
                  timeout: float) -> RunResult:
    """Run pytest `argv` (from `run_tests`) inside `sandbox.start()`; kill it at `timeout`.

    `argv[0]` and `-m pytest` are replaced by the box's interpreter and a bootstrap; `cwd`
    is shown read-only inside the box and every argument naming it is rewritten.
    """
    from trainer.kata_runner import sandbox

    mode = sandbox.detect()
    base = {sandbox.SandboxMode.BUBBLEWRAP: "/kata",
            sandbox.SandboxMode.NAMESPACES: "/tmp/.kata"}.get(mode)
    here = str(cwd)
    if base is None:  # no sandbox on this machine: the real paths, limits only
        inside, pkgs = here, ":".join(sorted({os.path.dirname(s) for s, _ in
                                              _package_views("/")[0]}))
        binds: list[sandbox.Bind] = []
        home = here
    else:
        inside = f"{base}/run"
        views, pkgs = _package_views(f"{base}/pkgs")
        binds = [sandbox.Bind(here, inside), *(sandbox.Bind(s, t) for s, t in views)]
        home = "/tmp"
    rest = list(argv[1:])
    if rest[:3] == ["-P", "-m", "pytest"]:
        rest = rest[3:]
    rest = [inside + a[len(here):] if a == here or a.startswith(here + "/") else a
            for a in rest]
    job_env = {**env, "HOME": home, "TMPDIR": home}
    job = sandbox.Job(argv=(sandbox.interpreter(), "-I", "-S", "-B", "-c", _BOOT, pkgs, *rest),
                      env=job_env, ro_binds=binds, cwd=inside)
    box = sandbox.Containment(memory_bytes=1 << 30, cpu_seconds=max(1, int(timeout) + 5),
                              processes=16)
    with sandbox.start(job, box, mode) as proc:
        code = proc.wait(sandbox.Deadline(timeout))
        if code is None:
            proc.kill()
        proc.close()
        return RunResult(code, proc.stderr_tail()[-8000:])


def apply_patch(source: str, patch: Sequence[tuple[str, str]], label: str = "mutant") -> str:
    """`source` with each (old, new) applied in order; each old must occur exactly once."""
    for old, new in patch:
        count = source.count(old)
        if count != 1:
            raise ValueError(f"{label}: the text to replace occurs {count} times, not once: {old!r}")
        source = source.replace(old, new)
    return source


_COUNT = re.compile(r"(\d+) (passed|failed|error|errors)\b")


def _summarise(result: RunResult, timeout: float) -> Run:
    if result.returncode is None:
        return Run(Outcome.ERROR, 0, 0, f"the tests took longer than {timeout:g} s")
    counts = {"passed": 0, "failed": 0, "error": 0}
    lines = result.output.strip().splitlines()
    for number, word in _COUNT.findall(lines[-1] if lines else ""):
        counts["error" if word.startswith("error") else word] += int(number)
    tail = "\n".join(lines[-15:])
    if result.returncode == 0 and counts["passed"]:
        return Run(Outcome.PASSED, counts["passed"], 0, tail)
    if result.returncode == 1 and counts["failed"] and not counts["error"]:
        return Run(Outcome.FAILED, counts["passed"], counts["failed"], tail)
    if result.returncode == 5:
        return Run(Outcome.ERROR, 0, 0, "no tests were collected")
    return Run(Outcome.ERROR, counts["passed"], counts["failed"], tail)


def run_tests(tests_source: str, module_source: str, fixture: str, *,
              contain: Contain = sandboxed_run, timeout: float = 10.0,
              mutant: bool = False) -> Run:
    """Run the learner's tests once against `module_source`, handed over as `fixture`.

    Against a `mutant`, hypothesis does not shrink a failing example (the mutant is
    killed by any failure); against the correct module it does, since that failure is
    the learner's to read.
    """
    with tempfile.TemporaryDirectory(prefix="kata-mutant-") as tmp:
        where = Path(tmp)
        (where / MODULE_FILE).write_text(module_source, encoding="utf-8")
        (where / TESTS_FILE).write_text(tests_source, encoding="utf-8")
        (where / "conftest.py").write_text(
            _CONFTEST.format(fixture=fixture, module_file=MODULE_FILE, quick_failures=mutant), encoding="utf-8")
        (where / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        env = {"PATH": os.environ.get("PATH", os.defpath), "HOME": tmp, "TMPDIR": tmp,
               "LANG": "C.UTF-8", "MALLOC_ARENA_MAX": "1", "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONHASHSEED": "0", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        argv = [sys.executable, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "--rootdir", tmp, "-c", str(where / "pytest.ini"), "-W", "ignore", TESTS_FILE]
        return _summarise(contain(argv, where, env, timeout), timeout)


def judge(tests_source: str, module_source: str, mutants: Sequence[Mutant], fixture: str, *,
          contain: Contain = sandboxed_run, timeout: float = 10.0, workers: int = 3) -> Verdict:
    """The learner's tests against the correct module and against every mutant."""
    sources = {m.name: apply_patch(module_source, m.patch, m.name) for m in mutants}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        correct = pool.submit(run_tests, tests_source, module_source, fixture,
                              contain=contain, timeout=timeout)
        runs = {name: pool.submit(run_tests, tests_source, src, fixture, contain=contain,
                                  timeout=timeout, mutant=True) for name, src in sources.items()}
        return Verdict(correct.result(), {name: f.result() for name, f in runs.items()})
