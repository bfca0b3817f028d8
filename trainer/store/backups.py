"""Copies of the progress file, and putting one back.

Backups are made with SQLite's online backup API, which copies a consistent
snapshot even while another trainer process is writing. Each copy is written
under a temporary name and renamed into place, so a crash never leaves a
half-written file that looks like a backup.

Backups live in `backups/` beside the store and are named
`progress-YYYYMMDD-HHMMSS-<reason>.sqlite3` (local time). Daily ones are made
on the first use of each calendar day and the newest 7 are kept; the ones a
person asked for (`trainer backup`) or that guard a destructive command
(`before-reset`, `before-restore`, `before-import`, `before-upgrade-vN`) are
never deleted automatically.
"""
from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trainer.store.core import StoreRefused, _connect, inspect_file
from trainer.store.timefmt import now_utc

KEEP_DAILY = 7
_NAME = re.compile(r"^progress-(\d{8}-\d{6})(?:-(\d+))?-([a-z0-9-]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime      # local, naive (as in the name)
    reason: str
    size: int


def backups_dir(store_path: Path) -> Path:
    return store_path.parent / "backups"


def list_backups(store_path: Path) -> list[BackupInfo]:
    """Backups beside `store_path`, newest first (files not named by us are ignored)."""
    folder = backups_dir(store_path)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if m and p.is_file():
            taken = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
            found.append((taken, int(m.group(2) or 0), BackupInfo(p, taken, m.group(3),
                                                                  p.stat().st_size)))
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [t[2] for t in found]


def make_backup(store, reason: str = "manual", now: datetime | None = None) -> Path:
    """Copy the open store to a new backup file; return its path."""
    local = (now or now_utc()).astimezone()
    folder = backups_dir(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = local.strftime("%Y%m%d-%H%M%S")
    target = folder / f"progress-{stamp}-{reason}.sqlite3"
    n = 1
    while target.exists():
        target = folder / f"progress-{stamp}-{n}-{reason}.sqlite3"
        n += 1
    tmp = target.with_name(target.name + ".tmp")
    dest = sqlite3.connect(str(tmp))
    try:
        with store._lock:
            store._conn.backup(dest)
        # A backup is a plain single file: no -wal beside it to lose when copied.
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    os.replace(tmp, target)
    return target


def daily_backup_due(store_path: Path, now: datetime | None = None) -> bool:
    """True until today's (local calendar day) daily backup exists."""
    today = (now or now_utc()).astimezone().strftime("%Y%m%d")
    return not any(b.reason == "daily" and b.taken_at.strftime("%Y%m%d") == today
                   for b in list_backups(store_path))


def daily_backup(store, now: datetime | None = None) -> Path | None:
    """Back up once per local calendar day, then keep only the newest daily ones."""
    if not daily_backup_due(store.path, now):
        return None
    path = make_backup(store, "daily", now)
    prune(store.path)
    return path


def prune(store_path: Path, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete daily backups beyond the newest `keep`; return what was deleted."""
    daily = [b for b in list_backups(store_path) if b.reason == "daily"]
    removed = []
    for b in daily[keep:]:
        try:
            b.path.unlink()
            removed.append(b.path)
        except OSError:
            pass
    return removed


def check_backup(path: Path) -> int:
    """Refuse a file that is not a healthy trainer store; return its schema version."""
    if not path.exists():
        raise StoreRefused(f"no such backup file: {path}", exit_code=2)
    version = inspect_file(path, what="backup")
    if version == 0:
        raise StoreRefused(f"{path} is empty, not a trainer backup", exit_code=2)
    return version


def restore(backup_path: Path, store_path: Path,
            now: datetime | None = None) -> tuple[Path | None, Path | None]:
    """Replace the progress at `store_path` by the backup's.

    Returns (safety backup, moved-aside file). The current progress is first
    backed up (`before-restore`). If the current file is refused (damaged, or
    not ours) it is not touched beyond being renamed aside
    (`<name>.refused-<stamp>`), and that path is returned instead.
    """
    from trainer.store import Store

    check_backup(backup_path)
    if backup_path.resolve() == store_path.resolve():
        raise StoreRefused(f"{backup_path} is your progress file itself, not a backup",
                           exit_code=2)
    moved_aside = safety = None
    try:
        current = Store.open(store_path, backup=False, check=True, now=now)
    except StoreRefused:
        moved_aside = _move_aside(store_path, now)
        current = None
    src = _connect(backup_path, read_only=True)
    try:
        if current is None:
            dest = sqlite3.connect(str(store_path))
            try:
                src.backup(dest)
            finally:
                dest.close()
        else:
            try:
                safety = make_backup(current, "before-restore", now)
                with current._lock:
                    src.backup(current._conn)
            finally:
                current.close()
    finally:
        src.close()
    Store.open(store_path, backup=False, now=now).close()  # migrates an older backup
    return safety, moved_aside


def _move_aside(store_path: Path, now: datetime | None) -> Path:
    stamp = (now or now_utc()).astimezone().strftime("%Y%m%d-%H%M%S")
    aside = store_path.with_name(f"{store_path.name}.refused-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(store_path) + suffix)
        if p.exists():
            os.replace(p, Path(str(aside) + suffix))
    return aside
