"""The phases of one kata-check attempt, as a table on the trainer's own FSM engine.

The runner feeds every event of the judge (`protocol.Kind`) into a machine on this
definition; an event the table does not allow in the current phase (a result while no
test runs, a second collection, a start before collection) is a protocol violation and
ends the check as an error. The phase also decides which clock applies: importing and
testing have the per-test limit, everything has the run's deadline.

`trainer fsm show kata-check` draws it.
"""
from __future__ import annotations

from enum import StrEnum

from trainer.fsm import Definition, InvalidTransition, Machine, Transition
from trainer.kata_runner.protocol import Kind


class Phase(StrEnum):
    STARTING = "starting"      # judge and worker are starting
    IMPORTING = "importing"    # the worker imports the learner's module (per-test clock)
    COLLECTING = "collecting"  # pytest collects the hidden suite
    BETWEEN = "between"        # between two tests
    TESTING = "testing"        # one test runs (per-test clock)
    DONE = "done"              # the attempt ended (finished, failed to import, crashed, lost)


class Signal(StrEnum):
    """What moves the supervisor: the judge's event kinds, plus the parent's own."""

    IMPORTING = Kind.IMPORTING.value
    IMPORTED = Kind.IMPORTED.value
    IMPORT_ERROR = Kind.IMPORT_ERROR.value
    COLLECTED = Kind.COLLECTED.value
    START = Kind.START.value
    RESULT = Kind.RESULT.value
    FINISHED = Kind.FINISHED.value
    LOST = Kind.LOST.value
    CRASHED = Kind.CRASHED.value
    TIMEOUT = "timeout"        # a clock ran out (parent)
    DIED = "died"              # the processes ended without a final event (parent)


P, S = Phase, Signal
_ENDINGS = (S.LOST, S.CRASHED, S.TIMEOUT, S.DIED)

TRANSITIONS: tuple[Transition[Phase, Signal], ...] = (
    Transition(P.STARTING, S.IMPORTING, P.IMPORTING),
    Transition(P.IMPORTING, S.IMPORTED, P.COLLECTING),
    Transition(P.IMPORTING, S.IMPORT_ERROR, P.DONE),
    Transition(P.COLLECTING, S.COLLECTED, P.BETWEEN),
    Transition(P.BETWEEN, S.START, P.TESTING),
    Transition(P.TESTING, S.RESULT, P.BETWEEN),
    Transition(P.BETWEEN, S.FINISHED, P.DONE),
    *(Transition(p, s, P.DONE) for p in (P.STARTING, P.IMPORTING, P.COLLECTING, P.BETWEEN,
                                         P.TESTING) for s in _ENDINGS),
)

DEFINITION: Definition[Phase, Signal] = Definition(
    "kata-check", Phase, Signal, P.STARTING, TRANSITIONS, final=(P.DONE,))

# The phases that run the learner's code under the per-test clock.
TIMED = frozenset({P.IMPORTING, P.TESTING})


def new_attempt() -> Machine[Phase, Signal]:
    return DEFINITION.machine()


def advance(machine: Machine[Phase, Signal], kind: Kind) -> str | None:
    """Feed one judge event; None if the table allows it, else the violation in words."""
    signal = Signal(kind.value)
    try:
        machine.send(signal)
    except InvalidTransition:
        return f"the event {kind.value!r} is not allowed while {machine.state.value}"
    return None
