"""Correct alternative for the vending kata: one class per state.

Each state object knows which events it accepts and what they do; the
machine only holds the current state object and delegates to it. The suite
must accept this design as readily as the reference's pure planner.
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


class OutOfStock(InvalidTransition):  # a subclass is allowed: the contract is silent
    pass


class _Base:
    tag: State

    def handle(self, machine: VendingMachine, event: Event, item):
        raise InvalidTransition(f"{event} not accepted in {self.tag}")


class _Idle(_Base):
    tag = State.IDLE

    def handle(self, machine, event, item):
        if event == Event.INSERT_COIN:
            return _HAS_COIN
        return super().handle(machine, event, item)


class _HasCoin(_Base):
    tag = State.HAS_COIN

    def handle(self, machine, event, item):
        if event == Event.SELECT_ITEM:
            if machine.stock_of(item) < 1:
                raise OutOfStock(item)
            machine._selected = item
            return _DISPENSING
        if event == Event.REFUND:
            return _IDLE
        return super().handle(machine, event, item)


class _Dispensing(_Base):
    tag = State.DISPENSING

    def handle(self, machine, event, item):
        if event != Event.DISPENSE:
            return super().handle(machine, event, item)
        chosen, machine._selected = machine._selected, None
        if machine.stock_of(chosen) < 1:
            machine._log.warning("could not dispense %s", chosen)
        else:
            machine._stock[chosen] -= 1
        return _IDLE


_IDLE, _HAS_COIN, _DISPENSING = _Idle(), _HasCoin(), _Dispensing()


class VendingMachine:
    def __init__(self, stock, logger=None):
        if any(n < 0 for n in stock.values()):
            raise ValueError("negative stock")
        self._stock = {k: v for k, v in stock.items()}
        self._current: _Base = _IDLE
        self._selected = None
        self._log = logger or logging.getLogger("vending")

    state = property(lambda self: self._current.tag)
    selected = property(lambda self: self._selected)

    def stock_of(self, item):
        return self._stock.get(item, 0)

    def set_stock(self, item, count):
        if count < 0:
            raise ValueError("negative stock")
        self._stock[item] = count

    def send(self, event, item=None):
        old = self._current
        try:
            new = old.handle(self, event, item)
        except OutOfStock:
            raise
        except InvalidTransition:
            self._log.info("invalid %s in %s", event, old.tag)
            raise
        self._current = new
        self._log.info("transition from=%s to=%s event=%s", old.tag, new.tag, event)
        return new.tag
