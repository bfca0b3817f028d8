"""The runner's contract, shown on toy suites: statuses, messages, containment, streaming.

Each test provokes one behaviour on purpose with a suite of three tiny tests
(`add`, `div`, `talk`) and a solution written for the occasion.
"""
from __future__ import annotations

import json
import os
import time

import pytest

from tests.helpers.kata_toys import GOOD_TOY, TOY_TESTS, line_of
from trainer.kata_runner.report import ERROR, FAIL, PASS
from trainer.kata_runner.results import humanize
from trainer.kata_runner.runner import (
    CheckRun,
    Collected,
    Finished,
    Limits,
    Restarted,
    TestFinished,
    TestStarted,
    iter_check,
    run_check,
)

FAST = Limits(run_seconds=15, test_seconds=3)


def check(suite, sol, limits=FAST):
    return run_check(suite, "toy", sol, slug="toy", limits=limits)


def by_name(report):
    return {t.name: t for t in report.tests}


def test_a_correct_solution_passes_with_task_ids_and_readable_names(toy):
    report = check(*toy())
    assert report.status == PASS and report.exit_code == 0, report.full_message()
    assert [(t.name, t.status, t.task_id) for t in report.tests] == [
        ("add", PASS, 1), ("div", PASS, 2), ("talk", PASS, 2)]
    assert report.passed == report.total == 3


def test_a_failed_check_shows_the_suites_own_words_not_a_diff(toy):
    report = check(*toy(GOOD_TOY.replace("return a + b", "return a + b - 1")))
    assert report.status == FAIL and report.exit_code == 1
    add = by_name(report)["add"]
    assert add.status == FAIL
    assert add.message == "add(2, 3) must be 5, got 4"
    assert add.frames == []  # the assertion is the suite's line: never shown


def test_an_exception_in_the_learners_code_shows_only_the_learners_lines(toy):
    suite, sol = toy(GOOD_TOY.replace("return a / b", "return a / 0"))
    report = check(suite, sol)
    div = by_name(report)["div"]
    assert div.status == ERROR
    assert div.message == "ZeroDivisionError: division by zero"
    assert [(f.line, f.code) for f in div.frames] == [(line_of(sol, "a / 0"), "return a / 0")]
    text = div.full_message()
    assert "toy.py:" in text and "test_toy.py" not in text and "conftest" not in text


def test_output_is_captured_per_test_and_capped(toy):
    noisy = GOOD_TOY.replace('print("hello from talk")', 'print("x" * 5000)')
    report = check(*toy(noisy), limits=Limits(run_seconds=15, test_seconds=3, output_chars=1000))
    talk = by_name(report)["talk"]
    assert talk.status == PASS and talk.message is None
    assert talk.output.startswith("x" * 1000)
    assert "[output truncated: kept the first 1,000 of 5,001 characters]" in talk.output
    assert by_name(report)["add"].output is None


def test_truncation_is_said_in_the_message_of_a_failing_test(toy):
    noisy = GOOD_TOY.replace('print("hello from talk")', 'print("x" * 5000); raise KeyError("k")')
    report = check(*toy(noisy), limits=Limits(run_seconds=15, test_seconds=3, output_chars=100))
    talk = by_name(report)["talk"]
    assert talk.status == ERROR and "output truncated" in talk.message


@pytest.mark.parametrize("make", [
    lambda sol: sol.unlink(),
    lambda sol: (sol.unlink(), sol.mkdir()),
])
def test_a_missing_file_or_a_directory_is_an_error_without_a_process(toy, make):
    suite, sol = toy()
    make(sol)
    started = time.monotonic()
    report = check(suite, sol)
    assert report.status == ERROR and report.exit_code == 2 and report.tests == []
    assert str(sol) in report.message
    assert time.monotonic() - started < 0.5


def test_a_syntax_error_is_an_error_pointing_at_the_line(toy):
    suite, sol = toy(GOOD_TOY + "\ndef broken(:\n    pass\n")
    report = check(suite, sol)
    assert report.status == ERROR and report.tests == []
    assert report.message.startswith("SyntaxError in toy.py, line ")
    assert [f.line for f in report.frames] == [line_of(sol, "def broken(")]


def test_a_name_missing_at_collection_is_an_error_when_nothing_could_run(toy):
    tests = "from toy import missing_name\n\n\ndef test_x():\n    assert missing_name\n"
    conftest_importing = "import os, sys, importlib.util\n" + (
        "spec = importlib.util.spec_from_file_location('toy', os.environ['KATA_SOLUTION'])\n"
        "if 'toy' not in sys.modules:\n"
        "    m = importlib.util.module_from_spec(spec); sys.modules['toy'] = m; spec.loader.exec_module(m)\n")
    report = check(*toy(tests=tests, conftest=conftest_importing))
    assert report.status == ERROR
    assert "missing_name" in report.message


