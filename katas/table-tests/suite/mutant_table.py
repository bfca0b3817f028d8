"""The hidden mutants of the ticket machine: each one a small edit of
ticket_machine.py, and the rule (task) of the README whose tests must kill it."""

from __future__ import annotations

_DISPATCH = "        self._next = {(src, event): dst for src, event, dst in TRANSITIONS}\n"
_ILLEGAL = '            raise InvalidTransition(f"{event} is not allowed in {self._state}")\n'
_ROWS_END = "    (State.RESOLVED, Event.CLOSE, State.CLOSED),\n)\n"

# name -> (task, what the mutant does, ((old, new), ...))
MUTANTS = {
    "missing_row": (3, "the machine ignores the row resolved + reopen -> in_progress", (
        (_DISPATCH, _DISPATCH + "        del self._next[State.RESOLVED, Event.REOPEN]\n"),)),
    "wrong_target": (3, "in_progress + resolve goes to closed instead of resolved", (
        (_DISPATCH, _DISPATCH
         + "        self._next[State.IN_PROGRESS, Event.RESOLVE] = State.CLOSED\n"),)),
    "wrong_initial": (3, "a new Ticket() starts assigned instead of new", (
        ("    def __init__(self, state: State = INITIAL) -> None:\n",
         "    def __init__(self, state: State = State.ASSIGNED) -> None:\n"),)),
    "extra_row": (4, "the machine also accepts assigned + close -> closed", (
        (_DISPATCH, _DISPATCH
         + "        self._next[State.ASSIGNED, Event.CLOSE] = State.CLOSED\n"),)),
    "illegal_changes_state": (4, "an illegal event raises, but only after resetting to new", (
        (_ILLEGAL, "            self._state = State.NEW\n" + _ILLEGAL),)),
    "illegal_ignored": (4, "an illegal event is silently ignored (no exception)", (
        (_ILLEGAL, "            return self._state\n"),)),
    "unreachable_state": (5, "the table gains a state archived that nothing leads to", (
        ('    CLOSED = "closed"\n', '    CLOSED = "closed"\n    ARCHIVED = "archived"\n'),
        (_ROWS_END, "    (State.RESOLVED, Event.CLOSE, State.CLOSED),\n"
         "    (State.ARCHIVED, Event.REOPEN, State.IN_PROGRESS),\n)\n"))),
    "dead_end": (5, "resolved loses both its exits (a non-terminal state with no way out)", (
        ("    (State.RESOLVED, Event.REOPEN, State.IN_PROGRESS),\n"
         "    (State.RESOLVED, Event.CLOSE, State.CLOSED),\n", ""),)),
    "terminal_exit": (5, "closed gains an exit: closed + reopen -> in_progress", (
        (_ROWS_END, "    (State.RESOLVED, Event.CLOSE, State.CLOSED),\n"
         "    (State.CLOSED, Event.REOPEN, State.IN_PROGRESS),\n)\n"),)),
}
