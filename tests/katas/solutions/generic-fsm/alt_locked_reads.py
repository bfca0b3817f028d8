"""Correct alternative for the generic-fsm kata: nested dicts and an RLock
that also guards reads of `state` (as the Go original does), so a reader
waits while an action runs."""

import threading
from typing import Generic, TypeVar

S = TypeVar("S")
E = TypeVar("E")


class InvalidTransition(LookupError):
    def __init__(self, state, event):
        super().__init__(f"no transition from {state} on {event}")


class DuplicateTransition(ValueError):
    pass


class Machine(Generic[S, E]):
    def __init__(self, initial: S):
        self._lock = threading.RLock()
        self._current = initial
        self._out = {}  # src -> {event: (dst, action)}

    @property
    def state(self) -> S:
        with self._lock:
            return self._current

    def allow(self, src, event, dst, action=None):
        with self._lock:
            row = self._out.setdefault(src, {})
            if event in row:
                raise DuplicateTransition((src, event))
            row[event] = (dst, action)

    def send(self, event):
        with self._lock:
            try:
                dst, action = self._out[self._current][event]
            except KeyError:
                raise InvalidTransition(self._current, event) from None
            if action:
                action()
            self._current = dst
            return self.state
