"""The full-screen interview: rich for what the candidate reads, prompt_toolkit for what they type.

* Every question or probe gets a fresh screen: a title line with the one
  clock (time left in the interview and in the current phase), the question
  in a panel, then a multi-line answer box whose bottom bar counts down and
  submits by itself when the questions' time runs out.
* The live-coding screen shows the kata, the workspace and the file to edit in
  the candidate's own editor, the latest check result and the last hint; the
  file is watched (`trainer.kata_runner.watcher`) and every save runs a check.
  A one-line command prompt takes `check`, `hint` and `done`; its bottom bar
  shows the time left, and the phase ends by itself when the clock runs out.
* Ctrl-C (or Ctrl-D, or a closed input) pauses: the session saves and the
  clock stops.

rich and prompt_toolkit are imported here only, and this module only when an
interview starts. Like `TerminalUI`, the constructor takes the prompt_toolkit
input/output and the rich console, for tests.
"""
from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.styles import Style
from rich import box
from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from trainer.kata_status import Verdict
from trainer.sessions.interview_views import (
    Ask,
    CodingAction,
    CodingMove,
    CodingView,
    InterviewHeader,
)
from trainer.sessions.views import Reply, ReplyAction
from trainer.ui.interview_text import PROBE_LABEL, clock_text

LOW_TIME = 60.0
STYLE = Style.from_dict({
    "bottom-toolbar": "reverse",
    "key": "bold",
    "timer": "bold",
    "timer.low": "bold fg:ansired",
    "prompt": "bold fg:ansicyan",
})
COMMANDS: dict[str, CodingAction] = {
    "check": CodingAction.CHECK, "c": CodingAction.CHECK, "hint": CodingAction.HINT,
    "h": CodingAction.HINT, "done": CodingAction.DONE, "d": CodingAction.DONE}
VERDICT_STYLE = {"Strong hire": "green", "Hire": "green", "Lean hire": "yellow",
                 "Lean no hire": "red", "No hire": "red"}


