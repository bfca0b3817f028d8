"""The table-tests kata: the learner's tests are judged by what they catch.

Rule 1-2: the tests load and pass on the correct ticket machine. Rules 3-5:
for each hidden mutant of the machine, the tests must fail on it."""

from __future__ import annotations

import pytest
from mutant_table import MUTANTS


@pytest.mark.task(1)
def test_the_file_collects_tests_that_use_the_fixture(verdict):
    run = verdict.correct
    assert run.tests > 0, (
        "your file must hold pytest tests that get the machine from the `ticket` fixture "
        f"(never `import ticket`); running it gave no verdict: {run.detail}")


@pytest.mark.task(2)
def test_every_test_passes_on_the_correct_machine(verdict):
    run = verdict.correct
    assert run.outcome == "passed", (
        "every one of your tests must pass on the correct machine; "
        f"{run.failed} failed, {run.passed} passed:\n{run.detail}")


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.task(t), id=n)
                                  for n, (t, _d, _p) in MUTANTS.items()])
def test_the_mutant_is_killed(verdict, name):
    task, description, _patch = MUTANTS[name]
    if verdict.correct.outcome != "passed":
        pytest.fail(f"not judged: your tests must first pass on the correct machine "
                    f"(rule 2). {verdict.score_line()}", pytrace=False)
    run = verdict.run(name)
    assert verdict.killed(name), (
        f"your tests did not catch the mutant where {description} (rule {task}): "
        f"{'all passed on it' if run.outcome == 'passed' else run.detail}. "
        f"{verdict.score_line()}")
