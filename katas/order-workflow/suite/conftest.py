"""Hidden suite for the `order-workflow` kata: loads the learner's solution as `orders`.

Everything the three suites share lives in katas/_suite_support.py, loaded by
path so that it is never importable by the learner's code.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "_kata_suite_support"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        _NAME, Path(__file__).resolve().parents[2] / "_suite_support.py")
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])

globals().update(sys.modules[_NAME].suite_plugin("orders"))


# --- what the order-workflow tests share ---------------------------------------

import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402

import pytest  # noqa: E402


class Clock:
    """The injected clock: time stands still until a test moves it."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Gateway:
    """The outside world: records every call; fails when told to."""

    # The methods the learner's code (in the sandbox, under `trainer kata check`) may call.
    __kata_methods__ = ("charge", "ship")

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.charge_failures: list[BaseException] = []  # raised by the next charges, in order
        self.ship_failures: list[BaseException] = []

    def charge(self, order_id, amount, key):
        self.calls.append(("charge", order_id, amount, key))
        if self.charge_failures:
            raise self.charge_failures.pop(0)
        return "charged"

    def ship(self, order_id, key):
        self.calls.append(("ship", order_id, key))
        if self.ship_failures:
            raise self.ship_failures.pop(0)
        return "shipped"

    def of(self, kind):
        return [c for c in self.calls if c[0] == kind]


class Db:
    """The suite's own connection to the learner's file, for looking and for faults."""

    def __init__(self, path: str) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30.0, isolation_level=None)

    def query(self, sql: str, params=()) -> list[tuple]:
        con = self._connect()
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def execute(self, sql: str, params=()) -> None:
        con = self._connect()
        try:
            con.execute(sql, params)
        finally:
            con.close()

    def order_row(self, order_id: str) -> dict | None:
        rows = self.query("SELECT id, state, version, amount, attempts, next_retry_at, "
                          "last_error FROM orders WHERE id = ?", (order_id,))
        if not rows:
            return None
        keys = ("id", "state", "version", "amount", "attempts", "next_retry_at", "last_error")
        return dict(zip(keys, rows[0]))

    def audit(self, order_id: str) -> list[tuple]:
        return self.query("SELECT from_state, event, to_state, version, at FROM audit "
                          "WHERE order_id = ? ORDER BY seq", (order_id,))

    def outbox(self, order_id: str) -> list[tuple]:
        rows = self.query("SELECT kind, payload FROM outbox WHERE order_id = ? ORDER BY seq",
                          (order_id,))
        out = []
        for kind, payload in rows:
            try:
                data = json.loads(payload)
            except (TypeError, ValueError):
                data = payload
            out.append((kind, data))
        return out

    def snapshot(self) -> tuple:
        return (self.query("SELECT id, state, version, amount, attempts, next_retry_at, "
                           "last_error FROM orders ORDER BY id"),
                self.query("SELECT order_id, from_state, event, to_state, version, at "
                           "FROM audit ORDER BY seq"),
                self.query("SELECT order_id, kind, payload FROM outbox ORDER BY seq"))


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def gateway():
    return Gateway()


@pytest.fixture
def db_path(tmp_path):
    """A fresh SQLite file; in memory-backed /dev/shm when there is one (a commit's
    fsync on a disk costs more than the rest of a test), else in tmp_path."""
    import shutil
    import tempfile

    # Under `trainer kata check` the learner's code runs in a sandbox: KATA_SCRATCH is the
    # directory both this suite and that sandbox see (and may write) at the same path.
    base = os.environ.get("KATA_SCRATCH") or "/dev/shm"
    if not (os.path.isdir(base) and os.access(base, os.W_OK)):
        yield str(tmp_path / "orders.sqlite3")
        return
    where = tempfile.mkdtemp(prefix="kata-orders-", dir=base)
    try:
        yield os.path.join(where, "orders.sqlite3")
    finally:
        shutil.rmtree(where, ignore_errors=True)


@pytest.fixture
def db(db_path):
    return Db(db_path)


