"""The child side of a kata check: limit itself, import the learner's file, run the suite.

This file runs as a script in a fresh interpreter (`python -P -s -B child.py CONFIG`),
started by `runner.py`. It depends on the standard library and pytest only, never on
the rest of the trainer, so the learner's module name cannot collide with ours and the
child starts as fast as a plain `python -m pytest`.

Why a separate process at all: the learner's code may loop forever, eat all memory,
print 50 MB, segfault or call `os._exit(0)`. Here it can do all of that and the parent
still knows exactly which test was running, because every step is reported *before*
and *after* it happens, one JSON object per line on a dedicated pipe (fd given in the
config). stdout/stderr are not used for the protocol: the learner could write to them.

Order of work, and why:

1. Resource limits first (address space, no core files, file size, CPU as a
   backstop), so nothing the learner does runs without them.
2. The learner's module is imported under its contract name *before* pytest starts.
   An import that fails (syntax error, exception, `sys.exit()`) becomes one "error"
   event with the learner's own traceback lines; the suite's `conftest` sees the
   module already in `sys.modules` (same `__file__`) and reuses it.
3. pytest runs the hidden suite with a reporting plugin, an empty ini file (so no
   project configuration applies), plain asserts (the suite's messages are the
   messages; no rewritten diffs) and our own output capture: each test's prints
   go to a buffer capped at `output_cap` characters, so 50 MB of output costs
   neither memory nor pipe bandwidth.
"""
from __future__ import annotations

import io
import json
import os
import signal
import sys
import time
import traceback

_events_fd = -1
_solution = ""  # absolute path of the learner's file
_solution_real = ""
_output_cap = 65536


# --- protocol ---------------------------------------------------------------------------


def emit(**event) -> None:
    """Write one event as one JSON line; a vanished parent ends this process."""
    data = (json.dumps(event, ensure_ascii=False, default=str) + "\n").encode("utf-8", "replace")
    view = memoryview(data)
    try:
        while view:
            n = os.write(_events_fd, view)
            view = view[n:]
    except OSError:  # the parent is gone: nothing left to report to
        os._exit(3)


# --- output capture ----------------------------------------------------------------------


class _CappedBinary(io.RawIOBase):
    """`sys.stdout.buffer` of a capped stream: bytes are decoded into the same buffer."""

    def __init__(self, owner: CappedStream) -> None:
        self._owner = owner

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self._owner.write(bytes(b).decode("utf-8", "replace"))
        return len(b)


class CappedStream(io.TextIOBase):
    """A text stream that keeps the first `cap` characters and only counts the rest.

    It replaces sys.stdout/sys.stderr while the learner's code runs: a test that prints
    50 MB costs a counter increment per write, not 50 MB of memory.
    """

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.parts: list[str] = []
        self.kept = 0
        self.total = 0
        self.buffer = _CappedBinary(self)

    @property
    def encoding(self) -> str:
        return "utf-8"

    @property
    def errors(self) -> str:
        return "replace"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, s) -> int:
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        n = len(s)
        self.total += n
        room = self.cap - self.kept
        if room > 0:
            piece = s if n <= room else s[:room]
            self.parts.append(piece)
            self.kept += len(piece)
        return n

    def flush(self) -> None:
        pass

    def text(self) -> str:
        """What was kept, with a closing note when something was dropped."""
        out = "".join(self.parts)
        if self.total > self.kept:
            out += f"\n[output truncated: kept the first {self.kept:,} of {self.total:,} characters]"
        return out

    @property
    def truncated(self) -> bool:
        return self.total > self.kept


_capture: CappedStream | None = None


def start_capture() -> CappedStream:
    """Point sys.stdout and sys.stderr at a fresh capped buffer."""
    global _capture
    _capture = CappedStream(_output_cap)
    sys.stdout = sys.stderr = _capture
    return _capture


def stop_capture() -> CappedStream | None:
    """Put the real streams back; return the buffer that was in use."""
    global _capture
    cap, _capture = _capture, None
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    return cap


# --- describing exceptions in the learner's terms ----------------------------------------

_MESSAGE_CAP = 4000
_FRAME_CAP = 12


