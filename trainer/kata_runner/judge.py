"""The judge of a kata check: pytest, the hidden suite and the reporting, never the learner.

Run by `attempt.py` as `python -s -B -m trainer.kata_runner.judge CONFIG`. The learner's
module lives in the worker (`worker.py`, sandboxed); here the suite sees a proxy of it
(`rpc.py`) registered under the contract's module name, so `sol.Machine(...)`,
`isinstance(m.state, sol.State)` and `except sol.InvalidTransition` work as they would
locally, while nothing the learner wrote ever runs in this interpreter: it cannot patch
pytest, wrap the reporter, install import hooks, fake hypothesis or forge result lines.

Every step is reported to the parent *before* and *after* it happens, one event per line
on a dedicated pipe (`protocol.py` checks each one on both sides). When the worker dies
or breaks the RPC protocol, the judge says so (`lost`) and ends at once: the parent,
which knows the current test, decides what that means.

A skip or an xfail can only come from the solution (the hidden suites never skip), so
either is a failure with a plain message.
"""
from __future__ import annotations

import gc
import json
import os
import signal
import socket
import sys
import threading
import time
import traceback
from typing import Any

from trainer.kata_runner import protocol, rpc
from trainer.kata_runner.protocol import Kind

_events_fd = -1
_solution = ""  # absolute path of the learner's file (for the frames' "file")


# --- protocol ---------------------------------------------------------------------------


_emit_lock = threading.Lock()


def emit(kind: Kind, **fields: Any) -> None:
    """Write one checked event line; a vanished parent ends this process."""
    data = protocol.event(kind, **fields)
    view = memoryview(data)
    with _emit_lock:
        try:
            while view:
                n = os.write(_events_fd, view)
                view = view[n:]
        except OSError:  # the parent is gone: nothing left to report to
            os._exit(3)


# --- describing exceptions in the learner's terms ----------------------------------------

_MESSAGE_CAP = 4000
_FRAME_CAP = 12


