"""Shared timing helpers for the benchmark groups."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def compile_trainer() -> None:
    """Byte-compile the trainer first, as `pip install` does for a real install.

    An editable checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise recompile
    every trainer module on every start while its libraries come precompiled, which
    measures the environment, not the trainer (a kata check spent ~110 ms of its
    ~550 ms in `compile`). Every group's subprocesses start from the compiled files.
    """
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "trainer"), quiet=1)


def trainer_command() -> list[str]:
    """The installed `trainer` script beside this Python, else `python -m trainer`."""
    script = Path(sys.executable).with_name("trainer")
    if script.exists():
        return [str(script)]
    found = shutil.which("trainer")
    return [found] if found else [sys.executable, "-m", "trainer"]


def timed_run(cmd: list[str], env: dict[str, str] | None = None,
              cwd: Path | str | None = None) -> tuple[float, int]:
    """Wall time in seconds and exit status of one run of `cmd` with exactly `env`
    (None: this process's environment); output discarded."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env=env, cwd=cwd, check=False)
    return time.perf_counter() - start, done.returncode


def wall(cmd: list[str], env: dict | None = None, cwd=None) -> float:
    """Wall time of one run of `cmd`, in seconds, with `env` added to ours."""
    return timed_run(cmd, {**os.environ, **(env or {})}, cwd)[0]


def interleaved_medians(commands: dict[str, list[str]], rounds: int, **kw) -> dict[str, float]:
    """Median wall time per command, running them in turn so noise hits all alike."""
    samples: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(rounds):
        for key, cmd in commands.items():
            samples[key].append(wall(cmd, **kw))
    return {k: statistics.median(v) for k, v in samples.items()}