@pytest.fixture
def wf(sol, db_path, gateway, clock):
    """A Workflow on a fresh file, with the recording gateway and the still clock."""
    workflow = sol.Workflow(db_path, gateway, clock=clock)
    yield workflow
    close = getattr(workflow, "close", None)
    if callable(close):
        try:
            close()
        except Exception:
            pass


@pytest.fixture
def helpers():
    return {"Clock": Clock, "Gateway": Gateway, "Db": Db}


# A worker process: imports the solution as `orders`, runs one command, prints JSON.
WORKER = r'''
import importlib.util, json, os, sys, time
spec = importlib.util.spec_from_file_location("orders", os.environ["KATA_SOLUTION"])
orders = importlib.util.module_from_spec(spec)
sys.modules["orders"] = orders
spec.loader.exec_module(orders)
cmd = json.loads(sys.argv[1])
keys = []

class Gateway:
    def charge(self, order_id, amount, key):
        keys.append(key)
        if cmd.get("die_after_charge"):
            with open(cmd["key_file"], "w") as fh:
                fh.write(key)
            os._exit(17)  # the process dies between the action and the commit
        return "charged"
    def ship(self, order_id, key):
        return "shipped"

wf = orders.Workflow(cmd["db"], Gateway(), clock=lambda: 5000.0)
start = time.time() + cmd.get("delay", 0)
while time.time() < start:
    time.sleep(0.001)
results = []
for order_id in cmd["orders"]:
    try:
        o = wf.send(order_id, orders.Event.PAY, expected_version=1)
        results.append([order_id, "won", o.state.value])
    except orders.StaleVersion:
        results.append([order_id, "stale", None])
    except Exception as err:
        results.append([order_id, "error", f"{type(err).__name__}: {err}"])
print(json.dumps(results))
'''


def _run_contained_workers(db_path, commands, timeout):
    """Under `trainer kata check`: each worker starts in the judge's sandbox, seeing only
    the solution file (read-only) and the run's scratch directory (the database's)."""
    from trainer.kata_runner import sandbox

    mode = sandbox.detect()
    base = {sandbox.SandboxMode.BUBBLEWRAP: "/kata",
            sandbox.SandboxMode.NAMESPACES: "/tmp/.kata"}.get(mode)
    solution = os.path.abspath(os.environ["KATA_SOLUTION"])
    scratch = os.environ["KATA_SCRATCH"]
    binds = []
    if base is not None:
        inside = f"{base}/orders.py"
        binds = [sandbox.Bind(solution, inside), sandbox.Bind(scratch, writable=True)]
        solution = inside
    # The box keeps stderr only: the results go there too, on the last line.
    script = "import os; os.dup2(2, 1)\n" + WORKER
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8",
           "PYTHONDONTWRITEBYTECODE": "1", "KATA_SOLUTION": solution}
    box = sandbox.Containment(memory_bytes=512 << 20, cpu_seconds=timeout + 5, processes=16)
    deadline = sandbox.Deadline(timeout)
    procs = [sandbox.spawn(sandbox.Job(argv=(sandbox.interpreter(), "-I", "-S", "-B", "-c",
                                             script, json.dumps(c)),
                                       env=env, ro_binds=binds), box, mode)
             for c in commands]
    outputs = []
    for p in procs:
        try:
            code = p.wait(deadline)
            if code is None:
                p.kill()
            code = p.close()
            text = p.stderr_tail()
            lines = text.rstrip("\n").rsplit("\n", 1)
            out = lines[-1] if code == 0 else ""
            err = lines[0] if len(lines) > 1 and code == 0 else text
            outputs.append((code, out, err))
        finally:
            p.close()
    return outputs


def _run_workers(db_path, commands, timeout=30):
    if os.environ.get("KATA_JUDGE") and os.environ.get("KATA_SCRATCH"):
        return _run_contained_workers(db_path, commands, timeout)
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, json.dumps(c)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for c in commands]
    outputs = []
    for p in procs:
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        outputs.append((p.returncode, out, err))
    return outputs


@pytest.fixture
def run_workers():
    """`run_workers(db_path, commands)`: one worker process per command, in parallel;
    [(exit status, stdout, stderr)] in the same order."""
    return _run_workers
