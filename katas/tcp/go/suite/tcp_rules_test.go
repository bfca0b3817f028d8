// Hidden suite of the tcp kata, Go track: rules 1-7 of the Go README.
package tcpfsm_test

import (
	"errors"
	"log/slog"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"tcpfsm"
)

var (
	allStates = []tcpfsm.State{tcpfsm.Closed, tcpfsm.Listen, tcpfsm.SynRecv, tcpfsm.Established, tcpfsm.CloseWait}
	allEvents = []tcpfsm.Event{tcpfsm.EvListen, tcpfsm.EvSyn, tcpfsm.EvAck, tcpfsm.EvFin, tcpfsm.EvClose}
	// The five rows of the simplified passive open, in the order a connection lives them.
	want = []tcpfsm.Transition{
		{From: tcpfsm.Closed, Event: tcpfsm.EvListen, To: tcpfsm.Listen},
		{From: tcpfsm.Listen, Event: tcpfsm.EvSyn, To: tcpfsm.SynRecv},
		{From: tcpfsm.SynRecv, Event: tcpfsm.EvAck, To: tcpfsm.Established},
		{From: tcpfsm.Established, Event: tcpfsm.EvFin, To: tcpfsm.CloseWait},
		{From: tcpfsm.CloseWait, Event: tcpfsm.EvClose, To: tcpfsm.Closed},
	}
)

func target(s tcpfsm.State, e tcpfsm.Event) (tcpfsm.State, bool) {
	for _, r := range want {
		if r.From == s && r.Event == e {
			return r.To, true
		}
	}
	return "", false
}

// machineIn walks a new connection along the table to s.
func machineIn(t *testing.T, rule int, s tcpfsm.State, log *slog.Logger) *tcpfsm.Machine {
	t.Helper()
	m := tcpfsm.New(log)
	if m == nil {
		fatalf(t, rule, "(setup) New returned nil")
	}
	for _, r := range want {
		if m.State() == s {
			return m
		}
		if err := m.Send(r.Event); err != nil {
			fatalf(t, rule, "(setup) could not bring a new connection to %s: %s in %s returned %v", s, r.Event, r.From, err)
		}
	}
	if m.State() != s {
		fatalf(t, rule, "(setup) could not bring a new connection to %s: it is in %s", s, m.State())
	}
	return m
}

func containsRow(rows []tcpfsm.Transition, r tcpfsm.Transition) bool {
	for _, x := range rows {
		if x == r {
			return true
		}
	}
	return false
}

func TestRule1_Names(t *testing.T) {
	defer guard(t, 1)
	for _, c := range []struct{ got, want string }{
		{string(tcpfsm.Closed), "CLOSED"}, {string(tcpfsm.Listen), "LISTEN"}, {string(tcpfsm.SynRecv), "SYN_RECV"},
		{string(tcpfsm.Established), "ESTABLISHED"}, {string(tcpfsm.CloseWait), "CLOSE_WAIT"},
		{string(tcpfsm.EvListen), "LISTEN"}, {string(tcpfsm.EvSyn), "SYN"}, {string(tcpfsm.EvAck), "ACK"},
		{string(tcpfsm.EvFin), "FIN"}, {string(tcpfsm.EvClose), "CLOSE"},
	} {
		if c.got != c.want {
			failf(t, 1, "a state or event constant must have the value %q, yours is %q", c.want, c.got)
		}
	}
	if tcpfsm.ErrInvalidTransition == nil {
		failf(t, 1, "ErrInvalidTransition must be a non-nil error")
	}
	m := tcpfsm.New(nil)
	if m == nil || m.State() != tcpfsm.Closed {
		fatalf(t, 1, "a new connection must start in CLOSED")
	}
}

