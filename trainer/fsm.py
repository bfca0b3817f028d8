"""The finite-state-machine engine every machine of the trainer runs on.

It is written to be read by the people the trainer teaches, so it follows the
answers a senior candidate gives:

* States and events are Enum members; a machine is *defined* by a table of
  `Transition` rows (source, event, target, optional guard, optional action).
  The table is data: tests iterate it, diagrams are drawn from it.
* A `Definition` is checked when it is built: a duplicate (source, event) pair,
  or a source/target that is not a state, is a `DefinitionError` at start-up,
  not a surprise at run time.
* `Machine.send(event, **data)` is the one way to move. Lookup, guard, action
  and the state swap happen under one lock, so concurrent senders can never
  both leave the same state on the same event. The action runs *before* the
  swap: if it raises, the state is unchanged and the exception reaches the
  caller as it was raised.
* Per-state enter/exit hooks carry resource set-up and tear-down.
* Exactly one listener sees every transition: logging and audit live there,
  never inside states.
* State is persisted by *name*: `Definition.state_named()` rehydrates it
  through the definition's registry and fails with `UnknownState` (not a
  KeyError) for a name this table does not know, such as one written by an
  older version.
* `to_mermaid()` and `table_rows()` render the table; the model knows nothing
  about terminals.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Generic, TypeVar

S = TypeVar("S", bound=Enum)
E = TypeVar("E", bound=Enum)

Guard = Callable[..., bool]
"""`guard(machine, **data) -> bool`: may this transition fire?"""
Action = Callable[..., Any]
"""`action(machine, **data)`: the side effect of the transition; raise to abort it."""
Hook = Callable[..., Any]
"""`hook(machine, transition, **data)`: runs when a state is entered or left."""


class FSMError(Exception):
    """Base class of every error the engine raises."""


class DefinitionError(FSMError):
    """The transition table itself is wrong (found when the definition is built)."""


class InvalidTransition(FSMError):
    """The event is not allowed in the current state."""

    def __init__(self, state: Enum, event: Enum | Any, machine: str = "") -> None:
        self.state = state
        self.event = event
        self.machine = machine
        where = f"{machine}: " if machine else ""
        ev = event.value if isinstance(event, Enum) else repr(event)
        super().__init__(f"{where}event '{ev}' is not allowed in state '{state.value}'")


class GuardRejected(FSMError):
    """The (state, event) pair exists but its guard said no."""

    def __init__(self, transition: Transition[Any, Any], machine: str = "") -> None:
        self.transition = transition
        where = f"{machine}: " if machine else ""
        super().__init__(
            f"{where}guard '{transition.guard_name}' refused "
            f"'{transition.event.value}' in state '{transition.source.value}'"
        )


class UnknownState(FSMError):
    """A stored state name that this definition does not know."""

    def __init__(self, name: object, definition: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(
            f"{definition}: unknown state {name!r} (known: {', '.join(self.known)})"
        )


def _callable_name(fn: Callable[..., Any] | None) -> str:
    if fn is None:
        return ""
    return getattr(fn, "__name__", None) or type(fn).__name__


@dataclass(frozen=True)
class Transition(Generic[S, E]):
    """One row of a transition table."""

    source: S
    event: E
    target: S
    guard: Guard | None = None
    action: Action | None = None

    @property
    def guard_name(self) -> str:
        return _callable_name(self.guard)

    @property
    def action_name(self) -> str:
        return _callable_name(self.action)


@dataclass(frozen=True)
class TransitionRecord:
    """What the listener is told about one completed transition."""

    machine: str
    sequence: int
    source: Enum
    event: Enum
    target: Enum
    at: datetime
    data: Mapping[str, Any] = field(default_factory=dict)


Listener = Callable[[TransitionRecord], Any]


class Definition(Generic[S, E]):
    """A validated transition table plus its states, events, hooks and finals."""

    def __init__(
        self,
        name: str,
        states: type[S],
        events: type[E],
        initial: S,
        transitions: Iterable[Transition[S, E]],
        *,
        final: Iterable[S] = (),
        on_enter: Mapping[S, Hook] | None = None,
        on_exit: Mapping[S, Hook] | None = None,
    ) -> None:
        self.name = name
        self.states = states
        self.events = events
        self.transitions: tuple[Transition[S, E], ...] = tuple(transitions)
        self.final: frozenset[S] = frozenset(final)
        self.on_enter: dict[S, Hook] = dict(on_enter or {})
        self.on_exit: dict[S, Hook] = dict(on_exit or {})
        self._check_state(initial, "initial state")
        self.initial = initial
        for s in self.final:
            self._check_state(s, "final state")
        for s in (*self.on_enter, *self.on_exit):
            self._check_state(s, "hook state")
        self._table: dict[tuple[S, E], Transition[S, E]] = {}
        for t in self.transitions:
            self._check_state(t.source, "source")
            self._check_state(t.target, "target")
            if not isinstance(t.event, events):
                raise DefinitionError(
                    f"{name}: event {t.event!r} is not a member of {events.__name__}"
                )
            key = (t.source, t.event)
            if key in self._table:
                raise DefinitionError(
                    f"{name}: duplicate transition from '{t.source.value}' on "
                    f"'{t.event.value}'"
                )
            self._table[key] = t
        self._by_name: dict[str, S] = {s.value if isinstance(s.value, str) else s.name: s for s in states}

    def _check_state(self, value: object, role: str) -> None:
        if not isinstance(value, self.states):
            raise DefinitionError(
                f"{self.name}: {role} {value!r} is not a member of {self.states.__name__}"
            )

    # --- lookups -----------------------------------------------------------
    def lookup(self, state: S, event: E) -> Transition[S, E] | None:
        return self._table.get((state, event))

    def is_legal(self, state: S, event: E) -> bool:
        return (state, event) in self._table

    def events_from(self, state: S) -> list[E]:
        """Events with a transition out of `state`, in table order."""
        return [t.event for t in self.transitions if t.source == state]

    def state_name(self, state: S) -> str:
        """The name under which `state` is persisted."""
        return state.value if isinstance(state.value, str) else state.name

    def state_named(self, name: object) -> S:
        """Rehydrate a state from its persisted name (the registry lookup)."""
        if isinstance(name, str) and name in self._by_name:
            return self._by_name[name]
        raise UnknownState(name, self.name, self._by_name)

    # --- graph properties ----------------------------------------------------
    def reachable_from(self, start: S) -> set[S]:
        seen = {start}
        frontier = [start]
        while frontier:
            s = frontier.pop()
            for t in self.transitions:
                if t.source == s and t.target not in seen:
                    seen.add(t.target)
                    frontier.append(t.target)
        return seen

    def unreachable_states(self) -> set[S]:
        return set(self.states) - self.reachable_from(self.initial)

    def dead_end_states(self) -> set[S]:
        """States from which no final state can be reached."""
        if not self.final:
            return set()
        return {s for s in self.states if not (self.reachable_from(s) & self.final)}

    # --- renderings (data only: the CLI decides how to show them) ------------
    def table_rows(self) -> list[tuple[str, str, str, str, str]]:
        """(source, event, target, guard, action) per transition, as strings."""
        return [
            (
                self.state_name(t.source),
                str(t.event.value),
                self.state_name(t.target),
                t.guard_name,
                t.action_name,
            )
            for t in self.transitions
        ]

    def to_mermaid(self) -> str:
        """The table as Mermaid `stateDiagram-v2` text."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.state_name(self.initial)}"]
        for src, ev, dst, guard, _action in self.table_rows():
            label = f"{ev} [{guard}]" if guard else ev
            lines.append(f"    {src} --> {dst} : {label}")
        for s in sorted(self.final, key=self.state_name):
            lines.append(f"    {self.state_name(s)} --> [*]")
        return "\n".join(lines) + "\n"

    def machine(
        self,
        state: S | str | None = None,
        *,
        listener: Listener | None = None,
        context: Any = None,
        machine_id: str | None = None,
    ) -> Machine[S, E]:
        """A new machine on this table, optionally rehydrated from a state (or its name)."""
        if isinstance(state, str):
            state = self.state_named(state)
        return Machine(self, state, listener=listener, context=context, machine_id=machine_id)


