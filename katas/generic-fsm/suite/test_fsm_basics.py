"""Rule groups 1-4 of the generic-fsm kata: the names, registering
transitions, sending events, and actions that fail."""

from __future__ import annotations

import enum
import threading

import pytest


class Light(enum.Enum):
    RED = "red"
    GREEN = "green"
    AMBER = "amber"


class Phase(enum.StrEnum):
    ON = "on"
    OFF = "off"
    DIM = "dim"


class Boom(Exception):
    """What the test's actions raise."""


def mentions(text: str, value) -> bool:
    return str(value) in text or repr(value) in text


def rejected(sol, m, event) -> bool:
    """Send `event`; True if it raised InvalidTransition."""
    try:
        m.send(event)
    except sol.InvalidTransition:
        return True
    return False


# --- rule 1: names ----------------------------------------------------------


@pytest.mark.task(1)
@pytest.mark.parametrize("name", ["InvalidTransition", "DuplicateTransition"])
def test_exceptions_are_defined(sol, name):
    cls = getattr(sol, name, None)
    assert isinstance(cls, type) and issubclass(cls, Exception), (
        f"the module must define the exception class {name} (a subclass of Exception)"
    )


@pytest.mark.task(1)
def test_machine_is_generic_and_starts_in_its_initial_state(sol):
    try:
        typed = sol.Machine[str, int]
    except TypeError as exc:
        raise AssertionError(f"Machine must be generic in S and E (Machine[str, int] must work): {exc}")
    m = typed("parked")
    assert m.state == "parked", (
        f"a new machine must be in the state it was created with ('parked'), got {m.state!r}"
    )


@pytest.mark.task(1)
def test_state_is_read_only(sol):
    m = sol.Machine("parked")
    try:
        m.state = "flying"
    except (AttributeError, TypeError):
        pass
    else:
        raise AssertionError("`state` must be a read-only property: only send() may change it, "
                    "but `machine.state = 'flying'` was accepted")


# --- rule 2: registering transitions ----------------------------------------


@pytest.mark.task(2)
@pytest.mark.parametrize("second_dst", ["b", "c"], ids=["same-dst", "other-dst"])
def test_duplicate_registration_raises_and_keeps_the_first(sol, second_dst):
    calls = []
    m = sol.Machine("a")
    m.allow("a", "go", "b", lambda: calls.append("first"))
    try:
        m.allow("a", "go", second_dst, lambda: calls.append("second"))
    except sol.DuplicateTransition:
        pass
    else:
        raise AssertionError(
            "registering the same (src, event) twice must raise DuplicateTransition, whatever "
            f"the dst: allow('a', 'go', {second_dst!r}) after allow('a', 'go', 'b') was accepted"
        )
    result = m.send("go")
    assert (result, m.state, calls) == ("b", "b", ["first"]), (
        "after a rejected duplicate the FIRST registration must stay in force: sending 'go' "
        f"must run the first action and move to 'b'; it ran {calls} and moved to {m.state!r}"
    )


@pytest.mark.task(2)
@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("a:b", "c"), ("a", "b:c")),
        (("a", "b:c"), ("a:b", "c")),
        (("ab", "c"), ("a", "bc")),
        ((1, "go"), ("1", "go")),
        (("x", 2), ("x", "2")),
        ((("a", "b"), "c"), ("a", ("b", "c"))),
    ],
    ids=["a:b+c/a+b:c", "a+b:c/a:b+c", "ab+c/a+bc", "int-1/str-1", "int-2/str-2", "tuples"],
)
def test_transition_keys_never_collide(sol, first, second):
    m = sol.Machine(first[0])
    m.allow(first[0], first[1], "from-first")
    try:
        m.allow(second[0], second[1], "from-second")
    except sol.DuplicateTransition:
        raise AssertionError(
            f"keys must not collide: (src={second[0]!r}, event={second[1]!r}) is a different "
            f"transition from (src={first[0]!r}, event={first[1]!r}), but allow() called it a "
            "duplicate"
        )
    m.send(first[1])
    other = sol.Machine(second[0])
    other.allow(first[0], first[1], "from-first")
    other.allow(second[0], second[1], "from-second")
    other.send(second[1])
    assert (m.state, other.state) == ("from-first", "from-second"), (
        f"keys must not collide: from {first[0]!r} on {first[1]!r} must lead to 'from-first' "
        f"and from {second[0]!r} on {second[1]!r} to 'from-second'; got {m.state!r} and "
        f"{other.state!r}"
    )


