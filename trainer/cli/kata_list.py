"""`kata list`: each kata's standing, last and best run, per track, as a table or JSON.

The rows are read once (`rows()`: one `TrackRow` per kata and track) and then either
dumped (`as_json`, whose shape and words scripts rely on) or drawn (`draw`, the title
taking what is left of the line). Standings come from `kata_runner.progress`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from trainer.kata_runner.catalog import Kata
from trainer.kata_status import Standing

if TYPE_CHECKING:
    from rich.console import Console

    from trainer.store.progress_file import Store
    from trainer.store.rows import KataRun, KataSummary

STYLES = {Standing.PASSED: "green", Standing.IN_PROGRESS: "yellow"}
COLUMNS = ("kata", "level", "status", "last", "best")


@dataclass(frozen=True)
class TrackRow:
    """One kata in one track."""

    kata: Kata
    lang: str
    standing: Standing
    summary: KataSummary | None


def rows(katas: list[Kata], store: Store) -> list[tuple[TrackRow, TrackRow | None]]:
    """(python row, go row or None) for each kata."""
    from trainer.cli import kata, kata_go
    from trainer.kata_runner.golang.track import has_go
    from trainer.kata_runner.progress import standing

    out = []
    python, go = store.kata_summary(), store.kata_summary("go")
    for k in katas:
        s = python.get(k.slug)
        py = TrackRow(k, "python", standing(s, kata.started(k, store)), s)
        g = go.get(k.slug)
        go_row = (TrackRow(k, "go", standing(g, kata_go.started(k, store)), g)
                  if has_go(k) else None)
        out.append((py, go_row))
    return out


def _run_json(r: KataRun | None) -> dict[str, Any] | None:
    return None if r is None else {"at": r.at.isoformat(), "status": r.status.recorded,
                                   "passed": r.passed, "total": r.total,
                                   "duration_ms": r.duration_ms}


def _track_json(row: TrackRow) -> dict[str, Any]:
    s = row.summary
    return {"status": row.standing.value, "runs": s.runs if s else 0,
            "last": _run_json(s.last if s else None), "best": _run_json(s.best if s else None)}


def as_json(listed: list[tuple[TrackRow, TrackRow | None]]) -> list[dict[str, Any]]:
    return [{"slug": py.kata.slug, "title": py.kata.title, "level": py.kata.level or None,
             **_track_json(py), "go": None if go is None else _track_json(go)}
            for py, go in listed]


def _ago(at: datetime) -> str:
    seconds = (datetime.now(UTC) - at).total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


def _run_text(run: KataRun) -> str:
    return f"{run.status.value} {run.passed}/{run.total}"


def draw(console: Console, listed: list[tuple[TrackRow, TrackRow | None]]) -> None:
    from rich.table import Table

    from trainer.invocation import program

    if not listed:
        console.print("No katas are installed.")
        return
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in COLUMNS:
        table.add_column(column, no_wrap=True)
    cells = []
    for py, go in listed:
        for row in (py, go):
            if row is None:
                continue
            k, s, first = row.kata, row.summary, row.lang == "python"
            style = STYLES.get(row.standing, "dim")
            last = f"{_run_text(s.last)}, {_ago(s.last.at)}" if s else "-"
            best = _run_text(s.best) if s else "-"
            cells.append((k.slug if first else f"{k.slug}/go", (k.level or "-") if first else "",
                          f"[{style}]{row.standing}[/]", last, best, k.title if first else ""))
    # The title gets what is left of the line; the other columns are never squeezed.
    widths = [max([len(c[i]) if i != 2 else 11 for c in cells] + [len(h)])
              for i, h in enumerate(COLUMNS)]
    used = sum(widths) + 2 * 5  # one space either side between columns
    room = console.width - used - 1
    if room >= 12:
        table.add_column("title", no_wrap=True, max_width=room, overflow="ellipsis")
    for c in cells:
        table.add_row(*(c if room >= 12 else c[:5]))
    console.print(table)
    console.print(f"Start one with `{program()} kata start SLUG` (in Go: add --lang go).",
                  style="dim")
