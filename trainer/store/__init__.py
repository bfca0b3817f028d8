"""The durable progress store: one SQLite file under the trainer's home.

`Store.open()` gives the store (created, checked, migrated and backed up as
needed); see `trainer.store.core` for why opening is careful,
`trainer.store.progress_file` for which module holds which method (`records`,
`scheduling_rows`, `review_counts`), `backups` and `transfer` for copies of it.
Imports point one way: progress_file -> backups -> core.

Names are resolved lazily (PEP 562) so that importing a light submodule such
as `trainer.store.rows` or `trainer.store.timefmt` does not import sqlite3.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.lazy_names import resolver

if TYPE_CHECKING:  # explicit re-exports (`X as X`) for the type checker
    from trainer.store.core import STORE_FILENAME as STORE_FILENAME
    from trainer.store.core import StoreRefused as StoreRefused
    from trainer.store.core import default_path as default_path
    from trainer.store.progress_file import Store as Store
    from trainer.store.rows import AuditRow as AuditRow
    from trainer.store.rows import CardRow as CardRow
    from trainer.store.rows import KataRun as KataRun
    from trainer.store.rows import KataSummary as KataSummary
    from trainer.store.rows import ScorecardRow as ScorecardRow
    from trainer.store.rows import SessionRow as SessionRow

_LAZY = {
    "Store": "trainer.store.progress_file",
    "STORE_FILENAME": "trainer.store.core",
    "StoreRefused": "trainer.store.core",
    "default_path": "trainer.store.core",
    "AuditRow": "trainer.store.rows",
    "CardRow": "trainer.store.rows",
    "KataRun": "trainer.store.rows",
    "KataSummary": "trainer.store.rows",
    "ScorecardRow": "trainer.store.rows",
    "SessionRow": "trainer.store.rows",
}

__all__ = sorted(_LAZY)


__getattr__ = resolver(__name__, _LAZY, globals())
