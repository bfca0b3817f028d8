"""A small order lifecycle: the textbook example, on the trainer's own engine.

It is what `trainer fsm show order` draws, and a readable model for learners:
the whole behaviour is the table below.
"""
from __future__ import annotations

from enum import StrEnum

from trainer.fsm import Definition, Transition


class OrderState(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class OrderEvent(StrEnum):
    PAY = "pay"
    SHIP = "ship"
    CANCEL = "cancel"


def amount_positive(machine, amount: float = 0, **_: object) -> bool:
    """Guard: nobody pays for an empty order."""
    return amount > 0


DEFINITION = Definition(
    "order",
    OrderState,
    OrderEvent,
    OrderState.PENDING,
    [
        Transition(OrderState.PENDING, OrderEvent.PAY, OrderState.PAID, guard=amount_positive),
        Transition(OrderState.PENDING, OrderEvent.CANCEL, OrderState.CANCELLED),
        Transition(OrderState.PAID, OrderEvent.SHIP, OrderState.SHIPPED),
        Transition(OrderState.PAID, OrderEvent.CANCEL, OrderState.CANCELLED),
    ],
    final=[OrderState.SHIPPED, OrderState.CANCELLED],
)
