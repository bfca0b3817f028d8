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

type key[S, E comparable] struct {
	from S
	ev   E
}

type edge[S comparable] struct {
	to     S
	action func() error
}

// Machine is a finite-state machine over any comparable state and event types.
type Machine[S, E comparable] struct {
	mu    sync.Mutex
	state S
	edges map[key[S, E]]edge[S]
}

// New returns a machine in initial with no transitions.
func New[S, E comparable](initial S) *Machine[S, E] {
	edges := make(map[key[S, E]]edge[S])
	return &Machine[S, E]{edges: edges, state: initial}
}

// Allow registers from + ev -> to; a second registration of the pair panics.
func (fm *Machine[S, E]) Allow(from S, ev E, to S, act func() error) {
	fm.mu.Lock()
	defer fm.mu.Unlock()
	k := key[S, E]{from, ev}
	if _, dup := fm.edges[k]; dup {
		panic(fmt.Sprintf("fsm: transition %v + %v registered twice", from, ev))
	}
	fm.edges[k] = edge[S]{to, act}
}

// Send runs the edge's action, then moves; an action error leaves the state.
func (fm *Machine[S, E]) Send(ev E) error {
	fm.mu.Lock()
	defer fm.mu.Unlock()
	e, ok := fm.edges[key[S, E]{fm.state, ev}]
	if !ok {
		return fmt.Errorf("%w: event %v in state %v", ErrInvalidTransition, ev, fm.state)
	}
	if e.action != nil {
		if err := e.action(); err != nil {
			return err
		}
	}
	fm.state = e.to
	return nil
}

// State is the current state.
func (fm *Machine[S, E]) State() S {
	fm.mu.Lock()
	defer fm.mu.Unlock()
	return fm.state
}
