"""The `srs` benchmarks: scheduling and stats on a store the size of years of study.

Builds, in a temporary home, a store with 10,000 cards and 200,000 review
rows (two years of history, written straight into SQLite so the set-up takes
seconds, not the minutes real grading would), then measures:

* srs.next_card_ms  choosing the next card of a review session
                    (`Scheduler.review_queue(limit=1)` over a 10,500-card bank), median
* srs.grade_ms      recording one graded answer (one transaction), median
* srs.stats_ms      `trainer stats --json` wall time in a fresh process, median of 3
                    (after one warm-up run, which also takes that day's backup)

* srs.cold_start_16_ok  of 16 `trainer quiz --plain -n 10` processes started at once
                    on a new home, how many exited 0 with all 10 answers recorded

Goals (issue "Progress that lasts"): next card < 20 ms, stats < 500 ms; cold start 16.
"""
from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

N_CARDS = 10_000
N_REVIEWS = 200_000
N_NEW = 500
DAYS = 730


def build(home: Path, now: datetime, seed: int = 7) -> list[str]:
    """Write the big store under `home`; return the bank ids (seen cards then new ones)."""
    from trainer.store import Store
    from trainer.store.timefmt import to_db

    rng = random.Random(seed)
    ids = [f"card-{i:05d}" for i in range(N_CARDS)]
    store = Store.open(home / "progress.sqlite3")
    start = now - timedelta(days=DAYS)
    cards, reviews = [], []
    per_card = N_REVIEWS // N_CARDS
    for cid in ids:
        first = start + timedelta(minutes=rng.randrange(0, DAYS * 24 * 60 // 2))
        span = (now - first).total_seconds()
        times = sorted(first + timedelta(seconds=rng.random() * span) for _ in range(per_card))
        state_before = None
        lapses = 0
        for t in times:
            rating = rng.choices((1, 2, 3, 4), weights=(10, 15, 65, 10))[0]
            after = 1 if state_before is None else (3 if rating == 1 else 2)
            if state_before == 2 and rating == 1:
                lapses += 1
            reviews.append((cid, to_db(t), rating, state_before, after,
                            to_db(t + timedelta(days=rng.randint(1, 60))),
                            rng.randint(2000, 30000), None))
            state_before = after
        state = rng.choices((1, 2, 3), weights=(3, 92, 5))[0]
        due = now + timedelta(days=rng.uniform(-20, 180))
        leech = lapses >= 8
        cards.append((cid, state, None if state == 2 else 0, rng.uniform(1, 300),
                      rng.uniform(1, 10), to_db(due), to_db(times[-1]), per_card, lapses,
                      int(leech), int(leech)))
    with store.transaction():
        store._conn.executemany(
            "INSERT INTO cards (card_id, state, step, stability, difficulty, due, last_review,"
            " reps, lapses, leech, suspended) VALUES (?,?,?,?,?,?,?,?,?,?,?)", cards)
        store._conn.executemany(
            "INSERT INTO reviews (card_id, at, rating, state_before, state_after, due_after,"
            " duration_ms, session_id) VALUES (?,?,?,?,?,?,?,?)", reviews)
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store._conn.execute("ANALYZE")
    store.close()
    return ids + [f"new-{i:04d}" for i in range(N_NEW)]


def _median_ms(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def cold_start(n: int = 16, answers: int = 10) -> int:
    """Processes (of `n` started together on a new home) that recorded every answer."""
    import sqlite3

    home = Path(tempfile.mkdtemp(prefix="trainer-bench-cold-"))
    try:
        env = {**os.environ, "TRAINER_HOME": str(home), "NO_COLOR": "1"}
        script = "".join(f"answer {i}\n.\n3\n" for i in range(answers))
        cmd = [sys.executable, "-m", "trainer", "quiz", "--plain", "-n", str(answers)]
        procs = [subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for _ in range(n)]
        codes = [-1 if "error:" in p.communicate(script, timeout=600)[1] else p.returncode
                 for p in procs]
        uri = (home / "progress.sqlite3").as_uri() + "?mode=ro"
        with sqlite3.connect(uri, uri=True) as conn:
            per_session = [r[0] for r in conn.execute(
                "SELECT count(*) FROM reviews GROUP BY session_id")]
        full = sum(1 for c in per_session if c == answers)
        return min(full, sum(1 for c in codes if c == 0))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run() -> list[tuple[str, float, str]]:
    from trainer.scheduling import Scheduler
    from trainer.settings import Settings
    from trainer.store import Store

    now = datetime.now(UTC).replace(microsecond=0)
    home = Path(tempfile.mkdtemp(prefix="trainer-bench-srs-"))
    try:
        bank_ids = build(home, now)
        sched = Scheduler(Settings(), fuzz=False)
        with Store.open(home / "progress.sqlite3") as store:
            queue = sched.review_queue(store, bank_ids, now, limit=1)
            assert queue, "the benchmark store should have due cards"
            next_card = _median_ms(lambda: sched.review_queue(store, bank_ids, now, limit=1), 30)
            due = sched.review_queue(store, bank_ids, now)
            it = iter(due)
            grade = _median_ms(lambda: sched.grade(store, next(it), 3, now), 30)

        env = {**os.environ, "TRAINER_HOME": str(home)}
        cmd = [sys.executable, "-m", "trainer", "stats", "--json"]

        def stats_once() -> None:
            r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                raise RuntimeError(f"trainer stats --json failed: {r.stderr.strip()}")

        stats_once()  # warm-up: page cache, .pyc files, and the day's backup
        stats = _median_ms(stats_once, 3)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return [("srs.next_card_ms", round(next_card, 2), "ms"),
            ("srs.grade_ms", round(grade, 2), "ms"),
            ("srs.stats_ms", round(stats, 1), "ms"),
            ("srs.cold_start_16_ok", cold_start(), "")]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name}: {value} {unit}")
