"""The pipes of a Go check: lines as they come, one deadline, a byte cap, a watchdog.

The processes are started, limited and killed by `sandbox.py` (the compiler outside
the sandbox, the test binary inside it, the whole tree killed at the end); this module
only turns the pipe they write to into lines for the checker. Reading stops at the
deadline, when more than `cap` bytes arrived, or when the caller's `stop()` says so
(the check's watchdog: one test running too long). `Reading` records which.
"""
from __future__ import annotations

import os
import select
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from trainer.kata_runner.sandbox import Deadline

_TICK = 0.1  # how often `stop()` is asked while nothing arrives


@dataclass
class Reading:
    """How the reading of one pipe ended."""

    timed_out: bool = False
    capped: bool = False
    stopped: bool = False


def lines(fd: int, deadline: Deadline, cap: int, outcome: Reading,
          stop: Callable[[], bool] = lambda: False) -> Iterator[bytes]:
    """Each line written to `fd` until end of stream, the deadline, the cap or `stop()`.

    The caller owns `fd` and closes it; a partial last line is given only at a clean end.
    """
    os.set_blocking(fd, False)
    buf = bytearray()
    total = 0
    while True:
        if deadline.expired:
            outcome.timed_out = True
            return
        if stop():
            outcome.stopped = True
            return
        try:
            ready, _, _ = select.select([fd], [], [], deadline.remaining(_TICK))
        except InterruptedError:
            continue
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            continue
        except OSError:
            chunk = b""
        if not chunk:
            if buf:
                yield bytes(buf)
            return
        total += len(chunk)
        buf += chunk
        while (nl := buf.find(b"\n")) >= 0:
            line = bytes(buf[:nl])
            del buf[: nl + 1]
            yield line
        if total > cap:
            outcome.capped = True
            return


def converter(test2json: Path, package: str, source: int, sink: int) -> subprocess.Popen[bytes]:
    """`test2json -p PACKAGE`: the test binary's framed output (`-test.v=test2json`) read
    from `source`, JSON events written to `sink`. A trusted tool, outside the sandbox, so
    the learner's code can write only into its input, never its output."""
    return subprocess.Popen([str(test2json), "-p", package], stdin=source, stdout=sink,
                            stderr=subprocess.DEVNULL, start_new_session=True)
