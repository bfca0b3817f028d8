"""What `kata check`, `kata watch` and `kata start` show, on made-up reports (no test process)."""
from __future__ import annotations

from io import StringIO
from pathlib import Path

from rich.console import Console

from trainer.cli.kata_render import WatchScreen
from trainer.cli.kata_render import render_report as _render
from trainer.kata_runner.catalog import get_kata
from trainer.kata_runner.digest import changes, first_failure, groups
from trainer.kata_runner.report import Frame, Report, TestResult
from trainer.kata_runner.workspace import start

KATA = get_kata("vending")
STUB = Frame("vending.py", 51, 'raise NotImplementedError("VendingMachine.__init__")')


def recording(width: int = 80) -> Console:
    return Console(file=StringIO(), width=width, record=True, color_system=None)


def starter_report(n: int = 48) -> Report:
    tests = [TestResult(f"t{i}", f"test {i}", "pass", task_id=1) for i in range(4)]
    tests += [TestResult(f"e{i}", f"broken {i}", "error",
                         "NotImplementedError: VendingMachine.__init__", task_id=1 + i % 8,
                         frames=[STUB]) for i in range(n)]
    return Report("vending", "vending.py", "fail", tests=tests, duration=1.0)


def test_identical_failures_are_capped_into_one_line():
    out = recording()
    _render(out, KATA, starter_report(), Path("vending.py"))
    text = out.export_text()
    assert ("ERROR 48 tests failed with NotImplementedError: VendingMachine.__init__ "
            "(rules 1-8) - write the constructor first") in " ".join(text.split())
    assert "same as above" not in text and text.count("broken ") == 1  # only in the panel
    assert "vending: 4/52 passed, 48 failed, in 1.0 s." in text


def test_first_failure_panel_has_input_expected_and_actual_then_one_line_each():
    tests = [
        TestResult("a", "each legal event moves [idle+REFUND]", "fail",
                   "the machine must be in has_coin, but it is in idle", task_id=3),
        TestResult("b", "any sequence matches", "fail",
                   "after X the machine must be in a, but it is in b\nFailing test case: f(\n"
                   "    script=[1, 2],\n)", task_id=8),
        TestResult("c", "logs once", "fail", "expected 1 record, got 2\nmore detail", task_id=7),
    ]
    detail = first_failure(tests)
    assert (detail.input, detail.expected, detail.actual) == ("idle+REFUND", "has_coin", "idle")
    second = first_failure(tests[1:])
    assert second.input.startswith("f(") and "script=[1, 2]" in second.input
    assert (first_failure(tests[2:]).expected, first_failure(tests[2:]).actual) == ("1 record", "2")
    out = recording(60)
    _render(out, KATA, Report("vending", "v.py", "fail", tests=tests), Path("vending.py"))
    text = out.export_text()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    panel = text[text.index("First failure"):]
    for row in ("input", "expected", "actual", "problem"):
        assert f"│ {row}" in panel
    # every failure is one line in the list, however long its message
    assert sum(1 for line in lines if line.startswith("FAIL ")) == 3


def test_groups_keep_different_errors_apart():
    report = starter_report(2)
    report.tests.append(TestResult("x", "other", "fail", "boom", task_id=2))
    found = groups(report.tests)
    assert [len(g.tests) for g in found] == [2, 1] and not any(g.capped for g in found)


def _report(passing: set[str]) -> Report:
    names = ["a", "b", "c"]
    return Report("vending", "v.py", "pass" if len(passing) == 3 else "fail",
                  tests=[TestResult(n, f"test {n}", "pass" if n in passing else "fail", "no",
                                    task_id=1) for n in names])


def test_watch_shows_a_separator_the_changes_and_the_debrief_once():
    out = recording()
    times = iter([(2026, 1, 1, 10, 0, 1, 0, 1, 0), (2026, 1, 1, 10, 0, 9, 0, 1, 0),
                  (2026, 1, 1, 10, 1, 0, 0, 1, 0), (2026, 1, 1, 10, 2, 0, 0, 1, 0)])
    import time

    screen = WatchScreen(out, KATA, Path("vending.py"), clock=lambda: time.struct_time(next(times)))
    screen.show(_report({"a"}))
    screen.show(_report({"a", "b", "c"}))
    screen.show(_report({"a", "c"}))
    screen.show(_report({"a", "b", "c"}))
    text = out.export_text()
    assert "run 1 · 10:00:01" in text and "run 2 · 10:00:09" in text and "run 4 · 10:02:00" in text
    assert "Since the last run: 2 now pass." in text
    assert "Since the last run: 1 now fail (test b)." in text
    assert text.count("Debrief") == 1 and "the debrief is above" in text
    run2 = text[text.index("run 2"):text.index("run 3")]
    assert "PASS" not in run2  # later runs show the news, not every test again


def test_changes_between_runs():
    before = {"a": True, "b": False}
    now = _report({"b"}).tests
    assert (changes(before, now).now_passing, changes(before, now).now_failing) == (("test b",), ("test a",))


def test_start_beside_the_learners_own_readme_writes_kata_md(tmp_path):
    project = tmp_path / "myproj"
    project.mkdir()
    (project / "README.md").write_text("# my project\n")
    result = start(KATA, project)
    assert result.task == project / "KATA.md"
    assert (project / "README.md").read_text() == "# my project\n"
    assert (project / "KATA.md").read_bytes() == KATA.readme.read_bytes()
    forced = start(KATA, project, force=True)
    assert (project / "README.md").read_text() == "# my project\n" and forced.task.name == "KATA.md"


def test_start_dir_cli_says_where_the_task_is(cli, tmp_path, monkeypatch):
    project = tmp_path / "myproj"
    project.mkdir()
    (project / "README.md").write_text("# mine\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("kata", "start", "vending", "--dir", "myproj")
    assert code == 0, err
    assert "The task is in myproj/KATA.md (your README.md there was left alone)" in out


def test_start_dir_empty_is_refused_and_tilde_is_expanded(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("kata", "start", "vending", "--dir", "")
    assert (code, err) == (2, "error: --dir needs a directory, not an empty string\n")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    code, out, err = cli("kata", "start", "vending", "--dir", "~/x")
    assert code == 0, err
    assert (tmp_path / "me" / "x" / "vending.py").is_file() and not (tmp_path / "~").exists()


def test_solution_before_start_says_start(cli):
    code, out, err = cli("kata", "solution", "vending")
    assert code == 1
    assert "pass the kata first (`trainer kata start vending`, then `kata check`)" in err


def test_last_hint_after_a_pass_does_not_promise_the_reference_later(cli):
    from datetime import UTC, datetime

    from trainer.store import Store

    with Store.open() as store:
        store.record_kata_run("vending", datetime.now(UTC), "passed", 5, 5, 10)
    for _ in range(3):
        code, out, err = cli("kata", "hint", "vending")
    assert ("You have passed already: `trainer kata solution vending` shows the reference."
            in " ".join(out.split()))
    assert "After a pass" not in out
