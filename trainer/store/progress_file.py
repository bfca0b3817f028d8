"""`Store`: the connection core plus the row-level APIs, as one object."""
from __future__ import annotations

from trainer.store.core import StoreBase
from trainer.store.records import RecordsMixin
from trainer.store.scheduling_rows import CardsMixin, ReviewLogMixin


class Store(RecordsMixin, CardsMixin, ReviewLogMixin, StoreBase):
    """One open progress file. Use `Store.open()`; close it (or use `with`)."""
