"""The interactive session UI, driven like a terminal but deterministically.

Keys go in through a prompt_toolkit pipe input (the same byte sequences a
terminal sends: "\\r" for Enter, "\\x1b\\r" for Esc Enter, "\\x03" for Ctrl-C);
the prompt_toolkit side renders to a DummyOutput and everything rich prints
goes to a recording console, so the tests read what the learner would read.
"""
from __future__ import annotations

import re
import threading
from datetime import timedelta
from io import StringIO

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from trainer.bank import Card
from trainer.bank.model import KeyPoint, Patterns
from trainer.sessions.scorecard import Scorecard
from trainer.sessions.views import Feedback, Header, PointCheck, Prompt, RevealReply, Summary
from trainer.ui.countdown import Countdown
from trainer.ui.terminal import TerminalUI

ESC_ENTER = "\x1b\r"
CTRL_C, CTRL_D, CTRL_S = "\x03", "\x04", "\x13"

INTERVALS = {1: timedelta(minutes=1), 2: timedelta(minutes=6), 3: timedelta(minutes=10),
             4: timedelta(days=8)}


def make_card(detail: str | None = "Longer story:\n\n```go\nfunc (o *Order) Pay() error { return nil }\n```",
              **kw) -> Card:
    fields = dict(
        id="q-test", kind="question", number=7, level="senior", tags=("basics",),
        prompt="What does the **context** do?",
        answer="It holds the current state and *delegates* to it.",
        detail=detail,
        key_points=(KeyPoint("Holds the current state", Patterns(("holds",))),
                    KeyPoint("Delegates calls to it", Patterns(("delegat",)))),
    )
    fields.update(kw)
    return Card(**fields)


def make_feedback(card: Card | None = None, **kw) -> Feedback:
    fields = dict(card=card or make_card(), number=1, total=2, kind="quiz", answer="it holds it",
                  points=(PointCheck("Holds the current state", True),
                          PointCheck("Delegates calls to it", False)),
                  suggested=3, intervals=INTERVALS)
    fields.update(kw)
    return Feedback(**fields)


def make_prompt(time_limit: float | None = None, **kw) -> Prompt:
    fields = dict(card=make_card(), number=1, total=2, kind="quiz", time_limit=time_limit)
    fields.update(kw)
    return Prompt(**fields)


WATCHDOG = 10.0  # seconds; far above any test's own run time


@pytest.fixture
def pipe():
    """A pipe input, closed by a watchdog if a test is still waiting for keys.

    A closed input reads as end of input, which the UI turns into a pause: a
    test whose keys did not do what they should fails instead of hanging. (The
    tests that expect a pause send a fallback key after theirs, so the pause
    cannot come from the watchdog.)
    """
    with create_pipe_input() as inp:
        watchdog = threading.Timer(WATCHDOG, inp.close)
        watchdog.start()
        try:
            yield inp
        finally:
            watchdog.cancel()


def recording_console(**kw) -> Console:
    return Console(file=StringIO(), width=80, record=True, **kw)


@pytest.fixture
def ui(pipe):
    term = TerminalUI(recording_console(), input=pipe, output=DummyOutput())
    term.begin(Header("quiz", "Quiz", 2))
    return term


def screen(term: TerminalUI) -> str:
    return term.console.export_text(clear=False)


# --- the answer prompt ------------------------------------------------------------------------

def test_multi_line_answer_is_submitted_with_esc_enter(ui, pipe):
    pipe.send_text("first line\rsecond line" + ESC_ENTER)
    reply = ui.ask(make_prompt())
    assert reply.action == "answer"
    assert reply.text == "first line\nsecond line"
    assert reply.seconds >= 0
    shown = screen(ui)
    assert "card 1 of 2" in shown
    assert "Question 7 · senior" in shown
    assert "What does the context do?" in shown  # Markdown rendered, not raw **


def test_empty_answer_means_show_me(ui, pipe):
    pipe.send_text(ESC_ENTER)
    reply = ui.ask(make_prompt())
    assert (reply.action, reply.text) == ("answer", "")
    pipe.send_text("   \r  " + ESC_ENTER)  # blank lines are no answer either
    reply = ui.ask(make_prompt())
    assert (reply.action, reply.text) == ("answer", "")


@pytest.mark.parametrize("keys,text", [(CTRL_C, ""), ("half an answer" + CTRL_C, "half an answer"),
                                       (CTRL_D, "")],
                         ids=["ctrl-c", "ctrl-c-after-text", "ctrl-d"])