def test_one_file_failing_to_collect_is_reported_and_the_rest_still_runs(toy):
    broken = "raise RuntimeError('this test file cannot load')\n"
    report = check(*toy(extra={"test_broken.py": broken}))
    assert report.status == FAIL
    names = by_name(report)
    assert names["add"].status == names["div"].status == names["talk"].status == PASS
    loading = names["loading test_broken.py"]
    assert loading.status == ERROR and "cannot load" in loading.message


def test_a_suite_without_tests_is_an_error(toy):
    report = check(*toy(tests="X = 1\n"))
    assert report.status == ERROR and "no tests" in report.message


def test_exit_status_0_without_the_finished_event_is_never_a_pass(toy):
    conftest = TOY_CONFTEST_WITH_EXIT
    report = check(*toy(conftest=conftest))
    assert [t.status for t in report.tests[:3]] == [PASS, PASS, PASS]
    assert report.status == FAIL
    end = report.tests[-1]
    assert end.name == "(after the last test)" and "exit status 0" in end.message


def test_a_hung_test_times_out_and_the_rest_run_in_a_new_process(toy):
    spin = GOOD_TOY.replace("return a / b", "while True:\n        pass")
    suite, sol = toy(spin)
    events = list(iter_check(suite, "toy", sol, limits=Limits(run_seconds=15, test_seconds=0.5)))
    report = events[-1].report
    assert [t.status for t in report.tests] == [PASS, ERROR, PASS]
    div = report.tests[1]
    assert div.message.startswith("timed out after 0.5 s")
    assert [f.code for f in div.frames][-1:] == ["pass"] or any("while True" in f.code for f in div.frames)
    assert report.restarts == 1
    assert any(isinstance(e, Restarted) for e in events)
    assert report.status == FAIL


def test_the_whole_run_has_its_own_limit(toy):
    slow = "import time\n" + GOOD_TOY.replace("return a + b", "time.sleep(1.2); return a + b") \
        .replace("return a / b", "time.sleep(1.2); return a / b")
    started = time.monotonic()
    report = check(*toy(slow), limits=Limits(run_seconds=2.5, test_seconds=5))
    assert time.monotonic() - started < 5.5
    assert report.status == FAIL
    assert any("time limit (2.5 s)" in (t.message or "") for t in report.tests)
    assert len(report.tests) == 3


def test_results_stream_while_the_run_goes_on(toy):
    slow_div = "import time\n" + GOOD_TOY.replace("return a / b", "time.sleep(1.0); return a / b")
    suite, sol = toy(slow_div)
    seen = []
    for event in iter_check(suite, "toy", sol, limits=FAST):
        seen.append((type(event), time.monotonic(), getattr(getattr(event, "result", None), "name", None)))
    kinds = [k for k, _, _ in seen]
    assert kinds[0] is Collected and kinds[-1] is Finished and TestStarted in kinds
    add_done = next(t for k, t, n in seen if k is TestFinished and n == "add")
    finished = seen[-1][1]
    assert finished - add_done > 0.8  # reported a second before the run ended


PROBE = '''
import json, os, resource, sys


def add(a, b):
    return a + b


def div(a, b):
    return a / b


def talk():
    facts = {
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "stdin": sys.stdin.read() if sys.stdin else None,
        "as": resource.getrlimit(resource.RLIMIT_AS)[0],
        "as_hard": resource.getrlimit(resource.RLIMIT_AS)[1],
        "core": resource.getrlimit(resource.RLIMIT_CORE)[0],
        "pgid_is_own": os.getpgid(0) == os.getpid(),
    }
    print(json.dumps(facts))
'''


def test_the_test_process_is_contained(toy, home):
    suite, sol = toy(PROBE)
    report = check(suite, sol, limits=Limits(run_seconds=15, test_seconds=3, memory_bytes=900 << 20))
    talk = by_name(report)["talk"]
    assert talk.status == PASS, talk.full_message()
    facts = json.loads(talk.output)
    env = facts["env"]
    assert env["HOME"] == facts["cwd"] == env["TMPDIR"]
    if report.sandbox == "none":
        assert facts["cwd"] != os.getcwd() and not os.path.exists(facts["cwd"])  # removed afterwards
    else:
        assert facts["cwd"] == "/tmp"  # the box's own private /tmp
    assert "KATA_SOLUTION" not in env  # the worker gets the source, not the path
    assert env["MALLOC_ARENA_MAX"] == "1" and env["PYTHONHASHSEED"] == "0"
    assert "TRAINER_HOME" not in env and str(home) not in json.dumps(env)
    assert facts["stdin"] == ""
    assert facts["as"] == facts["as_hard"] == 900 << 20 and facts["core"] == 0
    if report.sandbox == "none":
        assert facts["pgid_is_own"]


