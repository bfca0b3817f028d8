"""Copies of the progress file, and putting one back.

Backups are made with SQLite's online backup API, which copies a consistent
snapshot even while another trainer process is writing. Each copy is written
under a temporary name unique to its process, checked (`quick_check`), then
hard-linked to its final name (a link never replaces a file, so two
processes backing up in the same second get two names). A crash never
leaves a half-written file that looks like a backup; the temporary file of
a killed backup is deleted at the next start (`tempfiles`). A store whose
copy fails the check is damaged: it is refused, never copied over good
backups.

Backups live in `backups/` beside the store and are named
`progress-YYYYMMDD-HHMMSS-<reason>.sqlite3` (local time), for people. Which
one is *newest* is not read from the name (a clock set a year ahead would
make stale copies look new): every copy records, in its own `meta` table
under the key `backup`, a sequence number one above every backup already in
the folder, its reason and the time it was taken. Rotation keeps the 7
daily copies with the highest numbers; `restore` takes the newest copy that
passes the check, and names the ones it skipped. Backups a person asked for
(`trainer backup`) or that guard a destructive command (`before-reset`,
`before-restore`, `before-import`, `before-upgrade-vN`) are never deleted
automatically. Backups made by trainer 0.1 have no number and count as
older than every numbered one, in name order.

Daily backups are made on the first use of each local calendar day, under a
lock file (`backups/.lock`), so sixteen trainers starting at once make one.
`BackupOnOpen` is that policy as `Store.open` hands it to the opener
(`core.StoreBase.open_file`): this module builds on the connection core,
which never imports it.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trainer.store import failures, migrations, tempfiles
from trainer.store.core import StoreBase, StoreRefused, connect, inspect_file, quick_check
from trainer.store.timefmt import now_utc, to_db

KEEP_DAILY = 7
META_KEY = "backup"
_NAME = re.compile(r"^progress-(\d{8}-\d{6})(?:-(\d+))?-([a-z0-9-]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime      # local, naive (as in the name)
    reason: str
    size: int
    seq: int = 0            # from the copy's own metadata; 0: none recorded (trainer 0.1)
    readable: bool = True   # False: the metadata could not be read (not a sound copy)
    number: int = 0         # the -N of a second backup in the same second


def backups_dir(store_path: Path) -> Path:
    return store_path.parent / "backups"


def read_seq(path: Path) -> int | None:
    """The sequence number recorded inside a backup (0 if none), None if unreadable."""
    try:
        conn = connect(path, read_only=True)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchall()
        if not rows:
            return 0
        seq = json.loads(rows[0][0]).get("seq", 0)
        return seq if isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0 else 0
    except (sqlite3.Error, ValueError, AttributeError):
        return None
    finally:
        conn.close()


def list_backups(store_path: Path, *, read_meta: bool = True) -> list[BackupInfo]:
    """Backups beside `store_path`, newest first (files not named by us are ignored).

    With `read_meta` (the default) order is by the sequence number recorded
    inside each copy, then the name; without, by name only (cheap: used to
    see whether today's daily backup exists).
    """
    folder = backups_dir(store_path)
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if not m or not p.is_file():
            continue
        taken = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
        seq: int | None = read_seq(p) if read_meta else 0
        found.append(BackupInfo(p, taken, m.group(3), p.stat().st_size, seq or 0,
                                seq is not None, int(m.group(2) or 0)))
    found.sort(key=lambda b: (b.seq, b.taken_at, b.number), reverse=True)
    return found


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One backup writer at a time across processes (advisory lock on `folder/.lock`)."""
    try:
        import fcntl
    except ImportError:          # not POSIX: unique names still keep copies apart
        yield
        return
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def make_backup(store: StoreBase, reason: str = "manual", now: datetime | None = None) -> Path:
    """Copy the open store to a new, checked backup file; return its path.

    Raises `StoreRefused` (and writes nothing) when the copy fails the check:
    the store itself is damaged.
    """
    folder = backups_dir(store.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder):
            return _make_backup_locked(store, folder, reason, now)
    except OSError as exc:
        raise failures.from_os(exc, folder) from None


def _make_backup_locked(store: StoreBase, folder: Path, reason: str,
                        now: datetime | None) -> Path:
    at = now or now_utc()
    seq = 1 + max((b.seq for b in list_backups(store.path)), default=0)
    tmp = tempfiles.temp_path(folder / "progress.sqlite3")
    try:
        dest = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            try:
                store.copy_to(dest)
                # A backup is a plain single file: no -wal beside it to lose when copied.
                dest.execute("PRAGMA journal_mode = DELETE")
                dest.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key)"
                             " DO UPDATE SET value = excluded.value",
                             (META_KEY, json.dumps({"seq": seq, "reason": reason,
                                                    "taken_at": to_db(at)})))
                quick_check(dest, store.path)
            except sqlite3.Error as exc:
                if not failures.is_damage(exc):
                    raise
                detail = failures.damaged(store.path, str(exc)).message
                raise StoreRefused(f"refusing to back up a damaged store: {detail}") from None
            except StoreRefused as exc:
                raise StoreRefused(f"refusing to back up a damaged store: {exc.message}") from None
        finally:
            dest.close()
        stamp = at.astimezone().strftime("%Y%m%d-%H%M%S")
        n = 0
        while True:
            middle = f"-{n}" if n else ""
            target = folder / f"progress-{stamp}{middle}-{reason}.sqlite3"
            try:
                os.link(tmp, target)        # never replaces: a concurrent backup keeps its name
                return target
            except FileExistsError:
                n += 1
    except sqlite3.Error as exc:
        raise (failures.from_sqlite(exc, tmp) or StoreRefused(f"backup failed: {exc}")) from None
    finally:
        tempfiles.remove(tmp)