class Machine(Generic[S, E]):
    """A running machine: current state, one lock, one listener."""

    def __init__(
        self,
        definition: Definition[S, E],
        state: S | None = None,
        *,
        listener: Listener | None = None,
        context: Any = None,
        machine_id: str | None = None,
        sequence: int = 0,
    ) -> None:
        if state is not None and not isinstance(state, definition.states):
            raise UnknownState(state, definition.name, definition._by_name)
        self.definition = definition
        self.context = context
        self.machine_id = machine_id or definition.name
        self._state: S = definition.initial if state is None else state
        self._listener = listener
        self._lock = threading.RLock()
        self._sequence = sequence

    @property
    def state(self) -> S:
        return self._state

    @property
    def state_name(self) -> str:
        return self.definition.state_name(self._state)

    @property
    def sequence(self) -> int:
        """How many transitions this machine has made (continues after rehydration)."""
        return self._sequence

    @property
    def is_final(self) -> bool:
        return self._state in self.definition.final

    def can(self, event: E, **data: Any) -> bool:
        """Would `send(event, **data)` pass lookup and guard now? (Runs no action.)"""
        with self._lock:
            t = self.definition.lookup(self._state, event)
            return t is not None and (t.guard is None or bool(t.guard(self, **data)))

    def send(self, event: E, **data: Any) -> S:
        """Fire `event`; return the new state.

        Order: lookup -> guard -> action -> exit hook -> swap -> enter hook ->
        listener, all under the machine's lock. A missing pair raises
        `InvalidTransition`, a refusing guard `GuardRejected`; an action or exit
        hook that raises leaves the state unchanged.
        """
        with self._lock:
            source = self._state
            t = self.definition.lookup(source, event)
            if t is None:
                raise InvalidTransition(source, event, self.definition.name)
            if t.guard is not None and not t.guard(self, **data):
                raise GuardRejected(t, self.definition.name)
            if t.action is not None:
                t.action(self, **data)
            exit_hook = self.definition.on_exit.get(source)
            if exit_hook is not None:
                exit_hook(self, t, **data)
            self._state = t.target
            self._sequence += 1
            enter_hook = self.definition.on_enter.get(t.target)
            if enter_hook is not None:
                enter_hook(self, t, **data)
            if self._listener is not None:
                self._listener(
                    TransitionRecord(
                        machine=self.machine_id,
                        sequence=self._sequence,
                        source=source,
                        event=event,
                        target=t.target,
                        at=datetime.now(UTC),
                        data=dict(data),
                    )
                )
            return self._state

    def __repr__(self) -> str:
        return f"<Machine {self.definition.name} state={self.state_name}>"
