"""BROKEN VARIANT: stock is taken at SELECT_ITEM instead of at DISPENSE.

Everything else is the reference solution.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Event", "InvalidTransition", "OutOfStock", "State", "VendingMachine"]


class State(StrEnum):
    """Where the machine is in a sale."""

    IDLE = "idle"
    HAS_COIN = "has_coin"
    DISPENSING = "dispensing"


class Event(StrEnum):
    """What a customer (or the motor) can do to the machine."""

    INSERT_COIN = "insert_coin"
    SELECT_ITEM = "select_item"
    DISPENSE = "dispense"
    REFUND = "refund"


class InvalidTransition(Exception):
    """Raised when the current state has no transition for the event."""

    def __init__(self, state: State, event: Event) -> None:
        super().__init__(f"{event} is not accepted in state {state}")
        self.state = state
        self.event = event


class OutOfStock(Exception):
    """Raised when SELECT_ITEM names an unknown item or one with none left."""

    def __init__(self, item: object) -> None:
        super().__init__(f"cannot sell {item!r}: none in stock")
        self.item = item


@dataclass(frozen=True)
class _Step:
    """The outcome of one accepted event, decided before anything changes."""

    target: State
    selected: str | None = None  # the selection once the step is applied
    take: str | None = None  # the item whose count drops by one
    missing: str | None = None  # an item we meant to hand out but could not


def _plan(
    state: State,
    event: Event,
    item: str | None,
    selected: str | None,
    stock: Mapping[str, int],
) -> _Step:
    """Decide what ``event`` does in ``state``; pure, so it mutates nothing."""
    match state, event:
        case State.IDLE, Event.INSERT_COIN:
            return _Step(State.HAS_COIN)
        case State.HAS_COIN, Event.SELECT_ITEM:
            # The guard lives here, on the selection: we refuse before the
            # sale goes any further, and the customer keeps their coin.
            if stock.get(item, 0) < 1:  # type: ignore[arg-type]
                raise OutOfStock(item)
            return _Step(State.DISPENSING, selected=item, take=item)  # BUG: too early
        case State.HAS_COIN, Event.REFUND:
            return _Step(State.IDLE)
        case State.DISPENSING, Event.DISPENSE:
            assert selected is not None  # DISPENSING is only reached by selecting
            if stock.get(selected, 0) < 0:
                # Restocked to zero after the selection: give up cleanly and go
                # back to IDLE (the coin is returned) rather than get stuck.
                return _Step(State.IDLE, missing=selected)
            return _Step(State.IDLE)
    raise InvalidTransition(state, event)


class VendingMachine:
    """A three-state vending machine with a stock guard on selection.

    >>> m = VendingMachine({"cola": 1})
    >>> m.send(Event.INSERT_COIN)
    <State.HAS_COIN: 'has_coin'>
    >>> m.send(Event.SELECT_ITEM, "cola")
    <State.DISPENSING: 'dispensing'>
    >>> m.send(Event.DISPENSE), m.stock_of("cola")
    (<State.IDLE: 'idle'>, 0)
    """

    def __init__(self, stock: dict[str, int], logger: logging.Logger | None = None) -> None:
        for item, count in stock.items():
            _check_count(item, count)
        self._stock = dict(stock)  # our own copy: never touch the caller's dict
        self._state = State.IDLE
        self._selected: str | None = None
        self._log = logger if logger is not None else logging.getLogger(__name__)

    @property
    def state(self) -> State:
        """The current state (read-only: only events move the machine)."""
        return self._state

    @property
    def selected(self) -> str | None:
        """The item being sold while DISPENSING, otherwise None."""
        return self._selected

    def stock_of(self, item: str) -> int:
        """How many of ``item`` are left; 0 for an item we have never stocked."""
        return self._stock.get(item, 0)

    def set_stock(self, item: str, count: int) -> None:
        """Operator action: set the count of ``item`` (0 takes it off sale)."""
        _check_count(item, count)
        self._stock[item] = count

    def send(self, event: Event, item: str | None = None) -> State:
        """Feed one event to the machine and return the state it lands in.

        Raises InvalidTransition when the current state does not accept the
        event, and OutOfStock when a selection fails its guard. Either way
        nothing about the machine has changed.
        """
        try:
            step = _plan(self._state, event, item, self._selected, self._stock)
        except InvalidTransition:
            # A wrong button press is ordinary user behaviour, not a fault:
            # INFO keeps it in the audit trail without paging anyone.
            self._log.info("vending: rejected %s in state %s", event, self._state)
            raise
        except OutOfStock:
            self._log.info("vending: refused %s of %r, out of stock", event, item)
            raise

        if step.missing is not None:
            self._log.warning(
                "vending: nothing left to dispense for %r; refunding the coin", step.missing
            )
        if step.take is not None:
            self._stock[step.take] -= 1

        source = self._state
        self._state, self._selected = step.target, step.selected
        self._log.info("vending: %s -> %s on %s", source, step.target, event)
        return self._state


def _check_count(item: str, count: int) -> None:
    if count < 0:
        raise ValueError(f"stock of {item!r} cannot be negative (got {count})")