func TestRule2_Table(t *testing.T) {
	t.Run("exactly the five rows", func(t *testing.T) {
		defer guard(t, 2)
		got := tcpfsm.Table()
		seen := map[tcpfsm.Transition]int{}
		for _, r := range got {
			seen[r]++
		}
		for _, r := range want {
			if seen[r] != 1 {
				failf(t, 2, "the table must hold %s + %s -> %s exactly once, yours has it %d times", r.From, r.Event, r.To, seen[r])
			}
		}
		if len(got) != len(want) {
			failf(t, 2, "the table must hold exactly the five rows of the passive open, yours has %d: %v", len(got), got)
		}
	})
	t.Run("a copy", func(t *testing.T) {
		defer guard(t, 2)
		got := tcpfsm.Table()
		for i := range got {
			got[i].To = tcpfsm.Closed
		}
		_ = append(got[:0], tcpfsm.Transition{From: tcpfsm.Closed, Event: tcpfsm.EvSyn, To: tcpfsm.Established})
		again := tcpfsm.Table()
		for i := range again {
			if i < len(want) && again[i] != want[i] && !containsRow(again, want[i]) {
				fatalf(t, 2, "Table must return a copy: after changing the returned slice, the table lost %v", want[i])
			}
		}
		if len(again) != len(want) || !tcpfsm.IsLegal(tcpfsm.Listen, tcpfsm.EvSyn) || tcpfsm.IsLegal(tcpfsm.Closed, tcpfsm.EvSyn) {
			fatalf(t, 2, "Table must return a copy: changing the returned slice changed the table")
		}
		m := tcpfsm.New(nil)
		if err := m.Send(tcpfsm.EvListen); err != nil || m.State() != tcpfsm.Listen {
			failf(t, 2, "Table must return a copy: after changing the returned slice, CLOSED + LISTEN gave %v, %s", err, m.State())
		}
	})
}

func TestRule3_IsLegal(t *testing.T) {
	for _, from := range allStates {
		for _, ev := range allEvents {
			s, e := from, ev
			t.Run(string(s)+"+"+string(e), func(t *testing.T) {
				defer guard(t, 3)
				_, ok := target(s, e)
				if got := tcpfsm.IsLegal(s, e); got != ok {
					failf(t, 3, "IsLegal(%s, %s) must be %v (true exactly for the table's pairs), yours is %v", s, e, ok, got)
				}
			})
		}
	}
}

func TestRule4_Send(t *testing.T) {
	for _, r := range want {
		t.Run(string(r.From)+"+"+string(r.Event), func(t *testing.T) {
			defer guard(t, 4)
			m := machineIn(t, 4, r.From, nil)
			if err := m.Send(r.Event); err != nil {
				fatalf(t, 4, "%s + %s is in the table and must be accepted, Send returned %v", r.From, r.Event, err)
			}
			if got := m.State(); got != r.To {
				failf(t, 4, "%s + %s must move to %s, your connection is in %s", r.From, r.Event, r.To, got)
			}
		})
	}
	t.Run("listens again after closing", func(t *testing.T) {
		defer guard(t, 4)
		m := machineIn(t, 4, tcpfsm.CloseWait, nil)
		_ = m.Send(tcpfsm.EvClose)
		if err := m.Send(tcpfsm.EvListen); err != nil || m.State() != tcpfsm.Listen {
			failf(t, 4, "after CLOSE_WAIT + CLOSE the connection is CLOSED and can LISTEN again, got %v in %s", err, m.State())
		}
	})
}

func TestRule5_InvalidEvents(t *testing.T) {
	events := append(append([]tcpfsm.Event{}, allEvents...), tcpfsm.Event("syn"), tcpfsm.Event(""))
	for _, s := range allStates {
		for _, e := range events {
			if _, ok := target(s, e); ok {
				continue
			}
			t.Run(string(s)+"+"+strconv.Quote(string(e)), func(t *testing.T) {
				defer guard(t, 5)
				m := machineIn(t, 5, s, nil)
				err := m.Send(e)
				if !errors.Is(err, tcpfsm.ErrInvalidTransition) {
					fatalf(t, 5, "%q in state %s is not in the table: Send must return an error matching ErrInvalidTransition (errors.Is), got %v", e, s, err)
				}
				if got := m.State(); got != s {
					failf(t, 5, "an invalid event must not change anything: %s became %s", s, got)
				}
				if !strings.Contains(err.Error(), string(s)) || (e != "" && !strings.Contains(err.Error(), string(e))) {
					failf(t, 5, "the error must name both the state (%s) and the event (%q), yours says %q", s, e, err.Error())
				}
			})
		}
	}
}

