"""The connection to one progress file: opening it safely and transactions.

Opening is where a learner's history is most at risk, so it is careful and
refuses rather than guesses:

1. A file that is empty (0 bytes), is not SQLite, is SQLite but not ours
   (`application_id`), was written by a newer trainer (`user_version`), or
   fails `PRAGMA quick_check`, raises `StoreRefused` naming the path and
   what to do: only a missing file means a new store. A new store is built
   under a temporary name and hard-linked into place (never over a file),
   so no reader ever sees a half-made one and concurrent first starts agree
   on one file. The
   file is opened read-only for those checks: it is never written, moved or
   deleted by a refused open. quick_check reads the whole file (about 0.1 s
   per 200,000 answers), so it runs on the first open of each day, right
   before that day's backup (a damaged file must never push good backups
   out of the rotation), before any migration, and on files to restore.
   Between checks, SQLite reports damage on any page a command touches;
   `_guard` turns that into the same refusal instead of a traceback, and a
   write that fails for another reason (no space, read-only, a size limit)
   into a line naming that reason (`trainer.store.failures`).
2. WAL mode (readers never block the writer), foreign keys on, a busy
   timeout (two trainer processes wait for each other instead of failing
   with "database is locked") and `synchronous=FULL` (a committed answer
   survives a power cut, not only a killed process).
3. What to do before anything is written (clean up killed writers' temporary
   files, decide whether the daily check is due, back up once a day and
   before any migration) is the caller's `OpeningPolicy`: `Store.open`
   passes `backups.BackupOnOpen`, restore passes none. So this module
   imports nothing above it: backups build on the connection, never the
   other way round.
4. Forward migrations, each in the transaction that bumps the version.

Everything else reaches the file through named methods: row modules
(`records`, `scheduling_rows`, `review_counts`) subclass `StoreBase` and use
its protected `_query`/`_execute`; backups, export and import use the public
copy, snapshot and whole-table methods at the end of the class. Nothing
outside this module touches the connection or its lock.

Every write goes through `transaction()`: `BEGIN IMMEDIATE` takes the write
lock up front, so a transaction never fails half-way with SQLITE_BUSY when
it tries to upgrade a read lock, and nested calls join the outer transaction
(through a savepoint, so a nested block that raises undoes only itself).
"""
from __future__ import annotations

import errno
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, Protocol, Self

from trainer.store import failures, migrations, tempfiles
from trainer.store.failures import StoreBusy, StoreRefused, StoreUnwritable, damaged
from trainer.store.timefmt import now_utc

STORE_FILENAME = "progress.sqlite3"
BUSY_TIMEOUT_S = 30.0
_SQLITE_HEADER = b"SQLite format 3\x00"


__all__ = ["BUSY_TIMEOUT_S", "STORE_FILENAME", "Column", "OpeningPolicy", "StoreBase",
           "StoreBusy", "StoreRefused", "StoreUnwritable", "connect", "default_path",
           "inspect_file", "quick_check"]

Params = Sequence[Any]


class Column(NamedTuple):
    """One column of a table as declared (what export and import check values against)."""

    name: str
    type: str           # the declared type, upper case: INTEGER, REAL, TEXT
    nullable: bool


class OpeningPolicy(Protocol):
    """What the opener of a store does around opening it (see `backups.BackupOnOpen`)."""

    def before_open(self, path: Path) -> None:
        """Called once the file exists, before it is checked or connected to (e.g. delete
        stale temporary files)."""

    def check_due(self, path: Path) -> bool:
        """Is a full quick_check due now (e.g. before the day's first backup)?"""

    def before_migrate(self, store: StoreBase, version: int) -> None:
        """Called on an existing file, configured but not yet migrated (e.g. back it up)."""


