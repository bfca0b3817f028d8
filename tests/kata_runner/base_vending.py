"""A correct vending solution, written for the runner's own tests (a table design).

The hostile variants in `hostile/` are this file plus a few lines that redefine
`_check_count`, the validation every negative stock count goes through: only the
two tests that pass a negative count reach the hostile code, so each variant
shows the runner blaming exactly those tests while the rest still pass.
"""
from __future__ import annotations

import logging
from enum import StrEnum


class State(StrEnum):
    IDLE = "idle"
    HAS_COIN = "has_coin"
    DISPENSING = "dispensing"


class Event(StrEnum):
    INSERT_COIN = "insert_coin"
    SELECT_ITEM = "select_item"
    DISPENSE = "dispense"
    REFUND = "refund"


class InvalidTransition(Exception):
    pass


class OutOfStock(Exception):
    pass


_TABLE = {
    (State.IDLE, Event.INSERT_COIN): State.HAS_COIN,
    (State.HAS_COIN, Event.SELECT_ITEM): State.DISPENSING,
    (State.HAS_COIN, Event.REFUND): State.IDLE,
    (State.DISPENSING, Event.DISPENSE): State.IDLE,
}


def _check_count(item, count):
    if count < 0:
        raise ValueError(f"negative count for {item!r}: {count}")


class VendingMachine:
    def __init__(self, stock, logger=None):
        for item, count in stock.items():
            _check_count(item, count)
        self._stock = dict(stock)
        self._state = State.IDLE
        self._selected = None
        self._log = logger or logging.getLogger("vending")

    @property
    def state(self):
        return self._state

    @property
    def selected(self):
        return self._selected

    def stock_of(self, item):
        return self._stock.get(item, 0)

    def set_stock(self, item, count):
        _check_count(item, count)
        self._stock[item] = count

    def send(self, event, item=None):
        target = _TABLE.get((self._state, event))
        if target is None:
            self._log.info("rejected %s in %s", event, self._state)
            raise InvalidTransition(f"{event} not allowed in {self._state}")
        selected = None
        if event is Event.SELECT_ITEM:
            if self._stock.get(item, 0) < 1:
                raise OutOfStock(item)
            selected = item
        elif event is Event.DISPENSE:
            if self._stock.get(self._selected, 0) < 1:
                self._log.warning("nothing left of %r to dispense", self._selected)
            else:
                self._stock[self._selected] -= 1
        source, self._state, self._selected = self._state, target, selected
        self._log.info("%s -> %s on %s", source, target, event)
        return target
