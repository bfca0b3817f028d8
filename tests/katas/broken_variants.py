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
    task: int | None = None  # the rule's number: that task of the suite must fail


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

# --- order-workflow ------------------------------------------------------------------

_ORDERS_AUDIT_VALUES = (
    "                       (order.id, order.state.value, event.value, target.value, new_version, now))\n")
_ORDERS_OUTBOX = (
    '            db.execute("INSERT INTO outbox (order_id, kind, payload) VALUES (?, ?, ?)",\n'
    '                       (order.id, f"order_{target.value}", json.dumps(payload)))\n')

BROKEN += (
    Broken(
        "order-workflow", "broken_unknown_state_is_a_key_error",
        rule="1: no error of the workflow is a LookupError",
        task=1,
        phrase="must not be a LookupError",
        patch=(("class UnknownState(WorkflowError):", "class UnknownState(WorkflowError, KeyError):"),),
    ),
    Broken(
        "order-workflow", "broken_duplicate_create",
        rule="2: creating an existing id raises WorkflowError",
        task=2,
        phrase="creating an id that exists must raise WorkflowError",
        patch=((
            "            if db.execute(\"SELECT 1 FROM orders WHERE id = ?\", (order_id,)).fetchone():\n"
            "                raise WorkflowError(f\"order {order_id!r} exists already\")\n", ""),),
    ),
    Broken(
        "order-workflow", "broken_registry_lookup_raises_key_error",
        rule="3: an unknown stored name is UnknownState, not KeyError",
        task=3,
        phrase="not KeyError",
        patch=((
            "        handler = REGISTRY.get(row[1])\n        if handler is None:\n",
            "        handler = REGISTRY[row[1]]  # BUG: KeyError on an unknown name\n        if handler is None:\n"),),
    ),
    Broken(
        "order-workflow", "broken_action_before_guard",
        rule="4: the guard runs before the action",
        task=4,
        phrase="the guard runs before the action",
        patch=(
            ("        if transition.guard is not None:\n"
             "            reason = transition.guard(order)\n"
             "            if reason is not None:\n"
             "                raise GuardFailed(reason)\n", ""),
            ("        self._commit(order, transition.event, transition.target, now)\n",
             "        if transition.guard is not None:  # BUG: too late, the action ran\n"
             "            reason = transition.guard(order)\n"
             "            if reason is not None:\n"
             "                raise GuardFailed(reason)\n"
             "        self._commit(order, transition.event, transition.target, now)\n"),
        ),
    ),
    Broken(
        "order-workflow", "broken_audit_old_version",
        rule="5: an audit row carries the new version",
        task=5,
        phrase="each transition must add one audit row",
        patch=((_ORDERS_AUDIT_VALUES, _ORDERS_AUDIT_VALUES.replace("new_version, now", "order.version, now")),),
    ),
    Broken(
        "order-workflow", "broken_no_version_check_at_commit",
        rule="6: of two workers from the same version exactly one wins",
        task=6,
        phrase="must get StaleVersion at commit",
        patch=(("last_error = ?, updated_at = ? WHERE id = ? AND version = ?\",\n"
                "                (target.value, new_version, attempts, last_error, now, order.id, order.version))",
                "last_error = ?, updated_at = ? WHERE id = ?\",  # BUG: no version check\n"
                "                (target.value, new_version, attempts, last_error, now, order.id))"),),
    ),
    Broken(
        "order-workflow", "broken_outbox_after_commit",
        rule="7: the outbox row is written in the same transaction as the state change",
        task=7,
        phrase="must roll back with it",
        patch=(
            (_ORDERS_OUTBOX, ""),
            ("    def _record_failure(",
             "        with self._tx() as db:  # BUG: a second transaction\n"
             "            db.execute(\"INSERT INTO outbox (order_id, kind, payload) VALUES (?, ?, ?)\",\n"
             "                       (order.id, f\"order_{target.value}\", json.dumps(payload)))\n\n"
             "    def _record_failure("),
        ),
    ),
    Broken(
        "order-workflow", "broken_constant_backoff",
        rule="8: the backoff doubles (30 s, then 60 s)",
        task=8,
        phrase="clock() + 60 after the second failure",
        patch=(("return self.base_delay * 2 ** (attempt - 1)", "return self.base_delay"),),
    ),
    Broken(
        "order-workflow", "broken_key_per_attempt",
        rule="8: every charge of an order uses the same idempotency key",
        task=8,
        phrase="'o-7:pay'",
        patch=(('f"{order.id}:{event.value}")', 'f"{order.id}:{event.value}:{order.version}")'),),
    ),
    Broken(
        "order-workflow", "broken_no_backoff_wait",
        rule="8: a PAY before next_retry_at raises RetryLater",
        task=8,
        phrase="RetryLater",
        patch=(("if transition.retry and order.next_retry_at is not None and now < order.next_retry_at:",
                "if False:  # BUG: retries at once"),),
    ),
)

