"""TCP-like connection kata: reference solution.

The transition table below is the whole specification of the machine:
``Connection.send`` only looks things up in it, and ``is_legal`` answers
questions about it. To change what the connection does, you edit one tuple;
to review it, you read five lines; a test suite, a diagram generator or a
linter can iterate it.

What is deliberately left out: this is the passive-open path of a server
socket only. Real TCP (RFC 9293) also has SYN_SENT for active opens,
FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK and TIME_WAIT for the closing
handshakes, and resets. Saying so is part of a good answer.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import NamedTuple

__all__ = ["TRANSITIONS", "Connection", "Event", "InvalidTransition", "State", "is_legal"]


class State(StrEnum):
    CLOSED = "CLOSED"
    LISTEN = "LISTEN"
    SYN_RECV = "SYN_RECV"
    ESTABLISHED = "ESTABLISHED"
    CLOSE_WAIT = "CLOSE_WAIT"


class Event(StrEnum):
    LISTEN = "LISTEN"
    SYN = "SYN"
    ACK = "ACK"
    FIN = "FIN"
    CLOSE = "CLOSE"


class InvalidTransition(ValueError):
    """The event has no row in the table for the current state.

    ``state`` is where the connection was (and still is), ``event`` is what
    was sent, so callers can react without parsing the message.
    """

    def __init__(self, state: State, event: Event) -> None:
        super().__init__(f"event {event} is not allowed in state {state}")
        self.state = state
        self.event = event


class Transition(NamedTuple):
    source: State
    event: Event
    target: State


TRANSITIONS: tuple[Transition, ...] = (
    Transition(State.CLOSED, Event.LISTEN, State.LISTEN),
    Transition(State.LISTEN, Event.SYN, State.SYN_RECV),
    Transition(State.SYN_RECV, Event.ACK, State.ESTABLISHED),
    Transition(State.ESTABLISHED, Event.FIN, State.CLOSE_WAIT),
    Transition(State.CLOSE_WAIT, Event.CLOSE, State.CLOSED),
)

# The same table, indexed for lookups. Built from TRANSITIONS so the two can
# never disagree; a repeated (source, event) would make the machine ambiguous,
# so it stops the import instead of letting the last row win silently.
_NEXT: dict[tuple[State, Event], State] = {}
for _row in TRANSITIONS:
    if (_row.source, _row.event) in _NEXT:
        raise RuntimeError(f"TRANSITIONS lists {_row.source} + {_row.event} twice")
    _NEXT[_row.source, _row.event] = _row.target
del _row


def is_legal(state: State, event: Event) -> bool:
    """True when the table has a row for ``event`` in ``state``."""
    return (state, event) in _NEXT


class Connection:
    """One connection following TRANSITIONS, starting CLOSED.

    >>> c = Connection()
    >>> c.send(Event.LISTEN)
    <State.LISTEN: 'LISTEN'>
    >>> c.send(Event.ACK)
    Traceback (most recent call last):
    ...
    tcp.InvalidTransition: event ACK is not allowed in state LISTEN
    """

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self._state = State.CLOSED
        self._log = logger if logger is not None else logging.getLogger(__name__)

    @property
    def state(self) -> State:
        """Where the connection is now. Read-only: only events move it."""
        return self._state

    def send(self, event: Event) -> State:
        """Apply ``event`` and return the new state.

        Raises TypeError for anything that is not an ``Event`` member (the
        Python stand-in for the compile error a typed language would give on
        ``send("syn")``), and InvalidTransition for a pair missing from the
        table. Either way the state is untouched.
        """
        if not isinstance(event, Event):
            raise TypeError(f"send() needs an Event member, got {event!r}")
        target = _NEXT.get((self._state, event))
        if target is None:
            raise InvalidTransition(self._state, event)
        self._log.info("tcp: %s -> %s on %s", self._state, target, event)
        self._state = target
        return target
