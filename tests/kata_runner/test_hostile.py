"""Hostile solutions against the real vending suite, under the runner's real limits.

Each solution is a correct one (`base_vending.py`) plus a twist from `hostile/`.
Twists inside a test sit in the validation of a negative stock count, which only
the two "rejects a negative count" tests reach: so the report must blame exactly
those two, and every other test must still pass. Twists at import time make the
whole check an error. Per-test limits are shortened to keep this file fast; the
memory limit is the default 1 GiB.
"""
from __future__ import annotations

import time

from tests.helpers.kata_toys import HERE
from trainer.kata_runner.report import ERROR, FAIL, PASS
from trainer.kata_runner.runner import Limits, run_check

NEGATIVE = {"constructor rejects a negative count", "set stock rejects a negative count"}
QUICK = Limits(run_seconds=30, test_seconds=3)  # a busy machine slows the RPC of hypothesis tests
ROOMY = Limits(run_seconds=20, test_seconds=6)  # page-faulting 1 GiB is slow on a busy machine


def check(suite, sol, limits):
    started = time.monotonic()
    report = run_check(suite, "vending", sol, slug="vending", limits=limits)
    return report, time.monotonic() - started


def blamed(report):
    return {t.name: t for t in report.tests if not t.passed}


def assert_only_negative_tests_fail(report, *fragments):
    bad = blamed(report)
    assert set(bad) == NEGATIVE, {n: t.message for n, t in bad.items()}
    assert report.status == FAIL and report.passed == report.total - 2 and report.total > 20
    for test in bad.values():
        for fragment in fragments:
            assert fragment in test.full_message(), test.full_message()


def test_base_solution_passes(vending_suite, tmp_path):
    report, _ = check(vending_suite, HERE / "base_vending.py", ROOMY)
    assert report.status == PASS, [t.full_message() for t in report.tests if not t.passed]


def test_endless_loop_in_a_test_times_out_there_and_the_rest_pass(vending_suite, hostile):
    report, took = check(vending_suite, hostile("loop_in_test"), QUICK)
    assert_only_negative_tests_fail(report, "timed out after 3 s", "_check_count(item, count)")
    for test in blamed(report).values():  # where the loop was when the clock ran out
        assert test.frames[-1].code in ("while True:", "pass")
    assert report.restarts == 2 and took < 25


def test_endless_loop_at_import_is_an_error_naming_the_line(vending_suite, hostile):
    sol = hostile("loop_at_import")
    report, took = check(vending_suite, sol, QUICK)
    assert report.status == ERROR and report.tests == []
    assert report.message.startswith("importing your module took longer than 3 s")
    assert report.frames[-1].code in ("while True:", "pass")
    assert took < 10


def test_memory_bomb_in_a_test_is_a_memory_error_there(vending_suite, hostile):
    report, _ = check(vending_suite, hostile("memory_bomb"), ROOMY)
    assert_only_negative_tests_fail(report, "MemoryError", "1 GiB", "hog.append")


def test_memory_bomb_at_import_is_an_error(vending_suite, hostile):
    report, _ = check(vending_suite, hostile("memory_bomb_at_import"), ROOMY)
    assert report.status == ERROR and "MemoryError" in report.message


def test_os_exit_0_at_import_is_an_error_not_a_pass(vending_suite, hostile):
    report, _ = check(vending_suite, hostile("exit_at_import"), QUICK)
    assert report.status == ERROR and report.tests == []
    assert "exited (exit status 0) while importing your module" in report.message


def test_os_exit_0_inside_a_test_blames_that_test(vending_suite, hostile):
    report, _ = check(vending_suite, hostile("exit_in_test"), QUICK)
    assert_only_negative_tests_fail(report, "exited (exit status 0) during this test")
    assert report.restarts == 2


def test_sys_exit_at_import_is_an_error(vending_suite, hostile):
    report, _ = check(vending_suite, hostile("sys_exit_at_import"), QUICK)
    assert report.status == ERROR and "called sys.exit(None)" in report.message
    assert report.frames and report.frames[-1].code == "sys.exit()"


def test_50_mb_of_prints_is_capped_and_the_tests_still_pass(vending_suite, hostile):
    report, _ = check(vending_suite, hostile("output_flood"), Limits(run_seconds=20, test_seconds=10))
    assert report.status == PASS
    flooded = [t for t in report.tests if t.name in NEGATIVE]
    for test in flooded:
        assert len(test.output) < 70_000
        assert "of 50,000,000 characters]" in test.output


def test_50_mb_on_file_descriptor_2_does_not_flood_the_runner(vending_suite, hostile):
    report, _ = check(vending_suite, hostile("stderr_flood"), QUICK)
    assert report.status == PASS


def test_syntax_error_is_an_error_with_the_line(vending_suite, hostile):
    report, took = check(vending_suite, hostile("syntax_error"), QUICK)
    assert report.status == ERROR and report.message.startswith("SyntaxError in vending.py")
    assert report.frames[-1].code == "def broken(:"
    assert took < 3


def test_import_error_is_an_error(vending_suite, hostile):
    report, _ = check(vending_suite, hostile("import_error"), QUICK)
    assert report.status == ERROR and "ModuleNotFoundError" in report.message


def test_unbounded_recursion_is_a_recursion_error_with_one_line_for_the_loop(vending_suite, hostile):
    report, _ = check(vending_suite, hostile("recursion"), QUICK)
    assert_only_negative_tests_fail(report, "RecursionError")
    for test in blamed(report).values():
        assert len(test.frames) <= 3
        assert test.frames[-1].repeat > 100


def test_segfault_blames_the_test_and_names_the_signal(vending_suite, hostile):
    report, _ = check(vending_suite, hostile("segfault"), QUICK)
    assert_only_negative_tests_fail(report, "SIGSEGV", "ctypes.string_at(0)")


def test_reading_stdin_gets_end_of_file_not_a_hang(vending_suite, hostile):
    report, took = check(vending_suite, hostile("reads_stdin"), QUICK)
    assert report.status == ERROR and "EOFError" in report.message and took < 3


def test_a_run_over_its_time_limit_reports_what_ran_and_what_did_not(vending_suite, hostile):
    report, took = check(vending_suite, hostile("slow_everywhere"),
                         Limits(run_seconds=2.5, test_seconds=2))
    assert took < 5
    assert report.status == FAIL and report.total > 20
    assert report.passed >= 1
    assert any("not run: the run reached its time limit (2.5 s)" == t.message for t in report.tests)