func TestRule6_Logging(t *testing.T) {
	for _, r := range want {
		t.Run("one Info record for "+string(r.From)+"+"+string(r.Event), func(t *testing.T) {
			defer guard(t, 6)
			c := newCapture()
			m := machineIn(t, 6, r.From, c.logger())
			c.take()
			_ = m.Send(r.Event)
			recs := c.take()
			infos := atLevel(recs, slog.LevelInfo)
			if len(infos) != 1 {
				fatalf(t, 6, "one successful transition must log exactly one Info record, %s + %s logged:%s", r.From, r.Event, texts(recs))
			}
			for _, v := range []string{string(r.From), string(r.To), string(r.Event)} {
				if !strings.Contains(infos[0].Text, v) {
					failf(t, 6, "the Info record of %s + %s must name the from-state, the to-state and the event (%q missing):%s", r.From, r.Event, v, texts(infos))
				}
			}
		})
	}
	t.Run("invalid events never at Warn", func(t *testing.T) {
		defer guard(t, 6)
		for _, s := range allStates {
			for _, e := range allEvents {
				if _, ok := target(s, e); ok {
					continue
				}
				c := newCapture()
				m := machineIn(t, 6, s, c.logger())
				c.take()
				_ = m.Send(e)
				if hi := atLeast(c.take(), slog.LevelWarn); len(hi) > 0 {
					failf(t, 6, "an invalid event may be logged at Info, never at Warn or above: %s in %s logged:%s", e, s, texts(hi))
				}
			}
		}
	})
	t.Run("nil logger uses slog.Default", func(t *testing.T) {
		defer guard(t, 6)
		old := slog.Default()
		defer slog.SetDefault(old)
		c := newCapture()
		slog.SetDefault(c.logger())
		m := tcpfsm.New(nil)
		_ = m.Send(tcpfsm.EvListen)
		if infos := atLevel(c.take(), slog.LevelInfo); len(infos) != 1 {
			failf(t, 6, "with a nil logger the connection must log to slog.Default(): expected one Info record for CLOSED + LISTEN, got:%s", texts(infos))
		}
	})
}

func TestRule7_RandomSequences(t *testing.T) {
	events := append(append([]tcpfsm.Event{}, allEvents...), tcpfsm.Event("syn"))
	for _, seed := range seeds() {
		t.Run("seed "+strconv.FormatInt(seed, 10), func(t *testing.T) {
			defer guard(t, 7)
			r := rand.New(rand.NewSource(seed))
			tr := &trace{seed: seed}
			m := tcpfsm.New(nil)
			state := tcpfsm.Closed
			for i := 0; i < 80; i++ {
				e := events[r.Intn(len(events))]
				tr.add("Send(%q) in %s", e, state)
				err := m.Send(e)
				to, ok := target(state, e)
				switch {
				case ok && err != nil:
					fatalf(t, 7, "step %d: %s + %s must be accepted, got %v\n%v", i+1, state, e, err, tr)
				case !ok && !errors.Is(err, tcpfsm.ErrInvalidTransition):
					fatalf(t, 7, "step %d: %s + %q must be refused with ErrInvalidTransition, got %v\n%v", i+1, state, e, err, tr)
				case ok:
					state = to
				}
				if got := m.State(); got != state {
					fatalf(t, 7, "after step %d the connection must be in %s, yours is in %s\n%v", i+1, state, got, tr)
				}
			}
		})
	}
}
