"""Hidden suite for the `table-tests` kata (the learner's file is a test file: the suite runs it, never imports it).

Everything the three suites share lives in katas/_suite_support.py, loaded by
path so that it is never importable by the learner's code.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "_kata_suite_support"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        _NAME, Path(__file__).resolve().parents[2] / "_suite_support.py")
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])

globals().update(sys.modules[_NAME].suite_plugin("test_ticket"))


# --- what the table-tests suite needs ------------------------------------------

import os  # noqa: E402

import pytest  # noqa: E402

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def verdict():
    """The learner's tests run against the correct machine and every mutant, once."""
    from trainer.kata_runner.mutants import Mutant, judge

    sys.path.insert(0, str(HERE))
    try:
        from mutant_table import MUTANTS
    finally:
        sys.path.remove(str(HERE))
    tests = Path(os.environ["KATA_SOLUTION"]).read_text(encoding="utf-8")
    machine = (HERE / "ticket_machine.py").read_text(encoding="utf-8")
    mutants = [Mutant(name, description, patch) for name, (_task, description, patch)
               in MUTANTS.items()]
    return judge(tests, machine, mutants, "ticket", workers=4, timeout=15.0)
