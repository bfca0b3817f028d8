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

For tests (and anyone embedding the UI), the constructor takes the
prompt_toolkit `input`/`output` and the rich `console`, so a pipe input and a
recording console make every screen deterministic.
"""
from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

from prompt_toolkit import PromptSession
from prompt_toolkit.application import Application, get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.layout.processors import TabsProcessor
from prompt_toolkit.styles import Style
from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from trainer.sessions.views import (
    RATING_NAMES,
    Feedback,
    Header,
    Prompt,
    Rating,
    Reply,
    Summary,
)
from trainer.ui.cards import markdown
from trainer.ui.session_text import card_heading, format_interval, mark_wrapped_code, summary_lines
from trainer.ui.wordwrap import WordWrapProcessor

LEVEL_STYLE = {"junior": "green", "middle": "cyan", "senior": "magenta", "staff": "red"}
RATING_STYLE = {1: "red", 2: "yellow", 3: "green", 4: "blue"}
LOW_TIME = 10.0  # seconds left at which the countdown turns red
TAB_WIDTH = 4    # Tab in the answer box inserts this many spaces

# prompt_toolkit styles: the toolbar stays reverse video (readable without colour),
# keys are bold, the countdown turns red near the end.
PT_STYLE = Style.from_dict({
    "bottom-toolbar": "reverse",
    "key": "bold",
    "timer": "bold",
    "timer.low": "bold fg:ansired",
    "prompt": "bold fg:ansicyan",
    "continuation": "fg:ansibrightblack",
    "placeholder": "italic fg:ansibrightblack",
    "rate": "bold",
})


class _Detail:
    """The rating prompt's answer when the learner asked to unfold the card's detail."""


def _mmss(seconds: float) -> str:
    seconds = max(0, math.ceil(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class TerminalUI:
    """Implements `trainer.sessions.views.SessionUI` on a real (or a test) terminal."""

    def __init__(self, console: Console | None = None, *, input=None, output=None,
                 clock: Callable[[], float] = time.monotonic, clear: bool = True) -> None:
        if console is None:
            from trainer.ui.console import console as make_console

            console = make_console()
        self.console = console
        self.input = input
        self.output = output
        self.clock = clock
        self.clear = clear
        self.header: Header | None = None
        self._notes: list[str] = []
        self._outcome: Text | None = None   # how the previous card ended, shown on the next one
        self._answers: PromptSession | None = None
        self._on_screen: int | None = None  # number of the card whose screen is showing
        self._shown: list[tuple[RenderableType, ...]] = []  # this screen, to redraw on resize
        encoding = (console.encoding or "").lower().replace("-", "").replace("_", "")
        self.unicode = encoding.startswith("utf")
        # The checklist marks carry meaning; without colour (or without UTF-8)
        # they become [x]/[ ] so they still read unambiguously.
        self.glyphs = self.unicode and not console.no_color

    # --- small pieces ---------------------------------------------------------------------
    def _g(self, fancy: str, plain: str) -> str:
        return fancy if self.unicode else plain

    @property
    def _box(self) -> box.Box:
        return box.ROUNDED if self.unicode else box.ASCII

    @property
    def _sep(self) -> str:
        return self._g(" · ", " - ")

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

    def _reflow_on_resize(self, app: Application) -> None:
        """After a resize, what rich printed above the input is redrawn, not left garbled."""
        from prompt_toolkit.application import run_in_terminal

        last: list[object] = [None]

        def check(_app: object) -> None:
            try:
                size = app.output.get_size()
            except Exception:  # pragma: no cover - an output without a size
                return
            if last[0] is not None and size != last[0]:
                run_in_terminal(self._reflow)
            last[0] = size

        app.before_render += check

    def _flush_notes(self) -> None:
        for note in self._notes:
            self._print(Text.assemble(("note: ", "bold yellow"), note))
        self._notes.clear()

    def _title_bar(self, total: int, done: int, where: str) -> Table:
        """Session title, a progress bar and "card k of n" on one line."""
        title = self.header.title if self.header else "Session"
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_column(no_wrap=True, justify="right")
        bar: RenderableType
        if self.console.no_color or self.console.color_system is None:
            bar = _MonoBar(total, done, self.unicode)
        else:
            bar = ProgressBar(total=max(total, 1), completed=done, complete_style="cyan",
                              finished_style="green")
        grid.add_row(Text(title, style="bold"), bar, Text(where, style="bold"))
        return grid

    def _card_panel(self, card, time_limit: float | None) -> Panel:
        heading = Text(card_heading(card).replace(" · ", self._sep), style="bold")
        if card.level:
            heading.stylize(LEVEL_STYLE.get(card.level, ""), len(heading) - len(card.level),
                            len(heading))
        subtitle = None
        bits = []
        if card.tags:
            bits.append(" ".join(f"#{t}" for t in card.tags))
        if time_limit:
            bits.append(f"{format_interval(time_limit)} to answer")
        if bits:
            subtitle = Text(" " + "   ".join(bits) + " ", style="dim")
        return Panel(markdown(card.prompt.strip()), title=heading, title_align="left",
                     subtitle=subtitle, subtitle_align="right", border_style="cyan",
                     box=self._box, padding=(0, 1))

    # --- the protocol -------------------------------------------------------------------------
    def notice(self, text: str) -> None:
        """Notes are kept until the next screen is drawn, so a fresh card does not wipe them."""
        self._notes.append(text)

    def begin(self, header: Header) -> None:
        self.header = header
        if header.resumed_at:
            self._outcome = Text(f" Resuming your paused {header.kind} at card "
                                 f"{header.resumed_at} of {header.total}.", style="dim")

    def _card_screen(self, card, number: int, total: int, time_limit: float | None) -> None:
        """A fresh screen: title bar, how the last card ended, notes, then the card."""
        if self.clear:
            self.console.clear()
        self._shown = []
        self._print(self._title_bar(total, number - 1, f"card {number} of {total}"))
        if self._outcome is not None:
            self._print(self._outcome)
            self._outcome = None
        self._flush_notes()
        self._print(self._card_panel(card, time_limit))
        self._on_screen = number

    def ask(self, prompt: Prompt) -> Reply:
        self._card_screen(prompt.card, prompt.number, prompt.total, prompt.time_limit)
        if prompt.time_used and prompt.time_limit:
            self._print(Text(f" {format_interval(prompt.time_used)} of "
                             f"{format_interval(prompt.time_limit)} already used before the pause.",
                             style="dim"))
        reply = self._read_answer(prompt.time_limit, editor=prompt.card.kind == "live_coding",
                                  used=prompt.time_used, draft=prompt.draft)
        if reply.action == "skip":
            self._show_outcome(prompt.number, Text(" Skipped: no review recorded.", style="dim"))
        return reply

    def _show_outcome(self, number: int, outcome: Text) -> None:
        """How a card ended: printed now, and repeated on the next card (a fresh screen wipes it)."""
        self._print(outcome)
        self._outcome = Text.assemble((f" Card {number}:", "dim"), outcome)

    def reveal(self, feedback: Feedback) -> Rating:
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
        self._print(Panel(markdown(fb.card.answer.strip()),
                          title=Text("Model answer", style="bold green"), title_align="left",
                          border_style="green", padding=(0, 1),
                          box=self._box))
        if fb.points:
            self._print(self._checklist(fb))
        marks = self._flags_and_signals(fb)
        if marks is not None:
            self._print(marks)
        self._print()
        self._print(self._ratings_line(fb))
        detail_shown = not fb.card.detail
        while True:
            choice = self._read_rating(fb, offer_detail=not detail_shown)
            if isinstance(choice, _Detail):
                detail_shown = True
                self._print()
                # No side borders: Go code needs every column an 80-column terminal has.
                self._print(Rule(Text("More on this", style="bold"), align="left", style="blue",
                                 characters=self._g("─", "-")))
                # Rich's code blocks pad one column each side: cut long code lines there.
                body = markdown(mark_wrapped_code(fb.card.detail.strip(),
                                                  self.console.width - 2, self._g("↪ ", "> ")))
                lines = self._rendered_lines(body)
                if len(lines) > max(8, self.console.height - 8):
                    # Longer than the screen: page it under a header that stays in view.
                    self._page(f"{card_heading(fb.card)}{self._sep}more on this", lines)
                self._print(body)
                self._print(Rule(style="blue", characters=self._g("─", "-")))
                self._print()
                self._print(self._ratings_line(fb))
                continue
            break
        outcome = None
        if choice.action == "grade":
            interval = fb.intervals.get(choice.value)
            when = (f"{self._sep}next time in {format_interval(interval.total_seconds())}"
                    if interval else "")
            outcome = Text.assemble(" Rated ", (f"{choice.value} {RATING_NAMES[choice.value]}",
                                                f"bold {RATING_STYLE[choice.value]}"), when)
        elif choice.action == "skip":
            outcome = Text(" Skipped: no review recorded.", style="dim")
        if outcome is not None:
            self._show_outcome(fb.number, outcome)
        return choice

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
            self._print(self._scorecard(summary.scorecard))
        lines = summary_lines(summary)
        body = Text()
        for i, line in enumerate(lines):
            if i:
                body.append("\n")
            if summary.paused and line.startswith("Continue with: "):
                body.append("Continue with: ")
                body.append(line.removeprefix("Continue with: "), style="bold cyan")
            else:
                body.append(line, style="bold" if i == 0 else "")
        title = f"{self._label(summary)} {'paused' if summary.paused else 'complete'}"
        self._print(Panel(body, title=Text(title, style="bold"), title_align="left",
                          border_style="yellow" if summary.paused else "green", expand=False,
                          padding=(0, 1), box=self._box))

    def _label(self, summary: Summary) -> str:
        return {"quiz": "Quiz", "review": "Review", "mock": "Mock interview",
                "drill": "Drill"}.get(summary.kind, summary.kind.capitalize())

    # --- reveal pieces --------------------------------------------------------------------------
    def _mark(self, covered: bool) -> Text:
        if self.glyphs:
            return Text("✔", style="bold green") if covered else Text("✘", style="bold red")
        return Text("[x]" if covered else "[ ]", style="green" if covered else "red")

    def _checklist(self, fb: Feedback) -> Group:
        covered = sum(p.covered for p in fb.points)
        share = covered / len(fb.points)
        style = "green" if share >= 0.8 else "yellow" if share >= 0.4 else "red"
        rows: list[RenderableType] = [Text.assemble(
            (" Key points ", "bold"), (f"{covered} of {len(fb.points)} covered", f"bold {style}"))]
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for p in fb.points:
            grid.add_row(self._mark(p.covered), Text(p.text))
        rows.append(Padding(grid, (0, 0, 0, 3)))
        return Group(*rows)

    def _flags_and_signals(self, fb: Feedback) -> Group | None:
        if not fb.flags and not fb.signals and not fb.misconceptions:
            return None
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for mc in fb.misconceptions:
            grid.add_row(Text(self._g("✘ Misconception:", "x Misconception:"), style="bold red"),
                         Text(mc.correction))
        for flag in fb.flags:
            grid.add_row(Text(self._g("⚑ Red flag", "! Red flag"), style="bold red"),
                         Text(flag.title or flag.id))
        for signal in fb.signals:
            grid.add_row(Text(self._g("★ Strong signal", "+ Strong signal"), style="bold green"),
                         Text(signal.title or signal.id))
        return Group(Text(""), Padding(grid, (0, 0, 0, 1)))

    def _ratings_line(self, fb: Feedback) -> Text:
        """The four ratings with their next intervals; the suggested one stands out."""
        line = Text()
        for r in sorted(fb.intervals):
            label = f"{r} {RATING_NAMES[r]}"
            when = format_interval(fb.intervals[r].total_seconds())
            line.append(" ")
            if r == fb.suggested:
                line.append(f" {label} {when} ", style=f"bold reverse {RATING_STYLE[r]}")
            else:
                line.append(f" {label}", style=f"bold {RATING_STYLE[r]}")
                line.append(f" {when} ", style="dim")
        return Text.assemble((" Suggested: ", "bold"),
                             (f"{fb.suggested} {RATING_NAMES[fb.suggested]}",
                              f"bold {RATING_STYLE[fb.suggested]}"),
                             "\n", line)

    # --- end screen ------------------------------------------------------------------------------
    def _scorecard(self, card: dict) -> Group:
        """The mock interview's scorecard (data shape: trainer.sessions.scorecard)."""
        ascii_box = not self.unicode
        title = Text(card.get("title", "Mock interview") + ": scorecard", style="bold")
        table = Table(title=title, title_justify="left",
                      box=box.ASCII if ascii_box else box.SIMPLE_HEAD,
                      expand=True, pad_edge=False, show_edge=False, leading=1)
        table.add_column("#", justify="right", no_wrap=True, width=2)
        table.add_column("Question", ratio=1, overflow="fold")
        table.add_column("Key points", justify="right", no_wrap=True)
        table.add_column("Time", justify="right", no_wrap=True)
        for q in card["questions"]:
            if q["skipped"]:
                points = Text("skipped", style="dim")
            else:
                share = q["covered"] / q["points"] if q["points"] else 0
                style = "green" if share >= 0.8 else "yellow" if share >= 0.4 else "red"
                points = Text(f"{q['covered']}/{q['points']}", style=style)
            used = Text(format_interval(q["seconds"]), style="bold yellow" if q["timed_out"] else "")
            prompt = Text(_one_line(q.get("prompt") or q["id"], 120, self._g("…", "...")),
                          style="dim" if q.get("kind") == "follow_up" else "")
            if q.get("kind") == "follow_up":
                prompt = Text.assemble(("follow-up: ", "italic dim"), prompt)
            question: RenderableType = prompt
            if q["timed_out"]:  # said under the question: the Time column stays narrow
                prompt = Text.assemble(prompt, "\n",
                                       (f"{format_interval(q['seconds'])} (over the limit)",
                                        "bold yellow"))
                question = prompt
            if q["missed"]:
                missed = Table.grid(padding=(0, 1))
                missed.add_column(no_wrap=True)
                missed.add_column()
                for point in q["missed"]:
                    missed.add_row(self._mark(False), Text(point, style="dim"))
                question = Group(prompt, missed)
            table.add_row(str(q["number"]), question, points, used)
        parts: list[RenderableType] = [table]

        def listing(title: str, items: list[dict], mark: Text) -> None:
            parts.append(Text(""))
            if not items:
                parts.append(Text.assemble((title + ": ", "bold"), ("none", "dim")))
                return
            parts.append(Text(title, style="bold"))
            for item in items:
                answers = ", ".join(map(str, item["answers"]))
                parts.append(Text.assemble("  ", mark, " ", item["title"],
                                           (f"  (answer {answers})", "dim")))
                for ev in item.get("evidence") or []:
                    if ev.get("text"):
                        parts.append(Padding(Text(f"answer {ev['answer']}: “{ev['text']}”",
                                                  style="dim italic"), (0, 0, 0, 6)))

        listing("Red flags", card["red_flags"], Text(self._g("⚑", "!"), style="bold red"))
        listing("Strong signals", card["strong_signals"],
                Text(self._g("★", "+"), style="bold green"))
        score = card["score"]
        style = "green" if score >= 65 else "yellow" if score >= 50 else "red"
        verdict = Text.assemble(("Verdict: ", "bold"), (card["verdict"], f"bold {style}"),
                                self._sep, (f"{score}/100", "bold"))
        parts += [Text(""), Panel(verdict, expand=False, border_style=style, padding=(0, 2),
                                  box=self._box),
                  Text(f"How it is scored: {card['rules']}", style="dim"), Text("")]
        return Group(*parts)

    # --- input ------------------------------------------------------------------------------------
    def _answer_session(self) -> PromptSession:
        if self._answers is None:
            self._answers = PromptSession(input=self.input, output=self.output, style=PT_STYLE,
                                          multiline=True, reserve_space_for_menu=0,
                                          include_default_pygments_style=False,
                                          # Go code is indented with tabs: show spaces, not ^I.
                                          input_processors=[TabsProcessor(tabstop=4, char1=" ",
                                                                          char2=" "),
                                                            WordWrapProcessor(prefix=2)])
        return self._answers

    def _toolbar(self, deadline: float | None) -> Callable[[], StyleAndTextTuples]:
        """The keys, always on screen, and the countdown; shortened to fit narrow terminals."""
        sep = self._sep

        def render() -> StyleAndTextTuples:
            try:
                width = get_app().output.get_size().columns
            except Exception:  # pragma: no cover - no app (never in practice)
                width = 80
            left = None if deadline is None else deadline - self.clock()
            low = left is not None and left <= LOW_TIME
            timer_style = "class:timer.low" if low else "class:timer"
            # Longest first; the first that fits is shown.
            for submit, skip, pause, pause_label, left_label in (
                # Every submit key stays listed, however narrow the terminal.
                ("Esc Enter / Alt-Enter / Ctrl-J", "Ctrl-S", "Ctrl-C", "pause & save", " left"),
                ("Esc Enter/Alt-Enter/Ctrl-J", "Ctrl-S", "Ctrl-C", "pause & save", ""),
                ("Esc Enter/Alt-Enter/^J", "^S", "^C", "pause", ""),
            ):
                keys: StyleAndTextTuples = [
                    ("", " "), ("class:key", submit), ("", " submit" + sep),
                    ("class:key", skip), ("", " skip" + sep),
                    ("class:key", pause), ("", " " + pause_label),
                ]
                timer: StyleAndTextTuples = []
                if left is not None:
                    timer = [(timer_style, f"{_mmss(left)}{left_label} ")]
                used = sum(len(t) for _, t in keys + timer)
                if used + 1 <= width:
                    break
            return keys + [("", " " * max(1, width - used))] + timer

        return render

    def _read_answer(self, time_limit: float | None, *, editor: bool = False, used: float = 0.0,
                     draft: str = "") -> Reply:
        """Multi-line answer input; every way out maps onto a `Reply`.

        Submit keys: Esc then Enter (at any pace: the Esc waits for its Enter), Alt-Enter
        and Ctrl-J. Tab indents with spaces; Ctrl-D pauses only an empty answer (with text
        it deletes forward, as in a shell). A timed card resumed after a pause gets only
        the time it had left (`used` seconds were spent before).
        """
        session = self._answer_session()
        kb = KeyBindings()
        start = self.clock()
        remaining = max(0.0, time_limit - used) if time_limit else None
        deadline = start + remaining if remaining is not None else None

        def done(event: KeyPressEvent, reply: Reply) -> None:
            if not event.app.is_done:
                event.app.exit(result=reply)

        @kb.add("c-c")
        @kb.add(Keys.SIGINT)
        def _pause(event: KeyPressEvent) -> None:
            done(event, Reply("pause", event.app.current_buffer.text, self.clock() - start))

        @kb.add("c-d", filter=Condition(lambda: not get_app().current_buffer.text))
        def _pause_empty(event: KeyPressEvent) -> None:
            done(event, Reply("pause", "", self.clock() - start))

        @kb.add("c-d", filter=Condition(lambda: bool(get_app().current_buffer.text)))
        def _delete_forward(event: KeyPressEvent) -> None:
            event.current_buffer.delete(1)

        @kb.add("escape", "enter")
        @kb.add("c-j")
        def _submit(event: KeyPressEvent) -> None:
            event.current_buffer.validate_and_handle()

        @kb.add("tab")
        def _indent(event: KeyPressEvent) -> None:
            event.current_buffer.insert_text(" " * TAB_WIDTH)

        @kb.add("c-s")
        def _skip(event: KeyPressEvent) -> None:
            done(event, Reply("skip", "", self.clock() - start))

        def start_timer() -> None:
            if deadline is None:
                return
            app = session.app

            async def expire() -> None:
                await asyncio.sleep(max(0.0, deadline - self.clock()))
                if not app.is_done:
                    app.exit(result=Reply("timeout", session.default_buffer.text.strip(),
                                          max(self.clock() - start, remaining or 0.0)))

            app.create_background_task(expire())

        def pre_run() -> None:
            # Esc waits for the key after it: a slow Esc ... Enter still submits.
            session.app.timeoutlen = None
            start_timer()

        if not getattr(session, "_reflows", False):
            self._reflow_on_resize(session.app)
            session._reflows = True  # type: ignore[attr-defined]

        mark = self._g("❯ ", "> ")
        hint = ("  (Enter adds a line; submit empty to see the model answer)"
                if self.console.width >= 72 else "  (submit empty to see the answer)")
        self._print(Text.assemble((" Your answer", "bold"), (hint, "dim")))
        if editor and deadline is None:  # code is easier to write in the learner's own editor
            self._print(Text(" Ctrl-X Ctrl-E writes it in your $EDITOR: saving and quitting submits it.",
                             style="dim"))
        try:
            result = session.prompt(
                [("class:prompt", mark)],
                prompt_continuation=lambda width, line, wrap: [("class:continuation", "  ")],
                placeholder=lambda: [] if get_app().is_done else [("class:placeholder", "type here")],
                key_bindings=kb,
                bottom_toolbar=self._toolbar(deadline),
                refresh_interval=0.5 if deadline is not None else 0,
                enable_open_in_editor=deadline is None,
                pre_run=pre_run,
                default=draft,
            )
        except (KeyboardInterrupt, EOFError):
            return Reply("pause", "", self.clock() - start)
        if isinstance(result, Reply):
            return result
        return Reply("answer", result.strip(), self.clock() - start)

    def _rendered_lines(self, renderable: RenderableType) -> list[str]:
        """`renderable` as rich would print it now, one ANSI string per line."""
        with self.console.capture() as captured:
            self.console.print(renderable)
        return captured.get().rstrip("\n").split("\n")

    def _page(self, title: str, lines: list[str]) -> int:
        """Show `lines` full screen under a fixed header; PageUp/PageDown (and arrows) scroll.

        q, Esc or Enter goes back to the ratings. Returns the last scroll offset (tests).
        """
        from prompt_toolkit.formatted_text import ANSI
        from prompt_toolkit.layout import HSplit

        offset = [0]

        def rows() -> int:
            try:
                return max(3, get_app().output.get_size().rows - 2)
            except Exception:  # pragma: no cover
                return 20

        def body() -> ANSI:
            return ANSI("\n".join(lines[offset[0]:offset[0] + rows()]))

        def header() -> StyleAndTextTuples:
            last = min(len(lines), offset[0] + rows())
            return [("class:rate", f" {title} "), ("", f" lines {offset[0] + 1}-{last} of {len(lines)}")]

        def scroll(by: int) -> None:
            offset[0] = max(0, min(max(0, len(lines) - rows()), offset[0] + by))

        kb = KeyBindings()
        kb.add("pagedown")(lambda e: scroll(rows() - 1))
        kb.add(" ")(lambda e: scroll(rows() - 1))
        kb.add("pageup")(lambda e: scroll(-(rows() - 1)))
        kb.add("down")(lambda e: scroll(1))
        kb.add("up")(lambda e: scroll(-1))
        for key in ("q", "escape", "enter", "c-c", "c-d"):
            kb.add(key)(lambda e: e.app.exit())
        footer: StyleAndTextTuples = [("class:key", " PageUp/PageDown"), ("", " scroll"), ("", self._sep),
                                      ("class:key", "q"), ("", " back to the ratings")]
        app: Application = Application(
            layout=Layout(HSplit([
                Window(FormattedTextControl(header), height=1, style="reverse"),
                Window(FormattedTextControl(body, show_cursor=False), wrap_lines=False),
                Window(FormattedTextControl(footer), height=1, style="reverse"),
            ])),
            key_bindings=kb, style=PT_STYLE, full_screen=True, input=self.input,
            output=self.output, include_default_pygments_style=False)
        try:
            app.run()
        except (KeyboardInterrupt, EOFError):
            pass
        return offset[0]

    def _read_rating(self, fb: Feedback, *, offer_detail: bool) -> Rating | _Detail:
        """One key: 1-4, Enter (the suggestion), s, q / Ctrl-C / Ctrl-D; anything else is ignored."""
        kb = KeyBindings()

        def bind(*keys: str, result) -> None:
            for key in keys:
                kb.add(key)(lambda event, result=result: event.app.exit(result=result))

        for r in (1, 2, 3, 4):
            bind(str(r), result=Rating("grade", r))
        bind("enter", result=Rating("grade", fb.suggested))
        bind("s", result=Rating("skip"))
        bind("q", "c-c", "c-d", Keys.SIGINT, result=Rating("pause"))
        if offer_detail:
            bind("d", result=_Detail())

        items = [[("class:key", "1-4")],
                 [("class:key", "Enter"), ("", f" = {fb.suggested} {RATING_NAMES[fb.suggested]}")]]
        if offer_detail:
            items.append([("class:key", "d"), ("", " more (code)")])
        items += [[("class:key", "s"), ("", " skip")], [("class:key", "q"), ("", " pause & save")]]
        head: StyleAndTextTuples = [("class:rate", f" Rate {self._g('❯', '>')} ")]

        def text() -> StyleAndTextTuples:
            try:
                width = get_app().output.get_size().columns
            except Exception:  # pragma: no cover - no app
                width = 80
            return _fit_items(head, items, self._sep, width)

        app: Application = Application(
            layout=Layout(Window(FormattedTextControl(text, show_cursor=False),
                                 wrap_lines=True, dont_extend_height=True)),
            key_bindings=kb, style=PT_STYLE, include_default_pygments_style=False,
            erase_when_done=True, input=self.input, output=self.output,
        )
        self._reflow_on_resize(app)
        try:
            return app.run()
        except (KeyboardInterrupt, EOFError):
            return Rating("pause")


