"""Progress modules stay light to import: the home screen and --help pay for none of it."""
from __future__ import annotations

import subprocess
import sys


def test_scheduling_stats_and_settings_import_neither_sqlite3_nor_fsrs():
    code = ("import sys, trainer.scheduling, trainer.stats, trainer.settings, trainer.store.rows\n"
            "print(sorted(m for m in ('sqlite3', 'fsrs', 'rich.console') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_the_store_package_still_exports_its_names():
    from trainer.store import Store, StoreRefused, backups, transfer

    assert Store.open and issubclass(StoreRefused, Exception) and backups.list_backups
    assert transfer.export_data