# --- lexer ---------------------------------------------------------------------------

BROKEN += (
    Broken(
        "lexer", "broken_item_type_value",
        rule="1: the ItemType values are exact",
        phrase="ItemType must have exactly the members",
        task=1,
        patch=(('    ERROR = "error"\n', '    ERROR = "err"\n'),),
    ),
    Broken(
        "lexer", "broken_empty_text_items",
        rule="2: there is never an empty TEXT item",
        phrase="text and delimiters",
        task=2,
        patch=(("    if lx.pos > lx.start:\n        lx.emit(ItemType.TEXT)\n",
                "    lx.emit(ItemType.TEXT)  # BUG: empty runs too\n"),),
    ),
    Broken(
        "lexer", "broken_field_path_one_item",
        rule="3: a field path is one FIELD item per field",
        phrase="inside an action",
        task=3,
        patch=(("    lx.pos += 1\n    while _word_char(lx.peek()):\n        lx.pos += 1\n"
                "    lx.emit(ItemType.FIELD)",
                "    lx.pos += 1\n    while _word_char(lx.peek()) or lx.peek() == \".\":  # BUG\n"
                "        lx.pos += 1\n    lx.emit(ItemType.FIELD)"),),
    ),
    Broken(
        "lexer", "broken_zero_based_columns",
        rule="4: columns start at 1",
        phrase="positions",
        task=4,
        patch=(('column = index - (self.src.rfind("\\n", 0, index) + 1) + 1',
                'column = index - (self.src.rfind("\\n", 0, index) + 1)'),),
    ),
    Broken(
        "lexer", "broken_unclosed_action_at_the_end",
        rule="5: an unclosed action is reported at its {{",
        phrase="errors: unclosed action",
        task=5,
        patch=(("no }} before the end of the input\", lx.action_start)",
                "no }} before the end of the input\", lx.pos)"),),
    ),
    Broken(
        "lexer", "broken_eof_after_error",
        rule="5: lexing stops at the first error, no EOF after it",
        phrase="the ERROR item must be the last one",
        task=5,
        patch=(("    while state is not None:\n        state = state(lx)\n",
                "    while state is not None:\n        state = state(lx)\n"
                "    if lx.items[-1].type is ItemType.ERROR:  # BUG\n"
                "        lx.items.append(Item(ItemType.EOF, \"\", 1, 1))\n"),),
    ),
    Broken(
        "lexer", "broken_drops_blank_text",
        rule="6: generated templates match the model (blank text between actions is an item)",
        phrase="a generated template",
        task=6,
        patch=(("    if lx.pos > lx.start:\n        lx.emit(ItemType.TEXT)\n",
                "    if lx.src[lx.start:lx.pos].strip():\n        lx.emit(ItemType.TEXT)\n"
                "    lx.start = lx.pos  # BUG: blank text vanishes\n"),),
    ),
)

# --- stuck-detector ------------------------------------------------------------------

_STUCK_SORT_AND_RECOVER = (
    "        found.sort(key=lambda f: (f[3] is not Health.STUCK, -f[2], f[1]))\n"
    "        findings = []\n"
    "        for entity, entity_id, overdue, health in found:\n"
    "            state = entity.state\n"
    "            action = self._recover(entity_id, entity) if health is Health.STUCK else None\n"
    "            findings.append(Finding(entity_id, state, health, overdue, action))\n"
    "        return findings\n")

