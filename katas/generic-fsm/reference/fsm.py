"""Generic finite-state machine kata: reference solution.

A small reusable machine: you register the legal transitions with ``allow``
and drive it with ``send``. States and events can be any hashable values.

Design notes, because each line here answers an interview question:

* Transitions live in a dict keyed by the tuple ``(src, event)``. A tuple
  compares element by element, so ``("a:b", "c")`` and ``("a", "b:c")`` stay
  different keys, and so do ``(1, "go")`` and ``("1", "go")``. Gluing the two
  into one string would merge them.
* Registering the same ``(src, event)`` twice raises at once instead of
  replacing the first entry: a clash shows up where the machine is wired, at
  start-up, rather than as a mysterious behaviour change later.
* ``send`` holds one lock across look-up, action and state swap. Two threads
  can then never both leave the same state on the same event (think: a card
  charged twice), and actions never overlap. The price: a slow action blocks
  every other ``send`` on this machine. When actions do slow I/O, the usual
  alternatives are an actor (one thread owns the machine and takes events
  from a queue) or running the action outside the lock and re-checking the
  state before committing.
* The action runs before the swap. If it raises, the exception goes to the
  caller untouched and the state has not moved; what to do next (retry,
  send a failure event, give up) is the caller's policy.
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
        with self._lock:
            edge = self._edges.get((self._state, event))
            if edge is None:
                raise InvalidTransition(self._state, event)
            if edge.action is not None:
                edge.action()  # may raise: then we never reach the swap
            self._state = edge.target
            return edge.target