def _leaf(exc: BaseException) -> BaseException:
    """The first real failure inside an exception group (hypothesis may raise groups)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def learner_frames(exc: BaseException | None) -> list[dict[str, Any]]:
    """The learner's traceback lines the worker attached to a proxied exception.

    The suite's frames are never included (the suite stays hidden). When the exception
    itself carries none (an assertion in the suite), its cause or context may (the suite
    caught the learner's exception and failed with a message).
    """
    seen = 0
    while exc is not None and seen < 4:
        frames = getattr(exc, "_kata_frames", None)
        if isinstance(frames, list) and frames:
            return [{"file": _solution, **f} for f in frames]
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
        self.phases: dict[str, list[Any]] = {}
        self.collect_errors: list[dict[str, Any]] = []
        self.finished = False

    # collection ---------------------------------------------------------------------

    def pytest_configure(self, config: Any) -> None:
        config.addinivalue_line("markers", "task(n): the task (rule group) a test checks")

    def pytest_exception_interact(self, node: Any, call: Any, report: Any) -> None:
        if getattr(report, "when", None) is None or report.when == "collect":
            exc = call.excinfo.value if call.excinfo else None
            if exc is None:
                return
            _, message = describe(exc, self.memory_limit)
            self.collect_errors.append({
                "where": getattr(node, "nodeid", "") or str(getattr(node, "path", "")),
                "message": message, "frames": learner_frames(exc),
            })

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed and not any(e["where"] == report.nodeid for e in self.collect_errors):
            lines = str(report.longrepr).strip().splitlines() or ["(no details)"]
            self.collect_errors.append({"where": report.nodeid, "message": lines[-1][:_MESSAGE_CAP],
                                        "frames": []})

    def pytest_collection_modifyitems(self, session: Any, config: Any, items: Any) -> None:
        if self.only is None:
            return
        keep = [it for it in items if it.nodeid in self.only]
        dropped = [it for it in items if it.nodeid not in self.only]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = keep

    def pytest_collection_finish(self, session: Any) -> None:
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
        emit(Kind.COLLECTED, tests=tests, errors=self.collect_errors)

    # running ------------------------------------------------------------------------

    def pytest_runtest_protocol(self, item: Any, nextitem: Any) -> Any:
        emit(Kind.START, id=item.nodeid)
        self.phases[item.nodeid] = []
        started = time.perf_counter()
        outcome = yield
        duration = time.perf_counter() - started
        try:
            cap = _peer.request("export", "output") if _peer is not None else ["", 0]
        except rpc.PeerLost:
            cap = ["", 0]
        escaped = getattr(outcome, "exception", None)
        if escaped is not None:
            # pytest lets KeyboardInterrupt (and its own Exit) through the test: it ends
            # the session. Blame this test rather than report it as passed.
            _, text = describe(escaped, self.memory_limit)
            frames = learner_frames(escaped)
            self.phases[item.nodeid] = [{"when": "call", "outcome": "failed",
                                         "exc": ("error", f"{text} (the run stopped here)", frames)}]
        self._finish(item.nodeid, cap, duration)

    def pytest_runtest_makereport(self, item: Any, call: Any) -> Any:
        outcome = yield
        report = outcome.get_result()
        exc = call.excinfo.value if call.excinfo is not None else None
        entry = {"when": report.when, "outcome": report.outcome, "exc": None}
        if report.outcome == "failed" and exc is not None:
            kind, message = describe(exc, self.memory_limit)
            entry["exc"] = (kind, message, learner_frames(exc))
        elif report.outcome == "failed":
            entry["exc"] = ("error", str(report.longrepr)[-_MESSAGE_CAP:], [])
        elif report.outcome == "skipped" or hasattr(report, "wasxfail"):
            # The hidden suites never skip and never xfail: this came from the solution.
            what = "marked as an expected failure (xfail)" if hasattr(report, "wasxfail") else "skipped"
            entry["exc"] = ("fail", f"the test was {what} while your code ran: the hidden "
                            "suites never skip, so a skip or xfail counts as a failure", [])
        self.phases.setdefault(item.nodeid, []).append(entry)

    def _finish(self, nodeid: str, cap: Any, duration: float) -> None:
        """One "result" event: the first failing phase decides (a skip is a failure)."""
        status, message, frames = "pass", None, []
        for entry in self.phases.pop(nodeid, []):
            if entry["exc"] is not None:
                kind, text, frames = entry["exc"]
                if entry["when"] != "call":
                    kind = "error"
                    text = f"(in the test's {entry['when']}) {text}"
                status, message = kind, text
                break
        output, total = (cap if isinstance(cap, list) and len(cap) == 2 else ["", 0])
        output = output if isinstance(output, str) else ""
        if isinstance(total, int) and total > len(output) and status != "pass":
            message = (message or "") + f"\n(output truncated: the test printed {total:,} characters)"
        emit(Kind.RESULT, id=nodeid, status=status, message=message,
             output=output[:protocol.MAX_TEXT - 200] or None, frames=frames,
             duration=round(duration, 6))

    def pytest_sessionfinish(self, session: Any, exitstatus: Any) -> None:
        self.finished = True
        emit(Kind.FINISHED, exitstatus=int(exitstatus),
             calls=_peer.calls if _peer is not None else 0)


# --- main -------------------------------------------------------------------------------


def apply_limits(cfg: dict[str, Any]) -> None:
    """The judge's own limits (it runs only the suite) and death with the parent."""
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != cfg.get("parent"):
            os._exit(3)
    except (OSError, AttributeError):
        pass


_peer: rpc.Peer | None = None


def _lost(why: str) -> None:
    """The worker is gone or broke the protocol: say so and stop, now."""
    try:
        emit(Kind.LOST, why=why[:2000])
    finally:
        os._exit(0)


def connect_worker(cfg: dict[str, Any]) -> Any:
    """Talk to the worker; wait for its import; return the module proxy (or None)."""
    global _peer
    control = socket.socket(fileno=int(cfg["control_fd"]))
    peer = rpc.Peer(control, role="judge", trusted_peer=False, on_lost=_lost)
    peer.log_hook = rpc.replay_logs
    peer.exports = {"log": lambda item: rpc.replay_logs([item])}
    reap_above = [24]

    def pressure(n: int) -> None:
        # An actor-style solution stops a machine's thread when the machine is collected:
        # proxies caught in cycles here keep them alive until our collector runs.
        if n > reap_above[0]:
            gc.collect()
            reap_above[0] = n + 24

    peer.on_peer_threads = pressure
    # The worker imports the module as soon as it starts: say so before listening, so a
    # worker that dies while importing is blamed on the import.
    emit(Kind.IMPORTING)
    peer.start()
    _peer = peer
    answer = peer.request("export", "hello")
    if not (isinstance(answer, list) and len(answer) == 5 and answer[0] in ("ok", "error")
            and isinstance(answer[1], (str, type(None))) and isinstance(answer[2], list)
            and isinstance(answer[3], str)):
        _lost("protocol violation: a malformed import report")
    status, message, frames, output, module = answer
    if status == "error":
        emit(Kind.IMPORT_ERROR, message=str(message)[:_MESSAGE_CAP],
             frames=[{"file": _solution, **f} for f in rpc._valid_frames(frames)],
             output=output or None)
        return None
    if not isinstance(module, rpc.RemoteObject):
        _lost("protocol violation: the module is not an object")
    type(module)._kata_cache = {}  # the module's class lookups are served locally
    emit(Kind.IMPORTED, output=output or None)
    return module


def main(argv: list[str]) -> int:
    global _events_fd, _solution
    cfg = json.loads(argv[1])
    _events_fd = int(cfg["fd"])
    apply_limits(cfg)
    _solution = cfg["solution"]
    memory = int(cfg.get("memory") or 0)

    import faulthandler

    faulthandler.enable(file=sys.__stderr__ or 2, all_threads=True)
    try:
        import pytest
    except ImportError as exc:  # the suites need pytest (and hypothesis) beside the trainer
        emit(Kind.CRASHED, message=f"{exc}: install pytest and hypothesis in the trainer's "
             f"environment ({sys.executable} -m pip install pytest hypothesis)")
        return 0
    for name in ("pytest_runtest_protocol", "pytest_runtest_makereport"):
        pytest.hookimpl(hookwrapper=True)(getattr(Reporter, name))

    module = connect_worker(cfg)
    if module is None:
        return 0
    # The suite's conftest finds the proxy under the contract's name (same __file__) and
    # uses it; KATA_JUDGE tells the shared suite support never to import the file here.
    sys.modules[cfg["module"]] = module
    os.environ["KATA_JUDGE"] = "1"
    only = set(cfg["only"]) if cfg.get("only") is not None else None
    ini = os.devnull
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
        emit(Kind.CRASHED, message=f"pytest stopped (exit status {int(code)})")
    return 0


if __name__ == "__main__":
    try:
        code = main(sys.argv)
    except BaseException:
        try:
            emit(Kind.CRASHED, message=traceback.format_exc()[-_MESSAGE_CAP:])
        except BaseException:
            pass
        code = 1
    # os._exit: skip interpreter shutdown, where the learner's atexit handlers and
    # daemon threads could still hang or print; every result is already sent.
    os._exit(code)