BROKEN += (
    Broken(
        "stuck-detector", "broken_shares_the_callers_table",
        rule="1: the detector keeps its own copy of the table",
        phrase="changing the caller's table",
        task=1,
        patch=(("        self.table = dict(self.table)\n", ""),),
    ),
    Broken(
        "stuck-detector", "broken_enter_is_not_a_heartbeat",
        rule="2: entering counts as a heartbeat",
        phrase="entering counts as a heartbeat",
        task=2,
        patch=(("self._entities[entity_id] = _Entity(state, now, now)",
                "self._entities[entity_id] = _Entity(state, now, float('-inf'))"),),
    ),
    Broken(
        "stuck-detector", "broken_at_the_budget_is_over",
        rule="3: exactly max_duration is not over budget",
        phrase="is not over budget",
        task=3,
        patch=(("if budget is None or now - entity.entered_at <= budget:",
                "if budget is None or now - entity.entered_at < budget:"),),
    ),
    Broken(
        "stuck-detector", "broken_order_ignores_health",
        rule="4: stuck findings come before slow ones",
        phrase="STUCK findings come first",
        task=4,
        patch=(("found.sort(key=lambda f: (f[3] is not Health.STUCK, -f[2], f[1]))",
                "found.sort(key=lambda f: (-f[2], f[1]))"),),
    ),
    Broken(
        "stuck-detector", "broken_retry_key_without_count",
        rule="5: the retry key is <entity_id>:<state>:<n>",
        phrase="with the key 'o-1:processing:1'",
        task=5,
        patch=(('f"{entity_id}:{entity.state}:{entity.retries}")',
                'f"{entity_id}:{entity.state}")'),),
    ),
    Broken(
        "stuck-detector", "broken_skip_reported_as_fail",
        rule="5: a SKIP recovery reports action SKIP",
        phrase="action must be skip",
        task=5,
        patch=(("        return Recovery.SKIP if rule.recovery is Recovery.SKIP else Recovery.FAIL\n",
                "        return Recovery.FAIL\n"),),
    ),
    Broken(
        "stuck-detector", "broken_recovers_every_check",
        rule="6: recovery runs at most once per stuck episode",
        phrase="in the same stuck episode",
        task=6,
        patch=(("        if entity.in_episode:\n            return None  # recovered already in this episode\n",
                ""),),
    ),
    Broken(
        "stuck-detector", "broken_heartbeat_keeps_the_episode",
        rule="6: a heartbeat ends the stuck episode",
        phrase="a new episode, recovered again",
        task=6,
        patch=(("        entity.last_beat = self.clock()\n        entity.in_episode = False\n",
                "        entity.last_beat = self.clock()\n"),),
    ),
    Broken(
        "stuck-detector", "broken_recovers_before_sorting",
        rule="7: recovery calls follow the findings' order (random sequences)",
        phrase="expected recovery calls",
        task=7,
        patch=((_STUCK_SORT_AND_RECOVER,
                "        findings = []\n"
                "        for entity, entity_id, overdue, health in found:  # BUG: unsorted\n"
                "            state = entity.state\n"
                "            action = self._recover(entity_id, entity) if health is Health.STUCK else None\n"
                "            findings.append(Finding(entity_id, state, health, overdue, action))\n"
                "        findings.sort(key=lambda f: (f.health is not Health.STUCK, -f.overdue, f.entity_id))\n"
                "        return findings\n"),),
    ),
)

# --- table-tests (the learner's file is a test file) -------------------------------

BROKEN += (
    Broken(
        "table-tests", "broken_imports_the_machine",
        rule="1: the tests get the machine from the fixture, never by import",
        phrase="never `import ticket`",
        task=1,
        patch=(("\nimport pytest\n", "\nimport pytest\nimport ticket  # noqa: F401  BUG\n"),),
    ),
    Broken(
        "table-tests", "broken_fails_on_the_correct_machine",
        rule="2: every test passes on the correct machine",
        phrase="must pass on the correct machine",
        task=2,
        patch=(("assert m.Ticket().state == m.INITIAL == m.State.NEW",
                "assert m.Ticket().state == m.State.ASSIGNED"),),
    ),
    Broken(
        "table-tests", "broken_never_checks_the_start",
        rule="3: the tests catch a machine that does not start in INITIAL",
        phrase="starts assigned instead of new",
        task=3,
        patch=(
            ("def test_a_new_ticket_starts_in_the_initial_state(m):",
             "def _not_a_test_initial(m):"),
            ("def test_every_legal_row_works_on_a_path_from_the_initial_state(m):",
             "def _not_a_test_path(m):"),
        ),
    ),
    Broken(
        "table-tests", "broken_illegal_state_not_checked",
        rule="4: the tests check that an illegal event leaves the state alone",
        phrase="only after resetting to new",
        task=4,
        patch=(('        assert ticket.state == state, f"{event} in {state} must leave the state alone"\n',
                ""),),
    ),
    Broken(
        "table-tests", "broken_no_reachability",
        rule="5: the tests check that every state is reachable",
        phrase="archived that nothing leads to",
        task=5,
        patch=(("def test_every_state_is_reachable_from_the_initial_state(m):",
                "def _not_a_test_reachable(m):"),),
    ),
    Broken(
        "table-tests", "broken_targets_not_checked",
        rule="3: the tests check each row's target",
        phrase="goes to closed instead of resolved",
        task=3,
        patch=(
            ('        assert ticket.send(event) == dst, f"{src} + {event}"\n'
             '        assert ticket.state == dst, f"{src} + {event} must end in {dst}"\n',
             "        ticket.send(event)  # BUG: where it went is never checked\n"),
            ("def test_every_legal_row_works_on_a_path_from_the_initial_state(m):",
             "def _not_a_test_path(m):"),
        ),
    ),
)
