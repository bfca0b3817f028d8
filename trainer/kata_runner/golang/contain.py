"""Run one command contained: a deadline, an output cap, and the whole process tree killed.

This is the Go track's copy of the Python judge's containment, kept in one small
module so it can be swapped for a shared one. The command runs in its own session
(process group) with stdin from /dev/null; stdout is read line by line and handed to
the caller as it arrives; stderr keeps only its tail. At the end - normal exit,
deadline, output cap or the caller closing the generator - the process group is
SIGKILLed, so nothing the learner started survives the check.

Memory limits are not set here: the Go check limits only the test binary (through
`go test -exec` and `limit_exec.py`), never the compiler.
"""
from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

_STDERR_TAIL = 64 * 1024


@dataclass(frozen=True)
class Ended:
    """How the command ended: its status, and whether we had to stop it."""

    code: int
    timed_out: bool
    capped: bool
    stderr: str


class Contained:
    """One contained command; iterate `lines()` for stdout, then read `ended`."""

    def __init__(self, cmd: list[str], *, env: dict[str, str], cwd: str, deadline: float,
                 output_cap: int) -> None:
        self.deadline = deadline  # time.monotonic() value
        self.output_cap = output_cap
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd, env=env,
                                     start_new_session=True)
        self.ended: Ended | None = None

    def lines(self) -> Iterator[bytes]:
        """stdout, one line at a time, until the command ends or is stopped."""
        proc = self.proc
        assert proc.stdout is not None and proc.stderr is not None
        out_fd, err_fd = proc.stdout.fileno(), proc.stderr.fileno()
        os.set_blocking(out_fd, False)
        os.set_blocking(err_fd, False)
        open_fds = {out_fd, err_fd}
        buf = bytearray()
        err = bytearray()
        read_total = 0
        timed_out = capped = False
        try:
            while open_fds:
                left = self.deadline - time.monotonic()
                if left <= 0:
                    timed_out = True
                    break
                try:
                    ready, _, _ = select.select(list(open_fds), [], [], min(left, 0.5))
                except InterruptedError:
                    continue
                for fd in ready:
                    try:
                        chunk = os.read(fd, 1 << 16)
                    except BlockingIOError:
                        continue
                    if not chunk:
                        open_fds.discard(fd)
                        continue
                    if fd == err_fd:
                        err += chunk
                        if len(err) > _STDERR_TAIL:
                            del err[: len(err) - _STDERR_TAIL]
                        continue
                    read_total += len(chunk)
                    buf += chunk
                    while (nl := buf.find(b"\n")) >= 0:
                        line = bytes(buf[:nl])
                        del buf[: nl + 1]
                        yield line
                if read_total > self.output_cap:
                    capped = True
                    break
            if buf and not timed_out and not capped:
                yield bytes(buf)
        finally:
            self._kill()
            code = proc.wait()
            proc.stdout.close()
            proc.stderr.close()
            self.ended = Ended(code, timed_out, capped, err.decode("utf-8", "replace"))

    def close(self) -> None:
        """Stop a command whose lines were never read."""
        if self.ended is None:
            self._kill()
            self.proc.wait()
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()

    def _kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def run(cmd: list[str], *, env: dict[str, str], cwd: str, seconds: float,
        output_cap: int = 8 << 20) -> tuple[list[bytes], Ended]:
    """Run to the end; all stdout lines and how it ended."""
    c = Contained(cmd, env=env, cwd=cwd, deadline=time.monotonic() + seconds,
                  output_cap=output_cap)
    out = list(c.lines())
    assert c.ended is not None
    return out, c.ended