def test_ctrl_c_and_ctrl_d_at_the_answer_pause_keeping_the_text(ui, pipe, keys, text):
    pipe.send_text(keys + ESC_ENTER)  # Esc Enter would submit if the key had done nothing
    reply = ui.ask(make_prompt())
    assert (reply.action, reply.text) == ("pause", text)


def test_ctrl_d_with_text_deletes_forward_and_keeps_the_text(ui, pipe):
    pipe.send_text("typed!" + "\x1b[D" + CTRL_D + ESC_ENTER)  # Left, Ctrl-D deletes the "!"
    reply = ui.ask(make_prompt())
    assert (reply.action, reply.text) == ("answer", "typed")


def test_ctrl_j_submits_and_tab_inserts_spaces(ui, pipe):
    pipe.send_text("\tindented\n")
    reply = ui.ask(make_prompt())
    assert (reply.action, reply.text) == ("answer", "indented")  # stripped answer
    pipe.send_text("a\r\tb\n")
    assert ui.ask(make_prompt()).text == "a\n    b"


@pytest.mark.katas  # waits longer than the key-sequence timeout on purpose
def test_a_slow_esc_then_enter_still_submits(ui, pipe):
    import time

    def slow() -> None:
        pipe.send_text("answer\x1b")
        time.sleep(1.5)  # prompt_toolkit's own timeout is 1 s
        pipe.send_text("\r")

    threading.Thread(target=slow, daemon=True).start()
    reply = ui.ask(make_prompt())
    assert (reply.action, reply.text) == ("answer", "answer")


def test_a_paused_timed_card_gets_only_the_time_it_had_left(ui, pipe):
    pipe.send_text("more" + ESC_ENTER)
    reply = ui.ask(make_prompt(time_limit=180, time_used=150, draft="kept "))
    assert (reply.action, reply.text) == ("answer", "kept more")
    assert "2m of 3m already used before the pause" in screen(ui)
    now = [0.0]
    term = TerminalUI(recording_console(), input=pipe, output=DummyOutput(), clock=lambda: now[0])
    pipe.send_text("x")  # never submitted: the remaining 0.2 s run out
    reply = term.ask(make_prompt(time_limit=1.0, time_used=0.8))
    assert reply.action == "timeout" and 0.19 <= reply.seconds < 1.0


def test_ctrl_s_skips(ui, pipe):
    pipe.send_text("never mind" + CTRL_S)
    assert ui.ask(make_prompt()).action == "skip"
    assert "Skipped" in screen(ui)


def test_closed_input_pauses_instead_of_raising(ui, pipe):
    pipe.close()
    assert ui.ask(make_prompt()).action == "pause"


def test_timer_running_out_submits_what_was_typed(ui, pipe):
    pipe.send_text("partial\rthoughts")
    reply = ui.ask(make_prompt(time_limit=0.3))
    assert reply.action == "timeout"
    assert reply.text == "partial\nthoughts"
    assert reply.seconds >= 0.3
    assert "to answer" in screen(ui)  # the limit is announced on the card


def test_answer_before_the_deadline_is_an_answer(ui, pipe):
    pipe.send_text("quick" + ESC_ENTER)
    reply = ui.ask(make_prompt(time_limit=30))
    assert (reply.action, reply.text) == ("answer", "quick")
    assert reply.seconds < 30


def test_toolbar_shows_keys_and_countdown_within_80_columns(pipe):
    now = [100.0]
    term = TerminalUI(recording_console(), input=pipe, output=DummyOutput(), clock=lambda: now[0])
    render = term.keys.toolbar(Countdown(term.clock, 100.0, 45.0))
    text = "".join(t for _, t in render())   # the dummy app outside a run is 80 columns wide
    assert "Esc Enter / Alt-Enter / Ctrl-J submit" in text or "Esc Enter/Alt-Enter/Ctrl-J submit" in text
    assert "Ctrl-S skip" in text and "Ctrl-C pause & save" in text
    assert "0:45" in text
    assert len(text) <= 80
    now[0] = 140.5
    low = render()
    assert "0:05" in "".join(t for _, t in low)
    assert any("timer.low" in style for style, _ in low)
    assert "left" not in "".join(t for _, t in term.keys.toolbar(Countdown(term.clock, 0.0, None))())


