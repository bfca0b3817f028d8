"""The interview's scorecard: what the interviewer writes down, and why the verdict.

Per question: the key points covered (first answer, then recovered under
probing), each probe and how it went, the misconceptions asserted, and the red
flags and strong signals with the sentence that showed them. For the live
coding: tests passed at the last check, time used, time to first green, checks
and hints. Then a score, a verdict on the usual hire scale (the mock's), two
or three lines of reasons, and three cards and one kata to practise next.

Scoring, deliberately simple and printed with the card:
    question share = (points covered + RECOVERED_WEIGHT x points recovered by a probe) / points
    kata share = tests passed share - HINT_COST per hint taken
    score = QUESTIONS_WEIGHT x mean question share + KATA_WEIGHT x kata share
            - FLAG_PENALTY per red flag - MISCONCEPTION_PENALTY per misconception left standing
            + SIGNAL_BONUS per strong signal (at most SIGNAL_BONUS_CAP)
It is built from the typed `InterviewPayload`; the result is the JSON-edge dict the
store keeps with the mock history.
"""
from __future__ import annotations

from typing import Any

from trainer.bank import Bank, Card
from trainer.bank.model import Kind
from trainer.sessions.interview_payload import Asked, InterviewPayload
from trainer.sessions.probing import MISCONCEPTION
from trainer.sessions.scorecard import verdict_for

QUESTIONS_WEIGHT = 0.6
KATA_WEIGHT = 0.4
RECOVERED_WEIGHT = 0.5
HINT_COST = 0.1             # of the kata's share, per hint taken
FLAG_PENALTY = 0.08
MISCONCEPTION_PENALTY = 0.05
SIGNAL_BONUS = 0.04
SIGNAL_BONUS_CAP = 0.12
PRACTISE_CARDS = 3
RULES = (f"score = {QUESTIONS_WEIGHT} x key points (a point recovered under probing counts "
         f"{RECOVERED_WEIGHT}) + {KATA_WEIGHT} x (kata tests passed - {HINT_COST} per hint) "
         f"- {FLAG_PENALTY} per red flag "
         f"- {MISCONCEPTION_PENALTY} per misconception left standing + {SIGNAL_BONUS} per strong "
         f"signal (at most {SIGNAL_BONUS_CAP})")


