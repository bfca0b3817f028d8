"""`Store`: the connection core plus the row-level APIs, as one object.

A newcomer looking for a method finds it by what it reads or writes:

==========================  ==================================================
module                      methods
==========================  ==================================================
`core.StoreBase`            opening, `transaction`, `schema_version`, `close`,
                            `integrity_check`; whole-file copies (`copy_to`,
                            `replace_with`) and whole tables (`columns`,
                            `snapshot`, `table_rows`, `insert_rows`,
                            `delete_rows`) for backups, export and import
`records.RecordsMixin`      sessions, leases, audit, scorecards, kata runs, meta
`scheduling_rows`           card state and the review log (`CardsMixin`,
                            `ReviewLogMixin`)
`review_counts`             answers per day and retention (`trainer stats`)
==========================  ==================================================

Each row module subclasses `StoreBase`, so every one type-checks on its own;
`Store` composes them. `Store.open` adds the backup policy to opening
(`backups.BackupOnOpen`); core and backups know nothing of `Store`.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Self

from trainer.store.backups import BackupOnOpen
from trainer.store.core import default_path
from trainer.store.records import RecordsMixin
from trainer.store.review_counts import ReviewCountsMixin
from trainer.store.scheduling_rows import CardsMixin, ReviewLogMixin


class Store(RecordsMixin, CardsMixin, ReviewLogMixin, ReviewCountsMixin):
    """One open progress file. Use `Store.open()`; close it (or use `with`)."""

    @classmethod
    def open(cls, path: Path | str | None = None, *, backup: bool = True,
             check: bool | None = None, now: datetime | None = None) -> Self:
        """Open (creating if needed) the progress store at `path`.

        `path` defaults to `<home>/progress.sqlite3`. `backup=False` skips the
        daily backup and the clean-up of stale temporary files (used by
        restore, which makes its own). `check` forces (True) or skips (False)
        the quick_check; None means "when due" (see `trainer.store.core`).
        """
        return cls.open_file(Path(path) if path is not None else default_path(), check=check,
                             policy=BackupOnOpen(now) if backup else None)
