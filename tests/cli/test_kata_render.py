"""The kata report, list and recording, rendered on a recording Console (no test process)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from trainer.cli import kata_list, kata_render
from trainer.kata_runner.catalog import get_kata
from trainer.kata_runner.progress import record, standing
from trainer.kata_runner.report import Frame, Report, TestResult
from trainer.kata_status import Standing, Verdict
from trainer.store.rows import KataRun, KataSummary

KATA = get_kata("vending")


def recording(width: int = 80) -> Console:
    return Console(file=StringIO(), width=width, record=True, color_system=None)


def rendered(report: Report, **kw: bool) -> str:
    out = recording()
    kata_render.render_report(out, KATA, report, Path("vending.py"), **kw)
    return out.export_text()


def passing(n: int = 3, **kw: object) -> Report:
    tests = [TestResult(f"t{i}", f"test {i}", Verdict.PASS, task_id=i + 1, duration=0.01 * i)
             for i in range(n)]
    return Report("vending", "vending.py", Verdict.PASS, tests=tests, duration=0.5, **kw)


def test_an_error_without_tests_says_why_and_where_in_the_learners_file():
    report = Report("vending", "vending.py", Verdict.ERROR,
                    message="your module could not be imported",
                    frames=[Frame("vending.py", 3, "import nothing_here")],
                    output="one\ntwo\nthree\nfour\nfive")
    text = rendered(report)
    assert text.startswith("ERROR vending.py could not be checked")
    assert "your module could not be imported" in text
    assert "vending.py:3: import nothing_here" in text
    assert "output: one" in text and "… 2 more lines (--json shows them)" in text
    assert "passed" not in text  # no summary line for a check that never ran a test


def test_a_pass_lists_every_test_by_rule_and_congratulates():
    report = passing()
    report.tests.reverse()  # the suite's order is not the README's
    text = rendered(report)
    lines = [line for line in text.splitlines() if line.startswith("PASS")]
    assert [line.split("·")[0].strip() for line in lines] == ["PASS  rule 1", "PASS  rule 2",
                                                              "PASS  rule 3"]
    assert "First failure" not in text
    assert "vending: 3/3 passed in 0.5 s. Well done!" in text


def test_passes_can_be_left_out_and_a_failure_gets_its_panel():
    report = passing(2)
    report.tests.append(TestResult("f", "refund returns coins", Verdict.FAIL,
                                   "expected 2 coins, got 0", task_id=4))
    report.status = Verdict.FAIL
    text = rendered(report, passes=False)
    assert "PASS" not in text
    assert "FAIL  rule 4 · refund returns coins - expected 2 coins, got 0" in text
    assert "First failure" in text
    assert "vending: 2/3 passed, 1 failed, in 0.5 s." in text
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize(("restarts", "words"), [(0, None), (1, "restarted once"),
                                                  (3, "restarted 3 times")])
def test_restarts_are_said_once_in_plain_words(restarts, words):
    text = rendered(passing(restarts=restarts))
    if words is None:
        assert "restarted" not in text
    else:
        assert f"(a test hung or crashed: the test process was {words})" in text


def test_timings_are_slowest_first():
    out = recording()
    kata_render.timings(out, passing(3))
    names = [line.split("ms")[1].strip() for line in out.export_text().splitlines()]
    assert names == ["test 2", "test 1", "test 0"]


@pytest.mark.parametrize(("mode", "shown"), [("none", True), ("bubblewrap", False)])
def test_the_sandbox_line_only_when_the_code_ran_unsandboxed(mode, shown):
    out = recording()
    kata_render.sandbox_line(out, passing(sandbox=mode))
    assert bool(out.export_text().strip()) is shown


def test_the_list_table_shows_each_track_with_its_standing():
    at = datetime.now(UTC) - timedelta(hours=2)
    run = KataRun("vending", at, Verdict.FAIL, 3, 8, 100)
    rows = [(kata_list.TrackRow(KATA, "python", Standing.IN_PROGRESS,
                                KataSummary("vending", Standing.IN_PROGRESS, 1, run, run)),
             kata_list.TrackRow(KATA, "go", Standing.NOT_STARTED, None))]
    out = recording()
    kata_list.draw(out, rows)
    text = out.export_text()
    python_line = next(line for line in text.splitlines() if line.startswith("vending "))
    assert "in progress" in python_line and "fail 3/8, 2 h ago" in python_line
    assert KATA.title[:10] in python_line
    go_line = next(line for line in text.splitlines() if line.startswith("vending/go"))
    assert "not started" in go_line and go_line.split()[-2:] == ["-", "-"]
    data = kata_list.as_json(rows)
    assert data[0]["status"] == "in progress" and data[0]["last"]["status"] == "failed"
    assert data[0]["go"] == {"status": "not started", "runs": 0, "last": None, "best": None}


def test_an_empty_catalog_is_one_line():
    out = recording()
    kata_list.draw(out, [])
    assert out.export_text().strip() == "No katas are installed."


def test_a_recorded_check_reads_back_as_its_verdict_and_standing(home):
    from trainer.store import Store

    with Store.open() as store:
        assert record(store, passing(), "go", at=datetime(2026, 1, 1, tzinfo=UTC)) is None
        summary = store.kata_summary("go")["vending"]
        assert store.kata_summary() == {}  # the Python track is another track
    assert summary.status is Standing.PASSED and summary.last.status is Verdict.PASS
    assert (summary.last.passed, summary.last.total, summary.last.duration_ms) == (3, 3, 500)


def test_a_store_that_cannot_save_is_a_warning_not_a_failure():
    class Broken:
        def record_kata_run(self, *args: object, **kw: object) -> None:
            raise OSError("disk full")

    assert record(Broken(), passing()) == "OSError: disk full"  # type: ignore[arg-type]


def test_standing_without_a_record_depends_on_the_workspace_file():
    assert standing(None, False) is Standing.NOT_STARTED
    assert standing(None, True) is Standing.IN_PROGRESS


def test_verdict_words_round_trip_through_the_store_spelling():
    for verdict in Verdict:
        assert Verdict.from_recorded(verdict.recorded) is verdict
    assert [v.exit_code for v in Verdict] == [0, 1, 2]
    with pytest.raises(ValueError):
        Verdict.from_recorded("pass")  # the short word is the report's, not the store's