@pytest.mark.parametrize("columns", [80, 72, 60])
def test_toolbar_shortens_to_fit_narrow_terminals(pipe, monkeypatch, columns):
    from prompt_toolkit.data_structures import Size

    monkeypatch.setattr(DummyOutput, "get_size", lambda self: Size(rows=24, columns=columns))
    term = TerminalUI(recording_console(), input=pipe, output=DummyOutput(), clock=lambda: 0.0)
    text = "".join(t for _, t in term.keys.toolbar(Countdown(term.clock, 0.0, 180.0))())
    assert len(text) <= columns
    assert "Esc Enter" in text and "Alt-Enter" in text and "J submit" in text  # every submit key
    assert ("Ctrl-S" in text or "^S" in text) and "3:00" in text


def test_live_coding_cards_offer_the_editor_when_untimed(ui, pipe):
    live = make_card(kind="live_coding", number=1)
    pipe.send_text(ESC_ENTER + ESC_ENTER)
    ui.ask(make_prompt(card=live))
    assert "$EDITOR" in screen(ui)
    ui.console.export_text()  # forget the first screen
    ui.ask(make_prompt(card=live, time_limit=30))
    assert "$EDITOR" not in screen(ui)  # an editor and a countdown do not mix


def test_notices_wait_for_the_next_screen(ui, pipe):
    ui.notice("card gone-card is no longer in the bank: skipped")
    assert "gone-card" not in screen(ui)
    pipe.send_text(ESC_ENTER)
    ui.ask(make_prompt())
    assert "note: card gone-card is no longer in the bank" in screen(ui)
    pipe.send_text(ESC_ENTER)
    ui.ask(make_prompt())
    assert screen(ui).count("gone-card") == 1  # shown once, not on every screen


# --- the reveal and the rating keys -------------------------------------------------------------

@pytest.mark.parametrize("keys, expected", [
    ("1", RevealReply("grade", 1)), ("2", RevealReply("grade", 2)), ("3", RevealReply("grade", 3)),
    ("4", RevealReply("grade", 4)), ("\r", RevealReply("grade", 3)), ("s", RevealReply("skip")),
    ("q", RevealReply("pause")), (CTRL_C, RevealReply("pause")), (CTRL_D, RevealReply("pause")),
    ("x0 5Q?" + "2", RevealReply("grade", 2)),  # unknown keys are ignored
])
def test_rating_keys(ui, pipe, keys, expected):
    fallback = "1" if expected == RevealReply("grade", 4) else "4"  # taken if `keys` did nothing
    pipe.send_text(keys + fallback)
    assert ui.reveal(make_feedback()) == expected


def test_reveal_shows_model_answer_checklist_ratings_and_flags(ui, pipe):
    flag = make_card(id="rf-god", kind="red_flag", title="God-object state switch", detail=None)
    signal = make_card(id="ss-table", kind="strong_signal", title="Tests every illegal pair",
                       detail=None)
    pipe.send_text("\r")
    ui.reveal(make_feedback(flags=(flag,), signals=(signal,), timed_out=True, seconds=47))
    shown = screen(ui)
    assert "It holds the current state and delegates to it." in shown
    assert "Key points 1 of 2 covered" in shown
    assert "✔ Holds the current state" in shown
    assert "✘ Delegates calls to it" in shown
    assert "Suggested: 3 Good" in shown
    for text in ("1 Again 1m", "2 Hard 6m", "3 Good 10m", "4 Easy 8d"):
        assert text in shown
    assert "Red flag" in shown and "God-object state switch" in shown
    assert "Strong signal" in shown and "Tests every illegal pair" in shown
    assert "Time is up: 47s used" in shown
    assert "Rated 3 Good" in shown and "next time in 10m" in shown
    assert "func (o *Order) Pay()" not in shown  # the detail stays folded


def test_d_unfolds_the_detail_with_its_go_code(ui, pipe):
    pipe.send_text("d4")
    assert ui.reveal(make_feedback()) == RevealReply("grade", 4)
    assert "func (o *Order) Pay() error" in screen(ui)


def test_d_is_ignored_without_detail(ui, pipe):
    pipe.send_text("d1")
    assert ui.reveal(make_feedback(card=make_card(detail=None))) == RevealReply("grade", 1)
    assert "More on this" not in screen(ui)


class AsciiFile(StringIO):
    """What a terminal with a non-UTF-8 locale looks like to rich."""

    @property
    def encoding(self) -> str:
        return "ascii"


