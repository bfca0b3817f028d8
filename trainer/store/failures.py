"""Why the store could not be read or written, named by its real cause.

SQLite reports a full disk, a read-only directory, a file-size limit and a
damaged page with different result codes (`sqlite_errorcode`, extended codes
included), and the OS with different errnos. Only real damage (CORRUPT,
NOTADB) is called damage and sends the learner to `trainer restore`; a write
that failed for lack of space, permission or a size limit is named as such,
because restoring a healthy file would not help and would risk it.

SQLite folds several causes into SQLITE_IOERR (a write refused with EFBIG or
ENOSPC, say), so for I/O and open errors the place is looked at too: the
file-size limit (`ulimit -f`), a read-only file system, permissions, free
space.
"""
from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from trainer.errors import TrainerError

# Primary result codes (the low byte of an extended code).
PERM, BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN = 3, 5, 6, 8, 10, 11, 13, 14
NOTADB, AUTH = 26, 23
_DAMAGE = {CORRUPT, NOTADB}
_WRITE = {PERM, READONLY, IOERR, FULL, CANTOPEN, AUTH}
_FREE_SPACE_FLOOR = 1 << 20     # under 1 MiB free counts as a full disk

_ERRNO_CAUSES: dict[int, str] = {
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "your disk quota is used up",
    errno.EFBIG: "file too large (the file-size limit, `ulimit -f`, was reached)",
}


class StoreRefused(TrainerError):
    """The progress file cannot be used as it is; it was left untouched."""

    exit_code = 3


class StoreUnwritable(TrainerError):
    """Progress could not be written (no space, read-only, permission, size limit)."""

    exit_code = 4


class StoreBusy(TrainerError):
    """Another trainer process held the store's lock for longer than the busy timeout."""

    exit_code = 4


def damaged(path: Path, detail: str, what: str = "progress store") -> StoreRefused:
    detail = " ".join(detail.split())  # one line, whatever SQLite said
    if what != "progress store":
        return StoreRefused(f"{path} is a damaged {what} ({detail}); it was left untouched")
    from trainer.invocation import program

    return StoreRefused(
        f"{path} is damaged ({detail}); it was left untouched. Run `{program()} restore` "
        "to put a backup in its place (the damaged file is kept beside it)"
    )


def primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_damage(exc: sqlite3.Error) -> bool:
    code = primary_code(exc)
    if code is None:       # no code: only a bare DatabaseError means a bad file
        return type(exc) is sqlite3.DatabaseError
    return code in _DAMAGE


def probe(path: Path, extra: tuple[Path, ...] = ()) -> str | None:
    """The cause a failed write at `path` most likely had, from the place itself."""
    import resource

    soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if soft != resource.RLIM_INFINITY:
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal"), *extra):
            try:
                size = p.stat().st_size
            except OSError:
                continue
            if size + 65536 >= soft:
                return (f"file too large (the file-size limit, `ulimit -f`, is {soft} bytes "
                        f"and {p.name} reached it)")
        if soft < 1 << 20:
            return f"file too large (the file-size limit, `ulimit -f`, is only {soft} bytes)"
    folder = path.parent if not path.is_dir() else path
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        vfs = os.statvfs(folder)
    except OSError:
        return None
    if vfs.f_flag & os.ST_RDONLY:
        return f"the file system holding {folder} is read-only"
    targets = [folder] + [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
                          if p.exists()]
    for p in targets:
        if not os.access(p, os.W_OK):
            return f"permission denied (you may not write to {p})"
    if vfs.f_bavail * vfs.f_frsize < _FREE_SPACE_FLOOR:
        return f"no space left on the disk holding {folder}"
    return None


def _unwritable(path: Path, cause: str) -> StoreUnwritable:
    return StoreUnwritable(
        f"cannot write your progress at {path}: {cause}. Nothing already saved was lost; "
        "fix that and run the command again")


def from_os(exc: OSError, path: Path) -> TrainerError:
    """An OSError met while writing `path`, as a one-line error naming its cause."""
    cause = _ERRNO_CAUSES.get(exc.errno or 0)
    if cause is None or exc.errno == errno.EACCES:
        cause = probe(path) or cause or (exc.strerror or str(exc))
    return _unwritable(path, cause)


def from_sqlite(exc: sqlite3.Error, path: Path, extra: tuple[Path, ...] = (),
                what: str = "progress store") -> TrainerError | None:
    """A sqlite3 error as a one-line error naming its cause; None if it is not about the file."""
    if is_damage(exc):
        return damaged(path, str(exc), what)
    code = primary_code(exc)
    if code in (BUSY, LOCKED):
        return StoreBusy(f"{path} is busy: another trainer process kept it locked; "
                         "nothing was changed, try again")
    if code in _WRITE:
        cause = probe(path, extra)
        if cause is None:
            name = getattr(exc, "sqlite_errorname", "") or "I/O error"
            cause = {FULL: "the disk is full (or the file reached a size limit)",
                     READONLY: f"the file is read-only ({exc})",
                     PERM: "permission denied",
                     CANTOPEN: f"the file cannot be opened ({exc})"}.get(
                code or 0, f"a disk I/O error ({name})")
        return _unwritable(path, cause)
    return None
