"""Checks across cards and packs, then the interview order of the bank.

What no single card can know: that an id is used once across every pack (a user
pack colliding with the bundled bank), that a follow-up's parent is a question,
that a live-coding card names a kata that exists, that question numbers are
unique per pack, and that `replaces` renames do not conflict. The kata slugs
are given by the caller: the bank knows cards, not where katas are installed.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from trainer.bank.model import KINDS, LEVELS, Bank, Card, Kind


def link(cards: list[Card], problems: list[str], kata_slugs: Collection[str]) -> Bank:
    """The bank of `cards` in interview order; problems across cards go to `problems`."""
    by_id: dict[str, Card] = {}
    for c in cards:
        if c.id in by_id:
            first = by_id[c.id]
            problems.append(f"{c.where}: id: {c.id!r} is already used at {first.where}")
            continue
        by_id[c.id] = c
    numbers: dict[tuple[str, int], Card] = {}
    renames: dict[str, str] = {}
    for c in by_id.values():
        if c.kind == Kind.FOLLOW_UP:
            parent = by_id.get(c.parent or "")
            if parent is None:
                problems.append(f"{c.where}: parent: {c.parent!r} is not a card id")
            elif parent.kind != "question":
                problems.append(f"{c.where}: parent: {c.parent!r} is a {parent.kind}, not a question")
        if c.kind == Kind.LIVE_CODING and c.kata not in kata_slugs:
            known = ", ".join(sorted(kata_slugs)) or "none"
            problems.append(f"{c.where}: kata: {c.kata!r} is not a kata (known: {known})")
        if c.kind == "question" and c.number is not None:
            key = (c.pack, c.number)
            if key in numbers:
                problems.append(f"{c.where}: number: {c.number} is already used by {numbers[key].id}")
            numbers[key] = c
        for old in c.replaces:
            if old in by_id:
                problems.append(f"{c.where}: replaces: {old!r} is still a card of the bank")
            elif old in renames:
                problems.append(f"{c.where}: replaces: {old!r} is also replaced by {renames[old]}")
            else:
                renames[old] = c.id
    # Follow-ups inherit their question's level when they do not state one.
    resolved: dict[str, Card] = {}
    for c in by_id.values():
        if c.kind == Kind.FOLLOW_UP and c.level is None and c.parent in by_id:
            c = replace(c, level=by_id[c.parent].level)
        resolved[c.id] = c
    return Bank(cards=interview_order(resolved), renames=renames)


_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
_LEVEL_ORDER = {lv: i for i, lv in enumerate(LEVELS)}


def interview_order(cards: dict[str, Card]) -> dict[str, Card]:
    """Questions by level and number, each followed by its follow-ups; other kinds after."""
    file_order = {cid: i for i, cid in enumerate(cards)}
    questions = sorted(
        (c for c in cards.values() if c.kind == "question"),
        key=lambda c: (_LEVEL_ORDER.get(c.level or "", 9), c.number or 10**6, file_order[c.id]),
    )
    follow: dict[str, list[Card]] = {}
    for c in cards.values():
        if c.kind == Kind.FOLLOW_UP:
            follow.setdefault(c.parent or "", []).append(c)
    ordered: dict[str, Card] = {}
    for q in questions:
        ordered[q.id] = q
        for f in follow.get(q.id, []):
            ordered[f.id] = f
    rest = sorted(
        (c for c in cards.values() if c.id not in ordered),
        key=lambda c: (_KIND_ORDER.get(c.kind, 9), file_order[c.id]),
    )
    for c in rest:
        ordered[c.id] = c
    return ordered
