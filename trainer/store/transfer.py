"""All progress as one JSON document, and back; and wiping it.

The export is every row of every progress table, so export -> import gives
back exactly the same progress. JSON columns are embedded as JSON (not as
strings) so the file is readable and editable by a person.

Import *replaces* the current progress (merging two histories of the same
cards has no right answer) and is all-or-nothing: the file is checked row by
row, and written in one transaction, so a bad file leaves the store as it
was. The CLI takes a backup before import and reset.
"""
from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from trainer.errors import TrainerError
from trainer.store import schema, tempfiles
from trainer.store.timefmt import now_utc, to_db

FORMAT = "trainer-progress"
FORMAT_VERSION = 1

_JSON_COLUMNS = {("meta", "value"), ("sessions", "payload"), ("scorecards", "scorecard")}
_TIME_COLUMNS = {("cards", "due"), ("cards", "last_review"), ("reviews", "at"),
                 ("reviews", "due_after"), ("sessions", "created_at"),
                 ("sessions", "updated_at"), ("audit", "at"), ("scorecards", "at"),
                 ("kata_runs", "at")}
_TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


class BadImport(TrainerError):
    exit_code = 2


def _columns(store, table: str) -> list[tuple[str, str, bool]]:
    """(name, declared type, nullable) of a table's columns, in order."""
    return [(r[1], r[2].upper(), not r[3] and not r[5])
            for r in store._query(f"PRAGMA table_info({table})")]


def export_data(store, now: datetime | None = None) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    with store._lock, store._guard():
        # One read transaction: a consistent snapshot even while others write.
        store._conn.execute("BEGIN")
        try:
            for table in schema.PROGRESS_TABLES:
                cols = [c[0] for c in _columns(store, table)]
                rows = []
                for r in store._conn.execute(
                        f"SELECT {', '.join(cols)} FROM {table} ORDER BY rowid"):
                    row = dict(zip(cols, r))
                    for col in cols:
                        if (table, col) in _JSON_COLUMNS:
                            row[col] = json.loads(row[col])
                    rows.append(row)
                tables[table] = rows
        finally:
            store._conn.execute("COMMIT")
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "schema_version": schema.SCHEMA_VERSION,
            "exported_at": to_db(now or now_utc()), "tables": tables}