class TerminalInterviewUI:
    """Implements `trainer.sessions.interview_views.InterviewUI` on a terminal."""

    def __init__(self, console: Console | None = None, *, input: Any = None, output: Any = None,
                 clock: Callable[[], float] = time.monotonic, clear: bool = True) -> None:
        if console is None:
            from trainer.ui.console import console as make_console

            console = make_console()
        self.console = console
        self.input = input
        self.output = output
        self.clock = clock
        self.clear = clear
        self.header: InterviewHeader | None = None
        self.unicode = (console.encoding or "").lower().replace("-", "").startswith("utf")
        self._notes: list[str] = []
        self._changes: queue.Queue[Path] | None = None
        self._watching: str | None = None
        self._watch_mode = ""
        self._answers: PromptSession[Any] | None = None
        self._commands: PromptSession[Any] | None = None

    # --- pieces -----------------------------------------------------------------------------
    @property
    def _box(self) -> box.Box:
        return box.ROUNDED if self.unicode else box.ASCII

    def _arrow(self) -> str:
        return " → " if self.unicode else " -> "

    def _sep(self) -> str:
        return " · " if self.unicode else " - "

    def _screen(self, where: str, left: float, phase: str, phase_left: float) -> None:
        if self.clear:
            self.console.clear()
        title = self.header.title if self.header else "Interview"
        grid = Table.grid(expand=True)
        grid.add_column(no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        clock = Text.assemble((f"{clock_text(left)} left", "bold red" if left <= LOW_TIME
                               else "bold"), self._sep(), f"{phase} {clock_text(phase_left)}")
        grid.add_row(Text.assemble((title, "bold"), self._sep(), where), clock)
        self.console.print(grid)
        for note in self._notes:
            self.console.print(Text.assemble(("note: ", "bold yellow"), note))
        self._notes.clear()

    def notice(self, text: str) -> None:
        self._notes.append(text)

    # --- the protocol --------------------------------------------------------------------------
    def begin(self, header: InterviewHeader) -> None:
        self.header = header
        if header.resumed_in:
            self.notice(f"resuming your interview in the {header.resumed_in} phase; "
                        f"the time it was stopped does not count")
        else:
            budgets = ", ".join(f"{b.phase.value} {clock_text(b.seconds)}" for b in header.budgets)
            self.notice(f"{header.questions} questions, then live coding ({header.kata}, "
                        f"{header.lang}): {clock_text(header.minutes * 60)} in all ({budgets})")

    def ask(self, ask: Ask) -> Reply:
        self._screen(f"question {ask.number} of {ask.total}", ask.clock.left, "questions",
                     ask.clock.phase_left)
        style = "cyan" if ask.probe is None else "magenta"
        heading = ask.heading
        self.console.print(Panel(Markdown(ask.text), title=Text(heading, style="bold"),
                                 title_align="left", border_style=style, box=self._box,
                                 padding=(0, 1)))
        return self._read_answer(ask)

    def _read_answer(self, ask: Ask) -> Reply:
        if self._answers is None:
            self._answers = PromptSession(input=self.input, output=self.output, style=STYLE,
                                          multiline=True, include_default_pygments_style=False)
        session = self._answers
        kb = KeyBindings()
        start = self.clock()
        deadline = start + ask.time_limit

        @kb.add("c-c")
        @kb.add("c-d")
        @kb.add(Keys.SIGINT)
        def _pause(event: KeyPressEvent) -> None:
            if not event.app.is_done:
                event.app.exit(result=Reply(ReplyAction.PAUSE, "", self.clock() - start))

        def toolbar() -> StyleAndTextTuples:
            left = deadline - self.clock()
            timer = "class:timer.low" if left <= LOW_TIME else "class:timer"
            return [("", " "), ("class:key", "Esc Enter"), ("", " submit" + self._sep()),
                    ("class:key", "Ctrl-C"), ("", " pause" + self._sep()),
                    (timer, f"questions {clock_text(left)} left ")]

        def start_timer() -> None:
            app = session.app

            async def expire() -> None:
                await asyncio.sleep(max(0.0, deadline - self.clock()))
                if not app.is_done:
                    app.exit(result=Reply(ReplyAction.TIMEOUT, session.default_buffer.text.strip(),
                                          self.clock() - start))

            app.create_background_task(expire())

        self.console.print(Text(" Your answer (the interviewer may push on what is missing)",
                                style="bold"))
        try:
            result = session.prompt([("class:prompt", "> ")], key_bindings=kb,
                                    bottom_toolbar=toolbar, refresh_interval=1.0,
                                    pre_run=start_timer,
                                    prompt_continuation=lambda w, n, s: "  ")
        except (KeyboardInterrupt, EOFError):
            return Reply(ReplyAction.PAUSE, "", self.clock() - start)
        if isinstance(result, Reply):
            return result
        return Reply(ReplyAction.ANSWER, str(result).strip(), self.clock() - start)

    # --- live coding ---------------------------------------------------------------------------
    def _watch(self, solution: str) -> None:
        """One watcher thread for the coding phase: every save lands in the queue."""
        if self._watching == solution:
            return
        from trainer.kata_runner.watcher import Changed, WatchMode, watch_file

        changes: queue.Queue[Path] = queue.Queue()
        self._changes, self._watching = changes, solution

        def work() -> None:
            try:
                for event in watch_file(Path(solution)):
                    if isinstance(event, WatchMode):
                        self._watch_mode = ("polling" if event.polling else "file events")
                    elif isinstance(event, Changed):
                        changes.put(event.path)
            except Exception as exc:  # the prompt still takes "check"
                self._watch_mode = f"not watching ({type(exc).__name__})"

        threading.Thread(target=work, name="interview-watch", daemon=True).start()

    def _check_panel(self, view: CodingView) -> RenderableType:
        c = view.latest
        if c is None:
            return Text(" No check yet: save your file (or type check) to run the hidden tests.",
                        style="dim")
        style = {Verdict.PASS: "bold green", Verdict.FAIL: "bold yellow"}.get(c.status, "bold red")
        lines: list[RenderableType] = [Text.assemble(
            (" Last check ", "bold"), (f"{c.status.upper()} {c.passed}/{c.total}", style),
            (f" at {clock_text(c.at)} into the coding", "dim"))]
        for f in c.failures:
            lines.append(Text(f"   FAIL {f}", overflow="fold"))
        if c.message and c.status is Verdict.ERROR:
            lines.append(Text("   " + c.message.splitlines()[0], style="red"))
        return Group(*lines)

    def coding(self, view: CodingView, heartbeat: Callable[[], None] = lambda: None) -> CodingMove:
        self._watch(view.solution)
        self._screen("live coding", view.clock.left, "coding", view.clock.phase_left)
        body = Group(
            Text.assemble(("Task: ", "bold"), str(Path(view.workspace) / "README.md")),
            Text.assemble(("Edit: ", "bold"), (view.solution, "cyan"),
                          " in your editor; every save runs the tests."),
            Text(f"Checks {view.checks}{self._sep()}hints {view.hints_used}/{view.hints_total}"
                 + (f"{self._sep()}{self._watch_mode}" if self._watch_mode else ""), style="dim"),
        )
        self.console.print(Panel(body, title=Text(f"{view.kata} ({view.lang})", style="bold"),
                                 title_align="left", border_style="cyan", box=self._box,
                                 padding=(0, 1)))
        self.console.print(self._check_panel(view))
        if view.hint:
            self.console.print(Panel(Text(view.hint), border_style="yellow", box=self._box,
                                     padding=(0, 1)))
        return self._read_command(view, heartbeat)

    def _read_command(self, view: CodingView, heartbeat: Callable[[], None]) -> CodingMove:
        if self._commands is None:
            self._commands = PromptSession(input=self.input, output=self.output, style=STYLE,
                                           include_default_pygments_style=False)
        session = self._commands
        deadline = self.clock() + view.clock.left
        changes = self._changes
        kb = KeyBindings()

        @kb.add("c-c")
        @kb.add("c-d")
        @kb.add(Keys.SIGINT)
        def _pause(event: KeyPressEvent) -> None:
            if not event.app.is_done:
                event.app.exit(result=CodingMove(CodingAction.PAUSE))

        def toolbar() -> StyleAndTextTuples:
            left = deadline - self.clock()
            timer = "class:timer.low" if left <= LOW_TIME else "class:timer"
            return [("", " "), ("class:key", "check"), ("", " "), ("class:key", "hint"), ("", " "),
                    ("class:key", "done"), ("", self._sep()), ("class:key", "Ctrl-C"),
                    ("", " pause" + self._sep()), (timer, f"{clock_text(left)} left ")]

        def start_watch() -> None:
            app = get_app()

            async def wait() -> None:
                while not app.is_done:
                    if deadline - self.clock() <= 0:
                        app.exit(result=CodingMove(CodingAction.TIMEOUT))
                        return
                    if changes is not None and not changes.empty():
                        while not changes.empty():
                            changes.get_nowait()
                        app.exit(result=CodingMove(CodingAction.CHECK))
                        return
                    heartbeat()  # the session saves the clock every few seconds
                    await asyncio.sleep(0.2)

            app.create_background_task(wait())

        while True:
            try:
                result = session.prompt([("class:prompt", "interview> ")], key_bindings=kb,
                                        bottom_toolbar=toolbar, refresh_interval=1.0,
                                        pre_run=start_watch)
            except (KeyboardInterrupt, EOFError):
                return CodingMove(CodingAction.PAUSE)
            if isinstance(result, CodingMove):
                return result
            action = COMMANDS.get(str(result).strip().lower())
            if action is not None:
                return CodingMove(action)
            if str(result).strip():
                self.console.print(Text(f" '{str(result).strip()}': type check, hint or done.",
                                        style="yellow"))

    def checking(self, view: CodingView) -> None:
        self.console.print(Text(f" Checking {Path(view.solution).name}...", style="dim"))

    # --- the end -----------------------------------------------------------------------------
    def finish(self, scorecard: dict[str, Any] | None, paused: bool, resume_hint: str) -> None:
        if paused:
            self.console.print()
            self.console.print(Panel(Text.assemble(
                "The clock is stopped and your interview is saved.\nContinue with: ",
                (resume_hint, "bold cyan")), title=Text("Interview paused", style="bold"),
                title_align="left", border_style="yellow", expand=False, box=self._box))
            return
        if not scorecard:
            return
        if self.clear:
            self.console.clear()
        self.console.print(self._scorecard(scorecard))

    def _scorecard(self, card: dict[str, Any]) -> RenderableType:
        style = VERDICT_STYLE.get(card["verdict"], "bold")
        parts: list[RenderableType] = [Panel(
            Group(Text.assemble(("Verdict: ", "bold"), (card["verdict"], f"bold {style}"),
                                self._sep(), (f"{card['score']}/100", "bold")),
                  *(Text(r) for r in card.get("reasons", []))),
            title=Text(f"{card.get('title', 'Interview')}: scorecard", style="bold"),
            title_align="left", border_style=style, box=self._box, padding=(0, 1))]
        table = Table(box=box.SIMPLE_HEAD if self.unicode else box.ASCII, expand=True,
                      pad_edge=False, show_edge=False)
        table.add_column("#", justify="right", no_wrap=True, width=2)
        table.add_column("Question, probes and what was missed", ratio=1, overflow="fold")
        table.add_column("Points", justify="right", no_wrap=True)
        for q in card["questions"]:
            rows: list[RenderableType] = [Text(" ".join(q["prompt"].split()))]
            for missed in q["missed"]:
                rows.append(Text(f"  missed: {missed}", style="dim"))
            for p in q["probes"]:
                went = "recovered" if p["recovered"] else "not recovered"
                rows.append(Text.assemble(
                    (f"  {PROBE_LABEL.get(p['kind'], p['kind'])}: ", "italic"),
                    " ".join(p["text"].split()), self._arrow(),
                    (went, "green" if p["recovered"] else "red")))
            for m in q["misconceptions"]:
                rows.append(Text(f"  misconception: {m['correction']}", style="yellow"))
            points = f"{q['covered']}/{q['points']}" + (f" +{q['recovered']}" if q["recovered"]
                                                        else "")
            table.add_row(str(q["number"]), Group(*rows), points)
        parts.append(table)
        kata = card["kata"]
        parts.append(Text.assemble(
            ("Live coding: ", "bold"), f"{kata['title']} ({kata['lang']}) ",
            (f"{kata['passed']}/{kata['total']} tests", "bold"),
            f", time {clock_text(kata['seconds'])}, first green {clock_text(kata['first_green'])}"
            f", checks {kata['checks']}, hints {kata['hints']}"))
        for title, items, mark in (("Red flags", card["red_flags"], "red"),
                                   ("Strong signals", card["strong_signals"], "green")):
            if not items:
                parts.append(Text.assemble((f"{title}: ", "bold"), ("none", "dim")))
                continue
            parts.append(Text(f"{title}:", style="bold"))
            for item in items:
                parts.append(Text.assemble("  ", (item["title"], mark),
                                           (f" (answer {', '.join(item['answers'])})", "dim")))
                for ev in item.get("evidence", [])[:1]:
                    parts.append(Text(f'    "{" ".join(ev.split())[:100]}"', style="dim"))
        practise = card["practise"]
        parts.append(Text.assemble(("Practise next ", "bold"), "(first in your next review): ",
                                   ", ".join(c["id"] for c in practise["cards"])))
        parts.append(Text.assemble(("Kata next: ", "bold"),
                                   (f"trainer kata start {practise['kata']}", "cyan")))
        parts.append(Text(f"How it is scored: {card['rules']}", style="dim"))
        return Group(*parts)
