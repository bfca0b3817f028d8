"""The hidden kata suites, tested against known solutions.

Each kata has a reference solution, correct alternatives with other designs
(which must pass: the suites test the contract, not one design) and broken
variants that each break exactly one rule of the contract (which must fail,
with output that names the rule). The starter must fail too.

Every run is a child process like the trainer's runner starts: its own
interpreter, a temporary working directory (so hypothesis writes nothing in
the repository), KATA_SOLUTION set, MALLOC_ARENA_MAX=1 and a 1 GiB address
space limit. The runs are independent, so they go through a thread pool.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
KATAS = REPO / "katas"
SOLUTIONS = HERE / "solutions"
MODULES = {"vending": "vending.py", "tcp": "tcp.py", "generic-fsm": "fsm.py"}
MEMORY_LIMIT = 1 << 30
RUN_TIMEOUT = 180

PASS = ("pass", None)

# (kata, variant) -> (expected outcome, a phrase the failure output must contain).
# "reference" and "starter" are the kata's own files; the rest are files in
# solutions/<kata>/.
EXPECTED: dict[tuple[str, str], tuple[str, str | None]] = {
    ("vending", "reference"): PASS,
    ("vending", "starter"): ("fail", "NotImplementedError"),
    ("vending", "alt_state_classes.py"): PASS,
    ("vending", "broken_invalid_changes_state.py"):
        ("fail", "an invalid event must not change anything"),
    ("vending", "broken_out_of_stock_eats_coin.py"):
        ("fail", "when the guard fails the coin is kept"),
    ("vending", "broken_decrement_at_selection.py"):
        ("fail", "stock must not be decremented at selection"),
    ("vending", "broken_dispense_failure_raises.py"):
        ("fail", "restocked to 0 must not raise"),
    ("vending", "broken_dispense_failure_silent.py"):
        ("fail", "a failed dispense must log exactly one WARNING record"),
    ("vending", "broken_invalid_logged_as_warning.py"):
        ("fail", "log it at INFO, never at WARNING or above"),
    ("vending", "broken_mutates_callers_dict.py"):
        ("fail", "must not mutate the dict it was given"),
    ("vending", "broken_set_stock_accepts_negative.py"):
        ("fail", "set_stock('cola', -1) was accepted"),
    ("vending", "broken_transition_logged_at_debug.py"):
        ("fail", "each transition must log exactly one INFO record"),
    ("vending", "broken_ignores_given_logger.py"):
        ("fail", "INFO record on the logger passed to the machine"),
    ("vending", "broken_state_writable.py"):
        ("fail", "`state` must be a read-only property"),
    ("tcp", "reference"): PASS,
    ("tcp", "starter"): ("fail", "NotImplementedError"),
    ("tcp", "alt_state_functions.py"): PASS,
    ("tcp", "alt_nested_dicts.py"): PASS,
    ("tcp", "broken_extra_transition.py"):
        ("fail", "TRANSITIONS must hold only the five passive-open rows"),
    ("tcp", "broken_accepts_typo.py"):
        ("fail", "only Event members may drive the connection: send('syn')"),
    ("tcp", "broken_error_without_state.py"):
        ("fail", "InvalidTransition must carry a .state attribute"),
    ("tcp", "broken_invalid_resets_state.py"):
        ("fail", "an invalid event must not change the state"),
    ("tcp", "broken_not_a_value_error.py"):
        ("fail", "InvalidTransition must be a subclass of ValueError"),
    ("tcp", "broken_is_legal_by_state.py"):
        ("fail", "is_legal must be True exactly for the table's rows"),
    ("tcp", "broken_duplicate_row.py"):
        ("fail", "TRANSITIONS must list each row once"),
    ("tcp", "broken_closed_is_terminal.py"):
        ("fail", "can LISTEN again"),
    ("tcp", "broken_message_without_event.py"):
        ("fail", "str(InvalidTransition) must name both the state and the event"),
    ("tcp", "broken_logs_twice.py"):
        ("fail", "each transition must log exactly one INFO record"),
    ("generic-fsm", "reference"): PASS,
    ("generic-fsm", "starter"): ("fail", "NotImplementedError"),
    ("generic-fsm", "alt_actor.py"): PASS,
    ("generic-fsm", "alt_locked_reads.py"): PASS,
    ("generic-fsm", "broken_overwrites_duplicate.py"):
        ("fail", "must raise DuplicateTransition, whatever the dst"),
    ("generic-fsm", "broken_duplicate_keeps_second.py"):
        ("fail", "the FIRST registration must stay in force"),
    ("generic-fsm", "broken_string_keys.py"):
        ("fail", "keys must not collide"),
    ("generic-fsm", "broken_swap_before_action.py"):
        ("fail", "when the action raises, the state must not change"),
    ("generic-fsm", "broken_swap_then_rollback.py"):
        ("fail", "the action runs first and only then does the state change"),
    ("generic-fsm", "broken_wraps_exception.py"):
        ("fail", "must reach the caller unwrapped"),
    ("generic-fsm", "broken_no_lock.py"):
        ("fail", "exactly one may pass"),
    ("generic-fsm", "broken_check_then_act.py"):
        ("fail", "two sends must never run actions at the same time"),
    ("generic-fsm", "broken_retries_action.py"):
        ("fail", "the action must run exactly once per send"),
    ("generic-fsm", "broken_message_without_state.py"):
        ("fail", "must name the event and the current state"),
    ("generic-fsm", "broken_false_return_vetoes.py"):
        ("fail", "an action's return value is ignored"),
}


def solution_path(kata: str, variant: str) -> Path:
    if variant in ("reference", "starter"):
        return KATAS / kata / variant / MODULES[kata]
    return SOLUTIONS / kata / variant


@dataclass(frozen=True)
class Run:
    returncode: int
    output: str

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.output.splitlines()[-lines:])


def _limit_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_suite(kata: str, solution: Path) -> Run:
    with tempfile.TemporaryDirectory(prefix="kata-suite-") as tmp:
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": tmp,
            "TMPDIR": tmp,
            "LANG": "C.UTF-8",
            "KATA_SOLUTION": str(solution),
            "MALLOC_ARENA_MAX": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               str(KATAS / kata / "suite")]
        try:
            proc = subprocess.run(
                cmd, cwd=tmp, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                text=True, timeout=RUN_TIMEOUT, preexec_fn=_limit_memory,
            )
        except subprocess.TimeoutExpired as exc:
            out = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else exc.stdout
            return Run(-1, f"timed out after {RUN_TIMEOUT} s\n{out or ''}")
    return Run(proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="module")
def runs():
    """Start every run at once (in a small pool); tests wait for theirs."""
    workers = max(2, min(4, (os.cpu_count() or 2) + 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures: dict[tuple[str, str], Future[Run]] = {
            case: pool.submit(run_suite, case[0], solution_path(*case)) for case in EXPECTED
        }
        yield futures
        for fut in futures.values():
            fut.cancel()


@pytest.mark.parametrize("case", list(EXPECTED), ids=lambda c: f"{c[0]}:{c[1]}")
def test_suite_verdict(runs, case):
    expected, phrase = EXPECTED[case]
    run = runs[case].result()
    label = f"{case[0]} suite on {case[1]}"
    if expected == "pass":
        assert run.returncode == 0, f"the {label} must pass; it did not:\n{run.tail()}"
        return
    assert run.returncode == 1, (
        f"the {label} must fail with failed tests (exit status 1), got status "
        f"{run.returncode}:\n{run.tail()}"
    )
    assert phrase in run.output, (
        f"the {label} must fail with a message naming the broken rule ({phrase!r}); "
        f"output:\n{run.tail(120)}"
    )


def test_every_variant_file_has_an_expectation():
    on_disk = {
        (kata, path.name)
        for kata in MODULES
        for path in sorted((SOLUTIONS / kata).glob("*.py"))
    }
    listed = {case for case in EXPECTED if case[1] not in ("reference", "starter")}
    assert on_disk == listed, (
        f"solution files without an expectation: {sorted(on_disk - listed)}; "
        f"expectations without a file: {sorted(listed - on_disk)}"
    )
    for kata in MODULES:
        alternatives = [c for c in listed if c[0] == kata and c[1].startswith("alt_")]
        broken = [c for c in listed if c[0] == kata and c[1].startswith("broken_")]
        assert alternatives, f"{kata} needs at least one correct alternative design"
        assert len(broken) >= 6, f"{kata} needs at least 6 broken variants, has {len(broken)}"


# --- the loading interface the runner relies on ------------------------------


def _child_env(tmp: Path, **extra: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", os.defpath), "HOME": str(tmp), "TMPDIR": str(tmp),
            "LANG": "C.UTF-8", "MALLOC_ARENA_MAX": "1", "PYTHONDONTWRITEBYTECODE": "1", **extra}


def test_a_missing_solution_path_is_a_usage_error(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(KATAS / "tcp" / "suite")],
        cwd=tmp_path, env=_child_env(tmp_path), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=RUN_TIMEOUT, preexec_fn=_limit_memory,
    )
    assert proc.returncode == 4, proc.stdout + proc.stderr  # pytest's "usage error"
    assert "KATA_SOLUTION is not set" in proc.stdout + proc.stderr


@pytest.mark.parametrize("kata", list(MODULES))
def test_a_pre_imported_solution_is_reused(tmp_path, kata):
    """The runner may import the solution itself before pytest starts."""
    module = MODULES[kata]
    solution = tmp_path / module
    log = tmp_path / "imports.log"
    solution.write_text(
        (KATAS / kata / "reference" / module).read_text(encoding="utf-8")
        + "\n\nimport os as _os\n\n"
        "with open(_os.environ['IMPORT_LOG'], 'a') as _fh:\n"
        "    _fh.write('imported\\n')\n",
        encoding="utf-8",
    )
    script = (
        "import importlib.util, sys, pytest\n"
        f"spec = importlib.util.spec_from_file_location({module[:-3]!r}, {str(solution)!r})\n"
        "mod = importlib.util.module_from_spec(spec)\n"
        f"sys.modules[{module[:-3]!r}] = mod\n"
        "spec.loader.exec_module(mod)\n"
        "sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', "
        f"{str(KATAS / kata / 'suite')!r}]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path,
        env=_child_env(tmp_path, KATA_SOLUTION=str(solution), IMPORT_LOG=str(log)),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=RUN_TIMEOUT,
        preexec_fn=_limit_memory,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert log.read_text().count("imported") == 1, "the suite imported the solution again"
