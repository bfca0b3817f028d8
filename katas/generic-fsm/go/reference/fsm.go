// Package fsm is the reference solution of the generic-fsm kata, Go track.
//
// A map keyed by a comparable struct of (state, event) holds the edges; one
// mutex is held around the whole lookup-action-swap, so actions never overlap
// and no two sends can leave the same state on the same event.
package fsm

import (
	"errors"
	"fmt"
	"sync"
)

// ErrInvalidTransition: no edge for the current state and the event.
var ErrInvalidTransition = errors.New("fsm: invalid transition")

type key[S comparable, E comparable] struct {
	from S
	ev   E
}

type edge[S comparable] struct {
	to     S
	action func() error
}

// Machine is a finite-state machine over any comparable state and event types.
type Machine[S comparable, E comparable] struct {
	mu    sync.Mutex
	state S
	edges map[key[S, E]]edge[S]
}

// New returns a machine in initial with no transitions.
func New[S comparable, E comparable](initial S) *Machine[S, E] {
	return &Machine[S, E]{state: initial, edges: map[key[S, E]]edge[S]{}}
}

// Allow registers from + ev -> to; a second registration of the pair panics.
func (m *Machine[S, E]) Allow(from S, ev E, to S, action func() error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := key[S, E]{from, ev}
	if _, dup := m.edges[k]; dup {
		panic(fmt.Sprintf("fsm: transition %v + %v registered twice", from, ev))
	}
	m.edges[k] = edge[S]{to, action}
}

// Send runs the edge's action, then moves; an action error leaves the state.
func (m *Machine[S, E]) Send(ev E) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.edges[key[S, E]{m.state, ev}]
	if !ok {
		return fmt.Errorf("%w: event %v in state %v", ErrInvalidTransition, ev, m.state)
	}
	if e.action != nil {
		if err := e.action(); err != nil {
			return err
		}
	}
	m.state = e.to
	return nil
}

// State is the current state.
func (m *Machine[S, E]) State() S {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state
}
