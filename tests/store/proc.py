"""Run the real `trainer` command in a child process, optionally under resource limits.

Used by the failure-path tests: a full disk is simulated with RLIMIT_FSIZE
(writes past the limit fail with EFBIG, as `ulimit -f` does), and a home the
learner may not write to by running the child as `nobody` (root ignores
permission bits, and the tests run as root here).
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fsize_limit(limit: int) -> Callable[[], None]:
    """A preexec_fn that caps the size of any file the child writes at `limit` bytes."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def trainer(home: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None,
            preexec: Callable[[], None] | None = None, user: int | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m trainer ARGS` with TRAINER_HOME=home; output as text."""
    full_env = {**os.environ, "TRAINER_HOME": str(home), "PYTHONPATH": str(ROOT),
                **(env or {})}
    return subprocess.run([sys.executable, "-m", "trainer", *args], input=stdin,
                          capture_output=True, text=True, env=full_env, cwd=ROOT,
                          preexec_fn=preexec, user=user, timeout=timeout)


def one_line_error(stderr: str, *expect: str) -> str:
    lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    for text in expect:
        assert text in lines[0], stderr
    return lines[0]
