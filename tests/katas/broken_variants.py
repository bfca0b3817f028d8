"""Broken variants of the kata reference solutions, as data.

Each variant is the kata's reference solution with a small edit that breaks
exactly ONE rule of the contract. The edit is a list of (old, new) text
replacements applied in order to katas/<kata>/reference/<module>; each ``old``
must occur exactly once in the text it is applied to (test_suites.py asserts
that, so a change to a reference that turns a patch into a no-op fails loudly
instead of quietly testing the reference again). The kata's hidden suite must
then fail, and its output must contain ``phrase``: the suite's message for
that rule.

Correct alternative designs are whole files in solutions/<kata>/alt_*.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Broken:
    kata: str
    name: str  # the test id is "<kata>:<name>"
    rule: str  # the contract rule the edit breaks
    phrase: str  # the suite's failure output must contain this
    patch: tuple[tuple[str, str], ...]  # (old, new) replacements, applied in order


# Text that several variants edit.
_VENDING_REJECTED = '            self._log.info("vending: rejected %s in state %s", event, self._state)\n'
_FSM_ACTION = "                edge.action()  # may raise: then we never reach the swap\n"
_FSM_ALLOW_CHECK = (
    "            if key in self._edges:\n"
    "                raise DuplicateTransition(src, event)\n"
)


BROKEN: tuple[Broken, ...] = (
    # --- vending ---------------------------------------------------------------
    Broken(
        "vending", "broken_invalid_changes_state",
        rule="an invalid event changes nothing (here: it resets the machine to IDLE)",
        phrase="an invalid event must not change anything",
        patch=((
            _VENDING_REJECTED,
            _VENDING_REJECTED
            + '            self._state, self._selected = State.IDLE, None  # BUG: "reset on error"\n',
        ),),
    ),
    Broken(
        "vending", "broken_out_of_stock_eats_coin",
        rule="a failed SELECT_ITEM guard stays in HAS_COIN (here: back to IDLE, coin kept)",
        phrase="when the guard fails the coin is kept",
        patch=((
            '            self._log.info("vending: refused %s of %r, out of stock", event, item)\n',
            '            self._log.info("vending: refused %s of %r, out of stock", event, item)\n'
            "            self._state = State.IDLE  # BUG: the coin is swallowed\n",
        ),),
    ),
    Broken(
        "vending", "broken_decrement_at_selection",
        rule="stock is taken at DISPENSE, not at SELECT_ITEM",
        phrase="stock must not be decremented at selection",
        patch=(
            ("return _Step(State.DISPENSING, selected=item)",
             "return _Step(State.DISPENSING, selected=item, take=item)  # BUG: too early"),
            ("if stock.get(selected, 0) < 1:", "if stock.get(selected, 0) < 0:"),
            ("return _Step(State.IDLE, take=selected)", "return _Step(State.IDLE)"),
        ),
    ),
    Broken(
        "vending", "broken_dispense_failure_raises",
        rule="a DISPENSE whose item was restocked to 0 recovers to IDLE without raising",
        phrase="restocked to 0 must not raise",
        patch=((
            "return _Step(State.IDLE, missing=selected)",
            "raise OutOfStock(selected)  # BUG: no recovery",
        ),),
    ),
    Broken(
        "vending", "broken_dispense_failure_silent",
        rule="a failed DISPENSE logs exactly one WARNING",
        phrase="a failed dispense must log exactly one WARNING record",
        patch=((
            "            self._log.warning(\n"
            '                "vending: nothing left to dispense for %r; refunding the coin", step.missing\n'
            "            )\n",
            "            pass  # BUG: the failure leaves no trace\n",
        ),),
    ),
    Broken(
        "vending", "broken_invalid_logged_as_warning",
        rule="an invalid event is logged at INFO, never WARNING or above",
        phrase="log it at INFO, never at WARNING or above",
        patch=((
            _VENDING_REJECTED,
            _VENDING_REJECTED.replace("self._log.info(", "self._log.warning("),
        ),),
    ),
    Broken(
        "vending", "broken_mutates_callers_dict",
        rule="the machine copies the stock dict it is given and never mutates the caller's",
        phrase="must not mutate the dict it was given",
        patch=((
            "self._stock = dict(stock)  # our own copy: never touch the caller's dict",
            "self._stock = stock  # BUG: shares the caller's dict",
        ),),
    ),
    Broken(
        "vending", "broken_set_stock_accepts_negative",
        rule="set_stock rejects a negative count (here: only the constructor checks)",
        phrase="set_stock('cola', -1) was accepted",
        patch=((
            "        _check_count(item, count)\n"
            "        self._stock[item] = count\n",
            "        self._stock[item] = count  # BUG: no check\n",
        ),),
    ),
    Broken(
        "vending", "broken_transition_logged_at_debug",
        rule="each transition logs exactly one INFO record (here: at DEBUG)",
        phrase="each transition must log exactly one INFO record",
        patch=((
            'self._log.info("vending: %s -> %s on %s"',
            'self._log.debug("vending: %s -> %s on %s"',
        ),),
    ),
    Broken(
        "vending", "broken_ignores_given_logger",
        rule="the machine logs to the logger it was given",
        phrase="INFO record on the logger passed to the machine",
        patch=((
            "self._log = logger if logger is not None else logging.getLogger(__name__)",
            "self._log = logging.getLogger(__name__)  # BUG: `logger` is ignored",
        ),),
    ),
    Broken(
        "vending", "broken_state_writable",
        rule="`state` is a read-only property",
        phrase="`state` must be a read-only property",
        patch=((
            '        """The current state (read-only: only events move the machine)."""\n'
            "        return self._state\n",
            '        """The current state (BUG: has a setter)."""\n'
            "        return self._state\n"
            "\n"
            "    @state.setter\n"
            "    def state(self, value: State) -> None:\n"
            "        self._state = value\n",
        ),),
    ),
    # --- tcp -------------------------------------------------------------------
    Broken(
        "tcp", "broken_extra_transition",
        rule="TRANSITIONS holds exactly the five passive-open rows (here: a sixth row)",
        phrase="TRANSITIONS must hold only the five passive-open rows",
        patch=((
            "    Transition(State.CLOSE_WAIT, Event.CLOSE, State.CLOSED),\n",
            "    Transition(State.CLOSE_WAIT, Event.CLOSE, State.CLOSED),\n"
            "    Transition(State.ESTABLISHED, Event.CLOSE, State.CLOSED),  # BUG: not in the spec\n",
        ),),
    ),
    Broken(
        "tcp", "broken_accepts_typo",
        rule="only Event members drive the connection (here: 'syn' is upper-cased to SYN)",
        phrase="only Event members may drive the connection: send('syn')",
        patch=((
            "        if not isinstance(event, Event):\n",
            "        if isinstance(event, str) and not isinstance(event, Event):\n"
            '            event = Event(event.upper())  # BUG: "helpfully" fixes typos\n'
            "        if not isinstance(event, Event):\n",
        ),),
    ),
    Broken(
        "tcp", "broken_error_without_state",
        rule="InvalidTransition carries .state and .event",
        phrase="InvalidTransition must carry a .state attribute",
        patch=((
            "        self.state = state\n"
            "        self.event = event\n",
            "        self.event = event  # BUG: .state forgotten\n",
        ),),
    ),
    Broken(
        "tcp", "broken_invalid_resets_state",
        rule="an invalid event leaves the state alone (here: it drops back to CLOSED)",
        phrase="an invalid event must not change the state",
        patch=((
            "            raise InvalidTransition(self._state, event)\n",
            "            error = InvalidTransition(self._state, event)\n"
            '            self._state = State.CLOSED  # BUG: "reset on protocol error"\n'
            "            raise error\n",
        ),),
    ),
    Broken(
        "tcp", "broken_not_a_value_error",
        rule="InvalidTransition is a ValueError",
        phrase="InvalidTransition must be a subclass of ValueError",
        patch=((
            "class InvalidTransition(ValueError):",
            "class InvalidTransition(Exception):  # BUG: not a ValueError",
        ),),
    ),
    Broken(
        "tcp", "broken_is_legal_by_state",
        rule="is_legal is True exactly for the table's (state, event) rows",
        phrase="is_legal must be True exactly for the table's rows",
        patch=((
            "return (state, event) in _NEXT",
            "return any(source == state for source, _ in _NEXT)  # BUG: ignores the event",
        ),),
    ),
    Broken(
        "tcp", "broken_duplicate_row",
        rule="TRANSITIONS lists each row once (here: LISTEN + SYN twice, unchecked at import)",
        phrase="TRANSITIONS must list each row once",
        patch=(
            ("    Transition(State.LISTEN, Event.SYN, State.SYN_RECV),\n",
             "    Transition(State.LISTEN, Event.SYN, State.SYN_RECV),\n"
             "    Transition(State.LISTEN, Event.SYN, State.SYN_RECV),  # BUG: repeated\n"),
            ("    if (_row.source, _row.event) in _NEXT:\n"
             '        raise RuntimeError(f"TRANSITIONS lists {_row.source} + {_row.event} twice")\n',
             ""),
        ),
    ),
    Broken(
        "tcp", "broken_closed_is_terminal",
        rule="a connection that closed can LISTEN again",
        phrase="can LISTEN again",
        patch=(
            ("        self._state = State.CLOSED\n",
             "        self._state = State.CLOSED\n"
             "        self._done = False\n"),
            ("        target = _NEXT.get((self._state, event))\n",
             "        target = _NEXT.get((self._state, event))\n"
             "        if self._done:  # BUG: treats the final CLOSED as terminal\n"
             "            target = None\n"
             "        self._done = target is State.CLOSED\n"),
        ),
    ),
    Broken(
        "tcp", "broken_message_without_event",
        rule="str(InvalidTransition) names both the state and the event",
        phrase="str(InvalidTransition) must name both the state and the event",
        patch=((
            'super().__init__(f"event {event} is not allowed in state {state}")',
            'super().__init__(f"unexpected event in state {state}")  # BUG: which event?',
        ),),
    ),
    Broken(
        "tcp", "broken_logs_twice",
        rule="each transition logs exactly one INFO record (here: leaving and entering)",
        phrase="each transition must log exactly one INFO record",
        patch=((
            '        self._log.info("tcp: %s -> %s on %s", self._state, target, event)\n',
            '        self._log.info("tcp: leaving %s on %s", self._state, event)\n'
            '        self._log.info("tcp: entering %s", target)  # BUG: a second record\n',
        ),),
    ),
    # --- generic-fsm -----------------------------------------------------------
    Broken(
        "generic-fsm", "broken_overwrites_duplicate",
        rule="allow() raises DuplicateTransition for a repeated (src, event), whatever the dst",
        phrase="must raise DuplicateTransition, whatever the dst",
        patch=((_FSM_ALLOW_CHECK, "            # BUG: silently replaces a registration\n"),),
    ),
    Broken(
        "generic-fsm", "broken_duplicate_keeps_second",
        rule="after a DuplicateTransition the first registration stays in force",
        phrase="the FIRST registration must stay in force",
        patch=((
            _FSM_ALLOW_CHECK
            + "            self._edges[key] = _Edge(dst, action)\n",
            "            duplicate = key in self._edges\n"
            "            self._edges[key] = _Edge(dst, action)  # BUG: overwrites before complaining\n"
            "            if duplicate:\n"
            "                raise DuplicateTransition(src, event)\n",
        ),),
    ),
    Broken(
        "generic-fsm", "broken_string_keys",
        rule="distinct (src, event) pairs never collide (here: keys are joined strings)",
        phrase="keys must not collide",
        patch=(
            ("key = (src, event)", 'key = f"{src}:{event}"  # BUG: collides'),
            ("edge = self._edges.get((self._state, event))",
             'edge = self._edges.get(f"{self._state}:{event}")'),
        ),
    ),
    Broken(
        "generic-fsm", "broken_swap_before_action",
        rule="when the action raises, the state does not change",
        phrase="when the action raises, the state must not change",
        patch=((
            "            if edge.action is not None:\n"
            + _FSM_ACTION
            + "            self._state = edge.target\n",
            "            self._state = edge.target  # BUG: swap first\n"
            "            if edge.action is not None:\n"
            "                edge.action()\n",
        ),),
    ),
    Broken(
        "generic-fsm", "broken_swap_then_rollback",
        rule="the action runs first and only then does the state change "
             "(here: other threads see the new state while the action runs)",
        phrase="the action runs first and only then does the state change",
        patch=((
            "            if edge.action is not None:\n"
            + _FSM_ACTION
            + "            self._state = edge.target\n",
            "            source, self._state = self._state, edge.target  # BUG: visible too early\n"
            "            if edge.action is not None:\n"
            "                try:\n"
            "                    edge.action()\n"
            "                except BaseException:\n"
            "                    self._state = source\n"
            "                    raise\n",
        ),),
    ),
    Broken(
        "generic-fsm", "broken_wraps_exception",
        rule="an action's exception reaches the caller unwrapped",
        phrase="must reach the caller unwrapped",
        patch=((
            _FSM_ACTION,
            "                try:\n"
            "                    edge.action()\n"
            "                except Exception as exc:  # BUG: the caller loses the original\n"
            '                    raise RuntimeError(f"action failed: {exc}") from exc\n',
        ),),
    ),
    Broken(
        "generic-fsm", "broken_no_lock",
        rule="send() is atomic: of two racing sends on one edge exactly one passes",
        phrase="exactly one may pass",
        patch=((
            "        with self._lock:\n"
            "            edge = self._edges.get((self._state, event))\n"
            "            if edge is None:\n"
            "                raise InvalidTransition(self._state, event)\n"
            "            if edge.action is not None:\n"
            + _FSM_ACTION
            + "            self._state = edge.target\n"
            "            return edge.target\n",
            "        edge = self._edges.get((self._state, event))  # BUG: no lock\n"
            "        if edge is None:\n"
            "            raise InvalidTransition(self._state, event)\n"
            "        if edge.action is not None:\n"
            "            edge.action()\n"
            "        self._state = edge.target\n"
            "        return edge.target\n",
        ),),
    ),
    Broken(
        "generic-fsm", "broken_check_then_act",
        rule="one lock covers look-up, action and swap, so actions never overlap",
        phrase="two sends must never run actions at the same time",
        patch=((
            "            if edge.action is not None:\n"
            + _FSM_ACTION,
            "        if edge.action is not None:  # BUG: runs outside the lock\n"
            "            edge.action()\n"
            "        with self._lock:\n",
        ),),
    ),
    Broken(
        "generic-fsm", "broken_retries_action",
        rule="the action runs exactly once per send, even when it raises",
        phrase="the action must run exactly once per send",
        patch=((
            _FSM_ACTION,
            "                try:\n"
            "                    edge.action()\n"
            "                except Exception:\n"
            '                    edge.action()  # BUG: "one retry can\'t hurt"\n',
        ),),
    ),
    Broken(
        "generic-fsm", "broken_message_without_state",
        rule="str(InvalidTransition) names the event and the current state",
        phrase="must name the event and the current state",
        patch=((
            'super().__init__(f"event {event!r} is not allowed in state {state!r}")',
            'super().__init__(f"event {event!r} is not allowed here")  # BUG: which state?',
        ),),
    ),
    Broken(
        "generic-fsm", "broken_false_return_vetoes",
        rule="an action's return value is ignored (here: False vetoes the transition)",
        phrase="an action's return value is ignored",
        patch=((
            _FSM_ACTION,
            '                if edge.action() is False:  # BUG: False "vetoes" the transition\n'
            "                    return self._state\n",
        ),),
    ),
)
