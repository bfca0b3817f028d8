"""BROKEN VARIANT: send() takes no lock, so concurrent sends race.

Everything else is the reference solution.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, NamedTuple, TypeVar

__all__ = ["DuplicateTransition", "InvalidTransition", "Machine"]

S = TypeVar("S", bound=Hashable)
E = TypeVar("E", bound=Hashable)


class InvalidTransition(Exception):
    """``send`` got an event that has no transition from the current state."""

    def __init__(self, state: object, event: object) -> None:
        super().__init__(f"event {event!r} is not allowed in state {state!r}")
        self.state = state
        self.event = event


class DuplicateTransition(Exception):
    """``allow`` was called twice for the same (src, event)."""

    def __init__(self, src: object, event: object) -> None:
        super().__init__(f"a transition from {src!r} on {event!r} is already registered")
        self.src = src
        self.event = event


class _Edge(NamedTuple, Generic[S]):
    target: S
    action: Callable[[], object] | None


class Machine(Generic[S, E]):
    """A thread-safe state machine over any hashable states and events.

    >>> door = Machine[str, str]("closed")
    >>> door.allow("closed", "open", "opened")
    >>> door.allow("opened", "close", "closed")
    >>> door.send("open")
    'opened'
    >>> door.send("open")
    Traceback (most recent call last):
    ...
    fsm.InvalidTransition: event 'open' is not allowed in state 'opened'
    """

    def __init__(self, initial: S) -> None:
        self._state: S = initial
        self._edges: dict[tuple[S, E], _Edge[S]] = {}
        self._lock = threading.Lock()

    @property
    def state(self) -> S:
        """The current state, safe to read from any thread.

        No lock needed: ``send`` replaces the state with a single assignment,
        and reading one attribute always sees either the old value or the
        new one. (If the state were several fields that change together, the
        read would need the lock too.) Not locking also means a slow action
        does not make readers wait.
        """
        return self._state

    def allow(
        self, src: S, event: E, dst: S, action: Callable[[], object] | None = None
    ) -> None:
        """Register the transition ``src --event--> dst``.

        ``action``, if given, is called with no arguments each time the
        transition fires, before the state changes. Raises
        DuplicateTransition if ``(src, event)`` is already registered; the
        first registration stays.
        """
        key = (src, event)
        with self._lock:
            if key in self._edges:
                raise DuplicateTransition(src, event)
            self._edges[key] = _Edge(dst, action)

    def send(self, event: E) -> S:
        """Fire ``event`` and return the new state.

        Raises InvalidTransition when nothing is registered for the current
        state and ``event``. If the action raises, its exception propagates
        as it is and the state does not change.
        """
        edge = self._edges.get((self._state, event))  # BUG: no lock
        if edge is None:
            raise InvalidTransition(self._state, event)
        if edge.action is not None:
            edge.action()
        self._state = edge.target
        return edge.target