def _is_learner_file(filename: str) -> bool:
    if filename == _solution:
        return True
    try:
        return os.path.realpath(filename) == _solution_real
    except (OSError, ValueError):
        return False


def _leaf(exc: BaseException) -> BaseException:
    """The first real failure inside an exception group (hypothesis may raise groups)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def learner_frames(exc: BaseException | None) -> list[dict]:
    """The traceback lines that are in the learner's file: file, line and code.

    The suite's frames are never included (the suite stays hidden). When the
    exception itself carries none (an assertion in the suite), its cause or context
    may (the suite caught the learner's exception and failed with a message).
    Runs of the same line (recursion) are collapsed into one line with a count.
    """
    import linecache

    seen = 0
    while exc is not None and seen < 3:
        frames = []
        if isinstance(exc, SyntaxError) and exc.filename and _is_learner_file(exc.filename):
            frames.append({"file": _solution, "line": exc.lineno or 0,
                           "code": (exc.text or "").strip(), "repeat": 1})
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            filename = frame.f_code.co_filename
            if not _is_learner_file(filename):
                continue
            if frames and frames[-1]["line"] == lineno and frames[-1]["code"] is not None:
                frames[-1]["repeat"] += 1
                continue
            code = linecache.getline(filename, lineno).strip()
            frames.append({"file": _solution, "line": lineno, "code": code, "repeat": 1})
        if frames:
            if len(frames) > _FRAME_CAP:
                hidden = len(frames) - _FRAME_CAP
                frames = frames[: _FRAME_CAP // 2] + [
                    {"file": _solution, "line": 0, "code": f"... {hidden} more lines of your code ...",
                     "repeat": 1}
                ] + frames[-(_FRAME_CAP // 2):]
            return frames
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return []


def describe(exc: BaseException, memory_limit: int) -> tuple[str, str]:
    """(status, message) for an exception raised while a test ran.

    "fail" is a check of the suite that did not hold (its own message, in plain words);
    "error" is an exception out of the learner's code (type and text).
    """
    exc = _leaf(exc)
    name = type(exc).__name__
    kind = "error"
    if isinstance(exc, AssertionError):
        kind = "fail"
        text = str(exc) or "a check of the suite failed"
    elif name == "Failed" and type(exc).__module__.startswith("_pytest"):
        kind = "fail"
        text = getattr(exc, "msg", None) or str(exc)
    elif isinstance(exc, MemoryError):
        mib = memory_limit >> 20
        limit = f"{mib >> 10} GiB" if mib and mib % 1024 == 0 else f"{mib} MiB"
        text = f"MemoryError: ran out of memory (the limit is {limit})"
    elif isinstance(exc, RecursionError):
        text = f"RecursionError: {exc} (unbounded recursion?)"
    else:
        detail = str(exc)
        text = f"{name}: {detail}" if detail else name
    notes = getattr(exc, "__notes__", None)
    if isinstance(notes, list) and notes:
        text += "\n" + "\n".join(str(n) for n in notes)
    if len(text) > _MESSAGE_CAP:
        text = text[:_MESSAGE_CAP] + " ... [message truncated]"
    return kind, text


# --- the pytest plugin ------------------------------------------------------------------


class Reporter:
    """Streams collection and per-test results to the parent as they happen."""

    def __init__(self, only: set[str] | None, memory_limit: int) -> None:
        self.only = only
        self.memory_limit = memory_limit
        self.phases: dict[str, list] = {}
        self.collect_errors: list[dict] = []
        self.finished = False

    # collection ---------------------------------------------------------------------

    def pytest_configure(self, config) -> None:
        config.addinivalue_line("markers", "task(n): the task (rule group) a test checks")

    def pytest_exception_interact(self, node, call, report) -> None:
        if getattr(report, "when", None) is None or report.when == "collect":
            exc = call.excinfo.value if call.excinfo else None
            if exc is None:
                return
            _, message = describe(exc, self.memory_limit)
            self.collect_errors.append({
                "where": getattr(node, "nodeid", "") or str(getattr(node, "path", "")),
                "message": message, "frames": learner_frames(exc),
            })

    def pytest_collectreport(self, report) -> None:
        if report.failed and not any(e["where"] == report.nodeid for e in self.collect_errors):
            lines = str(report.longrepr).strip().splitlines() or ["(no details)"]
            self.collect_errors.append({"where": report.nodeid, "message": lines[-1][:_MESSAGE_CAP],
                                        "frames": []})

    def pytest_collection_modifyitems(self, session, config, items) -> None:
        if self.only is None:
            return
        keep = [it for it in items if it.nodeid in self.only]
        dropped = [it for it in items if it.nodeid not in self.only]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = keep

    def pytest_collection_finish(self, session) -> None:
        tests = []
        for item in session.items:
            marker = item.get_closest_marker("task")
            task_id = None
            if marker is not None and marker.args:
                try:
                    task_id = int(marker.args[0])
                except (TypeError, ValueError):
                    task_id = None
            tests.append({"id": item.nodeid, "name": item.name, "task_id": task_id})
        emit(ev="collected", tests=tests, errors=self.collect_errors)

    # running ------------------------------------------------------------------------

    def pytest_runtest_protocol(self, item, nextitem):
        emit(ev="start", id=item.nodeid)
        self.phases[item.nodeid] = []
        started = time.perf_counter()
        start_capture()
        try:
            outcome = yield
        finally:
            cap = stop_capture()
        escaped = getattr(outcome, "exception", None)
        if escaped is not None:
            # pytest lets KeyboardInterrupt (and its own Exit) through the test: it ends
            # the session. Blame this test rather than report it as passed.
            _, text = describe(escaped, self.memory_limit)
            frames = learner_frames(escaped)
            self.phases[item.nodeid] = [{"when": "call", "outcome": "failed",
                                         "exc": ("error", f"{text} (the run stopped here)", frames)}]
        self._finish(item.nodeid, cap, time.perf_counter() - started)

    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        exc = call.excinfo.value if call.excinfo is not None else None
        entry = {"when": report.when, "outcome": report.outcome, "exc": None}
        if report.outcome == "failed" and exc is not None:
            kind, message = describe(exc, self.memory_limit)
            entry["exc"] = (kind, message, learner_frames(exc))
        elif report.outcome == "failed":
            entry["exc"] = ("error", str(report.longrepr)[-_MESSAGE_CAP:], [])
        elif report.outcome == "skipped":
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            entry["skip"] = str(reason)
        self.phases.setdefault(item.nodeid, []).append(entry)

    def _finish(self, nodeid: str, cap: CappedStream | None, duration: float) -> None:
        """One "result" event: the first failing phase decides; a skip counts as a pass."""
        status, message, frames = "pass", None, []
        for entry in self.phases.pop(nodeid, []):
            if entry["exc"] is not None:
                kind, text, frames = entry["exc"]
                if entry["when"] != "call":
                    kind = "error"
                    text = f"(in the test's {entry['when']}) {text}"
                status, message = kind, text
                break
            if entry.get("skip") is not None and message is None:
                message = f"skipped: {entry['skip']}"
        output = cap.text() if cap is not None else ""
        if cap is not None and cap.truncated and status != "pass":
            message = (message or "") + f"\n(output truncated: the test printed {cap.total:,} characters)"
        emit(ev="result", id=nodeid, status=status, message=message, output=output or None,
             frames=frames, duration=round(duration, 6))

    def pytest_sessionfinish(self, session, exitstatus) -> None:
        self.finished = True
        emit(ev="finished", exitstatus=int(exitstatus))


# --- main -------------------------------------------------------------------------------


def apply_limits(cfg: dict) -> None:
    """Limit this process before any learner code runs (see the module docstring)."""
    import resource

    def cap(which: int, value: int) -> None:
        try:
            _soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY and value > hard:
                value = hard
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):
            pass  # a limit the platform will not lower is not a reason to refuse to run

    cap(resource.RLIMIT_CORE, 0)
    if cfg.get("memory"):
        cap(resource.RLIMIT_AS, int(cfg["memory"]))
    if cfg.get("cpu"):
        cap(resource.RLIMIT_CPU, int(cfg["cpu"]))
    if cfg.get("fsize"):
        cap(resource.RLIMIT_FSIZE, int(cfg["fsize"]))
        # A file grown past the limit is an OSError for the learner, not a dead process.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:  # die with the parent (Linux); the closed event pipe would end us too, later
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != cfg.get("parent"):
            os._exit(3)
    except (OSError, AttributeError):
        pass


def import_solution(module_name: str, memory_limit: int) -> bool:
    """Import the learner's file as `module_name`; report an "error" event if that fails."""
    import importlib.util

    emit(ev="importing")
    cap = start_capture()
    try:
        spec = importlib.util.spec_from_file_location(module_name, _solution)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot import {_solution} as a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    except BaseException as exc:
        stop_capture()
        sys.modules.pop(module_name, None)
        base = os.path.basename(_solution)
        if isinstance(exc, SystemExit):
            message = f"your module called sys.exit({exc.code!r}) while it was being imported"
        elif isinstance(exc, KeyboardInterrupt):
            message = "your module raised KeyboardInterrupt while it was being imported"
        elif isinstance(exc, SyntaxError):
            message = f"{type(exc).__name__} in {base}, line {exc.lineno}: {exc.msg}"
        else:
            _, text = describe(exc, memory_limit)
            message = f"importing {base} failed: {text}"
        emit(ev="error", phase="import", message=message, frames=learner_frames(exc),
             output=cap.text() or None)
        return False
    stop_capture()
    emit(ev="imported", output=cap.text() or None)
    return True


def main(argv: list[str]) -> int:
    global _events_fd, _solution, _solution_real, _output_cap
    cfg = json.loads(argv[1])
    _events_fd = int(cfg["fd"])
    apply_limits(cfg)
    _solution = cfg["solution"]
    _solution_real = os.path.realpath(_solution)
    _output_cap = int(cfg.get("output_cap", _output_cap))
    memory = int(cfg.get("memory") or 0)

    import faulthandler

    # A segfault prints the Python stack to stderr, which the parent keeps (the tail);
    # on a timeout the parent sends SIGUSR1 first to learn where the learner's code was.
    faulthandler.enable(file=sys.__stderr__, all_threads=True)
    faulthandler.register(signal.SIGUSR1, file=sys.__stderr__, all_threads=True)

    if not import_solution(cfg["module"], memory):
        return 0

    try:
        import pytest
    except ImportError as exc:  # the suites need pytest (and hypothesis) beside the trainer
        emit(ev="crashed", message=f"{exc}: install pytest and hypothesis in the trainer's "
             f"environment ({sys.executable} -m pip install pytest hypothesis)")
        return 0

    # The two wrappers are marked here: pytest is imported only after the learner's module.
    for name in ("pytest_runtest_protocol", "pytest_runtest_makereport"):
        pytest.hookimpl(hookwrapper=True)(getattr(Reporter, name))
    only = None
    if cfg.get("only_file"):
        with open(cfg["only_file"], encoding="utf-8") as fh:
            only = set(json.load(fh))
    ini = os.path.join(os.getcwd(), "kata-check.ini")
    with open(ini, "w", encoding="utf-8") as fh:
        fh.write("[pytest]\n")
    suite = cfg["suite"]
    args = [
        suite, "-c", ini, "--rootdir", suite, "--confcutdir", suite,
        "-q", "--assert=plain", "--capture=no", "-p", "no:cacheprovider",
        "--continue-on-collection-errors", "--tb=native",
        "-p", "no:doctest", "-p", "no:junitxml", "-p", "no:pastebin", "-p", "no:legacypath",
        "-p", "no:stepwise", "-p", "no:randomly", "-W", "ignore::pytest.PytestUnknownMarkWarning",
    ]
    for plugin in cfg.get("plugins", []):
        args += ["-p", plugin]
    reporter = Reporter(only, memory)
    code = pytest.main(args, plugins=[reporter])
    if not reporter.finished:
        emit(ev="aborted", exitstatus=int(code))
    return 0


if __name__ == "__main__":
    try:
        code = main(sys.argv)
    except BaseException:
        try:
            emit(ev="crashed", message=traceback.format_exc()[-_MESSAGE_CAP:])
        except BaseException:
            pass
        code = 1
    # os._exit: skip interpreter shutdown, where the learner's atexit handlers and
    # daemon threads could still hang or print; every result is already sent.
    sys.__stdout__.flush()
    sys.__stderr__.flush()
    os._exit(code)
