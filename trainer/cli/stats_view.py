"""Draws `trainer stats` from the `Stats` record `trainer.stats.compute` returns.

Everything fits 80 columns, and nothing relies on colour: bars and the
calendar use block and shade characters, so NO_COLOR (or a monochrome
terminal) loses no information. rich is imported by the caller's console.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from trainer.invocation import program
from trainer.stats import level_order
from trainer.ui.session_text import plural

if TYPE_CHECKING:
    from rich.console import Console

    from trainer.stats import DayCount, KataTrack, Mastery, Stats, Today
    from trainer.workload import WorkloadReport

_SHADES = " ░▒▓█"
_BLOCKS = " ▁▂▃▄▅▆▇█"
MAX_TAGS = 12


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def _bar(fraction: float, width: int) -> str:
    full = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * full + "·" * (width - full)


def due_text(today: Today) -> str:
    """`8 due (3 now, 5 later today)`: the one wording of "due" (home screen and stats)."""
    if not today.due_later:
        return f"{today.due} due"
    return f"{today.due} due ({today.due_now} now, {today.due_later} later today)"


def render(console: Console, data: Stats) -> None:
    from rich.text import Text

    c = data.cards
    t = data.today
    console.print(Text("Progress", style="bold"), Text(f"  store: {data.store}", style="dim"))
    if data.bank_error:
        console.print(Text(f"(bank not loaded: {data.bank_error})", style="yellow"))
    console.print(
        f"Cards    new {c.new}  learning {c.learning}  review {c.review}  "
        f"relearning {c.relearning}  suspended {c.suspended}"
        + (f"  retired {c.retired}" if c.retired else ""))
    console.print(
        f"Today    {due_text(t)}, {t.new_available} new available; answered "
        f"{t.answered} ({t.new_done} new)   "
        f"Streak {data.streak} day{'s' if data.streak != 1 else ''}")
    r7, r30 = data.retention[7], data.retention[30]
    console.print(
        f"Retention  7 days {_pct(r7.rate)} ({r7.passed}/{r7.reviews})   "
        f"30 days {_pct(r30.rate)} ({r30.passed}/{r30.reviews})   "
        f"target {_pct(data.desired_retention)}")
    console.print(f"Answers  {data.reviews_total} in all")
    p = data.parameters
    if p.fitted and p.fitted_at is not None:
        console.print(f"Scheduler  FSRS fitted {p.fitted_at.date().isoformat()} on {p.reviews} "
                      f"reviews, log loss {p.log_loss:.3f} (was {p.previous_log_loss:.3f})")
    else:
        console.print("Scheduler  FSRS default parameters (`trainer optimize` fits them to you)")

    console.print()
    _forecast(console, data.forecast)
    console.print()
    _calendar(console, data.calendar)

    # Levels in the interview's order (junior first), tags biggest first.
    _mastery(console, "level", "Mastery by level", level_order(data.levels), None)
    _mastery(console, "tag", "Mastery by tag",
             sorted(data.tags, key=lambda g: (-g.cards, g.name)), MAX_TAGS)

    console.print()
    if data.leeches:
        console.print(Text("Leeches", style="bold"),
                      Text("(cards forgotten again and again: rewrite or split them, then "
                           f"`{program()} unsuspend ID`)", style="dim"))
        for leech in data.leeches:
            state = "suspended" if leech.suspended else "unsuspended"
            gone = "" if leech.in_bank else ", no longer in the bank"
            console.print(f"  {leech.id}  {plural(leech.lapses, 'lapse')}, {state}{gone}")
    else:
        console.print("Leeches  none")

    for katas, track in ((data.katas, ""), (data.katas_go, " in Go")):
        _katas(console, katas, track)


def _mastery(console: Console, key: str, title: str, items: Sequence[Mastery],
             limit: int | None) -> None:
    """One mastery table (a bar per group); at most `limit` rows, the rest pointed to."""
    from rich.table import Table
    from rich.text import Text

    if not items:
        return
    shown = items if limit is None else items[:limit]
    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
    table.add_column(key)
    table.add_column("cards", justify="right")
    table.add_column("seen", justify="right")
    table.add_column("mature", justify="right")
    table.add_column("mastery")
    for g in shown:
        table.add_row(g.name, str(g.cards), str(g.seen), str(g.mature),
                      f"{_bar(g.mastery, 20)} {_pct(g.mastery)}")
    console.print()
    console.print(table)
    if len(items) > len(shown):
        console.print(Text(f"  … {len(items) - len(shown)} more tags in `{program()} stats --json`",
                           style="dim"))


def _katas(console: Console, katas: KataTrack, track: str) -> None:
    """One track's katas: status, last run, best run, runs."""
    from rich.table import Table

    if not katas.katas:
        return
    console.print()
    table = Table(title=f"Katas{track} ({katas.passed} passed)", title_justify="left",
                  box=None, pad_edge=False)
    for col in ("kata", "status", "last run", "best", "runs"):
        table.add_column(col, justify="right" if col == "runs" else "left")
    for k in katas.katas:
        last, best = k.last, k.best
        table.add_row(k.slug, k.status,
                      f"{to_day(last.at)} {last.status.recorded} {last.passed}/{last.total}",
                      f"{best.passed}/{best.total}", str(k.runs))
    console.print(table)


