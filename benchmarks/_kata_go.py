"""The Go figures of the `kata` group (see kata.py).

`kata.go_check_warm_ms`: median wall time of `trainer kata check vending --lang go
--path <reference>` with a warm build cache. `kata.go_ratio` divides it by the
median of a bare `go test -count=1` of the same suite and reference in a fixed
module directory, same toolchain and cache, interleaved in the same run.
The reference is unchanged between checks, so a warm check reuses the test binary
it linked the first time (check.py); a changed solution pays the link too.
`kata.go_check_edited_ms` / `kata.go_edited_ratio`: the same pair when the solution
changed since the last check (a comment added each round, in both), so the check
recompiles the package and links again, as after a learner's edit; `go test` pays
the same recompile.
`kata.go_check_cold_s`: one check into an empty cache (it compiles the standard
library; printed, no target). Skipped with a note when no Go >= 1.24 is found.
"""
from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from _timing import timed_run, trainer_command

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 7


def run() -> list[tuple[str, float, str]]:
    import sys

    sys.path.insert(0, str(ROOT))
    from trainer.errors import TrainerError
    from trainer.kata_runner.golang.check import go_env
    from trainer.kata_runner.golang.toolchain import find_toolchain

    try:
        chain = find_toolchain()
    except TrainerError as exc:
        print(f"# kata.go_*: skipped, {exc.message}")
        return []
    go_root = ROOT / "katas" / "vending" / "go"
    reference = go_root / "reference" / "vending.go"
    with tempfile.TemporaryDirectory(prefix="kata-go-bench-") as tmp:
        base = Path(tmp)
        cache = base / "cache"
        home = base / "home"
        home.mkdir()
        env = {**os.environ, "TRAINER_HOME": str(home), "TRAINER_GO_CACHE": str(cache)}
        check = [*trainer_command(), "kata", "check", "vending", "--lang", "go",
                 "--path", str(reference)]
        cold, code = timed_run(check, env, ROOT)
        if code != 0:
            raise RuntimeError(f"the Go check of the reference did not pass (exit {code})")
        module = base / "module"
        module.mkdir()
        shutil.copy(go_root / "go.mod", module / "go.mod")
        shutil.copy(reference, module / "vending.go")
        for path in (go_root / "suite").glob("*_test.go"):
            shutil.copy(path, module / path.name)
        support = (ROOT / "katas" / "_go_support" / "support_test.go").read_text()
        (module / "support_test.go").write_text(
            support.replace("package kata_test", "package vending_test", 1))
        os.environ["TRAINER_GO_CACHE"] = str(cache)
        bare_env = go_env(chain, str(base), race=False)
        bare = [str(chain.go), "test", "-count=1", "."]
        commands = {"check": (check, env, ROOT), "go": (bare, bare_env, module)}
        for key, (cmd, e, cwd) in commands.items():
            _, code = timed_run(cmd, e, cwd)
            if code != 0:
                raise RuntimeError(f"{key} did not pass (exit {code}): {' '.join(cmd)}")
        edited = base / "edited" / "vending.go"
        edited.parent.mkdir()
        edited_check = [*check[:-1], str(edited)]
        source = reference.read_text()
        samples: dict[str, list[float]] = {k: [] for k in (*commands, "check_edited",
                                                             "go_edited")}
        for round_ in range(ROUNDS):
            for key, (cmd, e, cwd) in commands.items():
                samples[key].append(timed_run(cmd, e, cwd)[0])
            change = f"{source}\n// edit {round_} {time.time_ns()}\n"
            edited.write_text(change)
            (module / "vending.go").write_text(change)
            samples["check_edited"].append(timed_run(edited_check, env, ROOT)[0])
            samples["go_edited"].append(timed_run(bare, bare_env, module)[0])
    warm = statistics.median(samples["check"])
    plain = statistics.median(samples["go"])
    warm_edited = statistics.median(samples["check_edited"])
    plain_edited = statistics.median(samples["go_edited"])
    return [
        ("kata.go_check_warm_ms", warm * 1000, "ms"),
        ("kata.go_test_ms", plain * 1000, "ms"),
        ("kata.go_ratio", warm / plain, ""),
        ("kata.go_check_edited_ms", warm_edited * 1000, "ms"),
        ("kata.go_test_edited_ms", plain_edited * 1000, "ms"),
        ("kata.go_edited_ratio", warm_edited / plain_edited, ""),
        ("kata.go_check_cold_s", cold, "s"),
    ]
