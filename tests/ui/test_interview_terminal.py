"""The full-screen interview UI, driven through a prompt_toolkit pipe and a recording console.

The coding screen's save-triggered check is exercised with a real file and the
real watcher (polling, so it works on any file system); it and the tests that
wait for a real timer are marked `katas` (slow).
"""
from __future__ import annotations

import threading
import time
from io import StringIO

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from trainer.sessions.interview_views import (
    Ask,
    Budget,
    CheckView,
    Clock,
    CodingView,
    InterviewHeader,
    Phase,
)
from trainer.ui.interview_terminal import TerminalInterviewUI

ESC_ENTER, CTRL_C = "\x1b\r", "\x03"


@pytest.fixture
def pipe():
    with create_pipe_input() as inp:
        watchdog = threading.Timer(10.0, inp.close)   # a stuck test fails, it does not hang
        watchdog.start()
        try:
            yield inp
        finally:
            watchdog.cancel()


@pytest.fixture
def ui(pipe):
    term = TerminalInterviewUI(Console(file=StringIO(), width=80, record=True), input=pipe,
                               output=DummyOutput())
    term.begin(InterviewHeader("Interview (junior, python)", 45.0,
                               (Budget(Phase.QUESTIONS, 1215), Budget(Phase.CODING, 1485)),
                               3, "Vending machine", "python"))
    return term


def screen(term) -> str:
    return term.console.export_text(clear=False)


def ask(probe=None, time_limit=600.0) -> Ask:
    return Ask(2, 3, "Probe on question 2" if probe else "Question 2 of 3 · junior",
               "Who holds the **current** state?", probe, 1 if probe else 0,
               Clock(2000.0, time_limit, Phase.QUESTIONS), time_limit)


def view(tmp_path, latest=None, hint=None, left=1500.0) -> CodingView:
    solution = tmp_path / "vending.py"
    if not solution.exists():
        solution.write_text("x = 1\n")
    return CodingView("Vending machine", "vending", "python", str(tmp_path), str(solution),
                      Clock(left, left, Phase.CODING), 1, 0, 3, latest, hint)


def test_a_question_screen_shows_the_one_clock_and_takes_a_multi_line_answer(ui, pipe):
    pipe.send_text("the context\rholds it" + ESC_ENTER)
    reply = ui.ask(ask())
    assert (reply.action, reply.text) == ("answer", "the context\nholds it")
    shown = screen(ui)
    assert "33:20 left" in shown and "questions 10:00" in shown
    assert "Question 2 of 3 · junior" in shown and "Who holds the current state?" in shown
    assert "3 questions, then live coding" in shown


def test_a_probe_is_labelled_and_ctrl_c_pauses(ui, pipe):
    pipe.send_text("half" + CTRL_C)
    reply = ui.ask(ask(probe="point"))
    assert reply.action == "pause"
    assert "Probe on question 2" in screen(ui)


@pytest.mark.katas  # waits for a real timer
def test_the_answer_is_submitted_when_the_questions_time_runs_out(ui, pipe):
    pipe.send_text("partial")
    started = time.monotonic()
    reply = ui.ask(ask(time_limit=0.5))
    assert reply.action == "timeout" and reply.text == "partial"
    assert time.monotonic() - started < 5


def test_the_coding_screen_takes_commands_and_shows_the_latest_check(ui, pipe, tmp_path):
    latest = CheckView("fail", 3, 10, 65.0, ("rule 2: a coin is taken once",))
    pipe.send_text("nonsense\rhint\r")
    move = ui.coding(view(tmp_path, latest=latest, hint="Hint 1: draw the grid"))
    assert move.action == "hint"
    shown = screen(ui)
    assert "FAIL 3/10" in shown and "rule 2: a coin is taken once" in shown
    assert "Hint 1: draw the grid" in shown and "'nonsense': type check, hint or done" in shown
    assert "vending.py in your editor; every save runs the tests" in shown.replace("\n", " ") \
        or "every save runs the tests" in shown
    pipe.send_text("done\r")
    assert ui.coding(view(tmp_path)).action == "done"
    pipe.send_text(CTRL_C)
    assert ui.coding(view(tmp_path)).action == "pause"


@pytest.mark.katas  # waits for a real timer
def test_the_coding_phase_ends_when_the_clock_runs_out(ui, pipe, tmp_path):
    assert ui.coding(view(tmp_path, left=0.4)).action == "timeout"


@pytest.mark.katas
def test_a_save_runs_a_check(ui, pipe, tmp_path, monkeypatch):
    monkeypatch.setenv("WATCHFILES_FORCE_POLLING", "1")
    v = view(tmp_path)

    def save_soon():
        time.sleep(1.5)
        (tmp_path / "vending.py").write_text("x = 2  # saved\n")

    threading.Thread(target=save_soon, daemon=True).start()
    assert ui.coding(v).action == "check"
