"""Opening the progress store from a command (sqlite is imported here, not at start-up)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.store.progress_file import Store


def open_store() -> Store:
    """The progress store for this home (sqlite work is imported here, not at start-up)."""
    from trainer.store.progress_file import Store

    return Store.open()


def next_hint(key: str, total: int) -> int:
    """Advance the hint counter stored under `key` and return the hint to show (1-based).

    The counter only grows, so asking again after the last hint shows the last one.
    """
    store = open_store()
    try:
        shown = int(store.get_meta(key, 0) or 0)
        number = min(shown + 1, total)
        store.set_meta(key, max(shown, number))
    finally:
        store.close()
    return number
