"""The finite-state-machine engine every machine of the trainer runs on.

It is written to be read by the people the trainer teaches, so it follows the
answers a senior candidate gives:

* States and events are Enum members; a machine is *defined* by a table of
  `Transition` rows (source, event, target, optional guard, optional action).
  The table is data: tests iterate it, diagrams are drawn from it.
* A `Definition` is checked when it is built, as python-statemachine's factory
  does: a source/target that is not a state, a state the initial state cannot
  reach, a state from which no final state can be reached, a final state with
  outgoing rows, or an ambiguous branch (below) is a `DefinitionError` at
  start-up, not a surprise at run time.
* One event may branch: several rows for the same (source, event) are tried in
  table order and the first whose guard holds fires. Only the last of them may
  be unguarded (the "else" branch); two unguarded rows, or an unguarded row
  before a guarded one, could never be told apart and are refused.
* `Machine.send(event, **data)` is the one way to move. Lookup, guard, action
  and the state swap happen under one lock, so concurrent senders can never
  both leave the same state on the same event.
* Run to completion: an event sent from inside a callback (an action, a hook or
  the listener) of the same machine does not interrupt the transition under
  way. It is queued and fired after that transition has completed, as
  python-statemachine's engine and transitions' `queued=True` do, so the
  history the listener records is a history that can have happened.
* Callback order, for one transition:

      guard -> action -> exit(source) -> swap -> enter(target) -> listener

  UML runs exit -> effect -> entry, assuming the effect cannot fail. Here the
  action is the one fallible side effect (charging a card, writing a review),
  so it runs first, while nothing has been torn down yet: if it raises, no
  hook has run, the state is unchanged and the exception reaches the caller
  as it was raised. This is the guide's "guard, then action, then swap".
* Callbacks get what they declare. A callback is called with the keyword
  arguments it names among `machine`, `context`, `transition`, `source`,
  `target`, `event` and the data given to `send` (a `**kwargs` parameter gets
  all the data). A function whose first parameter is `self` is a method of the
  context's type (its class, or a Protocol it implements) named directly in
  the table, `action=SessionContext.record_grade`: it is called on the
  machine's context like any method call, `context.record_grade(rating=...)`.
  So the table names real, typed functions and no forwarding layer is
  needed. Signatures are read once, when the definition is built.
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

import inspect
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Generic, TypeVar

S = TypeVar("S", bound=Enum)
E = TypeVar("E", bound=Enum)

Guard = Callable[..., bool]
"""A guard returns whether this transition may fire; it receives what it declares."""
Action = Callable[..., Any]
"""The side effect of a transition; raise to abort it (the state stays as it was)."""
Hook = Callable[..., Any]
"""Runs when a state is entered or left (resource set-up and tear-down)."""

CALLBACK_ORDER = "guard -> action -> exit(source) -> swap -> enter(target) -> listener"
"""The order of one transition's callbacks (see the module docstring for why)."""

