"""The mutation judge with real contained pytest processes."""
from __future__ import annotations

from trainer.kata_runner import mutants
from trainer.kata_runner.mutants import Mutant, Outcome

MODULE = "def double(x):\n    return x * 2\n"
TESTS = "def test_double(ticket):\n    assert ticket.double(3) == 6\n"


def test_a_mutant_the_tests_catch_is_killed_and_one_they_miss_survives():
    verdict = mutants.judge(TESTS, MODULE, [
        Mutant("plus", "adds instead", (("x * 2", "x + 2"),)),  # 3 + 2 != 6: killed
        Mutant("harmless", "same result", (("x * 2", "x + x"),)),  # survives
    ], "ticket", timeout=30.0)
    assert verdict.correct.outcome is Outcome.PASSED and verdict.correct.passed == 1
    assert verdict.killed("plus") and not verdict.killed("harmless")
    assert verdict.score == 0.5


def test_importing_the_module_by_name_is_no_verdict():
    run = mutants.run_tests("import ticket\n" + TESTS, MODULE, "ticket", timeout=30.0)
    assert run.outcome is Outcome.ERROR


def test_a_hanging_test_is_stopped_at_the_deadline():
    tests = "def test_hang(ticket):\n    while True:\n        pass\n"
    run = mutants.run_tests(tests, MODULE, "ticket", timeout=2.0)
    assert run.outcome is Outcome.ERROR and "longer than 2 s" in run.detail
