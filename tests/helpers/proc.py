"""Run the real `trainer` command in a child process, optionally under resource limits.

The one subprocess driver of the suite (see `trainer` below). For the failure-path tests a full disk is simulated with RLIMIT_FSIZE
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
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fsize_limit(limit: int) -> Callable[[], None]:
    """A preexec_fn that caps the size of any file the child writes at `limit` bytes."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _child_env(home: Path | None, env: Mapping[str, str] | None) -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", **({"TRAINER_HOME": str(home)} if home else {}),
            **(env or {})}


def trainer(*args: str, home: Path | None = None, stdin: str = "",
            env: Mapping[str, str] | None = None, cwd: Path | None = None,
            preexec: Callable[[], None] | None = None, no_caps: bool = False,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`python -m trainer ARGS` in a child process; output as text, stdout and stderr apart.

    The one way tests start a real `trainer` process (for signals, a crash mid-write, resource
    limits, start-up imports, interactive pipes); everything else runs in-process through
    `tests.helpers.cli.run_cli`. The child gets the test's environment, so its progress home
    is the test's isolated TRAINER_HOME unless `home` names another; it runs in the checkout
    unless `cwd` says where; NO_COLOR=1 keeps the output plain whatever the developer's
    terminal forces; `env` adds or replaces variables.
    `no_caps` runs it through `setpriv --bounding-set -all`, so even root obeys file
    permissions. `timeout` is a safety net for a hung child, not a speed check.
    """
    full_env = _child_env(home, env)
    prefix = ["setpriv", "--bounding-set", "-all", "--"] if no_caps else []
    return subprocess.run([*prefix, sys.executable, "-m", "trainer", *args], input=stdin,
                          capture_output=True, text=True, env=full_env, cwd=cwd or ROOT,
                          preexec_fn=preexec, timeout=timeout)


def spawn(*args: str, home: Path | None = None, env: Mapping[str, str] | None = None,
          stdin: bool = True) -> subprocess.Popen[str]:
    """`python -m trainer ARGS` left running, with text pipes, for tests that talk to it,
    signal it or kill it mid-write; the same environment rules as `trainer`. `stdin=False`
    leaves the child's stdin unpiped."""
    return subprocess.Popen([sys.executable, "-m", "trainer", *args],
                            stdin=subprocess.PIPE if stdin else None, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, bufsize=1, env=_child_env(home, env),
                            cwd=ROOT)


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
