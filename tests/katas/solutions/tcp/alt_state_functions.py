"""Correct alternative for the tcp kata: one function per state.

Each state is a function from an event to the next state (or None when the
event is not accepted). The TRANSITIONS table is derived by asking every
state function about every event, so the table and the behaviour cannot
drift apart. Typos are rejected as InvalidTransition, not TypeError.
"""

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
    def __init__(self, state, event):
        super().__init__(f"{state!s}: cannot handle {event!s}")
        self.state, self.event = state, event


def _closed(ev):
    return State.LISTEN if ev is Event.LISTEN else None


def _listen(ev):
    return State.SYN_RECV if ev is Event.SYN else None


def _syn_recv(ev):
    return State.ESTABLISHED if ev is Event.ACK else None


def _established(ev):
    return State.CLOSE_WAIT if ev is Event.FIN else None


def _close_wait(ev):
    return State.CLOSED if ev is Event.CLOSE else None


_HANDLERS = {
    State.CLOSED: _closed,
    State.LISTEN: _listen,
    State.SYN_RECV: _syn_recv,
    State.ESTABLISHED: _established,
    State.CLOSE_WAIT: _close_wait,
}

TRANSITIONS = tuple(
    (s, e, t) for s in State for e in Event if (t := _HANDLERS[s](e)) is not None
)


def is_legal(state, event):
    return _HANDLERS[state](event) is not None


class Connection:
    def __init__(self, logger=None):
        self._s = State.CLOSED
        self._log = logger if logger else logging.getLogger("tcp")

    @property
    def state(self):
        return self._s

    def send(self, event):
        nxt = _HANDLERS[self._s](event)
        if nxt is None:
            raise InvalidTransition(self._s, event)
        self._log.info("%s --%s--> %s", self._s, event, nxt)
        self._s = nxt
        return nxt
