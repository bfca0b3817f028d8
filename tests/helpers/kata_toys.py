"""Constants and helpers shared by the kata runner's tests (the fixtures are in conftest).

Imported as `tests.helpers.kata_toys` (not `from conftest import ...`, which would find
whichever conftest was imported first when the whole test suite runs).
"""
from __future__ import annotations

import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = REPO / "tests" / "kata_runner"  # hostile/ and base_vending.py
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


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of `path` containing `needle`."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
