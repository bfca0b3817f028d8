"""The mutation judge's pure parts: patches, verdicts from pytest's output, the score.

No process is started here: a fake `contain` stands in for the contained run
(tests/kata_runner/test_mutants_runs.py runs real ones)."""
from __future__ import annotations

import pytest

from trainer.kata_runner import mutants
from trainer.kata_runner.mutants import Mutant, Outcome, RunResult


def test_a_patch_must_match_exactly_once():
    assert mutants.apply_patch("a b a", [("b", "c")]) == "a c a"
    with pytest.raises(ValueError, match="2 times"):
        mutants.apply_patch("a b a", [("a", "x")])
    with pytest.raises(ValueError, match="0 times"):
        mutants.apply_patch("a b a", [("z", "x")])


@pytest.mark.parametrize("code,tail,outcome", [
    (0, "3 passed in 0.1s", Outcome.PASSED),
    (1, "1 failed, 2 passed in 0.1s", Outcome.FAILED),
    (1, "1 failed, 1 error in 0.1s", Outcome.ERROR),  # an error in a fixture is no verdict
    (2, "1 error in 0.1s", Outcome.ERROR),
    (5, "no tests ran in 0.01s", Outcome.ERROR),
    (None, "", Outcome.ERROR),
    (0, "", Outcome.ERROR),  # exit 0 without a count is not a pass
])
def test_outcomes_from_pytest(code, tail, outcome):
    assert mutants._summarise(RunResult(code, f"...\n{tail}\n"), 5.0).outcome is outcome


def fake_contain(results):
    """A Contain that answers from `results`, keyed by a marker in the module source."""
    def contain(argv, cwd, env, timeout):
        source = (cwd / mutants.MODULE_FILE).read_text()
        assert (cwd / mutants.TESTS_FILE).read_text() == "TESTS"
        assert "def ticket():" in (cwd / "conftest.py").read_text()
        key = next(k for k in results if k in source)
        return results[key]
    return contain


def test_killed_needs_a_pass_on_the_correct_module_and_a_fail_on_the_mutant():
    contain = fake_contain({
        "MUT_A": RunResult(1, "1 failed, 4 passed"),
        "MUT_B": RunResult(0, "5 passed"),
        "CORRECT": RunResult(0, "5 passed"),
    })
    verdict = mutants.judge("TESTS", "CORRECT", [Mutant("a", "", (("CORRECT", "MUT_A"),)),
                                                 Mutant("b", "", (("CORRECT", "MUT_B"),))],
                            "ticket", contain=contain)
    assert verdict.killed("a") and not verdict.killed("b")
    assert verdict.score == 0.5


def test_nothing_is_killed_when_the_tests_fail_on_the_correct_module():
    contain = fake_contain({"MUT": RunResult(1, "1 failed"), "CORRECT": RunResult(1, "1 failed")})
    verdict = mutants.judge("TESTS", "CORRECT", [Mutant("a", "", (("CORRECT", "MUT"),))],
                            "ticket", contain=contain)
    assert not verdict.killed("a") and verdict.score == 0.0


def test_only_runs_against_a_mutant_tell_hypothesis_not_to_shrink():
    seen: dict[str, str] = {}

    def contain(argv, cwd, env, timeout):
        conftest = (cwd / "conftest.py").read_text()
        seen["MUT" if "MUT" in (cwd / mutants.MODULE_FILE).read_text() else "CORRECT"] = conftest
        compile(conftest, "conftest.py", "exec")  # the generated file is valid Python
        return RunResult(0, "1 passed")

    mutants.judge("TESTS", "CORRECT", [Mutant("a", "", (("CORRECT", "MUT"),))], "ticket",
                  contain=contain)
    assert "if True:" in seen["MUT"] and "Phase.generate" in seen["MUT"]
    assert "if False:" in seen["CORRECT"]
