"""Through the real judge (RPC + sandbox): the broken variants still fail their rule, so
the suites keep their meaning across the process boundary. The concurrency variants
matter most: the worker serves each judge thread in a thread of its own, so a machine
without a lock still races. One variant per other rule group keeps this file quick."""
from __future__ import annotations

import pytest

from tests.helpers.kata_toys import KATAS
from tests.katas.broken_variants import BROKEN
from trainer.kata_runner.catalog import SolutionKind, get_kata
from trainer.kata_runner.report import FAIL
from trainer.kata_runner.runner import Limits, run_check

CHOSEN = {"broken_no_lock", "broken_check_then_act"}
# Meaningless across the process boundary: the RPC copies a plain dict, so a detector
# that keeps the caller's table is handed a copy anyway (the in-process suite tests it).
IN_PROCESS_ONLY = {"broken_shares_the_callers_table"}
first_per_kata: dict[str, str] = {}
for b in BROKEN:
    if b.name not in IN_PROCESS_ONLY:
        first_per_kata.setdefault(b.kata, b.name)
CHOSEN |= set(first_per_kata.values())
VARIANTS = [b for b in BROKEN if b.name in CHOSEN]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda b: f"{b.kata}:{b.name}")
def test_a_broken_variant_fails_its_rule_through_the_judge(variant, tmp_path):
    kata = get_kata(variant.kata)  # the module name from the catalog: every kata is covered
    module = kata.module_name
    text = (KATAS / variant.kata / "reference" / f"{module}.py").read_text()
    for old, new in variant.patch:
        assert text.count(old) == 1
        text = text.replace(old, new)
    sol = tmp_path / f"{module}.py"
    sol.write_text(text)
    report = run_check(KATAS / variant.kata / "suite", module, sol, slug=variant.kata,
                       limits=Limits(run_seconds=60, test_seconds=15),
                       solution_is_tests=kata.solution_kind is SolutionKind.TESTS)
    assert report.status == FAIL, (report.status, report.message)
    messages = " ".join(t.full_message() or "" for t in report.tests if not t.passed)
    assert variant.phrase in messages, messages[:2000]