def _mmss(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _question_row(bank: Bank, number: int, item: Asked,
                  flags: dict[str, dict[str, Any]], signals: dict[str, dict[str, Any]]) -> dict[str, Any]:
    card = bank.get(item.card)
    grade = item.grade or {}
    points = [{"point": p["point"], "covered": bool(p["covered"]), "recovered": False}
              for p in grade.get("points", [])]
    if not points and card is not None:
        points = [{"point": kp.text, "covered": False, "recovered": False} for kp in card.key_points]
    probes = []
    misconceptions: dict[str, dict[str, Any]] = {}

    def note(g: dict[str, Any], answer_label: str) -> None:
        for m in g.get("misconceptions", []):
            misconceptions.setdefault(m["id"], {
                "id": m["id"], "claim": m.get("claim", ""), "correction": m["correction"],
                "evidence": m.get("evidence"), "answer": answer_label, "recovered": False})
        evidence = g.get("evidence") or {}
        for key, into in (("red_flags", flags), ("strong_signals", signals)):
            for cid in g.get(key, []):
                found = bank.get(cid)
                entry = into.setdefault(cid, {
                    "id": cid, "title": (found.title or found.prompt) if found else cid,
                    "answers": [], "evidence": []})
                entry["answers"].append(answer_label)
                if evidence.get(cid):
                    entry["evidence"].append(f"{answer_label}: {evidence[cid]}")

    note(grade, str(number))
    for k, p in enumerate(item.probes, 1):
        label = f"{number}.{k}"
        g = p.grade or {}
        note(g, label)
        on_question = g if g.get("card") == item.card else (p.question_grade or {})
        if on_question:  # the question's points this probe answer made up
            for row, gp in zip(points, on_question.get("points", [])):
                if gp.get("covered") and not row["covered"]:
                    row["recovered"] = True
        if p.probe.kind == MISCONCEPTION and p.probe.target in misconceptions:
            misconceptions[p.probe.target]["recovered"] = p.recovered
        probes.append({"number": label, "kind": p.probe.kind, "text": p.probe.text,
                       "answer": p.answer, "recovered": p.recovered})
    covered = sum(r["covered"] for r in points)
    recovered = sum(r["recovered"] for r in points)
    share = ((covered + RECOVERED_WEIGHT * recovered) / len(points)) if points else 0.0
    return {
        "number": number, "id": item.card, "kind": "question",
        "prompt": card.prompt.strip() if card else item.card,
        "level": card.level if card else None,
        "answer": item.answer or "", "seconds": item.seconds,
        "timed_out": item.timed_out, "skipped": not (item.answer or "").strip(),
        "points": len(points), "covered": covered, "recovered": recovered,
        "missed": [r["point"] for r in points if not r["covered"] and not r["recovered"]],
        "point_results": points, "probes": probes,
        "misconceptions": list(misconceptions.values()), "share": round(share, 3),
    }


def _kata_row(payload: InterviewPayload) -> dict[str, Any]:
    coding = payload.coding
    checks = coding.checks if coding else ()
    last = checks[-1] if checks else None
    return {
        "slug": payload.kata_slug, "title": payload.kata_title, "lang": payload.lang,
        "status": last.status.value if last else "not checked",
        "passed": last.passed if last else 0, "total": last.total if last else 0,
        "checks": len(checks), "hints": coding.hints if coding else 0,
        "seconds": coding.seconds if coding else None,
        "first_green": coding.first_green if coding else None,
        "ended": coding.ended.value if coding and coding.ended else None,
    }


def _practise(bank: Bank, rows: list[dict[str, Any]], kata: dict[str, Any]) -> dict[str, Any]:
    """Three cards (weakest questions first, then their follow-ups) and one kata."""
    picks: list[str] = []

    def add(card: Card | None) -> None:
        if card is not None and card.id not in picks and len(picks) < PRACTISE_CARDS:
            picks.append(card.id)

    weakest = sorted(rows, key=lambda r: (r["share"] - 0.2 * len(r["misconceptions"]), r["number"]))
    for r in weakest:
        if r["share"] < 1 or r["misconceptions"]:
            add(bank.get(r["id"]))
    for r in weakest:
        for fu in bank.follow_ups(r["id"]):
            add(fu)
    tags: set[str] = set()
    for r in weakest:
        question = bank.get(r["id"])
        tags.update(question.tags if question is not None else ())
    for c in bank.select(kinds=[Kind.CONCEPT_CHECK]):
        if tags.intersection(c.tags):
            add(c)
    cards = []
    for cid in picks:
        picked = bank.get(cid)
        if picked is not None:
            cards.append({"id": picked.id, "kind": picked.kind,
                          "prompt": " ".join(picked.prompt.split())})
    slug = kata["slug"]
    if kata["status"] == "pass":
        from trainer.kata_runner.catalog import load_catalog

        order = [k.slug for k in load_catalog()]
        if slug in order and order.index(slug) + 1 < len(order):
            slug = order[order.index(slug) + 1]
    return {"cards": cards, "kata": slug}


def _reasons(rows: list[dict[str, Any]], kata: dict[str, Any], flags: list[dict[str, Any]],
             signals: list[dict[str, Any]], standing: list[dict[str, Any]]) -> list[str]:
    points = sum(r["points"] for r in rows)
    covered = sum(r["covered"] for r in rows)
    rec = sum(r["recovered"] for r in rows)
    missed_first = points - covered
    lines = [f"Questions: {covered} of {points} key points on the first answer"
             + (f", {rec} of the {missed_first} missed recovered under probing" if missed_first
                else ", nothing to probe") + "."]
    if kata["total"]:
        green = (f"first green at {_mmss(kata['first_green'])}" if kata["first_green"] is not None
                 else "never green")
        lines.append(f"Live coding: {kata['passed']}/{kata['total']} tests at the last check, "
                     f"{green}, {_n(kata['checks'], 'check')}, {_n(kata['hints'], 'hint')}.")
    else:
        lines.append("Live coding: the solution was never checked, so it earns nothing.")
    if flags:
        lines.append("Red flag: " + "; ".join(f"{f['title']} (answer {', '.join(f['answers'])})"
                                              for f in flags[:2]) + ".")
    elif standing:
        lines.append("Misconception left standing: " + "; ".join(
            m["correction"] for m in standing[:2]))
    elif signals:
        lines.append("Strong signal: " + "; ".join(s["title"] for s in signals[:2]) + ".")
    return lines


def build_scorecard(bank: Bank, payload: InterviewPayload) -> dict[str, Any]:
    flags: dict[str, dict[str, Any]] = {}
    signals: dict[str, dict[str, Any]] = {}
    rows = [_question_row(bank, n, item, flags, signals)
            for n, item in enumerate(payload.items, 1) if item.answered]
    kata = _kata_row(payload)
    q_share = sum(r["share"] for r in rows) / len(rows) if rows else 0.0
    k_share = max(0.0, kata["passed"] / kata["total"] - HINT_COST * kata["hints"]) \
        if kata["total"] else 0.0
    standing = [m for r in rows for m in r["misconceptions"] if not m["recovered"]]
    bonus = min(SIGNAL_BONUS * len(signals), SIGNAL_BONUS_CAP)
    score = (QUESTIONS_WEIGHT * q_share + KATA_WEIGHT * k_share - FLAG_PENALTY * len(flags)
             - MISCONCEPTION_PENALTY * len(standing) + bonus)
    score = max(0.0, min(1.0, score))
    flag_list, signal_list = list(flags.values()), list(signals.values())
    return {
        "kind": "interview",
        "title": payload.title,
        "minutes": payload.minutes,
        "elapsed": round(payload.elapsed, 1),
        "questions": rows,
        "kata": kata,
        "red_flags": flag_list,
        "strong_signals": signal_list,
        "coverage": round(q_share, 3),
        "score": round(score * 100),
        "verdict": verdict_for(score),
        "reasons": _reasons(rows, kata, flag_list, signal_list, standing),
        "practise": _practise(bank, rows, kata),
        "rules": RULES,
    }
