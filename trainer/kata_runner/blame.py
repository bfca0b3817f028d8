"""Why an attempt ended, in the learner's words: the exit status, the stack, the stderr.

When the worker dies or hangs, the supervisor knows only an exit status, a faulthandler
dump and the tail of a stderr; these functions turn them into the sentences and the
"your code" lines of the report. Kept apart from the supervision loop so each wording
can be read (and tested) without running a process.
"""
from __future__ import annotations

import os
import re
import signal

from trainer.kata_runner.attempt import Attempt
from trainer.kata_runner.limits import Limits
from trainer.kata_runner.report import Frame

NO_EXIT = "; your code must not end the process (os._exit? sys.exit in a thread?)"

_DUMP_LINE = re.compile(r'File "(?P<file>.+)", line (?P<line>\d+)')


def frames_from_dump(dump: str, solution: str) -> list[Frame]:
    """The learner's lines in a faulthandler dump (most recent call last)."""
    import linecache

    real = os.path.realpath(solution)
    frames: list[Frame] = []
    # faulthandler lists the current thread's frames most recent first.
    block: list[int] = []
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


def death(code: int, killed_by_us: bool, limits: Limits) -> str:
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


def last_lines(text: str, n: int = 3) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " / ".join(lines[-n:]) if lines else "no details"


def stderr_hint(child: Attempt) -> str:
    text = child.stderr.decode("utf-8", "replace").strip()
    return f": {last_lines(text, 2)}" if text else ""
