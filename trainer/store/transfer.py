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
import math
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any, TypeGuard

from trainer.errors import TrainerError
from trainer.store import migrations, problems, tempfiles
from trainer.store.core import Column, StoreBase
from trainer.store.timefmt import from_db, now_utc, to_db

FORMAT = "trainer-progress"
FORMAT_VERSION = 1

_JSON_COLUMNS = {("meta", "value"), ("sessions", "payload"), ("scorecards", "scorecard")}
_TIME_COLUMNS = {("cards", "due"), ("cards", "last_review"), ("reviews", "at"),
                 ("reviews", "due_after"), ("sessions", "created_at"),
                 ("sessions", "updated_at"), ("audit", "at"), ("scorecards", "at"),
                 ("kata_runs", "at")}
_TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
_JSON_OBJECTS = {("sessions", "payload"), ("scorecards", "scorecard")}
MAX_JSON_DEPTH = 64
MAX_EXPORT_BYTES = 256 << 20     # years of study are a few tens of MB
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
_INT32_MAX = (1 << 31) - 1
# (table, column) -> inclusive (low, high); other integers: any 64-bit value.
_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("cards", "state"): (1, 3),
    ("cards", "step"): (0, 10_000),
    ("cards", "stability"): (1e-6, 1e7),     # days; fsrs keeps it positive
    ("cards", "difficulty"): (1.0, 10.0),    # fsrs's scale
    ("cards", "reps"): (0, _INT32_MAX),
    ("cards", "lapses"): (0, _INT32_MAX),
    ("cards", "leech"): (0, 1),
    ("cards", "suspended"): (0, 1),
    ("reviews", "id"): (1, _INT64_MAX),
    ("reviews", "rating"): (1, 4),
    ("reviews", "state_before"): (1, 3),
    ("reviews", "state_after"): (1, 3),
    ("reviews", "duration_ms"): (0, _INT64_MAX),
    ("sessions", "finished"): (0, 1),
    ("audit", "seq"): (0, _INT64_MAX),
    ("scorecards", "id"): (1, _INT64_MAX),
    ("kata_runs", "id"): (1, _INT64_MAX),
    ("kata_runs", "passed"): (0, _INT32_MAX),
    ("kata_runs", "total"): (0, _INT32_MAX),
    ("kata_runs", "duration_ms"): (0, _INT64_MAX),
}


class BadImport(TrainerError):
    exit_code = 2


# A prepared import: (table, column names, rows of values in that order) per table.
Prepared = list[tuple[str, list[str], list[tuple[Any, ...]]]]


def export_data(store: StoreBase, now: datetime | None = None) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    # One read transaction: a consistent snapshot even while others write.
    with store.snapshot():
        for table in migrations.PROGRESS_TABLES:
            info = store.columns(table)
            cols = [c.name for c in info]
            rows = []
            for r in store.table_rows(table, cols):
                row = _exportable(table, r[0], dict(zip(cols, r[1:])), info)
                if row is not None:
                    rows.append(row)
            tables[table] = rows
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "schema_version": migrations.SCHEMA_VERSION,
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


def _exportable(table: str, rowid: int, row: dict[str, Any],
                info: list[Column]) -> dict[str, Any] | None:
    """The row as exported, or None (reported once) if import would refuse it.

    So `export` always works, and what it writes always imports.
    """
    for name, kind, nullable in info:
        if (table, name) in _JSON_COLUMNS:
            try:
                row[name] = json.loads(row[name])
            except (TypeError, ValueError, RecursionError):
                problems.report(table, _row_key(table, rowid, row), f"{name} is not valid JSON")
                return None
        problem = field_problem(table, name, kind, nullable, row[name])
        if problem:
            problems.report(table, _row_key(table, rowid, row), f"{name} {problem}")
            return None
    return row


def _row_key(table: str, rowid: int, row: dict[str, Any]) -> str:
    for key in ("id", "card_id", "key", "session_id"):
        if key in row:
            return str(row[key])
    return f"#{rowid}"


