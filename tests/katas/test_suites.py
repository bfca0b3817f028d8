"""The hidden kata suites, tested against known solutions.

Each kata has a reference solution, correct alternatives with other designs
(which must pass: the suites test the contract, not one design) and broken
variants that each break exactly one rule of the contract (which must fail,
with output that names the rule). The starter must fail too.

The alternatives are whole files in solutions/<kata>/. The broken variants
are data (broken_variants.py): the reference plus a few exact text
replacements, written to a temporary <module> before the run.

Every run is a child process like the trainer's runner starts: its own
interpreter, a temporary working directory (so hypothesis writes nothing in
the repository), KATA_SOLUTION set, MALLOC_ARENA_MAX=1 and a 1 GiB address
space limit. The runs are independent, so they go through a thread pool.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.katas.broken_variants import BROKEN, Broken

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
KATAS = REPO / "katas"
SOLUTIONS = HERE / "solutions"
MODULES = {"vending": "vending.py", "tcp": "tcp.py", "generic-fsm": "fsm.py",
           "order-workflow": "orders.py", "lexer": "lexer.py",
           "stuck-detector": "stuck.py", "table-tests": "test_ticket.py"}
MEMORY_LIMIT = 1 << 30
RUN_TIMEOUT = 180

PASS = ("pass", None)

# (kata, variant) -> (expected outcome, a phrase the failure output must contain)
# for the kata's own "reference" and "starter" and for the files
# solutions/<kata>/<variant>.py. The broken variants come from BROKEN.
EXPECTED: dict[tuple[str, str], tuple[str, str | None]] = {
    ("vending", "reference"): PASS,
    ("vending", "starter"): ("fail", "NotImplementedError"),
    ("vending", "alt_state_classes"): PASS,
    ("tcp", "reference"): PASS,
    ("tcp", "starter"): ("fail", "NotImplementedError"),
    ("tcp", "alt_state_functions"): PASS,
    ("tcp", "alt_nested_dicts"): PASS,
    ("generic-fsm", "reference"): PASS,
    ("generic-fsm", "starter"): ("fail", "NotImplementedError"),
    ("generic-fsm", "alt_actor"): PASS,
    ("generic-fsm", "alt_locked_reads"): PASS,
    ("order-workflow", "reference"): PASS,
    ("order-workflow", "starter"): ("fail", "NotImplementedError"),
    ("order-workflow", "alt_state_classes"): PASS,
    ("order-workflow", "alt_wal_table"): PASS,
    ("lexer", "reference"): PASS,
    ("lexer", "starter"): ("fail", "NotImplementedError"),
    ("lexer", "alt_regex_table"): PASS,
    ("lexer", "alt_mode_classes"): PASS,
    ("stuck-detector", "reference"): PASS,
    ("stuck-detector", "starter"): ("fail", "NotImplementedError"),
    ("stuck-detector", "alt_heap_records"): PASS,
    ("stuck-detector", "alt_entity_objects"): PASS,
    ("table-tests", "reference"): PASS,
    ("table-tests", "starter"): ("fail", "hold pytest tests"),
    ("table-tests", "alt_hypothesis_walks"): PASS,
    ("table-tests", "alt_test_class"): PASS,
}
# The katas whose starter must fail every task (rule group) of its suite.
EVERY_TASK = {"order-workflow", "lexer", "stuck-detector", "table-tests"}
PATCHED: dict[tuple[str, str], Broken] = {(b.kata, b.name): b for b in BROKEN}
CASES: dict[tuple[str, str], tuple[str, str | None]] = {
    case: outcome
    for kata in MODULES
    for case, outcome in [
        *((c, o) for c, o in EXPECTED.items() if c[0] == kata),
        *((c, ("fail", b.phrase)) for c, b in PATCHED.items() if c[0] == kata),
    ]
}


def solution_path(kata: str, variant: str) -> Path:
    if variant in ("reference", "starter"):
        return KATAS / kata / variant / MODULES[kata]
    return SOLUTIONS / kata / f"{variant}.py"


def patched_source(broken: Broken) -> str:
    """The reference with ``broken.patch`` applied; each old text must match once."""
    reference = KATAS / broken.kata / "reference" / MODULES[broken.kata]
    source = reference.read_text(encoding="utf-8")
    for number, (old, new) in enumerate(broken.patch, 1):
        count = source.count(old)
        assert count == 1, (
            f"{broken.kata}:{broken.name}: replacement {number} must match exactly once "
            f"in {reference.relative_to(REPO)}, it matches {count} times; was the "
            f"reference changed? old text:\n{old}"
        )
        source = source.replace(old, new)
    return source


@dataclass(frozen=True)
class Run:
    returncode: int
    output: str
    tasks: dict[int, list[str]] = field(default_factory=dict)  # task id -> outcomes

    def failed_tasks(self) -> set[int]:
        return {t for t, outcomes in self.tasks.items() if "failed" in outcomes}

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
            "PYTHONPATH": str(HERE),
            "KATA_TASK_REPORT": os.path.join(tmp, "tasks.json"),
        }
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "-p", "task_report", str(KATAS / kata / "suite")]
        try:
            proc = subprocess.run(
                cmd, cwd=tmp, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                text=True, timeout=RUN_TIMEOUT, preexec_fn=_limit_memory,
            )
        except subprocess.TimeoutExpired as exc:
            out = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else exc.stdout
            return Run(-1, f"timed out after {RUN_TIMEOUT} s\n{out or ''}")
        tasks: dict[int, list[str]] = {}
        try:
            with open(env["KATA_TASK_REPORT"], encoding="utf-8") as fh:
                for task, outcome in json.load(fh).values():
                    if isinstance(task, int):
                        tasks.setdefault(task, []).append(outcome)
        except (OSError, ValueError):
            pass
    return Run(proc.returncode, proc.stdout + proc.stderr, tasks)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Start every run at once (in a small pool); tests wait for theirs."""
    workers = max(2, min(4, (os.cpu_count() or 2) + 1))
    futures: dict[tuple[str, str], Future[Run]] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for case in CASES:
            if case in PATCHED:
                try:
                    source = patched_source(PATCHED[case])
                except AssertionError as exc:  # reported by this case's test only
                    futures[case] = Future()
                    futures[case].set_exception(exc)
                    continue
                path = tmp_path_factory.mktemp(f"{case[0]}-{case[1]}") / MODULES[case[0]]
                path.write_text(source, encoding="utf-8")
            else:
                path = solution_path(*case)
            futures[case] = pool.submit(run_suite, case[0], path)
        yield futures
        for fut in futures.values():
            fut.cancel()


