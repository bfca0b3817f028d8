"""Run the real `trainer` command in a child process, optionally under resource limits.

Used by the failure-path tests: a full disk is simulated with RLIMIT_FSIZE
(writes past the limit fail with EFBIG, as `ulimit -f` does), and a home the
learner may not write to by running the child without capabilities
(`setpriv --bounding-set -all`): the tests run as root here, and root with
CAP_DAC_OVERRIDE ignores permission bits.
"""
from __future__ import annotations

import os
import resource
import shutil
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
            preexec: Callable[[], None] | None = None, no_caps: bool = False,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m trainer ARGS` with TRAINER_HOME=home; output as text.

    `no_caps` runs it through `setpriv --bounding-set -all`, so even root
    obeys file permissions.
    """
    full_env = {**os.environ, "TRAINER_HOME": str(home), "PYTHONPATH": str(ROOT),
                **(env or {})}
    prefix = ["setpriv", "--bounding-set", "-all", "--"] if no_caps else []
    return subprocess.run([*prefix, sys.executable, "-m", "trainer", *args], input=stdin,
                          capture_output=True, text=True, env=full_env, cwd=ROOT,
                          preexec_fn=preexec, timeout=timeout)


def can_drop_caps() -> bool:
    """Whether `setpriv --bounding-set -all` works here (it needs CAP_SETPCAP)."""
    if shutil.which("setpriv") is None:
        return False
    r = subprocess.run(["setpriv", "--bounding-set", "-all", "--", "true"],
                       capture_output=True)
    return r.returncode == 0


def one_line_error(stderr: str, *expect: str) -> str:
    lines = [ln for ln in stderr.strip().splitlines() if ln.startswith("error:")]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    for text in expect:
        assert text in lines[0], stderr
    return lines[0]