KINDS = {
    "enum": ([Light.RED, Light.GREEN, Light.AMBER], [Light.GREEN, Light.AMBER, Light.RED]),
    "strenum": ([Phase.OFF, Phase.ON, Phase.DIM], [Phase.ON, Phase.DIM, Phase.OFF]),
    "str": (["idle", "busy", "done"], ["start", "finish", "reset"]),
    "int": ([0, 1, 2], [10, 11, 12]),
    "tuple": ([(0, "a"), (1, "b"), (2, "c")], [("e", 0), ("e", 1), ("e", 2)]),
    "mixed": ([0, "0", (0,)], [None, "None", (None,)]),
}


@pytest.mark.task(2)
@pytest.mark.parametrize("kind", list(KINDS))
def test_states_and_events_can_be_any_hashable(sol, kind):
    states, events = KINDS[kind]
    m = sol.Machine(states[0])
    for i, event in enumerate(events):
        try:
            m.allow(states[i], event, states[(i + 1) % 3])
        except sol.DuplicateTransition:
            raise AssertionError(
                f"keys must not collide: with {kind} states and events, (src={states[i]!r}, "
                f"event={event!r}) was called a duplicate of an earlier, different pair among "
                f"{list(zip(states, events))[:i]}"
            ) from None
    for lap in range(2):
        for i, event in enumerate(events):
            result = m.send(event)
            expected = states[(i + 1) % 3]
            assert m.state == expected and result == expected, (
                f"states and events may be any hashable ({kind} here): from {states[i]!r} on "
                f"{event!r} the machine must reach {expected!r}, but it is in {m.state!r} "
                f"(send returned {result!r})"
            )
    assert rejected(sol, m, events[1]), (
        f"with {kind} states, {events[1]!r} in {states[0]!r} is not registered and must raise "
        "InvalidTransition"
    )


# --- rule 3: send -----------------------------------------------------------


@pytest.mark.task(3)
@pytest.mark.parametrize(
    "event", ["land", "taxi", 7], ids=["never-registered", "registered-elsewhere", "int"]
)
def test_unregistered_event_raises_runs_nothing_changes_nothing(sol, event):
    calls = []
    m = sol.Machine("parked")
    m.allow("parked", "board", "boarding", lambda: calls.append("board"))
    m.allow("boarding", "taxi", "taxiing", lambda: calls.append("taxi"))
    try:
        m.send(event)
    except sol.InvalidTransition as exc:
        text = str(exc)
    else:
        raise AssertionError(
            f"an event with no transition from the current state must raise InvalidTransition: "
            f"{event!r} in 'parked' was accepted and moved the machine to {m.state!r}"
        )
    assert m.state == "parked", (
        f"an invalid event must not change the state: {event!r} in 'parked' moved it to "
        f"{m.state!r}"
    )
    assert calls == [], f"an invalid event must run no action, but {calls} ran"
    assert mentions(text, event) and mentions(text, "parked"), (
        "str(InvalidTransition) must name the event and the current state: for "
        f"{event!r} in 'parked' the message is {text!r}"
    )


@pytest.mark.task(3)
def test_action_runs_exactly_once_without_arguments(sol):
    calls = []

    def action(*args, **kwargs):
        calls.append((args, kwargs))

    m = sol.Machine("parked")
    m.allow("parked", "board", "boarding", action)
    result = m.send("board")
    assert calls == [((), {})], (
        f"a transition's action must run exactly once, with no arguments; got calls {calls}"
    )
    assert m.state == "boarding" and result == "boarding", (
        f"after the action the machine must move to the dst 'boarding' and send must return "
        f"it; state {m.state!r}, returned {result!r}"
    )


@pytest.mark.task(3)
@pytest.mark.parametrize("returned", [None, False, 0, "", "error"], ids=repr)
def test_what_an_action_returns_does_not_matter(sol, returned):
    m = sol.Machine("a")
    m.allow("a", "go", "b", lambda: returned)
    m.send("go")
    assert m.state == "b", (
        "only an exception aborts a transition; an action's return value is ignored: the "
        f"action returned {returned!r} and the machine stayed in {m.state!r}"
    )


@pytest.mark.task(3)
def test_transition_without_action(sol):
    m = sol.Machine("a")
    m.allow("a", "go", "b")
    m.allow("b", "back", "a", None)
    assert (m.send("go"), m.send("back")) == ("b", "a"), (
        "a transition registered without an action must still move the machine"
    )


