"""Plain-text pieces shared by every session UI (headings, intervals, summaries)."""
from __future__ import annotations

from trainer.bank import Card
from trainer.bank.model import Kind
from trainer.invocation import program
from trainer.sessions.scorecard import Scorecard
from trainer.sessions.views import Summary

KIND_LABEL: dict[str, str] = {  # card kind -> its heading
    Kind.QUESTION: "Question",
    Kind.FOLLOW_UP: "Follow-up",
    Kind.CONCEPT_CHECK: "Concept check",
    Kind.RED_FLAG: "Red flag",
    Kind.STRONG_SIGNAL: "Strong signal",
    Kind.LIVE_CODING: "Live coding",
}


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 lapse`, `2 lapses`: a count with its noun agreeing."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def card_heading(card: Card) -> str:
    label = KIND_LABEL.get(card.kind, card.kind)
    if card.number:
        label += f" {card.number}"
    if card.level:
        label += f" · {card.level}"
    return label


def format_interval(seconds: float) -> str:
    """A short human interval: 45s, 10m, 3h, 4d, 2mo, 1.5y."""
    s = max(0.0, float(seconds))
    if s < 60:
        return f"{round(s)}s"
    if s < 3600:
        return f"{round(s / 60)}m"
    if s < 86400:
        return f"{round(s / 3600)}h"
    days = s / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30)}mo"
    return f"{days / 365:.1f}y"


def summary_lines(summary: Summary) -> list[str]:
    if summary.paused:
        lines = [f"Paused at card {summary.position} of {summary.total}: your progress is saved.",
                 f"Continue with: {program()} {summary.kind} --resume"]
    else:
        lines = [f"Done: {summary.answered} answered, {summary.skipped} skipped"
                 + (f", {summary.timed_out} over time" if summary.timed_out else "") + "."]
    if summary.answered:
        lines.append(f"Key points covered: {summary.coverage:.0%} on average.")
    if summary.ratings:
        lines.append("Ratings: " + ", ".join(f"{r.label} {n}"
                                             for r, n in sorted(summary.ratings.items())))
    return lines


def scorecard_lines(card: Scorecard) -> list[str]:
    lines = [f"SCORECARD: {card.verdict} ({card.score}/100)"]
    for q in card.questions:
        time_used = format_interval(q.seconds) + (" (over the limit)" if q.timed_out else "")
        status = "skipped" if q.skipped else f"{q.covered}/{q.points} key points"
        lines.append(f"  {q.number:>2}. {q.id}: {status}, {time_used}")
        for missed in q.missed:
            lines.append(f"        missed: {missed}")
    for label, items in (("Red flags", card.red_flags), ("Strong signals", card.strong_signals)):
        lines.append(f"{label}: " + (", ".join(f"{i.title} (answer {', '.join(map(str, i.answers))})"
                                               for i in items) or "none"))
        for i in items:
            for ev in i.evidence:
                if ev.text:
                    lines.append(f"    answer {ev.answer}: “{ev.text}”")
    lines.append(f"How it is scored: {card.rules}")
    return lines


def mark_wrapped_code(markdown: str, width: int, marker: str = "↪ ") -> str:
    """Split code lines wider than `width` inside ``` fences, marking each continuation.

    A terminal folds a long Go line with nothing to say the next row is not a new
    statement; this cuts it ourselves and starts the rest with `marker`. Tabs count
    as four columns (they are shown that way). Text outside fences is left alone.
    """
    out: list[str] = []
    fenced = False
    room = max(10, width)
    for line in markdown.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append(line)
            continue
        shown = line.expandtabs(4)
        if not fenced or len(shown) <= room:
            out.append(line)
            continue
        out.append(shown[:room])
        rest = shown[room:]
        step = room - len(marker)
        while rest:
            out.append(marker + rest[:step])
            rest = rest[step:]
    return "\n".join(out)
