"""The hidden Go suites, tested against known Go solutions through the real checker.

References and two alternative designs per kata must pass; each broken variant
(go_broken_variants.py: the reference plus exact-once text patches) must fail
with a message naming the rule it breaks; each starter must fail every rule of
its README. Skipped, saying so, only when no Go >= 1.24 is available.
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.katas.go_broken_variants import GO_BROKEN, GoBroken
from trainer.errors import TrainerError

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
KATAS = REPO / "katas"
SOLUTIONS = HERE / "solutions"
FILES = {"vending": "vending.go", "tcp": "tcpfsm.go", "generic-fsm": "fsm.go"}


def _toolchain():
    from trainer.kata_runner.golang.toolchain import find_toolchain

    find_toolchain.cache_clear()
    try:
        return find_toolchain()
    except TrainerError as exc:
        pytest.skip(f"no Go >= 1.24 toolchain here, Go suites not run: {exc.message}")


def _race() -> bool:
    from trainer.kata_runner.golang.toolchain import race_supported

    return race_supported()


def track(kata: str):
    from trainer.kata_runner.catalog import get_kata
    from trainer.kata_runner.golang.track import go_track

    return go_track(get_kata(kata))


def alternatives() -> list[tuple[str, str]]:
    return [(k, p.stem) for k in FILES for p in sorted((SOLUTIONS / k / "go").glob("*.go"))]


def patched(b: GoBroken) -> str:
    ref = KATAS / b.kata / "go" / "reference" / FILES[b.kata]
    text = ref.read_text(encoding="utf-8")
    for n, (old, new) in enumerate(b.patch, 1):
        count = text.count(old)
        assert count == 1, (f"{b.kata}:{b.name}: replacement {n} must match exactly once in "
                            f"{ref.relative_to(REPO)}, it matches {count} times:\n{old}")
        text = text.replace(old, new)
    return text


def check(kata: str, directory: Path):
    from trainer.kata_runner.golang.check import GoCheckRun
    from trainer.kata_runner.runner import Finished

    report = None
    for event in GoCheckRun(track(kata), _toolchain(), directory).events():
        if isinstance(event, Finished):
            report = event.report
    assert report is not None
    return report


def describe(report) -> str:
    lines = [f"status {report.status}: {report.message}"]
    lines += [f"  {t.status} {t.id}: {(t.message or '')[:300]}" for t in report.tests
              if not t.passed][:25]
    return "\n".join(lines)


CASES = ([(k, "reference") for k in FILES] + [(k, "starter") for k in FILES]
         + alternatives() + [(b.kata, b.name) for b in GO_BROKEN])
BROKEN = {(b.kata, b.name): b for b in GO_BROKEN}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    _toolchain()
    # One check first, alone: in an empty cache, parallel checks would each compile
    # the standard library at once.
    warm = tmp_path_factory.mktemp("go-warm")
    shutil.copy(KATAS / "generic-fsm" / "go" / "reference" / "fsm.go", warm / "fsm.go")
    check("generic-fsm", warm)
    futures: dict[tuple[str, str], Future] = {}
    with ThreadPoolExecutor(max_workers=3) as pool:
        for case in CASES:
            kata, name = case
            folder = tmp_path_factory.mktemp(f"go-{kata}-{name}")
            if case in BROKEN:
                try:
                    (folder / FILES[kata]).write_text(patched(BROKEN[case]), encoding="utf-8")
                except AssertionError as exc:
                    futures[case] = Future()
                    futures[case].set_exception(exc)
                    continue
            elif name in ("reference", "starter"):
                shutil.copy(KATAS / kata / "go" / name / FILES[kata], folder / FILES[kata])
            else:
                shutil.copy(SOLUTIONS / kata / "go" / f"{name}.go", folder / FILES[kata])
            futures[case] = pool.submit(check, kata, folder)
        yield futures


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}:{c[1]}")
def test_go_suite_verdict(reports, case):
    kata, name = case
    report = reports[case].result()
    if name == "reference" or name.startswith("alt_"):
        assert report.status == "pass", f"{kata} {name} must pass:\n{describe(report)}"
        assert report.total >= 30
        return
    if name == "starter":
        assert report.status == "fail", describe(report)
        rules = {int(m) for m in re.findall(r"^(\d+)\. \*\*", (KATAS / kata / "go" / "README.md")
                                             .read_text(encoding="utf-8"), re.M)}
        failed = {t.task_id for t in report.tests if not t.passed}
        assert rules and failed == rules, (
            f"the {kata} starter must fail every rule of the README {sorted(rules)}, "
            f"failed {sorted(x for x in failed if x is not None)}")
        return
    broken = BROKEN[case]
    if broken.race and not _race():
        pytest.skip("no C compiler: the race detector, which this variant needs, is off")
    assert report.status == "fail", (
        f"{kata}:{name} breaks '{broken.rule}' and must fail with failed tests:\n{describe(report)}")
    messages = "\n".join(t.message or "" for t in report.tests if not t.passed)
    assert broken.phrase in messages, (
        f"{kata}:{name} must fail with a message naming the rule ({broken.phrase!r}):\n"
        f"{describe(report)}")


def test_two_alternatives_per_kata_and_enough_broken_variants():
    for kata in FILES:
        alts = [a for a in alternatives() if a[0] == kata]
        assert len(alts) >= 2, f"{kata} needs two alternative Go designs, has {alts}"
        assert sum(1 for b in GO_BROKEN if b.kata == kata) >= 6
    assert len(BROKEN) == len(GO_BROKEN), "two Go variants share a kata and a name"
