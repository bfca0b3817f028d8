"""Durable order workflow kata: reference solution.

The order's row in SQLite is the source of truth; the in-memory objects are
behaviour only. A worker reads the row, rehydrates the state object from the
stored name through REGISTRY, checks the transition, runs its guard, then its
action (outside any database lock: actions do I/O), and finally commits the
state change, the audit row and the outbox row in ONE transaction guarded by
`version`, so that of two workers that started from the same version exactly
one commits.

Failure policy is chosen per transition, not once for the machine:
PAY's charge is idempotent (keyed "<order id>:pay") so it is retried with
exponential backoff and gives up into FAILED; SHIP has no retry policy, so a
failing shipment leaves everything as it was and reaches the caller.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "REGISTRY", "SCHEMA", "Event", "GuardFailed", "InvalidTransition", "Order",
    "OrderNotFound", "RetryLater", "StaleVersion", "State", "UnknownState", "Workflow",
    "WorkflowError",
]

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id            TEXT PRIMARY KEY,
    state         TEXT NOT NULL,
    version       INTEGER NOT NULL,
    amount        INTEGER NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_retry_at REAL,
    last_error    TEXT,
    updated_at    REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id   TEXT NOT NULL,
    from_state TEXT NOT NULL,
    event      TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    at         REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    kind     TEXT NOT NULL,
    payload  TEXT NOT NULL
);
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
    """Base of every error the workflow raises on purpose."""


class InvalidTransition(WorkflowError):
    """The event has no transition from the order's current state."""


class GuardFailed(WorkflowError):
    """The transition exists but its guard refused it."""


class StaleVersion(WorkflowError):
    """The order moved on since the caller read it: reload and decide again."""


class UnknownState(WorkflowError):
    """The stored state name is not one this build knows (old or newer code wrote it)."""


class OrderNotFound(WorkflowError):
    """No order with that id."""


class RetryLater(WorkflowError):
    """The transition failed before and its backoff has not elapsed yet."""


@dataclass(frozen=True)
class Order:
    id: str
    state: State
    version: int
    amount: int
    attempts: int
    next_retry_at: float | None
    last_error: str | None


@dataclass(frozen=True)
class Retry:
    """How often an idempotent action is tried, and how long to wait in between."""

    max_attempts: int
    base_delay: float

    def delay_after(self, attempt: int) -> float:
        return self.base_delay * 2 ** (attempt - 1)


@dataclass(frozen=True)
class Transition:
    source: State
    event: Event
    target: State
    guard: Callable[[Order], str | None] | None = None  # a reason to refuse, or None
    action: Callable[[Any, Order, str], object] | None = None  # (gateway, order, key)
    retry: Retry | None = None  # None: a failing action changes nothing and is raised


def _positive_amount(order: Order) -> str | None:
    return None if order.amount > 0 else f"order {order.id} has amount {order.amount}"


def _charge(gateway: Any, order: Order, key: str) -> object:
    return gateway.charge(order.id, order.amount, key)  # idempotent: safe to retry


def _ship(gateway: Any, order: Order, key: str) -> object:
    return gateway.ship(order.id, key)


TRANSITIONS: tuple[Transition, ...] = (
    Transition(State.PENDING, Event.PAY, State.PAID, guard=_positive_amount, action=_charge,
               retry=Retry(max_attempts=3, base_delay=30.0)),
    Transition(State.PENDING, Event.CANCEL, State.CANCELLED),
    Transition(State.PAID, Event.SHIP, State.SHIPPED, action=_ship),
    Transition(State.PAID, Event.CANCEL, State.CANCELLED),
)