def check_destination(store_path: Path, dest: Path) -> None:
    """Refuse an export destination that is the store, its journals or a backup.

    Compared by resolved path and, for files that exist, by inode (a hard
    link or a symlink to the store is the store).
    """
    from trainer.store.backups import backups_dir

    folder = backups_dir(store_path)
    protected = [Path(f"{store_path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
    target = dest.parent.resolve() / dest.name
    if dest.is_symlink() or dest.exists():
        target = dest.resolve()
    for p in protected:
        same = target == p.resolve()
        if not same and p.exists() and target.exists():
            same = os.path.samefile(target, p)
        if same:
            raise TrainerError(f"{dest} is your progress store ({p.name}); "
                               "export to another file", exit_code=2)
    inside = folder.exists() and (target == folder.resolve()
                                  or folder.resolve() in target.parents)
    if not inside and target.exists() and folder.is_dir():
        inside = any(os.path.samefile(target, b) for b in folder.iterdir() if b.is_file())
    if inside:
        raise TrainerError(f"{dest} is in your backups ({folder}); export to another file",
                           exit_code=2)


def export_file(store, path: Path, now: datetime | None = None) -> dict[str, int]:
    """Write the export to `path` atomically; return rows per table.

    The temporary file beside `path` is listed in the home's pending list,
    so if this process is killed the next start deletes it.
    """
    check_destination(store.path, path)
    data = export_data(store, now)
    tmp = tempfiles.temp_path(path)
    note = tempfiles.register(store.path.parent, tmp)
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise TrainerError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        tempfiles.remove(tmp)
        tempfiles.unregister(note)
    return {t: len(rows) for t, rows in data["tables"].items()}


def read_export(path: Path) -> dict[str, Any]:
    """Load and check an export file's envelope (rows are checked on import)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadImport(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadImport(f"cannot read {path}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadImport(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadImport(f"{path} is not a trainer progress export")
    if data.get("format_version") != FORMAT_VERSION:
        raise BadImport(f"{path} has export format {data.get('format_version')!r}; "
                        f"this trainer reads format {FORMAT_VERSION}")
    sv = data.get("schema_version")
    if not isinstance(sv, int) or sv > schema.SCHEMA_VERSION:
        raise BadImport(f"{path} was written by a newer trainer; upgrade trainer to import it")
    if not isinstance(data.get("tables"), dict):
        raise BadImport(f"{path} is not a trainer progress export (no tables)")
    unknown = set(data["tables"]) - set(schema.PROGRESS_TABLES)
    if unknown:
        raise BadImport(f"{path}: unknown table {sorted(unknown)[0]!r}")
    return data


def prepare_import(store, data: dict[str, Any], source: str = "import") -> list:
    """Check every row of `data` (from `read_export`); nothing is written yet."""
    prepared: list[tuple[str, list[str], list[tuple]]] = []
    for table in schema.PROGRESS_TABLES:
        rows = data["tables"].get(table, [])
        cols = _columns(store, table)
        if not isinstance(rows, list):
            raise BadImport(f"{source}: table {table!r} is not a list")
        prepared.append((table, [c[0] for c in cols],
                         [_check_row(source, table, i, row, cols) for i, row in enumerate(rows)]))
    return prepared


def apply_import(store, prepared: list, source: str = "import") -> dict[str, int]:
    """Replace all progress by checked rows, in one transaction (all or nothing)."""
    import sqlite3

    try:
        with store._guard(), store.transaction():
            _delete_all(store)
            for table, names, values in prepared:
                if values:
                    marks = ", ".join("?" for _ in names)
                    store._conn.executemany(
                        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", values)
    except sqlite3.IntegrityError as exc:
        raise BadImport(f"{source}: inconsistent data ({exc}); nothing was imported") from None
    return {table: len(values) for table, _, values in prepared}


def import_data(store, data: dict[str, Any], source: str = "import") -> dict[str, int]:
    """Check then replace all progress by `data` (from `read_export`)."""
    return apply_import(store, prepare_import(store, data, source), source)


def _check_row(source: str, table: str, index: int, row: Any,
               cols: list[tuple[str, str, bool]]) -> tuple:
    where = f"{source}: {table}[{index}]"
    if not isinstance(row, dict):
        raise BadImport(f"{where} is not an object")
    extra = set(row) - {c[0] for c in cols}
    if extra:
        raise BadImport(f"{where}: unknown field {sorted(extra)[0]!r}")
    out = []
    for name, kind, nullable in cols:
        if name not in row:
            raise BadImport(f"{where}: missing field {name!r}")
        v = row[name]
        if (table, name) in _JSON_COLUMNS:
            out.append(json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
            continue
        if v is None:
            if not nullable:
                raise BadImport(f"{where}: field {name!r} may not be null")
        elif kind == "INTEGER" and (isinstance(v, bool) or not isinstance(v, int)):
            raise BadImport(f"{where}: field {name!r} must be an integer")
        elif kind == "REAL" and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise BadImport(f"{where}: field {name!r} must be a number")
        elif kind == "TEXT" and not isinstance(v, str):
            raise BadImport(f"{where}: field {name!r} must be a string")
        elif (table, name) in _TIME_COLUMNS and not _TIME_RE.match(v):
            raise BadImport(f"{where}: field {name!r} is not a time like "
                            "2026-01-31T09:15:00.000000Z")
        out.append(v)
    return tuple(out)


def _delete_all(store) -> None:
    for table in reversed(schema.PROGRESS_TABLES):
        store._conn.execute(f"DELETE FROM {table}")


def reset(store) -> None:
    """Delete all progress (the schema stays). The CLI backs up first."""
    with store.transaction():
        _delete_all(store)
