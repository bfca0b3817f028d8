"""The parent side of a kata check: start the judge and the worker, watch, restart.

`iter_check()` yields events while a check runs (collected, test started, test
finished, restarted) and finally `Finished(report)`; `run_check()` just returns the
report. Nothing here writes to the terminal: the CLI renders the events.

Each attempt is two processes (see `_Child`): the **judge** (`judge.py`: pytest, the
hidden suite, the reporting) and the **worker** (`worker.py`: the learner's module, in
the sandbox of `sandbox.py`, joined to the judge by the plain-data RPC of `rpc.py`).
The learner's code never runs where the verdict is computed. The judge reports every
test *before* it starts and *after* it ends (`protocol.py`); the phases of an attempt
are the table of `supervisor.py`, and an event the table does not allow is a protocol
violation: an error result, never a crash and never a pass.

* The parent enforces the clocks: one deadline for the whole run (default 20 s) and a
  per-test limit (default 5 s). On a per-test timeout it asks the worker where it is
  (SIGUSR1: faulthandler dumps the stack, from which we keep the learner's lines),
  kills both processes, marks that test "timed out", and starts a new attempt on the
  tests not yet run.
* A worker that dies mid-test (a segfault, `os._exit(0)`, the kernel killing it for
  memory) marks that test failed with the reason, and the rest run in a new attempt.
* Only a "finished" event ends a run normally, and the tests that ran must be the
  suite's recorded ones (`manifest.py`).
* Limits (hard = soft), the process count, the process-tree kill and the subreaper
  come from `sandbox.py`; the parent keeps only the tail of the worker's stderr.
* The parent writes no file a child can see: the restart list travels in argv, the
  solution's source through an inherited descriptor of an unlinked file.
"""
from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trainer.kata_runner import protocol, sandbox, supervisor
from trainer.kata_runner.protocol import Kind
from trainer.kata_runner.report import ERROR, FAIL, PASS, Frame, Report, TestResult

WORKER = Path(__file__).resolve().with_name("worker.py")
RPC = Path(__file__).resolve().with_name("rpc.py")

_STDERR_TAIL = 64 * 1024
_MAX_SOURCE = 2 << 20
MIN_MEMORY = 48 << 20  # below this the worker's interpreter cannot start
_LINE_CAP = 8 * 1024 * 1024  # an event line longer than this is not ours


@dataclass(frozen=True)
class Limits:
    """How much a check may use. Seconds are wall-clock; memory is address space."""

    run_seconds: float = 20.0
    test_seconds: float = 5.0
    memory_bytes: int = 1 << 30
    output_chars: int = 64 * 1024
    file_bytes: int = 64 << 20
    processes: int = 256  # threads count too (RLIMIT_NPROC counts tasks)

    def describe_memory(self) -> str:
        mib = self.memory_bytes >> 20
        return f"{mib >> 10} GiB" if mib % 1024 == 0 else f"{mib} MiB"


# --- events yielded to the caller --------------------------------------------------------


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


# --- the child process -----------------------------------------------------------------


def _fmt_seconds(s: float) -> str:
    return f"{s:g} s"


def humanize(test_name: str) -> str:
    """`test_refund_returns_to_idle[cola]` -> `refund returns to idle [cola]`."""
    base, bracket, rest = test_name.partition("[")
    if base.startswith("test_"):
        base = base[5:]
    words = base.replace("_", " ").strip() or test_name
    return f"{words} [{rest}" if bracket else words


