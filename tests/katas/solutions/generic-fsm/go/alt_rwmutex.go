// A correct alternative for the generic-fsm kata: nested maps, a RWMutex
// (writers for Allow and Send, readers for State), actions under the write lock.
package fsm

import (
	"errors"
	"fmt"
	"sync"
)

var ErrInvalidTransition = errors.New("invalid transition")

type arc[S comparable] struct {
	dst S
	fn  func() error
}

type Machine[S comparable, E comparable] struct {
	mu    sync.RWMutex
	cur   S
	edges map[S]map[E]arc[S]
}

func New[S comparable, E comparable](initial S) *Machine[S, E] {
	return &Machine[S, E]{cur: initial, edges: make(map[S]map[E]arc[S])}
}

func (m *Machine[S, E]) Allow(from S, ev E, to S, fn func() error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	row := m.edges[from]
	if row == nil {
		row = make(map[E]arc[S])
		m.edges[from] = row
	}
	if _, ok := row[ev]; ok {
		panic("fsm: duplicate transition")
	}
	row[ev] = arc[S]{to, fn}
}

func (m *Machine[S, E]) Send(ev E) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.edges[m.cur][ev]
	if !ok {
		return fmt.Errorf("cannot %v from %v: %w", ev, m.cur, ErrInvalidTransition)
	}
	if a.fn != nil {
		if err := a.fn(); err != nil {
			return fmt.Errorf("action: %w", err)
		}
	}
	m.cur = a.dst
	return nil
}

func (m *Machine[S, E]) State() S {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.cur
}
