"""The durable progress store: one SQLite file under the trainer's home.

`Store.open()` gives the store (created, checked, migrated and backed up as
needed); see `trainer.store.core` for why opening is careful, `records` and
`cards` for the row-level API, `backups` and `transfer` for copies of it.
"""
from __future__ import annotations

from trainer.store.cards import CardsMixin
from trainer.store.core import STORE_FILENAME, StoreBase, StoreRefused, default_path
from trainer.store.records import RecordsMixin
from trainer.store.rows import (AuditRow, CardRow, KataRun, KataSummary, ScorecardRow,
                                SessionRow)


class Store(RecordsMixin, CardsMixin, StoreBase):
    """One open progress file. Use `Store.open()`; close it (or use `with`)."""


__all__ = [
    "STORE_FILENAME", "AuditRow", "CardRow", "KataRun", "KataSummary", "ScorecardRow",
    "SessionRow", "Store", "StoreRefused", "default_path",
]
