// Package tcpfsm is your solution to the tcp kata (Go track).
//
// Keep the exported names, signatures and constant values below: the hidden
// tests use them. The rest is yours. README.md has the rules; check with
//
//	trainer kata check tcp --lang go
package tcpfsm

import (
	"errors"
	"log/slog"
)

// State is where the connection is.
type State string

// The connection's states (values are part of the contract).
const (
	Closed      State = "CLOSED"
	Listen      State = "LISTEN" // waiting for a peer
	SynRecv     State = "SYN_RECV"
	Established State = "ESTABLISHED" // data flows
	CloseWait   State = "CLOSE_WAIT"
)

// Event is what arrives or is asked of the connection.
type Event string

// The connection's events (values are part of the contract).
const (
	EvListen Event = "LISTEN"
	EvSyn    Event = "SYN" // a peer asks to connect
	EvAck    Event = "ACK"
	EvFin    Event = "FIN" // the peer is done sending
	EvClose  Event = "CLOSE"
)

// Transition is one row of the transition table.
type Transition struct {
	From  State
	Event Event
	To    State
}

// ErrInvalidTransition: the (state, event) pair is not in the table.
var ErrInvalidTransition = errors.New("tcpfsm: invalid transition")

// Table returns a copy of the transition table: changing it must not change
// any machine.
func Table() []Transition {
	panic("TODO")
}

// IsLegal reports whether the table has a row for (from, ev).
func IsLegal(from State, ev Event) bool {
	panic("TODO")
}

// Machine is one connection. Add the fields you need.
type Machine struct{}

// New returns a connection in Closed. A nil log means slog.Default().
func New(log *slog.Logger) *Machine {
	panic("TODO")
}

// Send applies ev according to the table, or returns an error matching
// ErrInvalidTransition that names the state and the event.
func (m *Machine) Send(ev Event) error {
	panic("TODO")
}

// State returns the current state.
func (m *Machine) State() State {
	panic("TODO")
}
