"""Fixtures for the kata runner's tests: toy suites built per test, hostile solutions.

The runner is tested two ways:

* against tiny "toy" suites written into a temporary directory by each test, so
  one behaviour of the runner (a message, a collection error, a hang) can be
  provoked on purpose, in well under a second;
* against the real vending suite (`katas/vending/suite`), with hostile solutions
  that are a correct solution (`base_vending.py`) plus a few lines from
  `hostile/` - proof that the real suites, under the real limits, still give the
  right report whatever the learner's code does.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
KATAS = REPO / "katas"

TOY_CONFTEST = '''
import importlib.util
import os
import sys

import pytest

NAME = "toy"


def _load():
    path = os.path.abspath(os.environ["KATA_SOLUTION"])
    module = sys.modules.get(NAME)
    if module is not None and os.path.realpath(getattr(module, "__file__", "") or "") == os.path.realpath(path):
        return module
    spec = importlib.util.spec_from_file_location(NAME, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[NAME] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def sol():
    return _load()
'''

TOY_TESTS = '''
import pytest


@pytest.mark.task(1)
def test_add(sol):
    got = sol.add(2, 3)
    assert got == 5, f"add(2, 3) must be 5, got {got!r}"


@pytest.mark.task(2)
def test_div(sol):
    assert sol.div(6, 3) == 2, "div(6, 3) must be 2"


@pytest.mark.task(2)
def test_talk(sol):
    sol.talk()
'''

GOOD_TOY = '''
def add(a, b):
    return a + b


def div(a, b):
    return a / b


def talk():
    print("hello from talk")
'''


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def toy(tmp_path):
    """Builds a toy suite and a toy solution; returns (suite_dir, solution_path)."""

    def build(solution: str = GOOD_TOY, tests: str = TOY_TESTS, conftest: str = TOY_CONFTEST,
              extra: dict[str, str] | None = None) -> tuple[Path, Path]:
        suite = tmp_path / "suite"
        suite.mkdir(exist_ok=True)
        (suite / "conftest.py").write_text(dedent(conftest))
        if tests is not None:
            (suite / "test_toy.py").write_text(dedent(tests))
        for name, text in (extra or {}).items():
            (suite / name).write_text(dedent(text))
        sol = tmp_path / "work" / "toy.py"
        sol.parent.mkdir(exist_ok=True)
        sol.write_text(dedent(solution))
        return suite, sol

    return build


@pytest.fixture
def vending_suite() -> Path:
    suite = KATAS / "vending" / "suite"
    assert suite.is_dir(), f"the vending kata's suite is missing at {suite}"
    return suite


@pytest.fixture
def hostile(tmp_path):
    """`hostile(name)`: the base vending solution plus `hostile/<name>.py`, as vending.py."""

    def build(name: str) -> Path:
        base = (HERE / "base_vending.py").read_text()
        twist = (HERE / "hostile" / f"{name}.py").read_text()
        target = tmp_path / name / "vending.py"
        target.parent.mkdir(parents=True)
        target.write_text(base.rstrip("\n") + "\n\n\n" + twist)
        return target

    return build


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of `path` containing `needle`."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