def daily_backup_due(store_path: Path, now: datetime | None = None) -> bool:
    """True until today's (local calendar day) daily backup exists."""
    today = (now or now_utc()).astimezone().strftime("%Y%m%d")
    return not any(b.reason == "daily" and b.taken_at.strftime("%Y%m%d") == today
                   for b in list_backups(store_path, read_meta=False))


def daily_backup(store: StoreBase, now: datetime | None = None) -> Path | None:
    """Back up once per local calendar day, then keep only the newest daily ones."""
    if not daily_backup_due(store.path, now):
        return None
    folder = backups_dir(store.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder):
            if not daily_backup_due(store.path, now):   # another trainer made it meanwhile
                return None
            path = _make_backup_locked(store, folder, "daily", now)
            prune(store.path)
            return path
    except OSError as exc:
        raise failures.from_os(exc, folder) from None


def prune(store_path: Path, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete readable daily backups beyond the newest `keep`; return what was deleted.

    Newest means highest recorded sequence number, not latest name. A copy
    whose metadata cannot be read is neither counted nor deleted.
    """
    daily = [b for b in list_backups(store_path) if b.reason == "daily" and b.readable]
    removed: list[Path] = []
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
    return inspect_file(path, what="backup")


def newest_sound(store_path: Path) -> tuple[BackupInfo | None, list[tuple[BackupInfo, str]]]:
    """The newest backup that passes the check, and those skipped on the way (with why)."""
    found = list_backups(store_path)
    # A copy whose own metadata cannot be read has no known age: it is named either way.
    skipped: list[tuple[BackupInfo, str]] = [(b, "unreadable") for b in found if not b.readable]
    for b in found:
        if not b.readable:
            continue
        try:
            check_backup(b.path)
        except StoreRefused as exc:
            skipped.append((b, exc.message))
            continue
        return b, skipped
    return None, skipped


def restore(backup_path: Path, store_path: Path,
            now: datetime | None = None) -> tuple[Path | None, Path | None]:
    """Replace the progress at `store_path` by the backup's.

    Returns (safety backup, moved-aside file). The backup is first copied to
    a temporary file beside the store, brought to the current schema and
    checked; only then is anything changed, so a restore that fails (a full
    disk, a bad copy) leaves the store as it was. A sound current store is
    backed up (`before-restore`) and overwritten in one SQLite transaction.
    A refused one (damaged, empty, not ours) is kept under
    `<name>.refused-<stamp>` and the checked copy renamed into its place.
    """
    check_backup(backup_path)
    if store_path.exists() and backup_path.resolve() == store_path.resolve():
        raise StoreRefused(f"{backup_path} is your progress file itself, not a backup",
                           exit_code=2)
    tmp = tempfiles.temp_path(store_path)
    try:
        _prepare_copy(backup_path, tmp)
        try:
            current = StoreBase.open_file(store_path, check=True)
        except StoreRefused:
            current = None
        if current is None:
            aside = _keep_aside(store_path, now)
            os.replace(tmp, store_path)
            return None, aside
        try:
            safety = make_backup(current, "before-restore", now)
            current.replace_with(tmp)
        finally:
            current.close()
        return safety, None
    except OSError as exc:
        raise failures.from_os(exc, store_path) from None
    finally:
        tempfiles.remove(tmp)


def _prepare_copy(backup_path: Path, tmp: Path) -> None:
    """Copy a backup to `tmp`, drop its backup metadata, migrate and check it."""
    src = connect(backup_path, read_only=True)
    try:
        dest = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            src.backup(dest)
            dest.execute("DELETE FROM meta WHERE key = ?", (META_KEY,))
        except sqlite3.Error as exc:
            raise (failures.from_sqlite(exc, tmp) or StoreRefused(str(exc))) from None
        finally:
            dest.close()
    finally:
        src.close()
    StoreBase.open_file(tmp, check=True).close()     # migrates an older backup


def _keep_aside(store_path: Path, now: datetime | None) -> Path | None:
    """Keep a refused store under another name; the original name stays until replaced."""
    if not store_path.exists():
        return None
    stamp = (now or now_utc()).astimezone().strftime("%Y%m%d-%H%M%S")
    aside = store_path.with_name(f"{store_path.name}.refused-{stamp}")
    n = 1
    while aside.exists():
        aside = store_path.with_name(f"{store_path.name}.refused-{stamp}-{n}")
        n += 1
    # Its journals belong to it, not to the copy that takes its place.
    for suffix in ("-wal", "-shm"):
        p = Path(str(store_path) + suffix)
        if p.exists():
            os.replace(p, Path(str(aside) + suffix))
    if store_path.is_dir():
        os.rename(store_path, aside)
    else:
        try:
            os.link(store_path, aside)
        except OSError:
            import shutil

            shutil.copy2(store_path, aside)
    return aside


@dataclass(frozen=True)
class BackupOnOpen:
    """The opening policy of `Store.open` (see `core.OpeningPolicy`).

    Stale temporary files of killed writers are deleted first; the full
    check runs right before the day's first backup (a damaged file must
    never push good backups out of the rotation); an existing file is backed
    up before a migration, and once a day.
    """

    now: datetime | None = None

    def before_open(self, path: Path) -> None:
        tempfiles.clean_stale(path.parent, (backups_dir(path),))

    def check_due(self, path: Path) -> bool:
        return daily_backup_due(path, self.now)

    def before_migrate(self, store: StoreBase, version: int) -> None:
        if version < migrations.SCHEMA_VERSION:
            make_backup(store, reason=f"before-upgrade-v{version}", now=self.now)
        daily_backup(store, now=self.now)
