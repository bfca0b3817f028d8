"""What the full-screen session UI draws: rich renderables built from the session's records.

Kept apart from the key handling (`terminal_input`) and the screen flow
(`terminal`) so every piece of a screen is a plain function of a record and
a `Look`, testable on a recording Console without a terminal or a keypress.
`Look` carries the terminal's limits (no UTF-8, no colour), so each piece
degrades to ASCII the same way.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from trainer.bank import Card
from trainer.bank.model import Kind, Level
from trainer.rating import Rating
from trainer.sessions.scorecard import Finding, Scorecard
from trainer.sessions.views import Feedback, PointCheck, Summary
from trainer.ui.cards import markdown
from trainer.ui.session_text import card_heading, format_interval, summary_lines

LEVEL_STYLE: dict[str, str] = {Level.JUNIOR: "green", Level.MIDDLE: "cyan",
                               Level.SENIOR: "magenta", Level.STAFF: "red"}
RATING_STYLE = {Rating.AGAIN: "red", Rating.HARD: "yellow", Rating.GOOD: "green",
                Rating.EASY: "blue"}


@dataclass(frozen=True)
class Look:
    """What the terminal can show: UTF-8 glyphs, and colour (the checklist marks need both)."""

    unicode: bool
    glyphs: bool        # ✔/✘ marks; without colour or UTF-8 they become [x]/[ ]
    mono: bool          # no colour at all: bars drawn with characters

    @classmethod
    def of(cls, console: Console) -> Look:
        encoding = (console.encoding or "").lower().replace("-", "").replace("_", "")
        unicode = encoding.startswith("utf")
        return cls(unicode, unicode and not console.no_color,
                   console.no_color or console.color_system is None)

    def g(self, fancy: str, plain: str) -> str:
        return fancy if self.unicode else plain

    @property
    def box(self) -> box.Box:
        return box.ROUNDED if self.unicode else box.ASCII

    @property
    def sep(self) -> str:
        return self.g(" · ", " - ")

    def mark(self, covered: bool) -> Text:
        if self.glyphs:
            return Text("✔", style="bold green") if covered else Text("✘", style="bold red")
        return Text("[x]" if covered else "[ ]", style="green" if covered else "red")


class MonoBar:
    """A progress bar readable without colour: rich's leaves the remaining part blank then."""

    def __init__(self, total: int, done: int, unicode: bool) -> None:
        self.total, self.done, self.unicode = max(total, 1), done, unicode

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = options.max_width
        filled = round(width * min(self.done, self.total) / self.total)
        full, empty = ("━", "─") if self.unicode else ("#", "-")
        yield Text(full * filled + empty * (width - filled), style="bold", end="")


def title_bar(look: Look, title: str, total: int, done: int, where: str) -> Table:
    """Session title, a progress bar and "card k of n" on one line."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_column(no_wrap=True, justify="right")
    bar: RenderableType
    if look.mono:
        bar = MonoBar(total, done, look.unicode)
    else:
        bar = ProgressBar(total=max(total, 1), completed=done, complete_style="cyan",
                          finished_style="green")
    grid.add_row(Text(title, style="bold"), bar, Text(where, style="bold"))
    return grid


def card_panel(look: Look, card: Card, time_limit: float | None) -> Panel:
    """The card's kind, level and prompt (as Markdown), its tags and time limit below."""
    heading = Text(card_heading(card).replace(" · ", look.sep), style="bold")
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
                 box=look.box, padding=(0, 1))


def model_answer(look: Look, card: Card) -> Panel:
    return Panel(markdown(card.answer.strip()), title=Text("Model answer", style="bold green"),
                 title_align="left", border_style="green", padding=(0, 1), box=look.box)


def _share_style(share: float) -> str:
    return "green" if share >= 0.8 else "yellow" if share >= 0.4 else "red"


def checklist(look: Look, points: tuple[PointCheck, ...]) -> Group:
    """The key points, each marked covered or missed, under "k of n covered"."""
    covered = sum(p.covered for p in points)
    style = _share_style(covered / len(points))
    rows: list[RenderableType] = [Text.assemble(
        (" Key points ", "bold"), (f"{covered} of {len(points)} covered", f"bold {style}"))]
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for p in points:
        grid.add_row(look.mark(p.covered), Text(p.text))
    rows.append(Padding(grid, (0, 0, 0, 3)))
    return Group(*rows)


def flags_and_signals(look: Look, fb: Feedback) -> Group | None:
    """Misconceptions, red flags and strong signals the answer showed; None when none."""
    if not fb.flags and not fb.signals and not fb.misconceptions:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for mc in fb.misconceptions:
        grid.add_row(Text(look.g("✘ Misconception:", "x Misconception:"), style="bold red"),
                     Text(mc.correction))
    for flag in fb.flags:
        grid.add_row(Text(look.g("⚑ Red flag", "! Red flag"), style="bold red"),
                     Text(flag.title or flag.id))
    for signal in fb.signals:
        grid.add_row(Text(look.g("★ Strong signal", "+ Strong signal"), style="bold green"),
                     Text(signal.title or signal.id))
    return Group(Text(""), Padding(grid, (0, 0, 0, 1)))


def rating_text(rating: Rating) -> tuple[str, str]:
    """`3 Good` in the rating's colour, as a (text, style) pair for `Text.assemble`."""
    return f"{rating.key} {rating.label}", f"bold {RATING_STYLE[rating]}"


