// A correct alternative for the tcp kata: a switch decides, and Table is
// written out by hand (the suite checks it matches).
package tcpfsm

import (
	"errors"
	"fmt"
	"log/slog"
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

var ErrInvalidTransition = errors.New("illegal")

func step(s State, e Event) (State, bool) {
	switch {
	case s == Closed && e == EvListen:
		return Listen, true
	case s == Listen && e == EvSyn:
		return SynRecv, true
	case s == SynRecv && e == EvAck:
		return Established, true
	case s == Established && e == EvFin:
		return CloseWait, true
	case s == CloseWait && e == EvClose:
		return Closed, true
	}
	return s, false
}

func Table() []Transition {
	var out []Transition
	for _, s := range []State{Closed, Listen, SynRecv, Established, CloseWait} {
		for _, e := range []Event{EvListen, EvSyn, EvAck, EvFin, EvClose} {
			if to, ok := step(s, e); ok {
				out = append(out, Transition{s, e, to})
			}
		}
	}
	return out
}

func IsLegal(from State, ev Event) bool {
	_, ok := step(from, ev)
	return ok
}

type Machine struct {
	log *slog.Logger
	s   State
}

func New(log *slog.Logger) *Machine {
	if log == nil {
		log = slog.Default()
	}
	return &Machine{log: log, s: Closed}
}

func (m *Machine) Send(ev Event) error {
	to, ok := step(m.s, ev)
	if !ok {
		return &badPair{m.s, ev}
	}
	m.log.Info(fmt.Sprintf("%s + %s -> %s", m.s, ev, to))
	m.s = to
	return nil
}

func (m *Machine) State() State { return m.s }

// badPair is a custom error type that unwraps to the sentinel.
type badPair struct {
	s State
	e Event
}

func (b *badPair) Error() string { return fmt.Sprintf("no move from %s on %q", b.s, b.e) }
func (b *badPair) Unwrap() error { return ErrInvalidTransition }
