// Package tcpfsm is the reference solution of the tcp kata, Go track.
//
// The transition table is the specification: Send, IsLegal and Table all read
// the same map, so the table cannot drift from the behaviour.
package tcpfsm

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
)

// State is a connection state (the simplified passive open).
type State string

// The five states.
const (
	Closed      State = "CLOSED"
	Listen      State = "LISTEN" // waiting for a peer
	SynRecv     State = "SYN_RECV"
	Established State = "ESTABLISHED" // data flows
	CloseWait   State = "CLOSE_WAIT"
)

// Event is a segment or a call that drives the connection.
type Event string

// The five events.
const (
	EvListen Event = "LISTEN"
	EvSyn    Event = "SYN" // a peer asks to connect
	EvAck    Event = "ACK"
	EvFin    Event = "FIN" // the peer is done sending
	EvClose  Event = "CLOSE"
)

// Transition is one row of the table.
type Transition struct {
	From  State
	Event Event
	To    State
}

// ErrInvalidTransition: the pair is not in the table.
var ErrInvalidTransition = errors.New("tcpfsm: invalid transition")

var rows = []Transition{
	{Closed, EvListen, Listen},
	{Listen, EvSyn, SynRecv},
	{SynRecv, EvAck, Established}, // handshake complete
	{Established, EvFin, CloseWait},
	{CloseWait, EvClose, Closed},
}

type key struct {
	s State
	e Event
}

var next = func() map[key]State {
	m := make(map[key]State, len(rows))
	for _, r := range rows {
		m[key{r.From, r.Event}] = r.To
	}
	return m
}()

// Table returns a copy of the transition table.
func Table() []Transition { return append([]Transition(nil), rows...) }

// IsLegal reports whether the table has a row for (from, ev).
func IsLegal(from State, ev Event) bool {
	_, ok := next[key{from, ev}]
	return ok
}

// Machine is one connection; safe for concurrent use.
type Machine struct {
	mu    sync.Mutex
	log   *slog.Logger
	state State
}

// New returns a closed connection. A nil log means slog.Default().
func New(log *slog.Logger) *Machine {
	if log == nil {
		log = slog.Default()
	}
	return &Machine{log: log, state: Closed}
}

// Send applies ev, following the table.
func (m *Machine) Send(ev Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	to, ok := next[key{m.state, ev}]
	if !ok {
		m.log.Info("tcp: rejected", "state", m.state, "event", ev)
		return fmt.Errorf("%w: event %s in state %s", ErrInvalidTransition, ev, m.state)
	}
	m.log.Info("tcp: transition", "from", m.state, "to", to, "event", ev)
	m.state = to
	return nil
}

// State is the current state.
func (m *Machine) State() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state
}
