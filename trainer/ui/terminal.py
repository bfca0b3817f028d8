"""The interactive session UI: rich for what the learner reads, prompt_toolkit for what they type.

This is the screen a learner sees every day, so it is built around one card at
a time:

* each card starts on a fresh screen with a title bar (session, progress bar,
  "card k of n"), the card's kind and level, and its prompt as Markdown;
* the answer is typed in a multi-line editor whose bottom toolbar always shows
  the keys (submit, skip, pause) and, for timed sessions, a countdown that ends
  the answer by itself when it reaches zero;
* the reveal shows the model answer, the key points as a checklist, any red
  flags or strong signals, and the four ratings with their next intervals; a
  single key rates (1-4, Enter for the suggestion), skips or pauses, and `d`
  unfolds the card's longer detail (usually Go code) when it has one;
* the end screen sums the session up, with the mock interview's scorecard as a
  table.

Every way out of an input (Ctrl-C, Ctrl-D, a closed input stream) becomes a
"pause" the session saves: a learner never sees a traceback. rich and
prompt_toolkit are imported here only, and this module only when a session
starts, so `trainer --help` stays fast.

This module is the screen flow only: which pieces go on which screen, and
what is kept for the next one. What is drawn is in `session_screens`, the
keys in `terminal_input`, the answer's clock in `countdown`.

For tests (and anyone embedding the UI), the constructor takes the
prompt_toolkit `input`/`output` and the rich `console`, so a pipe input and a
recording console make every screen deterministic.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from trainer.bank import Card
from trainer.bank.model import Kind
from trainer.sessions.views import (
    Feedback,
    Header,
    Prompt,
    Reply,
    ReplyAction,
    RevealAction,
    RevealReply,
    Summary,
)
from trainer.ui import session_screens as screens
from trainer.ui.cards import markdown
from trainer.ui.countdown import Countdown
from trainer.ui.session_screens import Look
from trainer.ui.session_text import card_heading, format_interval, mark_wrapped_code
from trainer.ui.terminal_input import Detail, TerminalInput


class TerminalUI:
    """Implements `trainer.sessions.views.SessionUI` on a real (or a test) terminal."""

    def __init__(self, console: Console | None = None, *, input: Input | None = None,
                 output: Output | None = None, clock: Callable[[], float] = time.monotonic,
                 clear: bool = True) -> None:
        if console is None:
            from trainer.ui.console import console as make_console

            console = make_console()
        self.console = console
        self.clock = clock
        self.clear = clear
        self.header: Header | None = None
        self._notes: list[str] = []
        self._outcome: Text | None = None   # how the previous card ended, shown on the next one
        self._on_screen: int | None = None  # number of the card whose screen is showing
        self._shown: list[tuple[RenderableType, ...]] = []  # this screen, to redraw on resize
        self.look = Look.of(console)
        self.keys = TerminalInput(input=input, output=output, clock=clock, sep=self.look.sep,
                                  prompt_mark=self.look.g("❯ ", "> "), on_resize=self._reflow)

    # --- printing, and drawing again --------------------------------------------------------
    def _print(self, *renderables: RenderableType) -> None:
        self.console.print(*renderables)
        self._shown.append(renderables)

    def _reflow(self) -> None:
        """Redraw this card's screen at the terminal's new size (rich renders it afresh)."""
        if not self.clear:
            return
        self.console.clear()
        for renderables in self._shown:
            self.console.print(*renderables)

    def _flush_notes(self) -> None:
        for note in self._notes:
            self._print(Text.assemble(("note: ", "bold yellow"), note))
        self._notes.clear()

    def _title_bar(self, total: int, done: int, where: str) -> RenderableType:
        title = self.header.title if self.header else "Session"
        return screens.title_bar(self.look, title, total, done, where)

    # --- the protocol -------------------------------------------------------------------------
    def notice(self, text: str) -> None:
        """Notes are kept until the next screen is drawn, so a fresh card does not wipe them."""
        self._notes.append(text)

    def begin(self, header: Header) -> None:
        self.header = header
        if header.resumed_at:
            self._outcome = Text(f" Resuming your paused {header.kind} at card "
                                 f"{header.resumed_at} of {header.total}.", style="dim")

    def _card_screen(self, card: Card, number: int, total: int, time_limit: float | None) -> None:
        """A fresh screen: title bar, how the last card ended, notes, then the card."""
        if self.clear:
            self.console.clear()
        self._shown = []
        self._print(self._title_bar(total, number - 1, f"card {number} of {total}"))
        if self._outcome is not None:
            self._print(self._outcome)
            self._outcome = None
        self._flush_notes()
        self._print(screens.card_panel(self.look, card, time_limit))
        self._on_screen = number

    def ask(self, prompt: Prompt) -> Reply:
        self._card_screen(prompt.card, prompt.number, prompt.total, prompt.time_limit)
        if prompt.time_used and prompt.time_limit:
            self._print(Text(f" {format_interval(prompt.time_used)} of "
                             f"{format_interval(prompt.time_limit)} already used before the pause.",
                             style="dim"))
        countdown = Countdown.begin(self.clock, prompt.time_limit, prompt.time_used)
        hint = ("  (Enter adds a line; submit empty to see the model answer)"
                if self.console.width >= 72 else "  (submit empty to see the answer)")
        self._print(Text.assemble((" Your answer", "bold"), (hint, "dim")))
        if prompt.card.kind == Kind.LIVE_CODING and countdown.deadline is None:
            # code is easier to write in the learner's own editor
            self._print(Text(" Ctrl-X Ctrl-E writes it in your $EDITOR: saving and quitting "
                             "submits it.", style="dim"))
        reply = self.keys.read_answer(countdown, draft=prompt.draft)
        if reply.action is ReplyAction.SKIP:
            self._show_outcome(prompt.number, Text(screens.SKIPPED, style="dim"))
        return reply

    def _show_outcome(self, number: int, outcome: Text) -> None:
        """How a card ended: printed now, and repeated on the next card (a fresh screen wipes it)."""
        self._print(outcome)
        self._outcome = Text.assemble((f" Card {number}:", "dim"), outcome)

    def reveal(self, feedback: Feedback) -> RevealReply:
        fb = feedback
        if self._on_screen != fb.number:
            # A session stopped between answer and rating resumes here, without an ask():
            # show the card and the saved answer first, or the reveal has no question.
            self._card_screen(fb.card, fb.number, fb.total, None)
            self._print(Text(" Your answer (saved)", style="bold"))
            self._print(Padding(Text(fb.answer.strip() or "(none)", style="" if fb.answer.strip()
                                     else "dim"), (0, 0, 0, 2)))
        self._print()
        if fb.timed_out:
            typed = ("What you had typed was submitted." if fb.answer.strip()
                     else "Nothing was typed: here is the model answer.")
            self._print(Text(f" Time is up: {format_interval(fb.seconds)} used. {typed}",
                             style="bold yellow"))
        elif not fb.answer.strip():
            self._print(Text(" No answer: here is the model answer.", style="dim"))
        self._print(screens.model_answer(self.look, fb.card))
        if fb.points:
            self._print(screens.checklist(self.look, fb.points))
        marks = screens.flags_and_signals(self.look, fb)
        if marks is not None:
            self._print(marks)
        self._print()
        self._print(screens.ratings_line(fb))
        detail_shown = not fb.card.detail
        while True:
            choice = self.keys.read_rating(fb.suggested, offer_detail=not detail_shown)
            if not isinstance(choice, Detail):
                break
            detail_shown = True
            self._show_detail(fb)
        if choice.rating is not None:
            self._show_outcome(fb.number, screens.rated(self.look, fb, choice.rating))
        elif choice.action is RevealAction.SKIP:
            self._show_outcome(fb.number, Text(screens.SKIPPED, style="dim"))
        return choice

    def _show_detail(self, fb: Feedback) -> None:
        """The card's longer detail (usually Go code), paged when longer than the screen."""
        rule = self.look.g("─", "-")
        self._print()
        # No side borders: Go code needs every column an 80-column terminal has.
        self._print(Rule(Text("More on this", style="bold"), align="left", style="blue",
                         characters=rule))
        # Rich's code blocks pad one column each side: cut long code lines there.
        body = markdown(mark_wrapped_code((fb.card.detail or "").strip(),
                                          self.console.width - 2, self.look.g("↪ ", "> ")))
        lines = self._rendered_lines(body)
        if len(lines) > max(8, self.console.height - 8):
            # Longer than the screen: page it under a header that stays in view.
            self.keys.page(f"{card_heading(fb.card)}{self.look.sep}more on this", lines)
        self._print(body)
        self._print(Rule(style="blue", characters=rule))
        self._print()
        self._print(screens.ratings_line(fb))

    def _rendered_lines(self, renderable: RenderableType) -> list[str]:
        """`renderable` as rich would print it now, one ANSI string per line."""
        with self.console.capture() as captured:
            self.console.print(renderable)
        return captured.get().rstrip("\n").split("\n")

    def finish(self, summary: Summary) -> None:
        """A finished session gets a clean end screen; a paused one stays below its card."""
        outcome, self._outcome = self._outcome, None
        if summary.paused:
            self._print()
        else:
            if self.clear:
                self.console.clear()
            self._print(self._title_bar(summary.total, summary.total, "the end"))
            if outcome is not None:
                self._print(outcome)
            self._print()
        self._flush_notes()
        if summary.scorecard:
            self._print(screens.scorecard(self.look, summary.scorecard))
        self._print(screens.summary_panel(self.look, summary))