@pytest.mark.parametrize("case", list(CASES), ids=lambda c: f"{c[0]}:{c[1]}")
def test_suite_verdict(runs, case):
    expected, phrase = CASES[case]
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
    if case[1] == "starter" and case[0] in EVERY_TASK:
        missing = sorted(set(run.tasks) - run.failed_tasks())
        assert run.tasks and not missing, (
            f"the {label} must fail every task; these tasks passed: {missing}")
    broken = PATCHED.get(case)
    if broken is not None and broken.task is not None:
        assert broken.task in run.failed_tasks(), (
            f"the {label} breaks rule {broken.task}, so task {broken.task} must fail; "
            f"failed tasks: {sorted(run.failed_tasks())}")


def test_every_variant_file_has_an_expectation():
    on_disk = {
        (kata, path.stem)
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
        broken = [c for c in CASES if c[0] == kata and c[1].startswith("broken_")]
        assert alternatives, f"{kata} needs at least one correct alternative design"
        assert len(broken) >= 6, f"{kata} needs at least 6 broken variants, has {len(broken)}"


def test_the_broken_variant_table_is_well_formed():
    assert len(PATCHED) == len(BROKEN), "two broken variants share a kata and a name"
    for broken in BROKEN:
        label = f"{broken.kata}:{broken.name}"
        assert broken.kata in MODULES, f"{label}: unknown kata"
        assert broken.name.startswith("broken_"), f"{label}: name it broken_<what>"
        assert (broken.kata, broken.name) not in EXPECTED, f"{label}: also a file"
        assert broken.rule and broken.phrase, f"{label}: name the rule and the phrase"
        assert broken.patch, f"{label}: no replacements"
        for old, new in broken.patch:
            assert old and old != new, f"{label}: a replacement changes nothing: {old!r}"


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


def _imported_katas() -> list[str]:
    """The katas whose solution is a module (a test-file solution is run, never imported)."""
    from trainer.kata_runner.catalog import SolutionKind, get_kata

    return [k for k in MODULES if get_kata(k).solution_kind is SolutionKind.MODULE]


@pytest.mark.parametrize("kata", _imported_katas())
def test_a_pre_imported_solution_is_reused(tmp_path, kata):
    """The runner may import the solution itself before pytest starts."""
    module = MODULES[kata]
    solution = tmp_path / module
    log = tmp_path / "imports.log"
    solution.write_text(
        (KATAS / kata / "reference" / module).read_text(encoding="utf-8")
        + "\n\nimport os as _os\n\n"
        "with open(_os.environ['IMPORT_LOG'], 'a') as _fh:\n"
        "    _fh.write(f'{_os.getpid()}\\n')\n",
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
    # Worker processes a suite starts (order-workflow) import it on their own: count
    # only the imports in the process that ran pytest.
    pids = log.read_text().split()
    assert pids.count(pids[0]) == 1, "the suite imported the solution again"