class _MonoBar:
    """A progress bar readable without colour: rich's leaves the remaining part blank then."""

    def __init__(self, total: int, done: int, unicode: bool) -> None:
        self.total, self.done, self.unicode = max(total, 1), done, unicode

    def __rich_console__(self, console, options):
        width = options.max_width
        filled = round(width * min(self.done, self.total) / self.total)
        full, empty = ("━", "─") if self.unicode else ("#", "-")
        yield Text(full * filled + empty * (width - filled), style="bold", end="")


def _fit_items(head: StyleAndTextTuples, items: list[StyleAndTextTuples], sep: str,
               width: int) -> StyleAndTextTuples:
    """`head item · item · ...`, starting a new line between items rather than inside one."""
    out: StyleAndTextTuples = list(head)
    used = sum(len(t) for _, t in head)
    indent = " " * min(used, 8)
    for i, item in enumerate(items):
        size = sum(len(t) for _, t in item)
        if i and used + len(sep) + size > width - 1:
            out.append(("", "\n" + indent))
            used = len(indent)
        elif i:
            out.append(("", sep))
            used += len(sep)
        out += item
        used += size
    return out


def _one_line(text: str, limit: int, ellipsis: str) -> str:
    """A prompt flattened and cut for a table cell: the scorecard is a summary, not the card."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - len(ellipsis)].rstrip() + ellipsis
