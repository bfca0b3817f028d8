"""order-workflow, another correct design: a dict-of-rows transition table,
WAL journal mode, Python's own transaction handling (`with connection:`)
opened early with BEGIN IMMEDIATE, and a retry-policy table beside the
transition table."""

from __future__ import annotations

import json
import sqlite3
import time
from collections import namedtuple
from enum import StrEnum

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, state TEXT NOT NULL,
    version INTEGER NOT NULL, amount INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_retry_at REAL, last_error TEXT, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL,
    from_state TEXT NOT NULL, event TEXT NOT NULL, to_state TEXT NOT NULL,
    version INTEGER NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL,
    kind TEXT NOT NULL, payload TEXT NOT NULL);
"""


class State(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"
    FAILED = "failed"


class Event(StrEnum):
    PAY = "pay"
    SHIP = "ship"
    CANCEL = "cancel"


class WorkflowError(Exception):
    pass


class InvalidTransition(WorkflowError):
    pass


class GuardFailed(WorkflowError):
    pass


class StaleVersion(WorkflowError):
    pass


class UnknownState(WorkflowError):
    pass


class OrderNotFound(WorkflowError):
    pass


class RetryLater(WorkflowError):
    pass


Order = namedtuple("Order", "id state version amount attempts next_retry_at last_error")

REGISTRY = {s.value: s for s in State}
TABLE = {
    (State.PENDING, Event.PAY): State.PAID,
    (State.PENDING, Event.CANCEL): State.CANCELLED,
    (State.PAID, Event.SHIP): State.SHIPPED,
    (State.PAID, Event.CANCEL): State.CANCELLED,
}
ACTIONS = {
    Event.PAY: lambda gw, o: gw.charge(o.id, o.amount, o.id + ":pay"),
    Event.SHIP: lambda gw, o: gw.ship(o.id, o.id + ":ship"),
}
GUARDS = {Event.PAY: lambda o: o.amount > 0}
RETRIES = {Event.PAY: (3, [30.0, 60.0])}  # max attempts, delays after failures 1 and 2


class Workflow:
    def __init__(self, db_path, gateway, clock=time.time):
        self.db = sqlite3.connect(db_path, timeout=20)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)
        self.gateway, self.clock = gateway, clock

    def create(self, order_id, amount):
        try:
            with self.db:
                self.db.execute("INSERT INTO orders VALUES (?, 'pending', 1, ?, 0, NULL, NULL, ?)",
                                (order_id, amount, self.clock()))
        except sqlite3.IntegrityError:
            raise WorkflowError(f"duplicate order {order_id}") from None
        return self.load(order_id)

    def load(self, order_id):
        row = self.db.execute("SELECT id, state, version, amount, attempts, next_retry_at, "
                              "last_error FROM orders WHERE id = ?", (order_id,)).fetchone()
        self.db.commit()
        if row is None:
            raise OrderNotFound(order_id)
        try:
            state = REGISTRY[row[1]]
        except KeyError:
            raise UnknownState(f"order {order_id}: stored state {row[1]!r} is unknown") from None
        return Order(row[0], state, *row[2:])

    def _write(self, order, sql, params, change=None):
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            cur = self.db.execute(sql + " WHERE id = ? AND version = ?",
                                  (*params, order.id, order.version))
            if cur.rowcount != 1:
                raise StaleVersion(order.id)
            if change is not None:
                event, target, now = change
                version = order.version + 1
                self.db.execute("INSERT INTO audit (order_id, from_state, event, to_state, "
                                "version, at) VALUES (?, ?, ?, ?, ?, ?)",
                                (order.id, order.state, event, target, version, now))
                self.db.execute(
                    "INSERT INTO outbox (order_id, kind, payload) VALUES (?, ?, ?)",
                    (order.id, f"order_{target}", json.dumps(
                        {"order_id": order.id, "from": order.state.value, "to": target.value,
                         "version": version, "event": event.value})))

    def send(self, order_id, event, *, expected_version):
        o = self.load(order_id)
        if o.version != expected_version:
            raise StaleVersion(order_id)
        target = TABLE.get((o.state, event))
        if target is None:
            raise InvalidTransition(f"{event} in {o.state}")
        now = self.clock()
        retry = RETRIES.get(event)
        if retry and o.next_retry_at is not None and now < o.next_retry_at:
            raise RetryLater(order_id)
        guard = GUARDS.get(event)
        if guard and not guard(o):
            raise GuardFailed(f"{event} refused for {order_id}")
        action = ACTIONS.get(event)
        error = None
        if action:
            try:
                action(self.gateway, o)
            except Exception as err:
                if not retry:
                    raise
                error = repr(err)
        if error is None:
            self._write(o, "UPDATE orders SET state = ?, version = version + 1, attempts = 0, "
                        "next_retry_at = NULL, last_error = NULL, updated_at = ?",
                        (target.value, now), (event, target, now))
        elif o.attempts + 1 >= retry[0]:
            self._write(o, "UPDATE orders SET state = 'failed', version = version + 1, "
                        "attempts = attempts + 1, next_retry_at = NULL, last_error = ?, "
                        "updated_at = ?", (error, now), (event, State.FAILED, now))
        else:
            self._write(o, "UPDATE orders SET version = version + 1, attempts = attempts + 1, "
                        "next_retry_at = ?, last_error = ?, updated_at = ?",
                        (now + retry[1][o.attempts], error, now))
        return self.load(order_id)