class OrderState:
    """The behaviour of one state: the transitions that leave it."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.transitions = {t.event: t for t in TRANSITIONS if t.source == state}

    def on(self, event: Event) -> Transition | None:
        return self.transitions.get(event)


REGISTRY: Mapping[str, OrderState] = {s.value: OrderState(s) for s in State}


class Workflow:
    """Orders in the SQLite file at `db_path`. One Workflow per thread or process."""

    def __init__(self, db_path: str, gateway: Any,
                 clock: Callable[[], float] = time.time) -> None:
        self._db = sqlite3.connect(db_path, timeout=30.0, isolation_level=None)
        self._gateway = gateway
        self._clock = clock
        self._db.execute("PRAGMA busy_timeout = 30000")
        with self._tx():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)

    # --- transactions ----------------------------------------------------------------

    class _Tx:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __enter__(self) -> sqlite3.Connection:
            self.db.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlock
            return self.db

        def __exit__(self, kind: object, *_: object) -> None:
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")

    def _tx(self) -> _Tx:
        return Workflow._Tx(self._db)

    # --- reading ---------------------------------------------------------------------

    def _read(self, order_id: str) -> tuple[Order, OrderState]:
        row = self._db.execute(
            "SELECT id, state, version, amount, attempts, next_retry_at, last_error "
            "FROM orders WHERE id = ?", (order_id,)).fetchone()
        if row is None:
            raise OrderNotFound(f"no order {order_id!r}")
        handler = REGISTRY.get(row[1])
        if handler is None:
            raise UnknownState(f"order {order_id!r} is stored in state {row[1]!r}, "
                               "which this workflow does not know")
        order = Order(row[0], handler.state, row[2], row[3], row[4], row[5], row[6])
        return order, handler

    def create(self, order_id: str, amount: int) -> Order:
        with self._tx() as db:
            if db.execute("SELECT 1 FROM orders WHERE id = ?", (order_id,)).fetchone():
                raise WorkflowError(f"order {order_id!r} exists already")
            db.execute("INSERT INTO orders (id, state, version, amount, attempts, updated_at) "
                       "VALUES (?, ?, 1, ?, 0, ?)",
                       (order_id, State.PENDING.value, amount, self._clock()))
        return self.load(order_id)

    def load(self, order_id: str) -> Order:
        return self._read(order_id)[0]

    # --- moving ----------------------------------------------------------------------

    def send(self, order_id: str, event: Event, *, expected_version: int) -> Order:
        order, handler = self._read(order_id)
        if order.version != expected_version:
            raise StaleVersion(f"order {order_id!r} is at version {order.version}, "
                               f"not {expected_version}")
        transition = handler.on(event) if isinstance(event, Event) else None
        if transition is None:
            raise InvalidTransition(f"{event!r} is not allowed in state {order.state}")
        now = self._clock()
        if transition.retry and order.next_retry_at is not None and now < order.next_retry_at:
            raise RetryLater(f"order {order_id!r}: next {event} attempt at {order.next_retry_at}")
        if transition.guard is not None:
            reason = transition.guard(order)
            if reason is not None:
                raise GuardFailed(reason)
        if transition.action is not None:
            try:
                transition.action(self._gateway, order, f"{order.id}:{event.value}")
            except Exception as err:
                if transition.retry is None:
                    raise
                self._record_failure(order, transition, err)
                return self.load(order_id)
        self._commit(order, transition.event, transition.target, now)
        return self.load(order_id)

    def _commit(self, order: Order, event: Event, target: State, now: float,
                *, attempts: int = 0, last_error: str | None = None) -> None:
        """State, audit and outbox in one transaction, only from the version we read."""
        new_version = order.version + 1
        with self._tx() as db:
            cur = db.execute(
                "UPDATE orders SET state = ?, version = ?, attempts = ?, next_retry_at = NULL, "
                "last_error = ?, updated_at = ? WHERE id = ? AND version = ?",
                (target.value, new_version, attempts, last_error, now, order.id, order.version))
            if cur.rowcount != 1:
                raise StaleVersion(f"order {order.id!r} changed while {event} ran")
            db.execute("INSERT INTO audit (order_id, from_state, event, to_state, version, at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (order.id, order.state.value, event.value, target.value, new_version, now))
            payload = {"order_id": order.id, "from": order.state.value, "to": target.value,
                       "event": event.value, "version": new_version}
            db.execute("INSERT INTO outbox (order_id, kind, payload) VALUES (?, ?, ?)",
                       (order.id, f"order_{target.value}", json.dumps(payload)))

    def _record_failure(self, order: Order, transition: Transition, err: Exception) -> None:
        assert transition.retry is not None
        attempts = order.attempts + 1
        now = self._clock()
        message = f"{type(err).__name__}: {err}"
        if attempts >= transition.retry.max_attempts:
            self._commit(order, transition.event, State.FAILED, now,
                         attempts=attempts, last_error=message)
            return
        with self._tx() as db:
            cur = db.execute(
                "UPDATE orders SET attempts = ?, next_retry_at = ?, last_error = ?, "
                "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                (attempts, now + transition.retry.delay_after(attempts), message, now,
                 order.id, order.version))
            if cur.rowcount != 1:
                raise StaleVersion(f"order {order.id!r} changed while {transition.event} ran")

    def close(self) -> None:
        self._db.close()
