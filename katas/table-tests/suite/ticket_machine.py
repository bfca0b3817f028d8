"""A support ticket's life, as a transition table."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Event(StrEnum):
    ASSIGN = "assign"
    START = "start"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    CLOSE = "close"


class InvalidTransition(Exception):
    """The event has no row for the ticket's current state."""


INITIAL = State.NEW
TERMINAL = frozenset({State.CLOSED})

TRANSITIONS: tuple[tuple[State, Event, State], ...] = (
    (State.NEW, Event.ASSIGN, State.ASSIGNED),
    (State.NEW, Event.CLOSE, State.CLOSED),
    (State.ASSIGNED, Event.START, State.IN_PROGRESS),
    (State.IN_PROGRESS, Event.RESOLVE, State.RESOLVED),
    (State.RESOLVED, Event.REOPEN, State.IN_PROGRESS),
    (State.RESOLVED, Event.CLOSE, State.CLOSED),
)


class Ticket:
    def __init__(self, state: State = INITIAL) -> None:
        self._state = state
        self._next = {(src, event): dst for src, event, dst in TRANSITIONS}

    @property
    def state(self) -> State:
        return self._state

    def send(self, event: Event) -> State:
        target = self._next.get((self._state, event))
        if target is None:
            raise InvalidTransition(f"{event} is not allowed in {self._state}")
        self._state = target
        return target
