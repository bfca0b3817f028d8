"""order-workflow, another correct design: one class per state, a fresh
connection per operation, and the version checked by a SELECT inside the
write transaction (BEGIN IMMEDIATE makes the SELECT and UPDATE one step)."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from enum import StrEnum

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, state TEXT NOT NULL, "
    "version INTEGER NOT NULL, amount INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
    "next_retry_at REAL, last_error TEXT, updated_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT "
    "NOT NULL, from_state TEXT NOT NULL, event TEXT NOT NULL, to_state TEXT NOT NULL, "
    "version INTEGER NOT NULL, at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT "
    "NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL)",
]


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


@dataclass(frozen=True)
class Order:
    id: str
    state: State
    version: int
    amount: int
    attempts: int
    next_retry_at: float | None
    last_error: str | None


class _Outcome:
    """What a state decided: move to `target`, or record a failed attempt."""

    def __init__(self, target=None, failure=None, give_up=False):
        self.target, self.failure, self.give_up = target, failure, give_up


class Base:
    name: State

    def handle(self, wf, order, event):
        raise InvalidTransition(f"{event} not allowed in {self.name}")


class Pending(Base):
    name = State.PENDING

    def handle(self, wf, order, event):
        if event == Event.CANCEL:
            return _Outcome(State.CANCELLED)
        if event != Event.PAY:
            return super().handle(wf, order, event)
        if order.next_retry_at is not None and wf.clock() < order.next_retry_at:
            raise RetryLater("too early")
        if order.amount <= 0:
            raise GuardFailed("nothing to charge")
        try:
            wf.gateway.charge(order.id, order.amount, f"{order.id}:pay")
        except Exception as err:  # idempotent: retried
            return _Outcome(failure=str(err), give_up=order.attempts + 1 >= 3)
        return _Outcome(State.PAID)


class Paid(Base):
    name = State.PAID

    def handle(self, wf, order, event):
        if event == Event.SHIP:
            wf.gateway.ship(order.id, f"{order.id}:ship")  # no retry: let it raise
            return _Outcome(State.SHIPPED)
        if event == Event.CANCEL:
            return _Outcome(State.CANCELLED)
        return super().handle(wf, order, event)


class Shipped(Base):
    name = State.SHIPPED


class Cancelled(Base):
    name = State.CANCELLED


class Failed(Base):
    name = State.FAILED


REGISTRY = {cls.name.value: cls() for cls in (Pending, Paid, Shipped, Cancelled, Failed)}


class Workflow:
    def __init__(self, db_path, gateway, clock=time.time):
        self.path, self.gateway, self.clock = db_path, gateway, clock
        con = self._con()
        try:
            for statement in SCHEMA:
                con.execute(statement)
        finally:
            con.close()

    def _con(self):
        return sqlite3.connect(self.path, timeout=20, isolation_level=None)

    def create(self, order_id, amount):
        con = self._con()
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                con.execute("INSERT INTO orders (id, state, version, amount, attempts, "
                            "updated_at) VALUES (?, 'pending', 1, ?, 0, ?)",
                            (order_id, amount, self.clock()))
            except sqlite3.IntegrityError:
                con.execute("ROLLBACK")
                raise WorkflowError(f"{order_id} exists") from None
            con.execute("COMMIT")
        finally:
            con.close()
        return self.load(order_id)

    def load(self, order_id):
        con = self._con()
        try:
            row = con.execute("SELECT id, state, version, amount, attempts, next_retry_at, "
                              "last_error FROM orders WHERE id = ?", (order_id,)).fetchone()
        finally:
            con.close()
        if row is None:
            raise OrderNotFound(order_id)
        if row[1] not in REGISTRY:
            raise UnknownState(f"unknown stored state {row[1]!r} for {order_id}")
        return Order(row[0], State(row[1]), *row[2:])

    def send(self, order_id, event, *, expected_version):
        order = self.load(order_id)
        if order.version != expected_version:
            raise StaleVersion(order_id)
        outcome = REGISTRY[order.state.value].handle(self, order, event)
        now = self.clock()
        con = self._con()
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                (current,) = con.execute("SELECT version FROM orders WHERE id = ?",
                                         (order_id,)).fetchone()
                if current != order.version:
                    raise StaleVersion(order_id)
                if outcome.failure is not None and not outcome.give_up:
                    attempts = order.attempts + 1
                    con.execute("UPDATE orders SET attempts = ?, next_retry_at = ?, "
                                "last_error = ?, version = ?, updated_at = ? WHERE id = ?",
                                (attempts, now + 30 * 2 ** (attempts - 1), outcome.failure,
                                 current + 1, now, order_id))
                else:
                    target = State.FAILED if outcome.give_up else outcome.target
                    attempts = order.attempts + 1 if outcome.give_up else 0
                    con.execute("UPDATE orders SET state = ?, attempts = ?, next_retry_at = NULL, "
                                "last_error = ?, version = ?, updated_at = ? WHERE id = ?",
                                (target.value, attempts, outcome.failure, current + 1, now,
                                 order_id))
                    con.execute("INSERT INTO audit (order_id, from_state, event, to_state, "
                                "version, at) VALUES (?, ?, ?, ?, ?, ?)",
                                (order_id, order.state.value, event.value, target.value,
                                 current + 1, now))
                    con.execute("INSERT INTO outbox (order_id, kind, payload) VALUES (?, ?, ?)",
                                (order_id, "order_" + target.value,
                                 json.dumps({"order_id": order_id, "from": order.state.value,
                                             "to": target.value, "version": current + 1})))
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()
        return self.load(order_id)
