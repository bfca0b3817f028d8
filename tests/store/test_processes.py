"""Real processes: kill -9 mid-session, and two trainers writing at once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.store import Store

WORKER = Path(__file__).with_name("worker.py")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"),
    pytest.mark.katas,  # real processes: the slow part of the suite
]


def start(path: Path, name: str, count: int, go: Path | None = None) -> subprocess.Popen:
    args = [sys.executable, str(WORKER), str(path), name, str(count)]
    if go is not None:
        args.append(str(go))
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)


def check_consistent(store: Store, name: str) -> int:
    """Answers, session state and audit of one session agree: nothing half-written."""
    reviews = store._query("SELECT count(*) FROM reviews WHERE session_id = ?", (name,))[0][0]
    session = store.load_session(name)
    answered = session.payload["answered"] if session else 0
    assert answered == reviews == len(store.audit(name))
    return reviews


@pytest.mark.parametrize("kill_after", [5, 40, 120])
def test_kill_9_mid_session_loses_at_most_the_answer_in_flight(home, kill_after):
    path = home / "progress.sqlite3"
    Store.open(path).close()
    proc = start(path, "s", 100_000)
    last = 0
    try:
        for line in proc.stdout:
            if line.startswith("committed"):
                last = int(line.split()[1])
                if last >= kill_after:
                    proc.send_signal(signal.SIGKILL)
                    break
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    with Store.open(path) as store:
        assert store.integrity_check() == "ok"
        reviews = check_consistent(store, "s")
        # Every answer reported committed is there. (More may be: on a loaded machine the
        # worker keeps committing until the signal lands; consistency is checked above.)
        assert reviews >= last


def test_two_processes_writing_at_once_lose_nothing(home):
    path = home / "progress.sqlite3"        # not created yet: both race to create it too
    go = home / "go"
    count = 150
    procs = [start(path, name, count, go) for name in ("left", "right")]
    for p in procs:
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    go.touch()
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err
        assert "locked" not in err and out.rstrip().endswith("done")
    with Store.open(path) as store:
        assert store.integrity_check() == "ok"
        assert check_consistent(store, "left") == count
        assert check_consistent(store, "right") == count
        assert store.reviews_total() == 2 * count
    assert not os.path.exists(str(path) + ".tmp")


@pytest.mark.katas
@pytest.mark.parametrize("first_use_of", ["new home", "day"])
def test_sixteen_trainers_starting_at_once_record_every_answer(home, first_use_of):
    """16 x 10 answers from 16 processes released together: 160/160, 0 errors."""
    path = home / "progress.sqlite3"
    if first_use_of == "day":
        Store.open(path).close()            # a store exists, today's backup does not yet
        assert not (home / "backups").exists()
    go = home / "go"
    names = [f"p{i:02d}" for i in range(16)]
    procs = [start(path, name, 10, go) for name in names]
    for p in procs:
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    go.touch()
    results = [p.communicate(timeout=300) for p in procs]
    errors = [err for p, (_, err) in zip(procs, results) if p.returncode != 0 or err]
    assert errors == []
    with Store.open(path) as store:
        assert store.integrity_check() == "ok"
        assert sum(check_consistent(store, n) for n in names) == 160
    from trainer.store import backups

    daily = [b for b in backups.list_backups(path) if b.reason == "daily"]
    assert len(daily) == 1                  # one daily copy, however many started at once
    leftovers = [n for n in os.listdir(home) + os.listdir(home / "backups")
                 if n.endswith(".tmp")] if (home / "backups").exists() else []
    assert leftovers == []