def export_file(store: StoreBase, path: Path, now: datetime | None = None) -> dict[str, int]:
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
    from trainer.paths import NotAFile, read_regular

    try:
        text = read_regular(path, MAX_EXPORT_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise BadImport(f"no such file: {path}") from None
    except NotAFile as exc:
        raise BadImport(f"cannot import {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadImport(f"cannot read {path}: {exc}") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BadImport(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise BadImport(f"{path} is nested too deeply to be a trainer progress export") from None
    except ValueError as exc:
        raise BadImport(f"{path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadImport(f"{path} is not a trainer progress export")
    fv = data.get("format_version")
    if not _is_int(fv) or fv != FORMAT_VERSION:
        raise BadImport(f"{path} has export format {fv!r}; "
                        f"this trainer reads format {FORMAT_VERSION}")
    sv = data.get("schema_version")
    if not _is_int(sv) or sv < 1:
        raise BadImport(f"{path}: field 'schema_version' must be a positive integer, not {sv!r}")
    if sv > migrations.SCHEMA_VERSION:
        raise BadImport(f"{path} was written by a newer trainer; upgrade trainer to import it")
    if not isinstance(data.get("tables"), dict):
        raise BadImport(f"{path} is not a trainer progress export (no tables)")
    unknown = set(data["tables"]) - set(migrations.PROGRESS_TABLES)
    if unknown:
        raise BadImport(f"{path}: unknown table {sorted(unknown)[0]!r}")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a trainer export holds")


def _is_int(v: Any) -> TypeGuard[int]:
    return isinstance(v, int) and not isinstance(v, bool)


def prepare_import(store: StoreBase, data: dict[str, Any], source: str = "import") -> Prepared:
    """Check every row of `data` (from `read_export`); nothing is written yet."""
    prepared: Prepared = []
    for table in migrations.PROGRESS_TABLES:
        rows = data["tables"].get(table, [])
        cols = store.columns(table)
        if not isinstance(rows, list):
            raise BadImport(f"{source}: table {table!r} is not a list; nothing was imported")
        prepared.append((table, [c.name for c in cols],
                         [_check_row(source, table, i, row, cols) for i, row in enumerate(rows)]))
    return prepared


def apply_import(store: StoreBase, prepared: Prepared,
                 source: str = "import") -> dict[str, int]:
    """Replace all progress by checked rows, in one transaction (all or nothing)."""
    import sqlite3

    try:
        with store.transaction():
            _delete_all(store)
            for table, names, values in prepared:
                if values:
                    store.insert_rows(table, names, values)
    except sqlite3.IntegrityError as exc:
        raise BadImport(f"{source}: inconsistent data ({exc}); nothing was imported") from None
    return {table: len(values) for table, _, values in prepared}


def import_data(store: StoreBase, data: dict[str, Any],
                source: str = "import") -> dict[str, int]:
    """Check then replace all progress by `data` (from `read_export`)."""
    return apply_import(store, prepare_import(store, data, source), source)


def _check_row(source: str, table: str, index: int, row: Any,
               cols: list[Column]) -> tuple[Any, ...]:
    where = f"{source}: {table}[{index}]"
    if not isinstance(row, dict):
        raise BadImport(f"{where} is not an object; nothing was imported")
    extra = set(row) - {c.name for c in cols}
    if extra:
        raise BadImport(f"{where}: unknown field {sorted(extra)[0]!r}; nothing was imported")
    out = []
    for name, kind, nullable in cols:
        if name not in row:
            raise BadImport(f"{where}: missing field {name!r}; nothing was imported")
        problem = field_problem(table, name, kind, nullable, row[name])
        if problem:
            raise BadImport(f"{where}: field {name!r} {problem}; nothing was imported")
        v = row[name]
        if (table, name) in _JSON_COLUMNS:
            v = json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        out.append(v)
    return tuple(out)


def field_problem(table: str, name: str, kind: str, nullable: bool, v: Any) -> str | None:
    """What is wrong with value `v` for a column (None: nothing). Shared by import and export.

    Types as declared (a boolean is not an integer), integers within SQLite's
    64 bits and the column's range (`_RANGES`), finite numbers, times that are
    real instants in the store's format, text that is valid Unicode, JSON
    columns of bounded depth (objects where the program expects one).
    """
    if (table, name) in _JSON_COLUMNS:
        if (table, name) in _JSON_OBJECTS and not isinstance(v, dict):
            return "must be a JSON object"
        return _json_problem(v, 0)
    if v is None:
        return None if nullable else "may not be null"
    if kind == "INTEGER":
        if not _is_int(v):
            return "must be an integer"
        low, high = _RANGES.get((table, name), (_INT64_MIN, _INT64_MAX))
        if not low <= v <= high:
            return f"must be between {low} and {high}, not {v}"
    elif kind == "REAL":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return "must be a number"
        if not math.isfinite(v):
            return "must be a finite number"
        low, high = _RANGES.get((table, name), (-1e300, 1e300))
        if not low <= v <= high:
            return f"must be between {low:g} and {high:g}, not {v!r}"
    elif kind == "TEXT":
        if not isinstance(v, str):
            return "must be a string"
        if not _encodable(v):
            return "is not valid Unicode text"
        if (table, name) in _TIME_COLUMNS:
            if not _TIME_RE.match(v):
                return "is not a time like 2026-01-31T09:15:00.000000Z"
            try:
                from_db(v)
            except ValueError:
                return f"is not a real date and time ({v})"
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_problem(v: Any, depth: int) -> str | None:
    if depth > MAX_JSON_DEPTH:
        return f"is nested deeper than {MAX_JSON_DEPTH} levels"
    if isinstance(v, dict):
        for key, item in v.items():
            if not _encodable(key):
                return "holds text that is not valid Unicode"
            problem = _json_problem(item, depth + 1)
            if problem:
                return problem
    elif isinstance(v, list):
        for item in v:
            problem = _json_problem(item, depth + 1)
            if problem:
                return problem
    elif isinstance(v, str):
        if not _encodable(v):
            return "holds text that is not valid Unicode"
    elif isinstance(v, float) and not math.isfinite(v):
        return "holds a number that is not finite"
    elif _is_int(v) and not _INT64_MIN <= v <= _INT64_MAX:
        return "holds an integer beyond 64 bits"
    return None


def _delete_all(store: StoreBase) -> None:
    for table in reversed(migrations.PROGRESS_TABLES):
        store.delete_rows(table)


def reset(store: StoreBase) -> None:
    """Delete all progress (the schema stays). The CLI backs up first."""
    with store.transaction():
        _delete_all(store)
