"""A separate trainer process grading answers, for the crash and concurrency tests.

    python worker.py STORE_PATH NAME COUNT [GO_FILE]

Grades COUNT answers as session NAME, each in ONE transaction together with
the session's state (which records how many answers it holds), and prints
`committed N` after each commit. With GO_FILE it waits for that file to
exist first, so the workers open (create, back up) and write together.
"""
from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime, timedelta


def main() -> None:
    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    go = sys.argv[4] if len(sys.argv) > 4 else None
    from trainer.scheduling import Scheduler
    from trainer.settings import Settings
    from trainer.store import Store

    sched = Scheduler(Settings(), fuzz=False)
    print("ready", flush=True)
    if go:
        deadline = time.monotonic() + 60
        while not os.path.exists(go) and time.monotonic() < deadline:
            time.sleep(0.005)  # a start barrier, not a timing assertion
    store = Store.open(path)   # after the barrier: workers race to create and back up too
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(count):
        with store.transaction():
            sched.grade(store, f"{name}-{i % 50}", 1 + i % 4, t0 + timedelta(minutes=i),
                        session_id=name)
            store.save_session(name, "review", "asking", {"answered": i + 1})
            store.append_audit(name, i + 1, "asking", "answer", "asking",
                               t0 + timedelta(minutes=i))
        print(f"committed {i + 1}", flush=True)
    store.close()
    print("done", flush=True)


if __name__ == "__main__":
    main()
