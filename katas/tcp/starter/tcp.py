"""TCP-like connection kata: your solution goes here.

Read the kata's README for the full rules. The names and signatures below are
the contract the hidden tests use; keep them. The design is up to you, but
this kata is about letting a table describe the machine.

Check your work with:  trainer kata check tcp
"""

from __future__ import annotations

import logging
from enum import StrEnum


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
    """Raised by send() when the table has no row for (state, event).

    It must carry the attributes ``state`` (the current state) and ``event``
    (what was sent), and its message must name both.
    """


# Fill in the five (from_state, event, to_state) rows of the passive-open path.
TRANSITIONS: tuple[tuple[State, Event, State], ...] = ()


def is_legal(state: State, event: Event) -> bool:
    """True exactly when (state, event) has a row in TRANSITIONS."""
    raise NotImplementedError("is_legal")


class Connection:
    """A connection that follows TRANSITIONS, starting CLOSED."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        """Without ``logger``, log to ``logging.getLogger("tcp")``."""
        raise NotImplementedError("Connection.__init__")

    @property
    def state(self) -> State:
        """The current state. Read-only."""
        raise NotImplementedError("Connection.state")

    def send(self, event: Event) -> State:
        """Apply one event and return the new state.

        A pair missing from the table raises InvalidTransition; anything that
        is not an Event member is rejected too. Neither changes the state.
        """
        raise NotImplementedError("Connection.send")
