"""One attempt of a Python kata check: spawn the judge and the sandboxed worker, read events.

An attempt is two processes: the **judge** (`judge.py`: pytest, the hidden suite, the
reporting) and the **worker** (`worker.py`: the learner's module, in the sandbox of
`sandbox.py`, joined to the judge by the plain-data RPC of `rpc.py`). The learner's
code never runs where the verdict is computed. This module owns their environments,
their descriptors and their end: the event pipe is read without blocking (so the
supervisor keeps its clocks), only the tail of each stderr is kept, and the parent
writes no file a child can see (the restart list travels in argv, the solution's
source through an inherited descriptor of an unlinked file).
"""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from trainer.kata_runner import protocol, sandbox

WORKER = Path(__file__).resolve().with_name("worker.py")
RPC = Path(__file__).resolve().with_name("rpc.py")

_STDERR_TAIL = 64 * 1024

# A per-run directory the judge and the sandboxed worker both see at the same path,
# writable (e.g. a SQLite file the suite opens and hands to the learner's code). The parent
# creates it inside the run's temporary directory and removes it with that directory.
SCRATCH_ENV = "KATA_SCRATCH"


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


def child_env(solution: str, home: str) -> dict[str, str]:
    """The whole environment of the judge: the worker's, plus the trainer's PATH and
    what pytest needs (nothing else leaks in)."""
    return {
        **worker_env(home),
        "PATH": os.environ.get("PATH", os.defpath),
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "KATA_SOLUTION": solution,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }


class Attempt:
    """One attempt: the judge (pytest + suite) and the sandboxed worker (the learner's code).

    The judge's events arrive on a pipe; the worker's stderr (crash and stack dumps) is
    kept as a tail. `proc` is the worker as far as blame goes: its exit status says how
    the learner's code ended.
    """

    def __init__(self, cfg: dict[str, Any], env: dict[str, str], cwd: str, *, solution_bytes: bytes,
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
        judge_err = self.judge.stderr
        assert judge_err is not None
        self.judge_err: IO[bytes] = judge_err
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