@pytest.mark.task(3)
def test_self_loops_are_transitions(sol):
    ticks = []
    m = sol.Machine("running")
    m.allow("running", "tick", "running", lambda: ticks.append(1))
    m.allow("running", "stop", "stopped")
    for n in range(1, 4):
        result = m.send("tick")
        assert (result, m.state, len(ticks)) == ("running", "running", n), (
            "a self-loop (src == dst) is a legal transition whose action runs on every send: "
            f"after {n} ticks got state {m.state!r}, send returned {result!r}, "
            f"{len(ticks)} action calls"
        )
    m.send("stop")
    assert m.state == "stopped", f"after the self-loops 'stop' must work, got {m.state!r}"


@pytest.mark.task(3)
def test_state_changes_only_after_the_action_returns(sol):
    # Look from another thread while the action runs (the action itself must
    # not call back into the machine). A machine that locks its reads makes
    # the reader wait until send() is done; that is fine, only a reader that
    # already sees the new state while the action runs is wrong.
    seen = []

    def action():
        reader = threading.Thread(target=lambda: seen.append(m.state), daemon=True)
        reader.start()
        reader.join(0.25)
        seen.append(("snapshot", list(seen)))

    m = sol.Machine("before")
    m.allow("before", "go", "after", action)
    m.send("go")
    snapshot = next(s for s in seen if isinstance(s, tuple))[1]
    assert all(s == "before" for s in snapshot), (
        "the action runs first and only then does the state change: while the action of "
        f"'before' --go--> 'after' was running, another thread read state {snapshot}"
    )


# --- rule 4: failing actions ------------------------------------------------


@pytest.mark.task(4)
def test_a_failing_action_reaches_the_caller_unwrapped_and_state_stays(sol):
    raised = []

    def charge():
        raised.append(Boom("card declined"))
        raise raised[-1]

    m = sol.Machine("pending")
    m.allow("pending", "pay", "paid", charge)
    try:
        m.send("pay")
    except Boom as exc:
        caught = exc
    except Exception as exc:
        raise AssertionError(
            "the action's exception must reach the caller unwrapped (the same object): the "
            f"action raised Boom('card declined'), the caller got {type(exc).__name__}: {exc}"
        )
    else:
        raise AssertionError(
            "when the action raises, send must raise that exception; it returned normally "
            f"and the state is {m.state!r}"
        )
    assert len(raised) == 1, (
        f"the action must run exactly once per send, even when it fails; it ran {len(raised)} "
        "times"
    )
    assert caught is raised[0], (
        "the action's exception must reach the caller unwrapped: the caller got a different "
        f"Boom object ({caught!r}) from the one the action raised"
    )
    del caught
    assert m.state == "pending", (
        f"when the action raises, the state must not change: 'pending' became {m.state!r}"
    )


@pytest.mark.task(4)
@pytest.mark.parametrize("error_type", [ValueError, KeyError, RuntimeError, Boom],
                         ids=lambda t: t.__name__)
def test_any_exception_type_passes_through(sol, error_type):
    error = error_type("nope")

    def action():
        raise error

    m = sol.Machine(0)
    m.allow(0, 1, 2, action)
    try:
        m.send(1)
    except Exception as exc:
        assert exc is error, (
            f"the action's {error_type.__name__} must reach the caller unwrapped, as the same "
            f"object: the caller got {type(exc).__name__}: {exc}"
        )
    else:
        raise AssertionError(
            f"when the action raises {error_type.__name__}, send must raise it too; it returned"
        )
    assert m.state == 0, f"when the action raises, the state must stay 0, got {m.state!r}"


@pytest.mark.task(4)
def test_after_a_failed_action_the_transition_can_be_retried(sol):
    attempts = []

    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise Boom("timeout")

    m = sol.Machine("pending")
    m.allow("pending", "pay", "paid", flaky)
    try:
        m.send("pay")
    except Boom:
        pass
    except Exception as exc:
        raise AssertionError(
            "the action's exception must reach the caller unwrapped: the action raised "
            f"Boom('timeout'), the caller got {type(exc).__name__}: {exc}"
        ) from exc
    else:
        raise AssertionError(
            "when the action raises, send must raise that exception; the first 'pay' (whose "
            f"action failed) returned normally after {len(attempts)} action call(s)"
        )
    assert m.state == "pending", (
        f"when the action raises, the state must not change: 'pending' became {m.state!r}"
    )
    result = m.send("pay")
    assert (result, m.state, len(attempts)) == ("paid", "paid", 2), (
        "a failed action leaves the machine where it was, so sending the event again must "
        f"run the action again and move on: got state {m.state!r} after {len(attempts)} "
        "attempts"
    )
