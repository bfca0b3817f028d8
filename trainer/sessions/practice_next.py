"""Cards an interview recommends, put first in the next review.

The interview's scorecard names three cards to practise; they are kept in the
store (`meta`, key `review.first`) and the next `review` session asks them
before anything else, then forgets them. One small module so the review's
selection and the interview agree on one key.
"""
from __future__ import annotations

from typing import Any

from trainer.bank import Bank

KEY = "review.first"


def remember(store: Any, card_ids: list[str]) -> None:
    """Keep `card_ids` for the next review (replacing any earlier recommendation)."""
    store.set_meta(KEY, list(dict.fromkeys(card_ids)))


def recommended(store: Any) -> list[str]:
    value = store.get_meta(KEY, [])
    return [str(v) for v in value] if isinstance(value, list) else []


def put_first(store: Any, bank: Bank, queue: list[str]) -> list[str]:
    """`queue` with the recommended cards (still in the bank) moved or added to its front."""
    first = [cid for cid in recommended(store) if bank.get(cid) is not None]
    return first + [cid for cid in queue if cid not in first]


def forget(store: Any) -> None:
    """The recommendation was used: the review after next is ordinary again."""
    if recommended(store):
        store.set_meta(KEY, [])