def to_day(at: datetime) -> str:
    """The UTC date of a stored instant, as `stats --json` prints its first ten characters."""
    from trainer.store.timefmt import to_db

    return to_db(at)[:10]


def _forecast(console: Console, forecast: Sequence[DayCount], height: int = 5) -> None:
    """A vertical bar chart, two columns per day: 30 days in 60 columns."""
    from rich.text import Text

    counts = [d.count for d in forecast]
    top = max(counts) if counts else 0
    console.print(Text(f"Due in the next {len(counts)} days", style="bold"),
                  Text(f"(total {sum(counts)}, busiest day {top})", style="dim"))
    if not top:
        console.print("  nothing due")
        return
    eighths = [round(n / top * height * 8) if n else 0 for n in counts]
    for row in range(height, 0, -1):
        line = ""
        for e in eighths:
            level = max(0, min(8, e - (row - 1) * 8))
            line += _BLOCKS[level] * 2
        label = f"{top:>4} " if row == height else "     "
        console.print(label + line.rstrip(), style="cyan", highlight=False)
    axis = "".join("|" if i % 7 == 0 else " " for i in range(len(counts)))
    console.print("     " + "".join(ch + " " for ch in axis).rstrip(), style="dim")
    marks = "     "
    for i in range(0, len(counts), 7):
        label = "today" if i == 0 else f"+{i}d"
        marks = marks.ljust(5 + 2 * i) + label
    console.print(marks, style="dim")


def _calendar(console: Console, calendar: Sequence[DayCount]) -> None:
    """Weeks as columns, Monday..Sunday as rows, shade = answers that day."""
    from datetime import date

    from rich.text import Text

    if not calendar:
        return
    counts = [d.count for d in calendar]
    top = max(counts)
    weeks = (len(calendar) + 6) // 7
    console.print(Text(f"Answers per day, last {weeks} weeks", style="bold"),
                  Text(f"(busiest day {top}; {_SHADES[1:]} = fewer → more)", style="dim"))
    first = calendar[0].date
    header = [" "] * (2 * weeks + 4)
    for w in range(weeks):
        d = date.fromordinal(first.toordinal() + 7 * w)
        if d.day <= 7:  # label the first week of each month
            label = d.strftime("%b")
            if all(ch == " " for ch in header[max(0, 2 * w - 1):2 * w + 3]):
                header[2 * w:2 * w + 3] = label
    console.print(("      " + "".join(header)).rstrip(), style="dim")
    for dow, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")):
        line = f"  {name} "
        for w in range(weeks):
            i = 7 * w + dow
            if i >= len(counts):
                break
            n = counts[i]
            shade = _SHADES[0] if n == 0 else _SHADES[min(4, 1 + (n * 4 - 1) // max(1, top))]
            line += (shade if n else "·") * 2
        console.print(line, style="green", highlight=False)


def render_workload(console: Console, data: WorkloadReport) -> None:
    """One sparkline row per retention on a shared scale: 30 days in 60 columns, 78 in all."""
    from rich.text import Text

    rows = data.workload
    top = max((max(r.reviews) for r in rows if r.reviews), default=0)
    console.print(Text(f"Expected reviews per day, next {data.days} days", style="bold"),
                  Text(f"(simulated, {data.parameters.source} parameters, peak {top:.0f})",
                       style="dim"))
    console.print(Text(f"{data.cards} cards scheduled, {data.unseen} new to come at "
                       f"{data.new_per_day} a day, at most {data.reviews_per_day} answers a day",
                       style="dim"))
    console.print(Text("  target".ljust(70) + "avg/day", style="dim"))
    for r in rows:
        line = ""
        for n in r.reviews:
            level = 0 if not top or not n else max(1, min(8, round(n / top * 8)))
            line += _BLOCKS[level] * 2 if level else "··"
        mark = "*" if abs(r.retention - data.desired_retention) < 1e-9 else " "
        console.print(f" {mark}{r.retention * 100:>3.0f}%   {line}  {round(r.average, 2):>6.1f}",
                      highlight=False)
    marks = " " * 9
    for i in range(0, data.days, 7):
        label = "today" if i == 0 else f"+{i}d"
        marks = marks.ljust(9 + 2 * i) + label
    console.print(marks, style="dim")
    console.print(Text("* your desired_retention; a higher one means more reviews, less "
                       "forgotten", style="dim"))
