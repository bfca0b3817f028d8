"""The interview scorecard as plain lines and as Markdown (for `--markdown FILE`).

Both read the scorecard dict built by `trainer.sessions.interview_scorecard`;
neither knows about terminals. The full-screen UI prints the plain lines in
panels; `--plain` prints them as they are.
"""
from __future__ import annotations

from typing import Any

PROBE_LABEL = {"point": "probe", "misconception": "challenge", "follow_up": "follow-up"}


def clock_text(seconds: float | None) -> str:
    """m:ss (a negative time shows as 0:00; None as "never")."""
    if seconds is None:
        return "never"
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def _flat(text: str, limit: int = 100) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."


def _went(recovered: bool) -> str:
    return "recovered" if recovered else "not recovered"


def scorecard_lines(card: dict[str, Any]) -> list[str]:
    lines = [f"SCORECARD: {card['verdict']} ({card['score']}/100)"]
    lines += [f"  {r}" for r in card.get("reasons", [])]
    lines.append("")
    for q in card["questions"]:
        head = f"{q['number']}. {q['id']}: {q['covered']}/{q['points']} key points"
        if q["recovered"]:
            head += f", +{q['recovered']} under probing"
        head += f", {clock_text(q['seconds'])}" + (" (over time)" if q["timed_out"] else "")
        lines.append(head)
        for missed in q["missed"]:
            lines.append(f"     missed: {missed}")
        for p in q["probes"]:
            lines.append(f"     {PROBE_LABEL.get(p['kind'], p['kind'])} {p['number']}: "
                         f"{_flat(p['text'], 80)} -> {_went(p['recovered'])}")
        for m in q["misconceptions"]:
            lines.append(f"     misconception (answer {m['answer']}): {m['correction']}"
                         + ("" if not m["recovered"] else " (corrected when challenged)"))
    kata = card["kata"]
    lines.append("")
    lines.append(f"Live coding, {kata['title']} ({kata['lang']}): {kata['passed']}/{kata['total']} "
                 f"tests, time {clock_text(kata['seconds'])}, first green "
                 f"{clock_text(kata['first_green'])}, checks {kata['checks']}, "
                 f"hints {kata['hints']}")
    for title, items in (("Red flags", card["red_flags"]), ("Strong signals", card["strong_signals"])):
        if not items:
            lines.append(f"{title}: none")
            continue
        lines.append(f"{title}:")
        for item in items:
            lines.append(f"  {item['title']} (answer {', '.join(item['answers'])})")
            for ev in item.get("evidence", [])[:2]:
                lines.append(f"     \"{_flat(ev, 90)}\"")
    practise = card["practise"]
    lines.append("Practise next (first in your next review): "
                 + ", ".join(c["id"] for c in practise["cards"]))
    lines.append(f"Kata to practise next: trainer kata start {_kata_command(card, practise)}")
    lines.append(f"How it is scored: {card['rules']}")
    return lines


def scorecard_markdown(card: dict[str, Any]) -> str:
    out = [f"# {card.get('title', 'Interview')}: scorecard", "",
           f"**Verdict: {card['verdict']}** ({card['score']}/100)", ""]
    out += [f"- {r}" for r in card.get("reasons", [])]
    out += ["", "## Questions", ""]
    for q in card["questions"]:
        out.append(f"### {q['number']}. {_flat(q['prompt'], 120)}")
        out.append("")
        out.append(f"`{q['id']}`: {q['covered']}/{q['points']} key points on the first answer, "
                   f"{q['recovered']} recovered under probing; {clock_text(q['seconds'])}"
                   + (" (over time)" if q["timed_out"] else ""))
        out.append("")
        for r in q["point_results"]:
            mark = "x" if r["covered"] or r["recovered"] else " "
            note = " (under probing)" if r["recovered"] else ""
            out.append(f"- [{mark}] {r['point']}{note}")
        if q["probes"]:
            out.append("")
            for p in q["probes"]:
                out.append(f"- *{PROBE_LABEL.get(p['kind'], p['kind'])} {p['number']}*: "
                           f"{_flat(p['text'], 200)}: **{_went(p['recovered'])}**")
        for m in q["misconceptions"]:
            out.append(f"- Misconception (answer {m['answer']}): {m['correction']}"
                       + (" (corrected when challenged)" if m["recovered"] else ""))
        out.append("")
    kata = card["kata"]
    out += ["## Live coding", "",
            f"- Kata: {kata['title']} (`{kata['slug']}`, {kata['lang']})",
            f"- Tests passed at the last check: {kata['passed']}/{kata['total']}",
            f"- Time: {clock_text(kata['seconds'])}; first green: {clock_text(kata['first_green'])}",
            f"- Checks: {kata['checks']}; hints: {kata['hints']}", ""]
    for title, items in (("Red flags", card["red_flags"]), ("Strong signals", card["strong_signals"])):
        out += [f"## {title}", ""]
        if not items:
            out.append("None.")
        for item in items:
            out.append(f"- {item['title']} (answer {', '.join(item['answers'])})")
            for ev in item.get("evidence", [])[:2]:
                out.append(f"  > {_flat(ev, 200)}")
        out.append("")
    practise = card["practise"]
    out += ["## Practise next", ""]
    out += [f"- `{c['id']}`: {_flat(c['prompt'], 120)}" for c in practise["cards"]]
    out += [f"- Kata: `trainer kata start {_kata_command(card, practise)}`", "",
            f"*How it is scored: {card['rules']}*", ""]
    return "\n".join(out)


def _kata_command(card: dict[str, Any], practise: dict[str, Any]) -> str:
    """The kata to practise, in the track the interview was coded in."""
    lang = str((card.get("kata") or {}).get("lang", "python"))
    return str(practise["kata"]) + (f" --lang {lang}" if lang != "python" else "")
