"""Vending machine kata: your solution goes here.

Read the kata's README for the full rules. The names and signatures below are
the contract the hidden tests use; keep them. Everything else (helper
functions, extra classes, the design itself) is up to you.

Check your work with:  trainer kata check vending
"""

from __future__ import annotations

import logging
from enum import StrEnum


class State(StrEnum):
    """Where the machine is in a sale."""

    IDLE = "idle"
    HAS_COIN = "has_coin"
    DISPENSING = "dispensing"


class Event(StrEnum):
    """What can happen to the machine."""

    INSERT_COIN = "insert_coin"
    SELECT_ITEM = "select_item"
    DISPENSE = "dispense"
    REFUND = "refund"


class InvalidTransition(Exception):
    """Raise this when the current state does not accept the event."""


class OutOfStock(Exception):
    """Raise this when SELECT_ITEM names an unknown item or one with none left."""


class VendingMachine:
    """A vending machine: IDLE -> HAS_COIN -> DISPENSING -> IDLE."""

    def __init__(self, stock: dict[str, int], logger: logging.Logger | None = None) -> None:
        """Start IDLE with nothing selected.

        ``stock`` maps item names to counts; a negative count is a ValueError.
        Do not modify the caller's dict. Without ``logger``, log to
        ``logging.getLogger("vending")``.
        """
        raise NotImplementedError("VendingMachine.__init__")

    @property
    def state(self) -> State:
        """The current state. Read-only."""
        raise NotImplementedError("VendingMachine.state")

    @property
    def selected(self) -> str | None:
        """The item being sold while DISPENSING, otherwise None. Read-only."""
        raise NotImplementedError("VendingMachine.selected")

    def stock_of(self, item: str) -> int:
        """How many of ``item`` are left (0 for an item never stocked)."""
        raise NotImplementedError("VendingMachine.stock_of")

    def set_stock(self, item: str, count: int) -> None:
        """Operator restock or removal; a negative count is a ValueError."""
        raise NotImplementedError("VendingMachine.set_stock")

    def send(self, event: Event, item: str | None = None) -> State:
        """Apply one event and return the new state.

        ``item`` matters only for SELECT_ITEM. Raise InvalidTransition for an
        event the current state does not accept, OutOfStock when a selection
        fails its guard; in both cases change nothing.
        """
        raise NotImplementedError("VendingMachine.send")
