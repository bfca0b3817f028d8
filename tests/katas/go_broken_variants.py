"""Broken variants of the Go references, as data (like broken_variants.py).

Each is katas/<kata>/go/reference/<file> with (old, new) replacements, each old
text matching exactly once; the hidden Go suite must then fail with a message
containing ``phrase``. ``race`` marks a variant only the race detector can catch
(skipped, saying so, when no C compiler is present).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GoBroken:
    kata: str
    name: str
    rule: str
    phrase: str
    patch: tuple[tuple[str, str], ...]
    race: bool = False


_V_REJECT = '		m.log.Info("vending: event rejected", "state", from, "event", ev)\n'
_V_REFUSE = '			m.log.Info("vending: selection refused", "state", from, "event", ev, "item", item)\n'
_T_REJECT = '		m.log.Info("tcp: rejected", "state", m.state, "event", ev)\n'

GO_BROKEN: tuple[GoBroken, ...] = (
    # --- vending -------------------------------------------------------------------
    GoBroken("vending", "broken_invalid_resets", "an invalid event changes nothing (here: resets to Idle)",
             "an invalid event must not change anything",
             ((_V_REJECT, _V_REJECT + '		m.state, m.selected = Idle, ""\n'),)),
    GoBroken("vending", "broken_guard_eats_coin", "a failed guard stays in HasCoin",
             "when the guard fails the coin is kept",
             ((_V_REFUSE, _V_REFUSE + "			m.state = Idle\n"),)),
    GoBroken("vending", "broken_decrement_at_selection", "stock is taken at Dispense",
             "stock must not be decremented at selection",
             (("		m.move(from, Dispensing, ev, item)\n",
               "		m.stock[item]--\n		m.move(from, Dispensing, ev, item)\n"),)),
    GoBroken("vending", "broken_failed_dispense_errors", "a dispense restocked to 0 returns nil",
             "restocked to 0 must not return an error",
             (('			m.log.Warn("vending: nothing left to dispense, sale cancelled", "item", m.selected)\n',
               '			m.log.Warn("vending: nothing left to dispense, sale cancelled", "item", m.selected)\n'
               "			m.move(from, Idle, ev, \"\")\n			return ErrOutOfStock\n"),)),
    GoBroken("vending", "broken_invalid_logged_at_warn", "an invalid event is never logged at Warn",
             "log it at Info at most",
             ((_V_REJECT, _V_REJECT.replace("m.log.Info", "m.log.Warn")),)),
    GoBroken("vending", "broken_two_info_records", "one Info record per move",
             "exactly one Info record",
             (('	m.log.Info("vending: transition", "from", from, "to", to, "event", ev)\n',
               '	m.log.Info("vending: transition", "from", from, "to", to, "event", ev)\n'
               '	m.log.Info("vending: now", "state", to)\n'),)),
    GoBroken("vending", "broken_shares_callers_map", "New copies the map",
             "its own copy of the stock",
             (("	return &Machine{log: log, state: Idle, stock: own}, nil\n",
               "	return &Machine{log: log, state: Idle, stock: stock}, nil\n"),)),
    GoBroken("vending", "broken_ignores_nil_logger", "a nil logger means slog.Default()",
             "slog.Default()",
             (("		log = slog.Default()\n",
               "		log = slog.New(slog.NewTextHandler(io.Discard, nil))\n"),
              ('	"fmt"\n', '	"fmt"\n	"io"\n'))),
    GoBroken("vending", "broken_negative_setstock", "SetStock rejects a negative count",
             "SetStock with a negative count must return an error",
             (("	if count < 0 {\n		return fmt.Errorf(\"%w: %s=%d\", ErrNegativeStock, item, count)\n	}\n	m.mu.Lock()",
               "	m.mu.Lock()"),)),
    GoBroken("vending", "broken_guard_wrong_sentinel", "a failed guard matches ErrOutOfStock",
             "matching ErrOutOfStock",
             (('			return fmt.Errorf("%w: %q", ErrOutOfStock, item)\n',
               '			return fmt.Errorf("%w: %q", ErrInvalidTransition, item)\n'),)),
    # --- tcp -----------------------------------------------------------------------
    GoBroken("tcp", "broken_extra_row", "the table holds exactly five rows",
             "exactly the five rows",
             (("	{CloseWait, EvClose, Closed},\n",
               "	{CloseWait, EvClose, Closed},\n	{SynRecv, EvFin, Closed},\n"),)),
    GoBroken("tcp", "broken_table_not_copied", "Table returns a copy",
             "Table must return a copy",
             (("func Table() []Transition { return append([]Transition(nil), rows...) }",
               "func Table() []Transition { return rows }"),)),
    GoBroken("tcp", "broken_error_without_state", "the error names the state and the event",
             "must name both the state",
             (('		return fmt.Errorf("%w: event %s in state %s", ErrInvalidTransition, ev, m.state)\n',
               '		return fmt.Errorf("%w: event %s", ErrInvalidTransition, ev)\n'),)),
    GoBroken("tcp", "broken_invalid_closes", "an invalid event changes nothing",
             "an invalid event must not change anything",
             ((_T_REJECT, _T_REJECT + "		defer func() { m.state = Closed }()\n"),)),
    GoBroken("tcp", "broken_no_log", "one Info record per move",
             "exactly one Info record",
             (('	m.log.Info("tcp: transition", "from", m.state, "to", to, "event", ev)\n', ""),)),
    GoBroken("tcp", "broken_reject_at_warn", "a refused event is never logged at Warn",
             "never at Warn or above",
             ((_T_REJECT, _T_REJECT.replace("m.log.Info", "m.log.Error")),)),
    GoBroken("tcp", "broken_is_legal", "IsLegal is true exactly for the table's pairs",
             "IsLegal(",
             (("	_, ok := next[key{from, ev}]\n	return ok\n",
               "	_, ok := next[key{from, ev}]\n	return ok || ev == EvClose\n"),)),
    GoBroken("tcp", "broken_case_insensitive", "an unknown event value is rejected",
             "Send must return an error matching ErrInvalidTransition",
             (("	to, ok := next[key{m.state, ev}]\n",
               "	to, ok := next[key{m.state, Event(strings.ToUpper(string(ev)))}]\n"),
              ('	"log/slog"\n', '	"log/slog"\n	"strings"\n'))),
    # --- generic-fsm ---------------------------------------------------------------
    GoBroken("generic-fsm", "broken_duplicate_overwrites", "a duplicate Allow panics",
             "must panic",
             (("	if _, dup := fm.edges[k]; dup {\n", "	if _, dup := fm.edges[k]; dup && false {\n"),)),
    GoBroken("generic-fsm", "broken_glued_keys", "keys compare as values",
             "different pairs",
             (("type key[S, E comparable] struct {\n\tfrom S\n\tev   E\n}\n",
               "type key[S, E comparable] struct{ glued string }\n\n"
               "func mk[S comparable, E comparable](from S, ev E) key[S, E] {\n"
               "\treturn key[S, E]{fmt.Sprintf(\"%v:%v\", from, ev)}\n}\n"),
              ("	k := key[S, E]{from, ev}\n", "	k := mk[S, E](from, ev)\n"),
              ("	e, ok := fm.edges[key[S, E]{fm.state, ev}]\n", "	e, ok := fm.edges[mk[S, E](fm.state, ev)]\n"))),
    GoBroken("generic-fsm", "broken_swap_before_action", "the action runs before the state changes",
             "the action runs before the state changes",
             (("	if e.action != nil {\n", "	fm.state = e.to\n	if e.action != nil {\n"),)),
    GoBroken("generic-fsm", "broken_action_unlocked", "the whole lookup-action-swap is one step",
             "never",
             (("	if e.action != nil {\n		if err := e.action(); err != nil {\n			return err\n		}\n	}\n",
               "	if e.action != nil {\n		fm.mu.Unlock()\n		err := e.action()\n		fm.mu.Lock()\n"
               "		if err != nil {\n			return err\n		}\n	}\n"),)),
    GoBroken("generic-fsm", "broken_action_error_swallowed", "Send returns the action's error",
             "Send must return its error",
             (("		if err := e.action(); err != nil {\n			return err\n",
               "		if err := e.action(); err != nil {\n			return nil\n"),)),
    GoBroken("generic-fsm", "broken_error_without_state", "the error names the event and the state",
             "must name the event",
             (('		return fmt.Errorf("%w: event %v in state %v", ErrInvalidTransition, ev, fm.state)\n',
               '		return fmt.Errorf("%w: event %v", ErrInvalidTransition, ev)\n'),)),
    GoBroken("generic-fsm", "broken_unlocked_read", "State() is safe from any goroutine",
             "data race",
             (("func (fm *Machine[S, E]) State() S {\n	fm.mu.Lock()\n	defer fm.mu.Unlock()\n",
               "func (fm *Machine[S, E]) State() S {\n"),), race=True),
)
