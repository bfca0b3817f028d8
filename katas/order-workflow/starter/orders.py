"""Durable order workflow kata: your solution goes here.

Read the kata's README for the full rules. The names and signatures below are
the contract the hidden tests use; keep them. SCHEMA is given: create these
three tables (when missing) in the file the Workflow is opened on.

Check your work with:  trainer kata check order-workflow
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

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
    """The event has no arrow from the order's current state."""


class GuardFailed(WorkflowError):
    """The arrow exists but its guard refused it (PAY of an amount not above 0)."""


class StaleVersion(WorkflowError):
    """The order is no longer at the version the caller read."""


class UnknownState(WorkflowError):
    """The stored state name is not in REGISTRY; the message names it."""


class OrderNotFound(WorkflowError):
    """No order with that id."""


class RetryLater(WorkflowError):
    """PAY was sent before the order's next_retry_at."""


# Stored state name -> the state (an object, a class, a table entry: your choice).
REGISTRY: Mapping[str, Any] = {}


class Workflow:
    """Orders in the SQLite file at db_path. Each worker thread or process opens its own."""

    def __init__(self, db_path: str, gateway: Any,
                 clock: Callable[[], float] = time.time) -> None:
        raise NotImplementedError("Workflow.__init__")

    def create(self, order_id: str, amount: int) -> Any:
        """Store a new PENDING order at version 1 and return it."""
        raise NotImplementedError("Workflow.create")

    def load(self, order_id: str) -> Any:
        """The order as stored: id, state, version, amount, attempts, next_retry_at, last_error."""
        raise NotImplementedError("Workflow.load")

    def send(self, order_id: str, event: Event, *, expected_version: int) -> Any:
        """Apply one event to the order if it is still at expected_version; return it."""
        raise NotImplementedError("Workflow.send")
