// A correct alternative for the tcp kata: state functions, each returning
// the next one; the table is derived by probing them.
package tcpfsm

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
)

type State string
type Event string

const (
	Closed      State = "CLOSED"
	Listen      State = "LISTEN"
	SynRecv     State = "SYN_RECV"
	Established State = "ESTABLISHED"
	CloseWait   State = "CLOSE_WAIT"
)

const (
	EvListen Event = "LISTEN"
	EvSyn    Event = "SYN"
	EvAck    Event = "ACK"
	EvFin    Event = "FIN"
	EvClose  Event = "CLOSE"
)

type Transition struct {
	From  State
	Event Event
	To    State
}

var ErrInvalidTransition = errors.New("tcp: no such transition")

type stateFn func(Event) (State, bool)

func only(want Event, to State) stateFn {
	return func(e Event) (State, bool) { return to, e == want }
}

var states = map[State]stateFn{
	Closed:      only(EvListen, Listen),
	Listen:      only(EvSyn, SynRecv),
	SynRecv:     only(EvAck, Established),
	Established: only(EvFin, CloseWait),
	CloseWait:   only(EvClose, Closed),
}

func Table() []Transition {
	out := make([]Transition, 0, 5)
	for _, s := range []State{Closed, Listen, SynRecv, Established, CloseWait} {
		for _, e := range []Event{EvListen, EvSyn, EvAck, EvFin, EvClose} {
			if to, ok := states[s](e); ok {
				out = append(out, Transition{From: s, Event: e, To: to})
			}
		}
	}
	return out
}

func IsLegal(from State, ev Event) bool {
	fn, ok := states[from]
	if !ok {
		return false
	}
	_, ok = fn(ev)
	return ok
}

type Machine struct {
	mu  sync.RWMutex
	log *slog.Logger
	cur State
}

func New(log *slog.Logger) *Machine {
	if log == nil {
		log = slog.Default()
	}
	return &Machine{log: log, cur: Closed}
}

func (m *Machine) Send(ev Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	to, ok := states[m.cur](ev)
	if !ok {
		m.log.Debug("refused", "state", m.cur, "event", ev)
		return fmt.Errorf("state %s does not accept %s: %w", m.cur, ev, ErrInvalidTransition)
	}
	m.log.LogAttrs(nil, slog.LevelInfo, "tcp", slog.Any("from", m.cur), slog.Any("to", to), slog.Any("event", ev))
	m.cur = to
	return nil
}

func (m *Machine) State() State {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.cur
}