class _Child:
    """One attempt: the judge (pytest + suite) and the sandboxed worker (the learner's code).

    The judge's events arrive on a pipe; the worker's stderr (crash and stack dumps) is
    kept as a tail. `proc` is the worker as far as blame goes: its exit status says how
    the learner's code ended.
    """

    def __init__(self, cfg: dict, env: dict[str, str], cwd: str, *, solution_bytes: bytes,
                 module: str, mode: sandbox.SandboxMode, box: sandbox.Containment,
                 hide: list[str]) -> None:
        import socket

        judge_ctl, worker_ctl = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        read_fd, write_fd = os.pipe()
        source = tempfile.TemporaryFile()  # unlinked at once: only the fd reaches the worker
        source.write(solution_bytes)
        source.flush()
        source.seek(0)
        self.worker: sandbox.Contained | None = None
        self.judge: subprocess.Popen[bytes] | None = None
        try:
            wcfg = {"solution": cfg["solution"], "module": module,
                    "control_fd": worker_ctl.fileno(), "source_fd": source.fileno(),
                    "output_cap": cfg["output_cap"]}
            inside = {sandbox.SandboxMode.BUBBLEWRAP: "/kata",
                      sandbox.SandboxMode.NAMESPACES: "/tmp/.kata"}.get(mode, str(WORKER.parent))
            binds = [sandbox.Bind(str(WORKER), f"{inside}/worker.py"),
                     sandbox.Bind(str(RPC), f"{inside}/rpc.py")]
            if env.get(SCRATCH_ENV):  # the one directory judge and worker both write
                binds.append(sandbox.Bind(env[SCRATCH_ENV], writable=True))
            job = sandbox.Job(
                argv=(sandbox.interpreter(), "-I", "-S", "-B", f"{inside}/worker.py",
                      json.dumps(wcfg)),
                env=worker_env("/tmp" if mode is not sandbox.SandboxMode.NONE else cwd),
                ro_binds=binds if mode is not sandbox.SandboxMode.NONE else (),
                hide=hide, pass_fds=(worker_ctl.fileno(), source.fileno()),
                cwd="/tmp" if mode is not sandbox.SandboxMode.NONE else cwd)
            self.worker = sandbox.spawn(job, box, mode)
            jcfg = {**cfg, "fd": write_fd, "parent": os.getpid(),
                    "control_fd": judge_ctl.fileno()}
            self.judge = subprocess.Popen(
                [sys.executable, "-s", "-B", "-m", "trainer.kata_runner.judge", json.dumps(jcfg)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                pass_fds=(write_fd, judge_ctl.fileno()), cwd=cwd, env=env,
                start_new_session=True)
        except BaseException:
            os.close(read_fd)
            if self.worker is not None:
                self.worker.close()
            raise
        finally:
            os.close(write_fd)
            judge_ctl.close()
            worker_ctl.close()
            source.close()
        self.proc = self.worker.proc
        self.events_fd = read_fd
        self.err_fd = self.worker.stderr_fd
        self.judge_err = self.judge.stderr
        assert self.judge_err is not None
        os.set_blocking(self.events_fd, False)
        os.set_blocking(self.judge_err.fileno(), False)
        self.buf = bytearray()
        self.judge_stderr = bytearray()
        self.events_open = True
        self.killed_by_us = False
        self.violation: str | None = None

    def judge_done(self) -> bool:
        return self.judge is None or self.judge.poll() is not None

    @property
    def stderr(self) -> bytes:
        return self.worker.stderr_tail().encode("utf-8") if self.worker else b""

    @property
    def err_open(self) -> bool:
        return self.worker is not None and self.worker.stderr_fd >= 0

    def read(self, timeout: float) -> list[protocol.Message]:
        """Events that arrived within `timeout` seconds ([] if none; see `events_open`)."""
        fds = [fd for fd, is_open in ((self.events_fd, self.events_open),
                                      (self.err_fd if self.err_open else -1, self.err_open),
                                      (self.judge_err.fileno(), not self.judge_err.closed))
               if is_open and fd >= 0]
        if not fds:
            return []
        try:
            ready, _, _ = select.select(fds, [], [], max(0.0, timeout))
        except (InterruptedError, ValueError):
            return []
        events: list[protocol.Message] = []
        if self.err_open and self.err_fd in ready:
            self.worker.drain_stderr()  # type: ignore[union-attr]
        if not self.judge_err.closed and self.judge_err.fileno() in ready:
            self._drain_judge()
        if self.events_fd in ready:
            while True:
                try:
                    chunk = os.read(self.events_fd, 1 << 16)
                except BlockingIOError:
                    break
                if not chunk:
                    self.events_open = False
                    break
                self.buf += chunk
                if len(self.buf) > protocol.MAX_LINE and b"\n" not in self.buf:
                    self.violation = "an event line too long"
                    self.events_open = False
                    break
            while True:
                nl = self.buf.find(b"\n")
                if nl < 0:
                    break
                line = bytes(self.buf[:nl])
                del self.buf[: nl + 1]
                try:
                    events.append(protocol.parse(line))
                except protocol.ProtocolViolation as exc:
                    self.violation = str(exc)
                    self.events_open = False
                    break
        return events

    def _drain_judge(self) -> None:
        while True:
            try:
                chunk = os.read(self.judge_err.fileno(), 1 << 16)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                self.judge_err.close()
                return
            self.judge_stderr += chunk
            if len(self.judge_stderr) > _STDERR_TAIL:
                del self.judge_stderr[: len(self.judge_stderr) - _STDERR_TAIL]

    def where_is_it(self, wait: float = 0.3) -> str:
        """Ask the hung worker for its stack (faulthandler on SIGUSR1); return the dump."""
        worker = self.worker
        if worker is None or not worker.alive():
            return ""
        mark = worker.stderr_mark()
        worker.signal(signal.SIGUSR1)
        end = time.monotonic() + wait
        quiet_since = None
        while time.monotonic() < end and worker.stderr_fd >= 0:
            ready, _, _ = select.select([worker.stderr_fd], [], [], 0.05)
            if ready:
                worker.drain_stderr()
                quiet_since = None
            elif worker.stderr_mark() > mark:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since > 0.05:
                    break
        return worker.stderr_since(mark)

    def kill(self) -> None:
        """Kill the worker's whole tree and the judge."""
        if self.worker is not None:
            if self.worker.alive():
                self.killed_by_us = True
            self.worker.kill()
        if self.judge is not None:
            try:
                os.killpg(self.judge.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def finish(self, grace: float = 2.0) -> int:
        """Wait for the worker to exit (killing both after `grace`); the worker's status."""
        assert self.worker is not None and self.judge is not None
        code = self.worker.wait(sandbox.Deadline(grace))
        if code is None:
            self.kill()
        code = self.worker.close()
        if self.worker.mode is not sandbox.SandboxMode.NONE and code > 128:
            code = -(code - 128)  # bwrap and unshare report a signal death as 128 + signal
        try:
            os.killpg(self.judge.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.judge.wait()
        if not self.judge_err.closed:
            self._drain_judge()
            self.judge_err.close()
        self.close()
        return code

    def close(self) -> None:
        try:
            os.close(self.events_fd)
        except OSError:
            pass
        self.events_fd = -1
        self.events_open = False


_DUMP_LINE = re.compile(r'File "(?P<file>.+)", line (?P<line>\d+)')


def frames_from_dump(dump: str, solution: str) -> list[Frame]:
    """The learner's lines in a faulthandler dump (most recent call last)."""
    import linecache

    real = os.path.realpath(solution)
    frames: list[Frame] = []
    # faulthandler lists the current thread's frames most recent first.
    block = []
    for line in dump.splitlines():
        if line.startswith(("Current thread", "Thread 0x")):
            if block:
                break  # the first thread listed is the one that was running
            continue
        m = _DUMP_LINE.search(line)
        if m and (m["file"] == solution or os.path.realpath(m["file"]) == real):
            block.append(int(m["line"]))
    for lineno in reversed(block):
        if frames and frames[-1].line == lineno:
            frames[-1] = Frame(solution, lineno, frames[-1].code, frames[-1].repeat + 1)
            continue
        frames.append(Frame(solution, lineno, linecache.getline(solution, lineno).strip()))
    return frames[-12:]


def _death(code: int, killed_by_us: bool, limits: Limits) -> str:
    """Why a test process ended, in plain words, from its exit status."""
    if code < 0:
        sig = -code
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        if sig == signal.SIGSEGV:
            return f"the test process crashed ({name}, a segmentation fault)"
        if sig == signal.SIGKILL and not killed_by_us:
            return (f"the test process was killed ({name}), probably for using too much memory "
                    f"(the limit is {limits.describe_memory()})")
        if sig == signal.SIGXCPU:
            return f"the test process used up its CPU time ({name})"
        if sig == signal.SIGABRT:
            return f"the test process aborted ({name})"
        return f"the test process was killed by {name}"
    return f"the test process exited (exit status {code})"


_NO_EXIT = "; your code must not end the process (os._exit? sys.exit in a thread?)"


def _solution_problem(path: Path) -> str | None:
    if not path.exists():
        return f"no solution file at {path}"
    if path.is_dir():
        return f"{path} is a directory, not a Python file"
    if not os.access(path, os.R_OK):
        return f"cannot read {path}"
    return None


def worker_env(home: str = "/tmp") -> dict[str, str]:
    """The whole environment of the worker (nothing of the trainer's leaks in)."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONUTF8": "1",
        "PYTHONIOENCODING": "utf-8",
        "MALLOC_ARENA_MAX": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }


# A per-run directory the judge and the sandboxed worker both see at the same path,
# writable (e.g. a SQLite file the suite opens and hands to the learner's code). The parent
# creates it inside the run's temporary directory and removes it with that directory.
SCRATCH_ENV = "KATA_SCRATCH"


def child_env(solution: str, home: str) -> dict[str, str]:
    """The whole environment of the judge (nothing else leaks in)."""
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONUTF8": "1",
        "PYTHONIOENCODING": "utf-8",
        "MALLOC_ARENA_MAX": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "KATA_SOLUTION": solution,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }


@dataclass
class _Run:
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

    def placeholder(self, test_id: str, status: str, message: str,
                    frames: list[Frame] | None = None) -> TestResult:
        name, task_id = self.names.get(test_id, (test_id, None))
        return TestResult(id=test_id, name=name, status=status, message=message,
                          task_id=task_id, frames=frames or [])

    def remaining(self) -> list[str]:
        return [t for t in self.order if t not in self.results]


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
        forced_problem = None
        try:
            self.mode = sandbox.detect(sandbox_mode)
        except sandbox.SandboxUnavailable as exc:  # a forced mode this machine lacks
            self.mode, forced_problem = sandbox.SandboxMode.NONE, str(exc)
        self.box = sandbox.Containment(
            memory_bytes=self.limits.memory_bytes, file_bytes=self.limits.file_bytes,
            cpu_seconds=int(self.limits.run_seconds) + 5, processes=self.limits.processes)
        self.reaper = sandbox.Reaper().__enter__()
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
        self._first: _Child | None = None
        self._used = False
        if self.problem is None:
            self.tmp = tempfile.mkdtemp(prefix="trainer-kata-")
            try:
                self._first = self._new_child(self._config(1))
            except BaseException:
                self._cleanup()
                raise

    def _config(self, attempt: int, remaining: list[str] | None = None) -> dict:
        # Everything travels in argv: the parent writes no file a child could see.
        limits = self.limits
        return {
            "solution": self.solution, "module": self.module, "suite": self.suite,
            "memory": limits.memory_bytes, "output_cap": limits.output_chars,
            "only": remaining,
        }

    def _new_child(self, cfg: dict) -> _Child:
        assert self.tmp is not None
        box = os.path.join(self.tmp, "box")
        os.makedirs(box, exist_ok=True)
        scratch = os.path.join(self.tmp, "scratch")
        os.makedirs(scratch, exist_ok=True)
        # The suite starts its own contained processes (order-workflow's workers) in the
        # same sandbox mode as the worker.
        env = {**child_env(self.solution, self.tmp), SCRATCH_ENV: scratch,
               sandbox.ENV_FORCE: self.mode.value}
        return _Child(cfg, env, box,
                      solution_bytes=self.source, module=self.module, mode=self.mode,
                      box=self.box, hide=self.hide)

    def _spawn(self, attempt: int, remaining: list[str] | None) -> _Child:
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
        run = _Run(report, self.limits, self.t0)
        if self.problem:
            self._cleanup()
            report.status, report.message = ERROR, self.problem
            report.duration = time.monotonic() - self.t0
            yield Finished(report)
            return
        try:
            yield from _supervise(run, self)
        finally:
            self._cleanup()
        report.duration = time.monotonic() - self.t0
        _settle(run)
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


def run_check(suite_dir, module: str, solution, *, slug: str = "",
              limits: Limits | None = None, solution_is_tests: bool = False) -> Report:
    """`iter_check` without the progress: just the report."""
    report = None
    for event in iter_check(suite_dir, module, solution, slug=slug, limits=limits,
                            solution_is_tests=solution_is_tests):
        if isinstance(event, Finished):
            report = event.report
    assert report is not None
    return report


def _settle(run: _Run) -> None:
    """The final status: error already decided, else pass only if every test passed."""
    report = run.report
    if run.collected and not run.fatal:
        for tid in run.remaining():  # a run that ended early: what never ran is not a pass
            run.results[tid] = run.placeholder(tid, ERROR, "not run: the test run stopped before it")
    report.tests = [run.results[t] for t in run.order if t in run.results] + [
        r for t, r in run.results.items() if t not in run.order
    ]
    if report.status == ERROR and report.message:
        return
    if not report.tests:
        report.status = ERROR
        report.message = report.message or "no test could run"
    elif all(t.passed for t in report.tests):
        report.status = PASS
    else:
        report.status = FAIL


def _supervise(run: _Run, check: CheckRun) -> Iterator[Event]:
    limits, report = run.limits, run.report
    solution = check.solution
    attempt = 0
    while True:
        attempt += 1
        child = check._spawn(attempt, run.remaining() if attempt > 1 else None)
        phase, current, since = "start", None, time.monotonic()
        fsm = supervisor.new_attempt()  # the table of allowed events per phase
        finished = progress = settled = lost = False
        timeout_kind = None
        try:
            while True:
                now = time.monotonic()
                deadline, kind = run.run_deadline, "run"
                if phase in ("import", "test"):
                    own = since + limits.test_seconds
                    if own < deadline:
                        deadline, kind = own, phase
                if now >= deadline:
                    timeout_kind = kind
                    break
                if not child.events_open:
                    break
                batch = child.read(min(deadline - now, 0.5))
                if not batch and child.events_open and child.judge_done():
                    # The judge is gone, yet its pipe is still open (it should not be:
                    # nothing else holds it). Take what is left and stop listening.
                    batch = child.read(0)
                    if not batch:
                        child.events_open = False
                if child.violation is not None:
                    _violation(run, child.violation)
                    finished = True
                for ev in batch:
                    kind_ev = ev.kind
                    problem = supervisor.advance(fsm, kind_ev)
                    if problem is not None:
                        _violation(run, problem)
                        finished = True
                        break
                    if kind_ev is Kind.IMPORTING:
                        phase, since = "import", time.monotonic()
                    elif kind_ev is Kind.IMPORT_ERROR:
                        _give_up(run, attempt, ev.get("message") or "your module could not be imported",
                                 [Frame.from_event(f) for f in ev.get("frames")])
                        report.output = report.output or ev.get("output")
                        finished = True
                    elif kind_ev is Kind.IMPORTED:
                        phase = "collect"
                        if attempt == 1:
                            report.output = ev.get("output")
                    elif kind_ev is Kind.COLLECTED:
                        phase = "between"
                        if not run.collected:
                            run.collected = True
                            yield from _on_collected(run, ev.fields, check.manifest)
                            if run.fatal:
                                finished = True
                    elif kind_ev is Kind.START:
                        if ev.get("id") not in run.names or ev.get("id") in run.results:
                            _violation(run, f"a start of the unknown or finished test {ev.get('id')!r}")
                            finished = True
                            break
                        phase, current, since = "test", ev.get("id"), time.monotonic()
                        yield TestStarted(current, run.names[current][0], len(run.results),
                                          len(run.order))
                    elif kind_ev is Kind.RESULT:
                        tid = ev.get("id")
                        if tid != current:
                            _violation(run, f"a result for {tid!r}, which was not running")
                            finished = True
                            break
                        name, task_id = run.names[tid]
                        result = TestResult(
                            id=tid, name=name, status=ev.get("status"),
                            message=ev.get("message"), output=ev.get("output"), task_id=task_id,
                            frames=[Frame.from_event(f) for f in ev.get("frames")],
                            duration=float(ev.get("duration")),
                        )
                        run.results[tid] = result
                        phase, current, progress = "between", None, True
                        yield TestFinished(result, len(run.results), len(run.order))
                    elif kind_ev is Kind.FINISHED:
                        report.rpc_calls += ev.get("calls")
                        finished = True
                    elif kind_ev is Kind.LOST:
                        why = ev.get("why")
                        if why.startswith("protocol violation"):
                            _violation(run, why)
                            finished = True
                        else:
                            lost = True
                    elif kind_ev is Kind.CRASHED:
                        detail = ev.get("message") or child.judge_stderr.decode("utf-8", "replace")
                        _give_up(run, attempt, "the hidden suite could not run: "
                                 + _last_lines(detail), [])
                        finished = True
                    if finished:
                        break
                if lost:
                    break
                if finished:
                    break
            dump = ""
            if timeout_kind in ("import", "test"):
                dump = child.where_is_it()
            if timeout_kind:
                child.kill()
            settled = True
        finally:
            if not settled:  # closed early (Ctrl-C, generator closed): stop it now
                child.kill()
            code = child.finish()
        if finished:
            return
        # The attempt ended without a "finished": find out why and who to blame.
        if timeout_kind == "run":
            _out_of_time(run, phase, current)
            return
        if timeout_kind:
            frames = frames_from_dump(dump, solution)
            where = f" (your code was at line {frames[-1].line})" if frames else ""
        else:
            frames = frames_from_dump(child.stderr.decode("utf-8", "replace"), solution)
            where = ""
        if phase in ("start", "import", "collect"):
            if timeout_kind == "import":
                message = (f"importing your module took longer than "
                           f"{_fmt_seconds(limits.test_seconds)}: an endless loop at import "
                           f"time?{where}")
            elif phase == "import":
                message = f"{_death(code, child.killed_by_us, limits)} while importing your module"
                if code >= 0:
                    message += _NO_EXIT
            else:
                message = (f"{_death(code, child.killed_by_us, limits)} before any test "
                           f"ran{_stderr_hint(child)}")
            _give_up(run, attempt, message, frames)
            return
        if phase == "test" and current is not None:
            if timeout_kind == "test":
                message = f"timed out after {_fmt_seconds(limits.test_seconds)}: an endless loop?"
            else:
                message = f"{_death(code, child.killed_by_us, limits)} during this test"
                if code >= 0:
                    message += _NO_EXIT
            result = run.placeholder(current, ERROR, message, frames)
            run.results[current] = result
            progress = True
            yield TestFinished(result, len(run.results), len(run.order))
            reason = f"{result.name}: {message}"
        else:
            # Not inside a test: no test to blame, but the run did not finish either,
            # so it is never a pass. Say where it happened.
            last = not run.remaining()
            where = "after the last test" if last else "between two tests"
            message = f"{_death(code, child.killed_by_us, limits)} {where}, before the run finished"
            if code >= 0:
                message += _NO_EXIT
            marker = f"(test process, run {attempt})"
            run.results[marker] = TestResult(id=marker, name=f"({where})", status=ERROR,
                                              message=message, frames=frames)
            reason = message
        if not run.remaining():
            return
        if not progress:
            for tid in run.remaining():
                run.results[tid] = run.placeholder(tid, ERROR, f"not run: {message}")
            return
        if time.monotonic() >= run.run_deadline:
            _out_of_time(run, "between", None)
            return
        report.restarts += 1
        yield Restarted(reason, len(run.remaining()))


def _give_up(run: _Run, attempt: int, message: str, frames: list[Frame]) -> None:
    """No (more) test can run. On the first attempt the whole check is an error; on a
    restart, the tests that ran keep their results and the rest are "not run"."""
    if attempt == 1:
        run.report.status, run.report.message, run.report.frames = ERROR, message, frames
        run.fatal = True
        return
    for tid in run.remaining():
        run.results[tid] = run.placeholder(tid, ERROR, f"not run: {message}", frames)


def _violation(run: _Run, what: str) -> None:
    """The other side broke the protocol: the whole check is an error, never a pass."""
    run.report.status = ERROR
    run.report.message = f"the check was stopped: {what}"
    run.fatal = True


def _on_collected(run: _Run, ev: dict, manifest: list[str] | None = None) -> Iterator[Event]:
    report = run.report
    if manifest is not None:
        got = [str(t.get("id")) for t in ev.get("tests") or []]
        if not ev.get("errors") and sorted(got) != sorted(manifest):
            missing = sorted(set(manifest) - set(got))
            extra = sorted(set(got) - set(manifest))
            parts = ([f"missing {len(missing)} (e.g. {missing[0]})"] if missing else []) + (
                [f"unexpected {len(extra)} (e.g. {extra[0]})"] if extra else []) or [
                "some tests collected twice"]
            report.status, run.fatal = ERROR, True
            report.message = ("the tests that ran are not the hidden suite's: "
                              + ", ".join(parts) + "; reinstall the trainer")
            return
    for test in ev.get("tests") or []:
        tid = str(test.get("id"))
        if tid in run.names:
            continue
        run.order.append(tid)
        task = test.get("task_id")
        run.names[tid] = (humanize(str(test.get("name") or tid)),
                          int(task) if isinstance(task, int) else None)
    errors = ev.get("errors") or []
    if errors and not run.order:
        first = errors[0]
        report.status, run.fatal = ERROR, True
        report.message = "the hidden suite could not be loaded: " + str(first.get("message"))
        report.frames = [Frame.from_event(f) for f in first.get("frames") or []]
        return
    for err in errors:
        where = str(err.get("where") or "the suite")
        marker = f"(collect) {where}"
        run.results[marker] = TestResult(
            id=marker, name=f"loading {os.path.basename(where) or where}", status=ERROR,
            message=str(err.get("message")),
            frames=[Frame.from_event(f) for f in err.get("frames") or []])
    if not run.order and not errors:
        report.status, run.fatal = ERROR, True
        report.message = "the hidden suite has no tests"
        return
    yield Collected(len(run.order))


def _out_of_time(run: _Run, phase: str, current: str | None) -> None:
    limit = _fmt_seconds(run.limits.run_seconds)
    report = run.report
    if not run.collected:
        report.status = ERROR
        report.message = f"the run reached its time limit ({limit}) before any test ran"
        return
    if current is not None and phase == "test":
        run.results[current] = run.placeholder(
            current, ERROR, f"stopped: the whole run reached its time limit ({limit})")
    for tid in run.remaining():
        run.results[tid] = run.placeholder(tid, ERROR, f"not run: the run reached its time limit ({limit})")


def _last_lines(text: str, n: int = 3) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " / ".join(lines[-n:]) if lines else "no details"


def _stderr_hint(child: _Child) -> str:
    text = child.stderr.decode("utf-8", "replace").strip()
    return f": {_last_lines(text, 2)}" if text else ""
