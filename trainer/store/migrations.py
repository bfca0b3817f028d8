"""The store's schema as a list of forward migrations.

A store file records which migrations it has had in `PRAGMA user_version` and
that it is a trainer store at all in `PRAGMA application_id`. Migrations only
ever go forward and each one runs inside the transaction that bumps the
version, so a crash mid-migration leaves the file at the previous version,
never half-way. Never edit a migration that has shipped: add a new one.

Times are stored as fixed-width UTC text (`2026-01-31T09:15:00.000000Z`) so
that text order is time order (indexes and range scans work) and SQLite's
date functions can read them.

Foreign keys are deferred (checked at COMMIT) so that, inside one transaction,
callers may write a session's audit row before the session row.
"""
from __future__ import annotations

APPLICATION_ID = 0x54524E52  # "TRNR": marks a SQLite file as a trainer store

MIGRATIONS: tuple[str, ...] = (
    # v1: progress of the question bank and resumable sessions.
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL                 -- JSON
    );
    CREATE TABLE cards (
        card_id     TEXT PRIMARY KEY,
        state       INTEGER NOT NULL CHECK (state IN (1, 2, 3)),  -- fsrs State
        step        INTEGER,
        stability   REAL,
        difficulty  REAL,
        due         TEXT NOT NULL,
        last_review TEXT,
        reps        INTEGER NOT NULL DEFAULT 0,
        lapses      INTEGER NOT NULL DEFAULT 0,
        leech       INTEGER NOT NULL DEFAULT 0,
        suspended   INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX cards_due ON cards (due);
    CREATE TABLE reviews (
        id           INTEGER PRIMARY KEY,
        card_id      TEXT NOT NULL REFERENCES cards (card_id)
                         ON UPDATE CASCADE ON DELETE CASCADE
                         DEFERRABLE INITIALLY DEFERRED,
        at           TEXT NOT NULL,
        rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        state_before INTEGER,               -- NULL: the card was new
        state_after  INTEGER NOT NULL,
        due_after    TEXT NOT NULL,
        duration_ms  INTEGER,
        session_id   TEXT                   -- no foreign key: answers outlive sessions
    );
    CREATE INDEX reviews_at ON reviews (at);
    CREATE INDEX reviews_card ON reviews (card_id, at);
    CREATE TABLE sessions (
        id         TEXT PRIMARY KEY,
        kind       TEXT NOT NULL,
        state      TEXT NOT NULL,
        payload    TEXT NOT NULL,           -- JSON
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished   INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_open ON sessions (kind, finished, updated_at);
    CREATE TABLE audit (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE
                       DEFERRABLE INITIALLY DEFERRED,
        seq        INTEGER NOT NULL,
        source     TEXT NOT NULL,
        event      TEXT NOT NULL,
        target     TEXT NOT NULL,
        at         TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    );
    """,
    # v2: mock-interview scorecards and kata runs.
    """
    CREATE TABLE scorecards (
        id         INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        at         TEXT NOT NULL,
        scorecard  TEXT NOT NULL            -- JSON
    );
    CREATE INDEX scorecards_at ON scorecards (at);
    CREATE TABLE kata_runs (
        id          INTEGER PRIMARY KEY,
        slug        TEXT NOT NULL,
        at          TEXT NOT NULL,
        status      TEXT NOT NULL,
        passed      INTEGER NOT NULL,
        total       INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL
    );
    CREATE INDEX kata_runs_slug ON kata_runs (slug, at);
    """,
    # v3: stats read answers by time; a covering index answers retention and
    # the calendar from the index alone (about half the time at 200k answers).
    """
    DROP INDEX reviews_at;
    CREATE INDEX reviews_at_cover ON reviews (at, state_before, rating, card_id);
    """,
    # v4: a live session is owned by one process (pid, host, process start time), so
    # a second window cannot continue it unless it takes it over. Not progress: not exported.
    """
    CREATE TABLE session_leases (
        session_id  TEXT PRIMARY KEY,
        pid         INTEGER NOT NULL,
        host        TEXT NOT NULL,
        started     INTEGER NOT NULL,
        acquired_at TEXT NOT NULL
    );
    """,
    # kata runs per track: the same kata in Python or in Go is recorded apart.
    """
    ALTER TABLE kata_runs ADD COLUMN lang TEXT NOT NULL DEFAULT 'python';
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

# Tables holding the learner's progress, parents before children (the order
# export, import and reset walk them in).
PROGRESS_TABLES: tuple[str, ...] = (
    "meta", "cards", "reviews", "sessions", "audit", "scorecards", "kata_runs",
)
