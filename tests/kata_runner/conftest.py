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

from pathlib import Path

import pytest

from tests.helpers.kata_toys import GOOD_TOY, HERE, KATAS, TOY_CONFTEST, TOY_TESTS, dedent


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
