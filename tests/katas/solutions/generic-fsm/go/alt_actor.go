// A correct alternative for the generic-fsm kata: an actor goroutine owns the
// machine; Send and State are requests on a channel. Close stops it.
package fsm

import (
	"errors"
	"fmt"
	"sync"
)

var ErrInvalidTransition = errors.New("fsm: no transition")

type pair[S, E comparable] struct {
	s S
	e E
}

type target[S comparable] struct {
	to  S
	act func() error
}

type request[S, E comparable] struct {
	kind  int // 0 allow, 1 send, 2 state
	p     pair[S, E]
	t     target[S]
	reply chan result[S]
}

type result[S comparable] struct {
	s     S
	err   error
	panic string
}

type Machine[S, E comparable] struct {
	reqs chan request[S, E]
	done chan struct{}
	once sync.Once
}

func New[S, E comparable](initial S) *Machine[S, E] {
	m := &Machine[S, E]{reqs: make(chan request[S, E]), done: make(chan struct{})}
	go m.loop(initial)
	return m
}

func (m *Machine[S, E]) loop(state S) {
	table := map[pair[S, E]]target[S]{}
	for {
		select {
		case <-m.done:
			return
		case r := <-m.reqs:
			switch r.kind {
			case 0:
				if _, dup := table[r.p]; dup {
					r.reply <- result[S]{panic: fmt.Sprintf("duplicate %v/%v", r.p.s, r.p.e)}
					continue
				}
				table[r.p] = r.t
				r.reply <- result[S]{}
			case 1:
				t, ok := table[pair[S, E]{state, r.p.e}]
				if !ok {
					r.reply <- result[S]{err: fmt.Errorf("%w: %v in %v", ErrInvalidTransition, r.p.e, state)}
					continue
				}
				if t.act != nil {
					if err := t.act(); err != nil {
						r.reply <- result[S]{err: err}
						continue
					}
				}
				state = t.to
				r.reply <- result[S]{s: state}
			case 2:
				r.reply <- result[S]{s: state}
			}
		}
	}
}

func (m *Machine[S, E]) ask(r request[S, E]) result[S] {
	r.reply = make(chan result[S], 1)
	select {
	case m.reqs <- r:
		return <-r.reply
	case <-m.done:
		panic("fsm: machine closed")
	}
}

func (m *Machine[S, E]) Allow(from S, ev E, to S, act func() error) {
	if res := m.ask(request[S, E]{kind: 0, p: pair[S, E]{from, ev}, t: target[S]{to, act}}); res.panic != "" {
		panic(res.panic)
	}
}

func (m *Machine[S, E]) Send(ev E) error {
	var zero S
	return m.ask(request[S, E]{kind: 1, p: pair[S, E]{zero, ev}}).err
}

func (m *Machine[S, E]) State() S { return m.ask(request[S, E]{kind: 2}).s }

// Close stops the actor goroutine.
func (m *Machine[S, E]) Close() { m.once.Do(func() { close(m.done) }) }