def test_closing_the_events_early_kills_the_test_process(toy, tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_KATA_SANDBOX", "none")  # the solution writes a file here
    pidfile = tmp_path / "pid"
    hang = GOOD_TOY.replace(
        "return a / b",
        f"import os, time; open({str(pidfile)!r}, 'w').write(str(os.getpid())); time.sleep(60)")
    suite, sol = toy(hang)
    events = iter_check(suite, "toy", sol, limits=Limits(run_seconds=60, test_seconds=60))
    for event in events:
        if isinstance(event, TestStarted) and event.name == "div":
            break
    deadline = time.monotonic() + 5
    while not pidfile.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    pid = int(pidfile.read_text())
    events.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_started_run_that_is_cancelled_leaves_nothing_behind(toy):
    suite, sol = toy()
    run = CheckRun(suite, "toy", sol)
    tmp = run.tmp
    assert tmp and os.path.isdir(tmp)
    proc = run._first.proc
    run.cancel()
    assert proc.poll() is not None and not os.path.exists(tmp)


def test_the_exercism_object_has_the_v3_shape(toy):
    report = check(*toy(GOOD_TOY.replace("return a + b", "return 0")))
    data = json.loads(json.dumps(report.to_exercism()))
    assert data["version"] == 3 and data["status"] == "fail" and data["message"] is None
    assert set(data["tests"][0]) == {"name", "status", "message", "output", "task_id",
                                     "duration_ms"}
    assert data["tests"][0]["message"] == "add(2, 3) must be 5, got 0"
    assert data["tests"][2]["output"] == "hello from talk\n"


def test_humanized_names_keep_the_parameters():
    assert humanize("test_refund_returns_to_idle[cola-1]") == "refund returns to idle [cola-1]"
    assert humanize("check_this") == "check this"


TOY_CONFTEST_WITH_EXIT = '''
import importlib.util
import os
import sys

import pytest


@pytest.fixture
def sol():
    path = os.environ["KATA_SOLUTION"]
    if "toy" in sys.modules:
        return sys.modules["toy"]
    spec = importlib.util.spec_from_file_location("toy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_sessionfinish(session, exitstatus):
    os._exit(0)  # ends the process before the runner hears "finished"
'''

assert TOY_TESTS  # the default toy tests are the ones described in the module docstring


def test_a_forked_process_holding_the_pipe_does_not_stall_the_run(toy):
    """The learner forks a sleeper at import, then os._exit(0)s in a test: no 15 s wait."""
    forks = "import os, time\nif os.fork() == 0:\n    time.sleep(30)\n    os._exit(0)\n" + \
        GOOD_TOY.replace("return a / b", "os._exit(0)")
    started = time.monotonic()
    report = check(*toy(forks))
    assert time.monotonic() - started < 6
    div = by_name(report)["div"]
    assert div.status == ERROR and "exit status 0" in div.message
    assert by_name(report)["talk"].status == PASS


def test_keyboard_interrupt_from_the_learner_blames_that_test_only(toy):
    report = check(*toy(GOOD_TOY.replace("return a / b", "raise KeyboardInterrupt")))
    names = by_name(report)
    assert names["add"].status == PASS
    assert names["div"].status == ERROR and "KeyboardInterrupt" in names["div"].message
    assert names["talk"].status == PASS  # it ends nothing: the suite runs in another process
    assert report.status == FAIL


def test_a_restart_that_cannot_import_keeps_the_results_so_far(toy, tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_KATA_SANDBOX", "none")  # the solution leaves a marker file
    marker = tmp_path / "imported-once"
    flaky = (f"import os\nif os.path.exists({str(marker)!r}):\n    raise ImportError('second time')\n"
             f"open({str(marker)!r}, 'w').close()\n"
             + GOOD_TOY.replace("return a / b", "while True:\n        pass"))
    report = check(*toy(flaky), limits=Limits(run_seconds=15, test_seconds=0.5))
    assert [t.status for t in report.tests] == [PASS, ERROR, ERROR]
    assert report.tests[2].message.startswith("not run: importing toy.py failed: ImportError")
    assert report.status == FAIL