@pytest.mark.parametrize("terminal", ["NO_COLOR", "ascii"])
def test_checklist_falls_back_to_ascii(pipe, terminal):
    if terminal == "ascii":
        console = Console(file=AsciiFile(), width=80, record=True)
    else:
        console = recording_console(no_color=True)
    term = TerminalUI(console, input=pipe, output=DummyOutput())
    pipe.send_text("\r")
    term.reveal(make_feedback(flags=(make_card(id="rf", kind="red_flag", title="Flag"),)))
    shown = screen(term)
    assert "[x] Holds the current state" in shown
    assert "[ ] Delegates calls to it" in shown
    assert "✔" not in shown and "✘" not in shown
    if terminal == "ascii":  # nothing of the UI's own needs more than ASCII there
        shown.encode("ascii")


# --- the end screen ------------------------------------------------------------------------------

def mock_scorecard() -> Scorecard:
    long_prompt = ("Walk me through an order workflow that has to survive crashes and redeploys "
                   "and retry the steps that fail. What are the moving parts, and what would you buy?")
    return Scorecard.from_json({
        "title": "Mock interview (senior)",
        "questions": [
            {"number": 1, "id": "q16-durable-workflow", "kind": "question", "prompt": long_prompt,
             "covered": 2, "points": 6, "seconds": 185.2, "timed_out": True, "skipped": False,
             "missed": ["Stateless, interchangeable workers run one transition per pass",
                        "Retry policy per transition: max attempts, exponential backoff with "
                        "jitter, and an exhaustion rule that parks the workflow for a human",
                        "Side effects go through an outbox written in the same transaction"]},
            {"number": 2, "id": "q16-durable-workflow.f1", "kind": "follow_up",
             "prompt": "And when the worker dies halfway through a transition?",
             "covered": 3, "points": 3, "seconds": 40, "timed_out": False, "skipped": False,
             "missed": []},
            {"number": 3, "id": "q17-sagas", "kind": "question", "prompt": "Sagas?",
             "covered": 0, "points": 4, "seconds": 0, "timed_out": False, "skipped": True,
             "missed": []},
        ],
        "coverage": 0.42,
        "red_flags": [{"id": "rf-bool-soup", "title": "Boolean flags instead of one state field",
                       "looks_like": "", "answers": [1, 2]}],
        "strong_signals": [{"id": "ss-outbox", "title": "Reaches for a transactional outbox",
                            "looks_like": "", "answers": [2]}],
        "score": 38, "verdict": "Lean no hire", "time_limit": 180,
        "rules": "score = key-point coverage (follow-ups weigh 0.5) - 0.08 per red flag "
                 "+ 0.04 per strong signal (at most 0.12)",
    })


def test_finish_renders_the_mock_scorecard_within_80_columns(ui):
    summary = Summary(kind="mock", session_id="abc", total=3, answered=2, skipped=1, timed_out=1,
                      ratings={1: 1, 3: 1}, coverage=0.42, position=3, scorecard=mock_scorecard())
    ui.finish(summary)
    shown = screen(ui)
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Mock interview (senior): scorecard" in shown
    assert "2/6" in shown and "3/3" in shown and "skipped" in shown
    assert "3m (over the limit)" in " ".join(shown.split()) and "40s" in shown
    assert "✘ Stateless, interchangeable workers run one" in shown
    assert "run one transition" in shown and "\n       per pass" in shown  # wrapped under its text
    assert "rule that parks the workflow for a human" in shown  # wrapped, not cut
    assert "Boolean flags instead of one state field  (answer 1, 2)" in shown
    assert "Reaches for a transactional outbox  (answer 2)" in shown
    assert "Verdict: Lean no hire · 38/100" in shown
    assert "Mock interview complete" in shown
    assert "Done: 2 answered, 1 skipped, 1 over time." in shown


def test_finish_after_a_pause_says_how_to_resume(ui):
    ui.finish(Summary(kind="quiz", session_id="abc", total=5, answered=1, ratings={3: 1},
                      coverage=0.5, paused=True, position=2))
    shown = screen(ui)
    assert "Quiz paused" in shown
    assert "Paused at card 2 of 5" in shown
    assert "trainer quiz --resume" in shown


# --- colour ------------------------------------------------------------------------------------

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_codes(text: str) -> list[str]:
    """The SGR parameters that set a colour (bold, dim and reverse are not colour)."""
    found = []
    for params in SGR.findall(text):
        for p in params.split(";"):
            if p and (30 <= int(p) <= 38 or 40 <= int(p) <= 48 or 90 <= int(p) <= 107):
                found.append(p)
    return found


