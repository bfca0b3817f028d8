"""`trainer grade`: grade one answer, or a batch of them, the way sessions do.

    trainer grade ID [ANSWER] [--json]      ANSWER, or `-` / nothing: standard input
    trainer grade --batch FILE|- [--json]   JSON Lines in ({"card", "answer"}), one result out per line

It calls the same `trainer.grading.grade` as the sessions and the mock
scorecard, so what it prints is what a session would show.
"""
from __future__ import annotations

import json
import sys
from typing import Any

import typer

from trainer.errors import TrainerError


def register(app: typer.Typer) -> None:
    app.command("grade")(grade_command)


def grade_command(
    card_id: str | None = typer.Argument(None, metavar="ID", help="The card the answer is for."),
    answer: str | None = typer.Argument(
        None, metavar="[ANSWER]", help="The answer text; `-` or nothing reads standard input."),
    batch: str | None = typer.Option(
        None, "--batch", metavar="FILE|-",
        help='JSON Lines of {"card": ID, "answer": TEXT}; one result per line, in order.'),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (JSON Lines with --batch)."),
) -> None:
    """Grade an answer: key points, misconceptions, red flags, strong signals, a rating."""
    from trainer.bank import load_bank

    if batch is not None:
        if card_id is not None:
            raise TrainerError("--batch reads card ids from its input; give no ID with it")
        lines = _read_batch(batch)
        bank = load_bank()
        for n, line in enumerate(lines, 1):
            result = _batch_line(bank, n, line)
            if as_json:
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            elif "error" in result:
                typer.echo(f"line {n}: error: {result['error']}")
            else:
                typer.echo(_render(result, bank))
                typer.echo("")
        sys.stdout.flush()
        return
    if card_id is None:
        raise TrainerError("missing ID: trainer grade ID [ANSWER] (or --batch FILE)")
    bank = load_bank()
    card = bank.get(card_id)
    if card is None:
        raise TrainerError(_unknown(bank, card_id))
    text = sys.stdin.read() if answer in (None, "-") else answer
    from trainer.grading import grade

    result = grade(card, text or "", bank).to_json()
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(_render(result, bank))


def _unknown(bank: Any, card_id: str) -> str:
    import difflib

    close = difflib.get_close_matches(card_id, list(bank.cards), n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(close)}?)" if close else " (see `trainer content list`)"
    return f"no card with id {card_id!r}{hint}"


def _read_batch(source: str) -> list[str]:
    if source == "-":
        return sys.stdin.read().splitlines()
    from pathlib import Path

    path = Path(source)
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise TrainerError(f"{source}: no such file")
    except UnicodeDecodeError:
        raise TrainerError(f"{source}: not UTF-8 text")
    except OSError as exc:
        raise TrainerError(f"{source}: cannot read ({exc.strerror})")


def _batch_line(bank: Any, n: int, line: str) -> dict[str, Any]:
    from trainer.grading import grade

    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"line": n, "error": f"not JSON ({exc.msg})"}
    if not isinstance(item, dict):
        return {"line": n, "error": 'expected an object {"card": ID, "answer": TEXT}'}
    card_id, answer = item.get("card"), item.get("answer", "")
    if not isinstance(card_id, str):
        return {"line": n, "error": '"card" must be a card id (text)'}
    if not isinstance(answer, str):
        return {"line": n, "card": card_id, "error": '"answer" must be text'}
    card = bank.get(card_id)
    if card is None:
        return {"line": n, "card": card_id, "error": _unknown(bank, card_id)}
    return grade(card, answer, bank).to_json()


def _render(result: dict[str, Any], bank: Any) -> str:
    from trainer.rating import Rating

    points = result["points"]
    covered = sum(p["covered"] for p in points)
    lines = [f"{result['card']}: {covered} of {len(points)} key points covered "
             f"({result['coverage']:.0%}); suggested rating "
             f"{result['suggested_rating']} {Rating(result['suggested_rating']).label}"]
    for p in points:
        lines.append(f"  {'✔' if p['covered'] else '✘'} {p['point']}")
        if not p["covered"] and p.get("probe"):
            lines.append(f"      ask: {p['probe']}")
    for m in result["misconceptions"]:
        lines.append(f"  ✘ Misconception: {m['correction']}")
        if m.get("evidence"):
            lines.append(f"      you said: “{m['evidence']}”")
    for kind, ids in (("Red flag", result["red_flags"]), ("Strong signal", result["strong_signals"])):
        for cid in ids:
            card = bank.get(cid)
            title = (card.title or card.prompt) if card is not None else cid
            lines.append(f"  {'⚑' if kind == 'Red flag' else '★'} {kind}: {title} ({cid})")
            evidence = result["evidence"].get(cid)
            if evidence:
                lines.append(f"      “{evidence}”")
    return "\n".join(lines)
