"""kata: what the trainer adds to a plain pytest run of a hidden suite.

`kata.check_ms` is the median wall time of `trainer kata check vending --path
<reference>`; `kata.check_ratio` divides it by the median wall time of a plain
`python -m pytest katas/vending/suite` with KATA_SOLUTION=<reference>, both
measured in the same run, interleaved, so machine noise hits both alike.

Fairness: both run with bytecode writing allowed (PYTHONDONTWRITEBYTECODE removed)
after one warm-up each, so the plain run gets pytest's cached assertion rewrites
(with the variable set it would rewrite hypothesis on every run and look slower
than it is). The trainer runs with a throwaway home so the real progress is untouched.

The check runs the judge split (pytest in one process, the learner's module in a
sandboxed worker, joined by RPC) with the best sandbox this machine has:
`kata.check_sandboxed_ms` is that check's median and `kata.sandbox` names the mode.
`kata.rpc_calls_per_s` is how many judge-to-worker calls the vending suite made per
second of test time in one in-process check of the reference.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

import _kata_go
from _timing import timed_run, trainer_command

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 7
# The senior katas' suites: `kata.<slug>_suite_s` is the median wall time of a plain
# pytest run of the suite on the reference (the budget: under 5 s each).
SUITE_SLUGS = ("order-workflow", "lexer", "stuck-detector", "table-tests")
SUITE_ROUNDS = 3


def run() -> list[tuple[str, float, str]]:
    reference = ROOT / "katas" / "vending" / "reference" / "vending.py"
    suite = ROOT / "katas" / "vending" / "suite"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="kata-bench-") as home:
        env["TRAINER_HOME"] = home
        commands = {
            "check": [*trainer_command(), "kata", "check", "vending", "--path", str(reference)],
            "pytest": [sys.executable, "-m", "pytest", str(suite.relative_to(ROOT))],
        }
        plain_env = {**env, "KATA_SOLUTION": str(reference)}
        envs = {"check": env, "pytest": plain_env}
        for key, cmd in commands.items():  # warm-up; both must pass or the figure means nothing
            _, code = timed_run(cmd, envs[key], ROOT)
            if code != 0:
                raise RuntimeError(f"{key} did not pass (exit {code}): {' '.join(cmd)}")
        samples: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(ROUNDS):
            for key, cmd in commands.items():
                samples[key].append(timed_run(cmd, envs[key], ROOT)[0])
    check = statistics.median(samples["check"])
    plain = statistics.median(samples["pytest"])
    from trainer.kata_runner import sandbox
    from trainer.kata_runner.runner import run_check

    report = run_check(suite, "vending", reference, slug="vending")
    busy = sum(t.duration for t in report.tests) or 1e-9
    mode = sandbox.detect()
    return [
        ("kata.check_ms", check * 1000, "ms"),
        ("kata.check_sandboxed_ms", check * 1000, f"ms ({mode.value})"),
        ("kata.pytest_ms", plain * 1000, "ms"),
        ("kata.check_ratio", check / plain, ""),
        ("kata.rpc_calls_per_s", report.rpc_calls / busy, "calls/s"),
        *suite_times(env),
        *_kata_go.run(),
    ]


def suite_times(env: dict[str, str]) -> list[tuple[str, float, str]]:
    """Wall time of each senior kata's hidden suite on its reference solution."""
    from trainer.kata_runner.catalog import get_kata

    out = []
    for slug in SUITE_SLUGS:
        kata = get_kata(slug)
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(kata.suite)]
        run_env = {**env, "KATA_SOLUTION": str(kata.reference)}
        with tempfile.TemporaryDirectory(prefix="kata-suite-bench-") as cwd:
            _, code = timed_run(cmd, run_env, Path(cwd))  # warm-up; must pass
            if code != 0:
                raise RuntimeError(f"the {slug} suite did not pass on its reference (exit {code})")
            times = [timed_run(cmd, run_env, Path(cwd))[0] for _ in range(SUITE_ROUNDS)]
        out.append((f"kata.{slug}_suite_s", statistics.median(times), "s"))
    return out
