"""Temporary files that are unique per process and cleaned up after a kill.

Every copy the store writes (a backup, a restore, a new store, an export) is
written under a temporary name and renamed or linked into place. The name
holds the writer's pid and start time, so two processes never share one
(a shared name let one process rename another's half-written copy), and a
later start can tell a file whose writer was killed from one still being
written, and delete the first kind.

Temporary files outside the home (an export next to its destination) are
also listed in `<home>/.pending/`, so the next start finds them too.
"""
from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from trainer.store import owners

_TEMP = re.compile(r"^\..+\.trainer-(\d+)-(\d+)-[0-9a-f]{8}\.tmp$")
PENDING_DIR = ".pending"


def temp_path(target: Path) -> Path:
    """A fresh temporary name beside `target`, owned by this process."""
    token = owners.me().token
    return target.with_name(f".{target.name}.trainer-{token}-{secrets.token_hex(4)}.tmp")


def is_temp_name(name: str) -> bool:
    return _TEMP.match(name) is not None


def _stale(name: str) -> bool:
    m = _TEMP.match(name)
    return m is not None and not owners.alive(int(m.group(1)), int(m.group(2)))


def register(home: Path, tmp: Path) -> Path | None:
    """Remember a temporary file written outside the home; return the note (None if unwritable)."""
    folder = home / PENDING_DIR
    note = folder / f"{tmp.name}.path"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        note.write_text(str(tmp.resolve()), encoding="utf-8")
    except OSError:
        return None
    return note


def unregister(note: Path | None) -> None:
    if note is not None:
        try:
            note.unlink(missing_ok=True)
        except OSError:
            pass


def remove(path: Path) -> None:
    """Delete a temporary file and the SQLite journals beside it, ignoring what is gone."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(str(path) + suffix).unlink(missing_ok=True)
        except OSError:
            pass


def clean_stale(home: Path, folders: tuple[Path, ...] = ()) -> list[Path]:
    """Delete temporary files whose writer is gone (in `home`, `folders` and the pending list)."""
    removed: list[Path] = []
    for folder in (home, *folders):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if _stale(name):
                remove(folder / name)
                removed.append(folder / name)
    pending = home / PENDING_DIR
    try:
        notes = list(pending.iterdir())
    except OSError:
        return removed
    for note in notes:
        name = note.name.removesuffix(".path")
        if not _stale(name):
            continue
        try:
            target = Path(note.read_text(encoding="utf-8").strip())
        except (OSError, UnicodeDecodeError):
            target = None
        if target is not None and target.name == name:   # only ever a file we named
            remove(target)
            removed.append(target)
        unregister(note)
    return removed