def run_one_card(pipe) -> None:
    """A card asked, revealed and rated, then the end screen, through the default console."""
    term = TerminalUI(input=pipe, output=DummyOutput())
    term.begin(Header("quiz", "Quiz", 2))
    pipe.send_text("it holds the state" + ESC_ENTER + "d3")
    term.ask(make_prompt(time_limit=60))
    term.reveal(make_feedback())
    term.finish(Summary(kind="quiz", session_id="abc", total=1, answered=1, ratings={3: 1},
                        coverage=0.5, position=1))


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
def test_no_color_is_honoured(pipe, capsys, monkeypatch, no_color):
    monkeypatch.setenv("FORCE_COLOR", "1")       # a terminal, as far as rich can tell
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "80")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    run_one_card(pipe)
    out = capsys.readouterr().out
    assert "Key points 1 of 2 covered" in SGR.sub("", out)
    if no_color:
        assert colour_codes(out) == []
        assert "[x] Holds the current state" in SGR.sub("", out)
        assert "card 1 of 2" in SGR.sub("", out) and "─" * 20 in out  # the empty bar shows
    else:
        assert colour_codes(out)   # the same screens do use colour when allowed


# --- a whole session ------------------------------------------------------------------------------

def new_session(card_ids):
    from trainer.bank import load_bank
    from trainer.scheduling import Scheduler
    from trainer.sessions.session import Session
    from trainer.store import Store

    bank = load_bank()
    store = Store.open()
    session = Session.new(store, bank, Scheduler(fuzz=False), "quiz", card_ids, title="Quiz")
    return bank, store, session


def two_questions(bank) -> list[str]:
    return [c.id for c in bank.select(kinds=["question"])][:2]


def test_a_whole_session_through_the_terminal_ui(pipe):
    from trainer.bank import load_bank

    ids = two_questions(load_bank())
    _, store, session = new_session(ids)
    try:
        term = TerminalUI(recording_console(), input=pipe, output=DummyOutput())
        pipe.send_text("each state is its own type\rthe context delegates" + ESC_ENTER + "3"
                       + ESC_ENTER + "\r")
        summary = session.run(term)
        assert store.reviews_total() == 2
        assert (summary.answered, summary.paused) == (2, False)
        assert sorted(summary.ratings) in ([1, 3], [3])   # card 2 took the suggestion
        shown = screen(term)
        assert "card 2 of 2" in shown and "Quiz complete" in shown
        assert "Card 1: Rated 3 Good" in shown   # repeated on card 2's screen
    finally:
        store.close()


def test_ctrl_c_mid_answer_then_resume_continues_at_that_card(pipe):
    from trainer.bank import load_bank
    from trainer.scheduling import Scheduler
    from trainer.sessions.session import Session

    bank = load_bank()
    ids = two_questions(bank)
    _, store, session = new_session(ids)
    try:
        first = TerminalUI(recording_console(), input=pipe, output=DummyOutput())
        pipe.send_text("an answer" + ESC_ENTER + "2" + "half typed" + CTRL_C)
        summary = session.run(first)
        assert summary.paused and summary.position == 2
        assert store.reviews_total() == 1
        assert "trainer quiz --resume" in screen(first)

        resumed = Session.resume(store, bank, Scheduler(fuzz=False), "quiz")
        second = TerminalUI(recording_console(), input=pipe, output=DummyOutput())
        pipe.send_text(ESC_ENTER + "4")
        summary = resumed.run(second)
        assert not summary.paused
        assert store.reviews_total() == 2
        shown = screen(second)
        assert "Resuming your paused quiz at card 2 of 2" in shown
        assert "card 2 of 2" in shown and "card 1 of 2" not in shown
    finally:
        store.close()


def test_a_session_resumed_between_answer_and_rating_shows_its_card_first(pipe):
    """A session killed after an answer resumes at the reveal: the question must be on screen."""
    from trainer.bank import load_bank
    from trainer.scheduling import Scheduler
    from trainer.sessions.session import Session
    from trainer.sessions.session_machine import SessionEvent

    bank = load_bank()
    ids = two_questions(bank)
    _, store, session = new_session(ids)
    try:
        session.send(SessionEvent.START)
        session.submit("each mode is its own type", 12.0)
        resumed = Session.resume(store, bank, Scheduler(fuzz=False), "quiz")
        term = TerminalUI(recording_console(), input=pipe, output=DummyOutput())
        pipe.send_text("3" + ESC_ENTER + "3")
        summary = resumed.run(term)
        assert summary.answered == 2 and store.reviews_total() == 2
        shown = screen(term)
        first_prompt = " ".join(bank.get(ids[0]).prompt.split()[:4])
        assert shown.index(first_prompt) < shown.index("Your answer (saved)") \
            < shown.index("each mode is its own type") < shown.index("Model answer")
    finally:
        store.close()


