"""Which cards a session asks, and in what order.

Quiz: a filtered selection of the bank, due or not. Review: what the
scheduler says is due, then new cards within today's limits. Mock: questions
in interview order, each followed by its follow-ups. Drill: concept checks,
shuffled, for a lightning round.
"""
from __future__ import annotations

import random
from collections.abc import Sequence

from trainer.bank import Bank, Card
from trainer.bank.model import Kind


def quiz_queue(bank: Bank, *, kinds: Sequence[str] | None = None, levels: Sequence[str] | None = None,
               tags: Sequence[str] | None = None, n: int | None = None, shuffle: bool = False,
               rng: random.Random | None = None) -> list[str]:
    cards = bank.select(kinds=kinds or None, levels=levels or None, tags=tags or None)
    ids = [c.id for c in cards]
    if shuffle:
        (rng or random.Random()).shuffle(ids)
    return ids[:n] if n else ids


def mock_queue(bank: Bank, *, level: str | None = None, n: int = 5, offset: int = 0) -> list[str]:
    """`n` questions in interview order, each followed by its follow-ups.

    With a level: that level's questions from the start. Without one: questions
    spread evenly over the whole interview (junior to staff), shifted by
    `offset` so that consecutive mock interviews ask different questions.
    """
    questions: list[Card] = bank.select(kinds=["question"], levels=[level] if level else None)
    if not questions or n <= 0:
        return []
    if level or n >= len(questions):
        chosen = questions[:n]
    elif n == 1:
        chosen = [questions[offset % len(questions)]]
    else:
        # n points from the first question to the last, then shifted by the offset
        # (wrapping within one step) so each interview differs from the previous one.
        last = len(questions) - 1
        step = last / (n - 1)
        shift = offset % max(1, int(step))
        picks = sorted({min(last, round(i * step) + shift) for i in range(n)})
        chosen = [questions[i] for i in picks]
    queue: list[str] = []
    for q in chosen:
        queue.append(q.id)
        queue.extend(f.id for f in bank.follow_ups(q.id))
    return queue


def drill_queue(bank: Bank, *, n: int = 10, rng: random.Random | None = None) -> list[str]:
    ids = [c.id for c in bank.select(kinds=[Kind.CONCEPT_CHECK])]
    (rng or random.Random()).shuffle(ids)
    return ids[:n]
