"""Sessions, their audit trail, scorecards, kata runs and small settings.

These are the rows other features keep in the store. Each writer joins the
caller's transaction when there is one (the session machine saves its state,
audit row and review together) and is its own transaction otherwise.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from trainer.kata_status import Standing, Verdict
from trainer.store import owners, problems
from trainer.store.core import StoreBase
from trainer.store.owners import Owner
from trainer.store.rows import AuditRow, KataRun, KataSummary, ScorecardRow, SessionRow
from trainer.store.timefmt import from_db, to_db

_SESSION_COLUMNS = "id, kind, state, payload, created_at, updated_at, finished"


def _dump(value: Any) -> str:
    """JSON text SQLite can store: lone surrogates (undecodable input bytes) become U+FFFD."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


class RecordsMixin(StoreBase):
    """Row-level API for sessions, audit, scorecards, katas and meta."""

    # --- sessions ---------------------------------------------------------------
    def save_session(self, session_id: str, kind: str, state: str, payload: dict[str, Any],
                     finished: bool = False) -> None:
        """Insert or update a session (created_at is kept, updated_at moves)."""
        now = to_db(self._now())
        with self.transaction():
            self._execute(
                "INSERT INTO sessions (id, kind, state, payload, created_at, updated_at, finished)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, state = excluded.state,"
                " payload = excluded.payload, updated_at = excluded.updated_at,"
                " finished = excluded.finished",
                (session_id, kind, state, _dump(payload), now, now, int(bool(finished))),
            )

    def load_session(self, session_id: str) -> SessionRow | None:
        rows = self._query(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?",
                           (session_id,))
        return _session(rows[0]) if rows else None

    def latest_unfinished_session(self, kind: str) -> SessionRow | None:
        """The most recent readable unfinished session of `kind` (unreadable ones are skipped)."""
        rows = self._query(
            f"SELECT {_SESSION_COLUMNS} FROM sessions"
            " WHERE kind = ? AND finished = 0 ORDER BY updated_at DESC, rowid DESC", (kind,))
        for r in rows:
            row = _session(r)
            if row is not None:
                return row
        return None

    def unfinished_sessions(self) -> list[SessionRow]:
        """Every readable session not finished (paused, or started and never answered), newest first."""
        rows = self._query(
            f"SELECT {_SESSION_COLUMNS} FROM sessions"
            " WHERE finished = 0 ORDER BY updated_at DESC, rowid DESC")
        return [row for row in map(_session, rows) if row is not None]

    def discard_session(self, session_id: str) -> None:
        """Forget a session and its audit trail (answers already graded stay)."""
        with self.transaction():
            self._execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            self._execute("DELETE FROM session_leases WHERE session_id = ?", (session_id,))

    # --- who has a session open ---------------------------------------------------
    def acquire_lease(self, session_id: str, owner: Owner, *,
                      take_over: bool = False) -> Owner | None:
        """Own `session_id` for `owner`; None when done, else the live process holding it.

        A lease whose process is gone (same host, pid not running or started
        at another time) is broken and taken; `take_over` takes a live one.
        """
        with self.transaction():
            rows = self._query("SELECT pid, host, started FROM session_leases"
                               " WHERE session_id = ?", (session_id,))
            if rows and not take_over:
                holder = Owner(int(rows[0][0]), str(rows[0][1]), int(rows[0][2]))
                if holder != owner and owners.alive(holder.pid, holder.started, holder.host):
                    return holder
            self._execute(
                "INSERT INTO session_leases (session_id, pid, host, started, acquired_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
                " pid = excluded.pid, host = excluded.host, started = excluded.started,"
                " acquired_at = excluded.acquired_at",
                (session_id, owner.pid, owner.host, owner.started, to_db(self._now())))
        return None

    def holds_lease(self, session_id: str, owner: Owner) -> bool:
        rows = self._query("SELECT 1 FROM session_leases WHERE session_id = ? AND pid = ?"
                           " AND host = ? AND started = ?",
                           (session_id, owner.pid, owner.host, owner.started))
        return bool(rows)

    def release_lease(self, session_id: str, owner: Owner) -> None:
        with self.transaction():
            self._execute("DELETE FROM session_leases WHERE session_id = ? AND pid = ?"
                          " AND host = ? AND started = ?",
                          (session_id, owner.pid, owner.host, owner.started))

    def append_audit(self, session_id: str, seq: int, source: str, event: str, target: str,
                     at: datetime) -> None:
        with self.transaction():
            self._execute(
                "INSERT INTO audit (session_id, seq, source, event, target, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, seq, source, event, target, to_db(at)))

    def audit(self, session_id: str) -> list[AuditRow]:
        rows = self._query(
            "SELECT session_id, seq, source, event, target, at FROM audit"
            " WHERE session_id = ? ORDER BY seq", (session_id,))
        out = []
        for r in rows:
            try:
                out.append(AuditRow(r[0], r[1], r[2], r[3], r[4], from_db(r[5])))
            except (TypeError, ValueError) as exc:
                problems.report("audit", f"{r[0]}#{r[1]}", _why(exc))
        return out

    # --- mock interviews ------------------------------------------------------------
    def save_scorecard(self, session_id: str, at: datetime, scorecard: dict[str, Any]) -> None:
        with self.transaction():
            self._execute(
                "INSERT INTO scorecards (session_id, at, scorecard) VALUES (?, ?, ?)",
                (session_id, to_db(at), _dump(scorecard)))

    def scorecards(self, limit: int = 50) -> list[ScorecardRow]:
        """Newest first."""
        rows = self._query(
            "SELECT id, session_id, at, scorecard FROM scorecards"
            " ORDER BY at DESC, id DESC LIMIT ?", (limit,))
        out = []
        for r in rows:
            try:
                out.append(ScorecardRow(r[0], r[1], from_db(r[2]), cast("dict[str, Any]", _loads(r[3]))))
            except (TypeError, ValueError) as exc:
                problems.report("scorecards", r[0], _why(exc))
        return out

    def scorecard(self, scorecard_id: int) -> ScorecardRow | None:
        """One scorecard by the id `trainer mock --history` shows."""
        rows = self._query(
            "SELECT id, session_id, at, scorecard FROM scorecards WHERE id = ?", (scorecard_id,))
        return ScorecardRow(rows[0][0], rows[0][1], from_db(rows[0][2]),
                            json.loads(rows[0][3])) if rows else None

    # --- katas ------------------------------------------------------------------------
    def record_kata_run(self, slug: str, at: datetime, status: Verdict | str, passed: int,
                        total: int, duration_ms: int, lang: str = "python") -> None:
        """One check of one track. `status` is a verdict, or its recorded word."""
        word = (status if isinstance(status, Verdict) else Verdict.from_recorded(status)).recorded
        with self.transaction():
            self._execute(
                "INSERT INTO kata_runs (slug, at, status, passed, total, duration_ms, lang)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (slug, to_db(at), word, int(passed), int(total), int(duration_ms), lang))

    def kata_summary(self, lang: str = "python") -> dict[str, KataSummary]:
        """slug -> status, last run and best run (a pass beats a fail, then most passed),
        for one track (`python` or `go`)."""
        rows = self._query(
            "SELECT slug, at, status, passed, total, duration_ms FROM kata_runs"
            " WHERE lang = ? ORDER BY at, id", (lang,))
        out: dict[str, KataSummary] = {}
        for r in rows:
            try:
                run = KataRun(r[0], from_db(r[1]), Verdict.from_recorded(r[2]), int(r[3]),
                              int(r[4]), int(r[5]))
            except (TypeError, ValueError) as exc:
                problems.report("kata_runs", f"{r[0]} at {r[1]!r}", _why(exc))
                continue
            prev = out.get(run.slug)
            if prev is None:
                best, runs = run, 1
            else:
                runs = prev.runs + 1
                best = run if (run.ok, run.passed) > (prev.best.ok, prev.best.passed) else prev.best
            out[run.slug] = KataSummary(run.slug,
                                        Standing.PASSED if best.ok else Standing.IN_PROGRESS,
                                        runs, run, best)
        return out

    # --- small key/value --------------------------------------------------------------
    def get_meta(self, key: str, default: Any = None) -> Any:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        if not rows:
            return default
        try:
            return json.loads(rows[0][0])
        except (TypeError, ValueError) as exc:
            problems.report("meta", key, _why(exc))
            return default

    def set_meta(self, key: str, value: Any) -> None:
        with self.transaction():
            self._execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, _dump(value)))


def _session(r: tuple[Any, ...]) -> SessionRow | None:
    """The row as a record, or None (reported once) when it cannot be read."""
    try:
        payload = _loads(r[3])
        if not isinstance(payload, dict):
            raise ValueError("payload is not a JSON object")
        return SessionRow(r[0], r[1], r[2], payload, from_db(r[4]), from_db(r[5]), bool(r[6]))
    except (TypeError, ValueError) as exc:
        problems.report("sessions", r[0], _why(exc))
        return None


def _loads(text: object) -> object:
    if not isinstance(text, str):
        raise ValueError("not JSON text")
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _why(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return "not valid JSON"
    return " ".join(str(exc).split())[:120] or type(exc).__name__