@pytest.mark.parametrize("width", [80, 60, 40])
def test_rating_keys_line_breaks_between_items_never_inside_one(width):
    from trainer.ui.terminal_input import fit_items

    items = [[("", "1-4")], [("", "Enter"), ("", " = 3 Good")], [("", "d"), ("", " more (code)")],
             [("", "s"), ("", " skip")], [("", "q"), ("", " pause & save")]]
    text = "".join(t for _, t in fit_items([("", " Rate ❯ ")], items, " · ", width))
    lines = text.split("\n")
    assert all(len(line) < width for line in lines)
    for label in ("Enter = 3 Good", "d more (code)", "q pause & save"):
        assert any(label in line for line in lines)
    assert (len(lines) == 1) == (width == 80)


def test_long_go_lines_are_cut_with_a_marker_at_60_columns(pipe):
    from trainer.ui.session_text import mark_wrapped_code

    code = "\tif err := machine.Fire(ctx, EventPay, WithIdempotencyKey(order.ID)); err != nil {"
    detail = f"Some prose that is long enough to wrap by itself at sixty columns, as prose does.\n\n```go\n{code}\n```"
    marked = mark_wrapped_code(detail, 58)
    lines = marked.split("\n")
    assert lines[0].startswith("Some prose")  # prose is not touched
    assert any(line.startswith("↪ ") for line in lines)
    assert "".join(line.removeprefix("↪ ") for line in lines[3:5]) == code.expandtabs(4)
    console = Console(file=StringIO(), width=60, record=True)
    term = TerminalUI(console, input=pipe, output=DummyOutput())
    term.begin(Header("quiz", "Quiz", 2))
    pipe.send_text("d3")
    term.reveal(make_feedback(make_card(detail=detail)))
    shown = console.export_text()
    assert "↪" in shown and max(len(line) for line in shown.splitlines()) <= 60


def test_a_resize_redraws_the_card_at_the_new_width(pipe):
    console = Console(file=StringIO(), width=80, record=True)
    term = TerminalUI(console, input=pipe, output=DummyOutput())
    term.begin(Header("quiz", "Quiz", 2))
    pipe.send_text("x" + ESC_ENTER)
    term.ask(make_prompt())
    console.export_text()  # forget the first drawing
    console.width = 60
    term._reflow()
    redrawn = console.export_text()
    assert "card 1 of 2" in redrawn and "What does the context do?" in redrawn
    assert max(len(line) for line in redrawn.splitlines()) == 60  # drawn again, at 60
    app = term.keys.answer_session().app
    assert app.before_render._handlers  # the redraw is wired to every render


def test_long_detail_pages_under_a_fixed_header(pipe):
    term = TerminalUI(recording_console(), input=pipe, output=DummyOutput())
    lines = [f"line {i}" for i in range(100)]
    pipe.send_text("\x1b[6~\x1b[6~\x1b[5~q")  # PageDown, PageDown, PageUp, q
    page = DummyOutput().get_size().rows - 2  # the header and the footer stay
    last = len(lines) - page  # the bottom: PageDown stops there
    assert term.keys.page("Question 7 · more on this", lines) == min(2 * (page - 1), last) - (page - 1)
    long = "\n\n".join(f"Paragraph {i} of the detail." for i in range(60))
    pipe.send_text("d" + "q" + "3")
    rating = term.reveal(make_feedback(make_card(detail=long)))
    assert rating == RevealReply("grade", 3)
    assert "Paragraph 59" in screen(term)  # printed in the scrollback afterwards too


@pytest.mark.parametrize("answer,said", [("", "Nothing was typed: here is the model answer."),
                                         ("half", "What you had typed was submitted.")])
def test_time_up_says_what_happened_to_the_answer(ui, pipe, answer, said):
    pipe.send_text("3")
    ui.reveal(make_feedback(answer=answer, timed_out=True, seconds=180))
    shown = screen(ui)
    assert f"Time is up: 3m used. {said}" in " ".join(shown.split())
