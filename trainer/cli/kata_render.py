"""What `kata check` and `kata watch` print for a finished check, on a rich Console.

Rendering only, for both tracks: the test list (identical failures capped into one
line), the first-failure panel, the summary line, the per-test times, the sandbox
line, the debrief, and the watch screen that shows what changed between runs. Every
function takes the Console to print on, so tests render on a recording Console
(`Console(record=True)`) without a terminal or a test process. rich is imported by
the commands that use this module, never by `trainer --help`.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from trainer.kata_runner.catalog import Kata
from trainer.kata_runner.digest import FailureDetail, changes, first_failure, groups, outcomes
from trainer.kata_runner.report import Report
from trainer.kata_runner.watcher import WatchMode
from trainer.kata_status import Verdict

WORDS: dict[Verdict, tuple[str, str]] = {
    Verdict.PASS: ("PASS ", "green"), Verdict.FAIL: ("FAIL ", "red"),
    Verdict.ERROR: ("ERROR", "bold red")}


def render_report(console: Console, kata: Kata, report: Report, solution: Path, *,
                  passes: bool = True) -> None:
    """The whole result of one check: the list, the first failure, the summary."""
    shown = os.path.basename(str(solution))
    if report.status is Verdict.ERROR and not report.tests:
        console.print(Text.assemble(("ERROR", "bold red"), f" {shown} could not be checked"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, width=5)
        grid.add_column(overflow="fold")
        grid.add_row("", Text(report.message or "no test could run"))
        for frame in report.frames:
            grid.add_row("", Text(frame.render(shown), style="cyan"))
        if report.output:
            grid.add_row("", Text("output: " + head(report.output), style="dim"))
        console.print(grid)
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=5)
    grid.add_column(overflow="fold")
    # Identical failures (the starter fails 48 tests with one NotImplementedError) are
    # one line; any other failure is one line of its own. Passes are listed unless asked not.
    capped = {t.id: g for g in groups(report.tests) if g.capped for t in g.tests}
    said: set[int] = set()
    # By rule (the README's numbering), then in the suite's order.
    ordered = sorted(report.tests, key=lambda t: (t.task_id is None, t.task_id or 0))
    for t in ordered:
        if t.status is Verdict.PASS and not passes:
            continue
        word, style = WORDS[t.status]
        group = capped.get(t.id)
        if group is not None:
            if id(group) not in said:
                said.add(id(group))
                grid.add_row(Text(word, style=style), Text(group.line()))
            continue
        name = Text(t.name)
        if t.task_id is not None:
            name = Text.assemble((f"rule {t.task_id} · ", "dim"), t.name)
        if t.status is not Verdict.PASS and t.message:
            name.append(" - " + t.message.strip().splitlines()[0], style="dim")
        name.no_wrap, name.overflow = True, "ellipsis"  # one line per test
        grid.add_row(Text(word, style=style), name)
    console.print(grid)
    detail = first_failure(ordered)
    if detail is not None:
        console.print(failure_panel(detail, shown))
    if report.status is Verdict.ERROR and report.message:
        console.print(Text(report.message, style="red"))
    failed = report.total - report.passed
    seconds = f"{report.duration:.1f} s"
    summary = f"{kata.slug}: {report.passed}/{report.total} passed"
    if report.status is Verdict.PASS:
        console.print(Text(f"{summary} in {seconds}. Well done!", style="bold green"))
    else:
        console.print(Text(f"{summary}, {failed} failed, in {seconds}.", style="bold"))
    if report.restarts:
        times = "once" if report.restarts == 1 else f"{report.restarts} times"
        console.print(Text(f"(a test hung or crashed: the test process was restarted {times})",
                           style="dim"))


def failure_panel(detail: FailureDetail, shown: str) -> Panel:
    """The first failing test: its input, what was expected and what came instead."""
    t = detail.test
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    grid.add_row("test", Text((f"rule {t.task_id} · " if t.task_id is not None else "") + t.name))
    if detail.input:
        grid.add_row("input", Text(detail.input))
    if detail.expected is not None:
        grid.add_row("expected", Text(detail.expected, style="green"))
        grid.add_row("actual", Text(detail.actual or "", style="red"))
    grid.add_row("problem", Text(detail.problem))
    for i, frame in enumerate(detail.frames):
        grid.add_row("your code" if i == 0 else "", Text(frame.render(shown), style="cyan"))
    if t.output:
        grid.add_row("output", Text(head(t.output), style="dim"))
    return Panel(grid, title=Text("First failure", style="bold red"), title_align="left",
                 border_style="red", expand=False)


def head(text: str, lines: int = 3) -> str:
    parts = text.rstrip("\n").splitlines()
    if len(parts) <= lines:
        return "\n".join(parts)
    return "\n".join(parts[:lines]) + f"\n… {len(parts) - lines} more lines (--json shows them)"


def timings(console: Console, report: Report) -> None:
    """--verbose: each test's time, slowest first."""
    for t in sorted(report.tests, key=lambda t: -t.duration):
        console.print(Text(f"{t.duration * 1000:9.1f} ms  {t.name}", style="dim"))


def sandbox_line(console: Console, report: Report) -> None:
    """One honest line when the learner's code ran without a sandbox."""
    if report.sandbox == "none" and report.tests:
        from trainer.kata_runner.sandbox import SandboxMode, describe

        console.print(Text(describe(SandboxMode.NONE), style="dim"))


def debrief(console: Console, path: Path) -> None:
    """The kata's debrief (after a pass), if it has one."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return
    from rich.markdown import Markdown  # markdown-it: only when there is a debrief

    console.print()
    console.print(Markdown(text))


class WatchScreen:
    """What `kata watch` prints per run: a timestamped separator, then the news.

    The first run shows every test; later runs show the failures and what changed
    since the previous run (newly passing, newly failing). The debrief is shown
    once, on the first pass; the screen is never cleared, so earlier runs stay in
    the scrollback.
    """

    def __init__(self, console: Console, kata: Kata, solution: Path,
                 clock: Callable[[], time.struct_time] | None = None, *,
                 debrief: Path | None = None) -> None:
        self.console, self.kata, self.solution = console, kata, solution
        self.debrief = debrief or kata.debrief
        self.clock = clock or time.localtime
        self.runs = 0
        self.before: dict[str, bool] | None = None
        self.debriefed = False

    def separator(self) -> None:
        self.runs += 1
        stamp = time.strftime("%H:%M:%S", self.clock())
        self.console.print(Rule(f"run {self.runs} · {stamp}", align="left", style="dim",
                                characters="-" if not _utf8(self.console) else "─"))

    def show(self, report: Report) -> None:
        self.separator()
        render_report(self.console, self.kata, report, self.solution, passes=self.before is None)
        if self.before is not None:
            self.console.print(changes(self.before, report.tests).line(), markup=False)
        self.before = outcomes(report.tests)
        if report.status is Verdict.PASS:
            if not self.debriefed:
                debrief(self.console, self.debrief)
                self.debriefed = True
            else:
                self.console.print("(the debrief is above, after your first pass)",
                                   style="dim", markup=False)


def _utf8(console: Console) -> bool:
    return (console.encoding or "").lower().replace("-", "").startswith("utf")


def mode_text(mode: WatchMode) -> str:
    """How the watcher notices a save, for the `Watching ...` line."""
    if not mode.polling:
        return "(file events)"
    return f"(polling every {mode.interval:g} s: {mode.reason})"
