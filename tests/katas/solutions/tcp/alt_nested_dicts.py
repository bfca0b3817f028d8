"""Correct alternative for the tcp kata: a dict of dicts, state -> event -> state.

TRANSITIONS is a plain list of tuples derived from the nested dict. The
machine is an actor: a worker thread owns the state and takes events from a
queue; the worker stops when the connection is garbage-collected.
"""

import logging
import queue
import threading
import weakref
from concurrent.futures import Future
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
        super().__init__(f"no transition for {event!r} in state {state}")
        self.state = state
        self.event = event


_TABLE = {
    State.CLOSED: {Event.LISTEN: State.LISTEN},
    State.LISTEN: {Event.SYN: State.SYN_RECV},
    State.SYN_RECV: {Event.ACK: State.ESTABLISHED},
    State.ESTABLISHED: {Event.FIN: State.CLOSE_WAIT},
    State.CLOSE_WAIT: {Event.CLOSE: State.CLOSED},
}
TRANSITIONS = [(s, e, t) for s, row in _TABLE.items() for e, t in row.items()]


def is_legal(state, event):
    return event in _TABLE.get(state, {})


class _Core:
    def __init__(self, log):
        self.state = State.CLOSED
        self.log = log

    def apply(self, event):
        if not isinstance(event, Event):
            raise InvalidTransition(self.state, event)
        try:
            target = _TABLE[self.state][event]
        except KeyError:
            raise InvalidTransition(self.state, event) from None
        self.log.info("from=%s to=%s event=%s", self.state, target, event)
        self.state = target
        return target


_STOP = object()


def _work(core, inbox):
    while True:
        item = inbox.get()
        if item is _STOP:
            return
        event, fut = item
        try:
            fut.set_result(core.apply(event))
        except BaseException as exc:  # handed to the caller
            fut.set_exception(exc)


class Connection:
    def __init__(self, logger=None):
        self._core = _Core(logger or logging.getLogger("tcp"))
        self._inbox = queue.SimpleQueue()
        threading.Thread(target=_work, args=(self._core, self._inbox), daemon=True).start()
        weakref.finalize(self, self._inbox.put, _STOP)

    @property
    def state(self):
        return self._core.state

    def send(self, event):
        fut = Future()
        self._inbox.put((event, fut))
        return fut.result()