def default_path() -> Path:
    from trainer import paths

    return paths.home_dir() / STORE_FILENAME


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A bare connection to `path` (autocommit; read-only opens never create the file)."""
    if read_only:
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S,
                               isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S,
                               isolation_level=None, check_same_thread=False)
    return conn


def inspect_file(path: Path, *, what: str = "progress store", check: bool = True) -> int:
    """Check that `path` is a trainer store (healthy, with `check`) without changing it.

    Returns its schema version, 0 only for a missing file (a new store).
    Raises `StoreRefused` for anything else that is not a sound trainer
    store: an empty file is what an interrupted tool leaves, never a fresh
    start (taking it for one would rotate the real backups away).
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise StoreRefused(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise StoreRefused(f"{path} is a directory, not a trainer {what}")
    if not stat.S_ISREG(st.st_mode):
        raise StoreRefused(f"{path} is not a regular file, not a trainer {what}")
    if st.st_size == 0:
        raise StoreRefused(f"{path} is empty (0 bytes), not a trainer {what}; it was left "
                           f"untouched{_advice(what)}")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise StoreRefused(f"cannot read {path}: {exc.strerror or exc}") from None
    if header != _SQLITE_HEADER:
        raise StoreRefused(
            f"{path} is not a trainer {what} (not an SQLite file); it was left "
            "untouched: move it away, or use --home to choose another place"
        )
    try:
        conn = connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise _classified(exc, path, what) from None
    try:
        version = _identify(conn, path, what)
        if check:
            quick_check(conn, path, what)
        return version
    finally:
        conn.close()


def _advice(what: str) -> str:
    if what != "progress store":
        return ""
    from trainer.invocation import program

    return (f". `{program()} restore` puts your newest sound backup in its place; "
            "or move the file away to start afresh")


def _classified(exc: sqlite3.Error, path: Path, what: str = "progress store") -> Exception:
    """The one-line error for `exc` at `path` (damage, no space, read-only...)."""
    return (failures.from_sqlite(exc, path, what=what)
            or StoreRefused(f"cannot use {path}: {exc}"))


def quick_check(conn: sqlite3.Connection, path: Path, what: str = "progress store") -> None:
    """Raise `StoreRefused` unless `PRAGMA quick_check` says ok."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise _classified(exc, path, what) from None
    if rows != [("ok",)]:
        lines = [ln.strip() for r in rows for ln in str(r[0]).splitlines()]
        problems = [ln for ln in lines if ln and not ln.startswith("***")]
        raise damaged(path, "; ".join(problems[:2]) or "quick_check failed", what)


def _identify(conn: sqlite3.Connection, path: Path, what: str) -> int:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if app_id == 0 and version == 0 and tables == 0:
            raise StoreRefused(f"{path} is an empty SQLite database, not a trainer {what}; "
                               f"it was left untouched{_advice(what)}")
        if app_id != migrations.APPLICATION_ID:
            raise StoreRefused(
                f"{path} is an SQLite database but not a trainer {what}; it was left "
                "untouched: move it away, or use --home to choose another place"
            )
        if version > migrations.SCHEMA_VERSION:
            raise StoreRefused(
                f"{path} was written by a newer trainer (schema {version}, this one "
                f"knows up to {migrations.SCHEMA_VERSION}); upgrade trainer to use it"
            )
    except sqlite3.DatabaseError as exc:
        raise _classified(exc, path, what) from None
    return version


def create_file(path: Path) -> bool:
    """Make a new, empty trainer store at `path` unless a file is there; True if made here.

    Built completely under a temporary name, then hard-linked to `path`: a
    link never replaces a file, so of several trainers starting at once on a
    new home exactly one creates the store and the others open it.
    """
    tmp = tempfiles.temp_path(path)
    try:
        conn = sqlite3.connect(str(tmp), isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            StoreBase(tmp, conn)._migrate()
        finally:
            conn.close()
        try:
            os.link(tmp, path)
            return True
        except FileExistsError:
            return False
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if path.exists():                  # no hard links here: rename, checking first
                return False
            os.rename(tmp, path)
            return True
    except sqlite3.Error as exc:
        raise _classified(exc, tmp) from None
    except OSError as exc:
        raise failures.from_os(exc, path) from None
    finally:
        tempfiles.remove(tmp)


class StoreBase:
    """Connection, transactions and opening; the row-level API is in the mixins."""

    path: Path

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self._lock = threading.RLock()
        self._depth = 0

    # --- opening --------------------------------------------------------------
    @classmethod
    def open_file(cls, path: Path, *, check: bool | None = None,
                  policy: OpeningPolicy | None = None) -> Self:
        """Open (creating if needed) the store at `path`, checked and migrated.

        `check` forces (True) or skips (False) the quick_check; None means
        "when due": before a migration, or when `policy` says so. `policy`
        runs around the open (`Store.open` passes the backup policy); None
        opens without side effects beyond creating and migrating.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise failures.from_os(exc, path.parent) from None
        version = inspect_file(path, check=False)
        created = False
        if version == 0:
            created = create_file(path)
            version = inspect_file(path, check=False)
        if policy is not None:
            policy.before_open(path)
        if version and check is None and not created:
            check = (version < migrations.SCHEMA_VERSION
                     or (policy is not None and policy.check_due(path)))
        if version and check:
            inspect_file(path, check=True)
        try:
            conn = connect(path)
        except sqlite3.Error as exc:
            raise _classified(exc, path) from None
        store = cls(path, conn)
        try:
            store._configure()
            if policy is not None and not created:
                policy.before_migrate(store, version)
            store._migrate()
        except sqlite3.Error as exc:
            conn.close()
            raise _classified(exc, path) from None
        except OSError as exc:
            conn.close()
            raise failures.from_os(exc, path) from None
        except BaseException:
            conn.close()
            raise
        return store

    def _configure(self) -> None:
        c = self._conn
        c.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # e.g. a file system without shared memory
            raise StoreRefused(f"cannot use {self.path}: WAL mode unavailable ({mode})")
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA synchronous = FULL")

    def _migrate(self) -> None:
        with self.transaction():
            # Read inside the write lock: another process may have migrated meanwhile.
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self._conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
            for number in range(version, migrations.SCHEMA_VERSION):
                for statement in _statements(migrations.MIGRATIONS[number]):
                    self._conn.execute(statement)
            if version != migrations.SCHEMA_VERSION:
                self._conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._depth:
                raise RuntimeError("close() inside a transaction")
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions -----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: `BEGIN IMMEDIATE ... COMMIT`; nested calls join it."""
        with self._lock:
            if self._depth == 0:
                with self._guard():
                    self._conn.execute("BEGIN IMMEDIATE")
                self._depth = 1
                try:
                    yield
                except BaseException:
                    self._depth = 0
                    self._rollback()
                    raise
                try:
                    with self._guard():
                        self._conn.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise
                finally:
                    self._depth = 0
            else:
                name = f"nested_{self._depth}"
                self._conn.execute(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield
                except BaseException:
                    if self._conn.in_transaction:  # a full disk may have rolled it all back
                        self._conn.execute(f"ROLLBACK TO {name}")
                        self._conn.execute(f"RELEASE {name}")
                    raise
                else:
                    self._conn.execute(f"RELEASE {name}")
                finally:
                    self._depth -= 1

    def _rollback(self) -> None:
        """Undo an open transaction; SQLite may have rolled back already (a full disk)."""
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass    # nothing was committed; the connection is closed at exit

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """A failing file becomes one line naming the cause: damage, no space, read-only..."""
        try:
            yield
        except sqlite3.Error as exc:
            err = failures.from_sqlite(exc, self.path)
            if err is None:              # a constraint or a programming error: not the file's
                raise
            raise err from None

    # --- for the row modules (subclasses) ----------------------------------------
    def _execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        with self._lock, self._guard():
            return self._conn.execute(sql, params)

    def _query(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._guard():
            return self._conn.execute(sql, params).fetchall()

    def _now(self) -> datetime:
        return now_utc()

    def integrity_check(self) -> str:
        """'ok' or SQLite's first complaint (a full `PRAGMA integrity_check`)."""
        rows = self._query("PRAGMA integrity_check")
        return "ok" if rows == [("ok",)] else str(rows[0][0])

    # --- whole-file copies (backups, restore) ---------------------------------------
    def copy_to(self, dest: sqlite3.Connection) -> None:
        """Copy a consistent snapshot of the whole file into `dest` (SQLite's backup API).

        Safe while other processes write. sqlite3 errors are left to the
        caller, which knows whether the copy or this file is at fault.
        """
        with self._lock:
            self._conn.backup(dest)

    def replace_with(self, source: Path) -> None:
        """Overwrite this store's whole content by the file at `source`, in one step."""
        src = sqlite3.connect(str(source), isolation_level=None)
        try:
            with self._lock, self._guard():
                src.backup(self._conn)
        finally:
            src.close()

    # --- whole tables (export, import, reset) -----------------------------------------
    def columns(self, table: str) -> list[Column]:
        """The columns of `table`, in order (a column with a default is not nullable)."""
        return [Column(r[1], r[2].upper(), not r[3] and not r[5])
                for r in self._query(f"PRAGMA table_info({table})")]

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: every read inside sees the same state, whoever writes."""
        with self._lock, self._guard():
            self._conn.execute("BEGIN")
            try:
                yield
            finally:
                self._conn.execute("COMMIT")

    def table_rows(self, table: str, names: Sequence[str]) -> list[tuple[Any, ...]]:
        """(rowid, *names) of every row of `table`, in rowid order."""
        return self._query(f"SELECT rowid, {', '.join(names)} FROM {table} ORDER BY rowid")

    def insert_rows(self, table: str, names: Sequence[str],
                    values: Sequence[Sequence[Any]]) -> None:
        """Insert rows given as values for `names` (inside the caller's transaction)."""
        marks = ", ".join("?" for _ in names)
        with self._lock, self._guard():
            self._conn.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", values)

    def delete_rows(self, table: str) -> None:
        """Delete every row of `table` (inside the caller's transaction)."""
        self._execute(f"DELETE FROM {table}")


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would COMMIT our transaction)."""
    parts: list[str] = []
    buf: list[str] = []
    for line in script.splitlines():
        buf.append(line)
        if sqlite3.complete_statement("\n".join(buf)):
            stmt = "\n".join(buf).strip()
            if stmt.strip(";").strip():
                parts.append(stmt)
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        parts.append(rest)
    return parts