def ratings_line(fb: Feedback) -> Text:
    """The four ratings with their next intervals; the suggested one stands out."""
    line = Text()
    for r in Rating:
        if r not in fb.intervals:
            continue
        label = f"{r.key} {r.label}"
        when = format_interval(fb.intervals[r].total_seconds())
        line.append(" ")
        if r == fb.suggested:
            line.append(f" {label} {when} ", style=f"bold reverse {RATING_STYLE[r]}")
        else:
            line.append(f" {label}", style=f"bold {RATING_STYLE[r]}")
            line.append(f" {when} ", style="dim")
    return Text.assemble((" Suggested: ", "bold"), rating_text(fb.suggested), "\n", line)


def rated(look: Look, fb: Feedback, rating: Rating) -> Text:
    """How a rated card ended: the rating and when the card comes back."""
    interval = fb.intervals.get(rating)
    when = (f"{look.sep}next time in {format_interval(interval.total_seconds())}"
            if interval else "")
    return Text.assemble(" Rated ", rating_text(rating), when)


SKIPPED = " Skipped: no review recorded."


def summary_panel(look: Look, summary: Summary) -> Panel:
    """The end of a session (or where it paused and how to go on)."""
    body = Text()
    for i, line in enumerate(summary_lines(summary)):
        if i:
            body.append("\n")
        if summary.paused and line.startswith("Continue with: "):
            body.append("Continue with: ")
            body.append(line.removeprefix("Continue with: "), style="bold cyan")
        else:
            body.append(line, style="bold" if i == 0 else "")
    title = f"{summary.kind.label} {'paused' if summary.paused else 'complete'}"
    return Panel(body, title=Text(title, style="bold"), title_align="left",
                 border_style="yellow" if summary.paused else "green", expand=False,
                 padding=(0, 1), box=look.box)


def scorecard(look: Look, card: Scorecard) -> Group:
    """The mock interview's scorecard: a table of the questions, flags, signals, verdict."""
    title = Text(card.title + ": scorecard", style="bold")
    table = Table(title=title, title_justify="left",
                  box=box.SIMPLE_HEAD if look.unicode else box.ASCII,
                  expand=True, pad_edge=False, show_edge=False, leading=1)
    table.add_column("#", justify="right", no_wrap=True, width=2)
    table.add_column("Question", ratio=1, overflow="fold")
    table.add_column("Key points", justify="right", no_wrap=True)
    table.add_column("Time", justify="right", no_wrap=True)
    for q in card.questions:
        if q.skipped:
            points = Text("skipped", style="dim")
        else:
            points = Text(f"{q.covered}/{q.points}", style=_share_style(q.share))
        used = Text(format_interval(q.seconds), style="bold yellow" if q.timed_out else "")
        follow_up = q.kind == Kind.FOLLOW_UP
        prompt = Text(one_line(q.prompt or q.id, 120, look.g("…", "...")),
                      style="dim" if follow_up else "")
        if follow_up:
            prompt = Text.assemble(("follow-up: ", "italic dim"), prompt)
        question: RenderableType = prompt
        if q.timed_out:  # said under the question: the Time column stays narrow
            prompt = Text.assemble(prompt, "\n", (f"{format_interval(q.seconds)} (over the limit)",
                                                  "bold yellow"))
            question = prompt
        if q.missed:
            missed = Table.grid(padding=(0, 1))
            missed.add_column(no_wrap=True)
            missed.add_column()
            for point in q.missed:
                missed.add_row(look.mark(False), Text(point, style="dim"))
            question = Group(prompt, missed)
        table.add_row(str(q.number), question, points, used)
    parts: list[RenderableType] = [table]
    parts += _findings("Red flags", card.red_flags, Text(look.g("⚑", "!"), style="bold red"))
    parts += _findings("Strong signals", card.strong_signals,
                       Text(look.g("★", "+"), style="bold green"))
    style = "green" if card.score >= 65 else "yellow" if card.score >= 50 else "red"
    verdict = Text.assemble(("Verdict: ", "bold"), (card.verdict, f"bold {style}"),
                            look.sep, (f"{card.score}/100", "bold"))
    parts += [Text(""), Panel(verdict, expand=False, border_style=style, padding=(0, 2),
                              box=look.box),
              Text(f"How it is scored: {card.rules}", style="dim"), Text("")]
    return Group(*parts)


def _findings(title: str, items: tuple[Finding, ...], mark: Text) -> list[RenderableType]:
    parts: list[RenderableType] = [Text("")]
    if not items:
        return parts + [Text.assemble((title + ": ", "bold"), ("none", "dim"))]
    parts.append(Text(title, style="bold"))
    for item in items:
        answers = ", ".join(map(str, item.answers))
        parts.append(Text.assemble("  ", mark, " ", item.title, (f"  (answer {answers})", "dim")))
        for ev in item.evidence:
            if ev.text:
                parts.append(Padding(Text(f"answer {ev.answer}: “{ev.text}”",
                                          style="dim italic"), (0, 0, 0, 6)))
    return parts


def one_line(text: str, limit: int, ellipsis: str) -> str:
    """A prompt flattened and cut for a table cell: the scorecard is a summary, not the card."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - len(ellipsis)].rstrip() + ellipsis
