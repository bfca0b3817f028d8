"""A stored mock-interview scorecard as Markdown, the form people share with a mentor.

Rendering reads the scorecard exactly as it was stored (the scoring rules
of the day are in its `rules` line), and tolerates fields it does not know
or that older scorecards lack: a scorecard is history, never re-scored.
Red flags and strong signals print any evidence they carry.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any


def _cell(value: Any) -> str:
    """Table-safe text: one line, pipes escaped."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _seconds(value: Any) -> str:
    try:
        total = round(float(value))
    except (TypeError, ValueError):
        return "?"
    return f"{total // 60}:{total % 60:02d}"


def _evidence(item: dict[str, Any]) -> list[str]:
    raw = item.get("evidence")
    if raw is None:
        return []
    entries = raw if isinstance(raw, list) else [raw]
    out = []
    for e in entries:
        if isinstance(e, dict):
            where = e.get("answer") or e.get("question")
            text = e.get("text") or e.get("quote") or e.get("excerpt") or ""
            out.append((f"answer {where}: " if where else "") + f"“{_cell(text)}”")
        else:
            out.append(f"“{_cell(e)}”")
    return out


def _findings(title: str, items: list[Any]) -> list[str]:
    lines = [f"## {title} ({len(items)})", ""]
    if not items:
        return lines + ["None.", ""]
    for item in items:
        if not isinstance(item, dict):
            lines.append(f"- {_cell(item)}")
            continue
        name = _cell(item.get("title") or item.get("id") or "?")
        answers = item.get("answers") or []
        where = f" (answer{'s' if len(answers) != 1 else ''} {', '.join(map(str, answers))})" \
            if answers else ""
        lines.append(f"- **{name}**{where}")
        if item.get("looks_like"):
            lines.append(f"  - looks like: {_cell(item['looks_like'])}")
        lines += [f"  - evidence: {e}" for e in _evidence(item)]
    return lines + [""]


def to_markdown(scorecard_id: int, at: datetime, card: dict[str, Any]) -> str:
    """The whole scorecard: verdict, per-question table, what was missed, flags, signals, rules."""
    title = _cell(card.get("title") or "Mock interview")
    lines = [f"# {title} — scorecard {scorecard_id}", "",
             f"- **When:** {at.astimezone().strftime('%Y-%m-%d %H:%M')}",
             f"- **Verdict:** {_cell(card.get('verdict', '?'))}",
             f"- **Score:** {card.get('score', '?')}/100"]
    if card.get("coverage") is not None:
        lines.append(f"- **Key-point coverage:** {round(float(card['coverage']) * 100)}%")
    if card.get("time_limit"):
        lines.append(f"- **Time per answer:** {_seconds(card['time_limit'])}")
    questions = card.get("questions") or []
    lines += ["", f"## Questions ({len(questions)})", "",
              "| # | Question | Kind | Key points | Time | Note |",
              "|---|----------|------|------------|------|------|"]
    for q in questions:
        note = "skipped" if q.get("skipped") else ("out of time" if q.get("timed_out") else "")
        lines.append(f"| {q.get('number', '?')} | {_cell(q.get('prompt', q.get('id', '?')))} | "
                     f"{_cell(q.get('kind', ''))} | {q.get('covered', 0)}/{q.get('points', 0)} | "
                     f"{_seconds(q.get('seconds', 0))} | {note} |")
    missed = [(q.get("number", "?"), q.get("missed") or []) for q in questions]
    if any(m for _, m in missed):
        lines += ["", "## Missed key points", ""]
        for number, points in missed:
            for point in points:
                lines.append(f"- Q{number}: {_cell(point)}")
    lines.append("")
    lines += _findings("Red flags", list(card.get("red_flags") or []))
    lines += _findings("Strong signals", list(card.get("strong_signals") or []))
    if card.get("rules"):
        lines += [f"_How the score is made: {_cell(card['rules'])}._", ""]
    return "\n".join(lines)
