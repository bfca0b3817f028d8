"""A small order lifecycle: the textbook example, on the trainer's own engine.

It is what `trainer fsm show order` draws, and a model to copy: the whole
behaviour is the table below, and each callback declares exactly what it
needs. The engine calls a callback with the names it declares, taken from the
data given to `send` (and `machine`, `context`, `event`... when it asks), so
`order.send(OrderEvent.PAY, amount=12.5)` calls `amount_positive(amount=12.5)`
and a guard never has to accept, or type, anything it does not read.
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


def amount_positive(amount: float = 0.0) -> bool:
    """Guard: nobody pays for an empty order (no `amount` sent reads as nothing to pay)."""
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