CALLBACK_ARGUMENTS = ("machine", "context", "transition", "source", "target", "event")
"""The names a callback may declare besides the data given to `send`."""


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
class _Binding:
    """How to call one callback: read from its signature once, at definition time."""

    fn: Callable[..., Any]
    self_is_context: bool
    names: tuple[str, ...]
    all_data: bool

    @classmethod
    def of(cls, fn: Callable[..., Any]) -> _Binding:
        try:
            params = list(inspect.signature(fn).parameters.values())
        except (TypeError, ValueError):  # a builtin without a signature: give it everything
            return cls(fn, False, CALLBACK_ARGUMENTS, True)
        self_is_context = bool(params) and params[0].name == "self" and params[0].kind in (
            inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        if self_is_context:
            params = params[1:]
        names = tuple(p.name for p in params if p.kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY))
        all_data = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params)
        return cls(fn, self_is_context, names, all_data)

    def __call__(self, machine: Machine[Any, Any], transition: Transition[Any, Any],
                 data: Mapping[str, Any]) -> Any:
        given = {
            "machine": machine, "context": machine.context, "transition": transition,
            "source": transition.source, "target": transition.target, "event": transition.event,
        }
        if self.all_data:
            kwargs = dict(data)
            kwargs.update({n: given[n] for n in self.names if n in given})
        else:
            kwargs = {n: data[n] if n in data else given[n]
                      for n in self.names if n in data or n in given}
        if self.self_is_context:
            return getattr(machine.context, self.fn.__name__)(**kwargs)
        return self.fn(**kwargs)


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
        strict: bool = True,
    ) -> None:
        """`strict=False` skips the graph checks (reachability, dead ends) for a
        fragment of a table, such as a test's; the product's machines are strict."""
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
        self._table: dict[tuple[S, E], tuple[Transition[S, E], ...]] = {}
        for t in self.transitions:
            self._check_state(t.source, "source")
            self._check_state(t.target, "target")
            if not isinstance(t.event, events):
                raise DefinitionError(
                    f"{name}: event {t.event!r} is not a member of {events.__name__}"
                )
            key = (t.source, t.event)
            earlier = self._table.get(key, ())
            if any(e.guard is None for e in earlier):
                raise DefinitionError(
                    f"{name}: duplicate transition from '{t.source.value}' on "
                    f"'{t.event.value}': an unguarded row must be the last one for that pair"
                )
            self._table[key] = (*earlier, t)
        self._by_name: dict[str, S] = {
            s.value if isinstance(s.value, str) else s.name: s for s in states
        }
        self._bindings: dict[Callable[..., Any], _Binding] = {}
        for fn in (*(c for t in self.transitions for c in (t.guard, t.action) if c),
                   *self.on_enter.values(), *self.on_exit.values()):
            if fn not in self._bindings:
                self._bindings[fn] = _Binding.of(fn)
        self._check_graph(strict)

    def _check_graph(self, strict: bool) -> None:
        """Refuse tables whose shape is a bug: found now, not in production."""
        for t in self.transitions:
            if t.source in self.final:
                raise DefinitionError(
                    f"{self.name}: final state '{self.state_name(t.source)}' has an outgoing "
                    f"transition on '{t.event.value}'"
                )
        if not strict:
            return
        unreachable = self.unreachable_states()
        if unreachable:
            names = ", ".join(sorted(self.state_name(s) for s in unreachable))
            raise DefinitionError(f"{self.name}: unreachable from the initial state: {names}")
        dead = self.dead_end_states()
        if dead:
            names = ", ".join(sorted(self.state_name(s) for s in dead))
            raise DefinitionError(f"{self.name}: no final state can be reached from: {names}")

    def _check_state(self, value: object, role: str) -> None:
        if not isinstance(value, self.states):
            raise DefinitionError(
                f"{self.name}: {role} {value!r} is not a member of {self.states.__name__}"
            )

    # --- lookups -----------------------------------------------------------
    def candidates(self, state: S, event: E) -> tuple[Transition[S, E], ...]:
        """The rows for (state, event), in the order their guards are tried."""
        return self._table.get((state, event), ())

    def lookup(self, state: S, event: E) -> Transition[S, E] | None:
        """The first row for (state, event), whatever its guard (None: not legal)."""
        rows = self._table.get((state, event))
        return rows[0] if rows else None

    def call(self, fn: Callable[..., Any], machine: Machine[S, E],
             transition: Transition[S, E], data: Mapping[str, Any]) -> Any:
        """Call a callback of this table with what it declares."""
        binding = self._bindings.get(fn) or _Binding.of(fn)
        return binding(machine, transition, data)

    def is_legal(self, state: S, event: E) -> bool:
        return (state, event) in self._table

    def events_from(self, state: S) -> list[E]:
        """Events with a transition out of `state`, in table order (each once)."""
        return list(dict.fromkeys(t.event for t in self.transitions if t.source == state))

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
        # Re-entrant so that a callback's own `send` reaches the queue instead of deadlocking;
        # only the thread holding the lock can see `_running` set.
        self._lock = threading.RLock()
        self._running = False
        self._queue: deque[tuple[E, dict[str, Any]]] = deque()
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
            return self._select(self._state, event, data) is not None

    def _select(self, source: S, event: E, data: Mapping[str, Any]) -> Transition[S, E] | None:
        """The first row for (source, event) whose guard holds, or None."""
        for t in self.definition.candidates(source, event):
            if t.guard is None or self.definition.call(t.guard, self, t, data):
                return t
        return None

    def send(self, event: E, **data: Any) -> S:
        """Fire `event`; return the state once it and any event it queued have run.

        Order: lookup -> guard -> action -> exit hook -> swap -> enter hook ->
        listener, all under the machine's lock. A missing pair raises
        `InvalidTransition`; when every guard of the pair refuses, the last
        refusal raises `GuardRejected`; an action or exit hook that raises
        leaves the state unchanged.

        Sent from inside one of this machine's own callbacks, the event is
        queued instead (run to completion) and `send` returns the current
        state at once; the outer `send` fires the queue in order before it
        returns, and raises the first error a queued event met.
        """
        with self._lock:
            if self._running:
                self._queue.append((event, dict(data)))
                return self._state
            self._running = True
            try:
                self._fire(event, data)
                while self._queue:
                    queued, queued_data = self._queue.popleft()
                    self._fire(queued, queued_data)
            finally:
                self._running = False
                self._queue.clear()
            return self._state

    def _fire(self, event: E, data: Mapping[str, Any]) -> None:
        """One transition, from lookup to listener (the lock is held)."""
        source = self._state
        rows = self.definition.candidates(source, event)
        if not rows:
            raise InvalidTransition(source, event, self.definition.name)
        t = self._select(source, event, data)
        if t is None:
            raise GuardRejected(rows[-1], self.definition.name)
        call = self.definition.call
        if t.action is not None:
            call(t.action, self, t, data)
        exit_hook = self.definition.on_exit.get(source)
        if exit_hook is not None:
            call(exit_hook, self, t, data)
        self._state = t.target
        self._sequence += 1
        enter_hook = self.definition.on_enter.get(t.target)
        if enter_hook is not None:
            call(enter_hook, self, t, data)
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

    def __repr__(self) -> str:
        return f"<Machine {self.definition.name} state={self.state_name}>"
