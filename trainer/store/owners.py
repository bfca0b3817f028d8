"""Which process owns something, and whether that process is still running.

Temporary files and session leases carry an owner: the pid, the host and the
process start time. A pid alone is not enough (pids are reused), so on Linux
the start time from `/proc/<pid>/stat` must match too. An owner on another
host cannot be checked from here and counts as alive.
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Owner:
    pid: int
    host: str
    started: int        # process start time in clock ticks since boot (0: unknown)

    @property
    def token(self) -> str:
        """A file-name-safe form: `<pid>-<started>` (the host is not in file names)."""
        return f"{self.pid}-{self.started}"


def process_start(pid: int) -> int:
    """The start time of `pid` (clock ticks since boot), 0 if unknown or not running."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
    except OSError:
        return 0
    # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    fields = data[data.rfind(b")") + 2:].split()
    try:
        return int(fields[19])          # field 22 of the whole line
    except (IndexError, ValueError):
        return 0


@cache
def host() -> str:
    return socket.gethostname()


def me() -> Owner:
    """This process (not cached: a forked child is another owner)."""
    pid = os.getpid()
    return Owner(pid, host(), process_start(pid))


def alive(pid: int, started: int, on_host: str | None = None) -> bool:
    """Is the process (pid, start time) on `on_host` (None: this host) still running?"""
    if on_host is not None and on_host != host():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass                            # it exists, owned by someone else
    if started and os.path.isdir("/proc"):
        return process_start(pid) == started
    return True
