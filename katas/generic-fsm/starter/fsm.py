"""Generic finite-state machine kata: your solution goes here.

Read the kata's README for the full rules. The names and signatures below are
the contract the hidden tests use; keep them. How you store transitions and
how you make send() thread-safe is up to you.

Check your work with:  trainer kata check generic-fsm
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

S = TypeVar("S", bound=Hashable)
E = TypeVar("E", bound=Hashable)


class InvalidTransition(Exception):
    """Raised by send() when the current state has no transition for the event.

    Its message must name both the event and the current state.
    """


class DuplicateTransition(Exception):
    """Raised by allow() when (src, event) is already registered."""


class Machine(Generic[S, E]):
    """A reusable state machine; states and events are any hashable values."""

    def __init__(self, initial: S) -> None:
        """Start in ``initial`` with no transitions registered."""
        raise NotImplementedError("Machine.__init__")

    @property
    def state(self) -> S:
        """The current state. Read-only, and safe to read from any thread."""
        raise NotImplementedError("Machine.state")

    def allow(
        self, src: S, event: E, dst: S, action: Callable[[], object] | None = None
    ) -> None:
        """Register ``src --event--> dst``, with an optional no-argument action.

        A second registration of the same (src, event) raises
        DuplicateTransition and leaves the first one in place.
        """
        raise NotImplementedError("Machine.allow")

    def send(self, event: E) -> S:
        """Fire ``event``; return the new state.

        Unknown (state, event): raise InvalidTransition, run nothing, change
        nothing. Otherwise run the action once, then move to dst; if the
        action raises, let that exception out unchanged and stay put. Must be
        safe to call from many threads at once.
        """
        raise NotImplementedError("Machine.send")
