// Hidden suite of the generic-fsm kata, Go track: rule 5, concurrent sends.
// The checker runs these tests in a race-detector build when a C compiler is
// available (their names contain "Concurrent").
package fsm_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fsm"
)

const workers = 32

// together starts n goroutines that wait at one barrier, then run f; it fails
// the test instead of hanging when they do not all finish in time.
func together(t *testing.T, n int, f func(i int)) {
	t.Helper()
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	panicked := make(chan any, n)
	ready.Add(n)
	done.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer done.Done()
			defer func() {
				if r := recover(); r != nil {
					panicked <- r
				}
			}()
			ready.Done()
			<-start
			f(i)
		}(i)
	}
	ready.Wait()
	close(start)
	finished := make(chan struct{})
	go func() { done.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		fatalf(t, 5, "%d goroutines sending at once did not all return within 10 s: a deadlock?", n)
	}
	select {
	case r := <-panicked:
		fatalf(t, 5, "your code panicked under concurrent sends: %v", r)
	default:
	}
}

// overlapCounter is an action that sleeps and notices when another action runs
// at the same time.
type overlapCounter struct {
	active, most, runs atomic.Int32
}

func (c *overlapCounter) action() error {
	n := c.active.Add(1)
	for {
		most := c.most.Load()
		if n <= most || c.most.CompareAndSwap(most, n) {
			break
		}
	}
	time.Sleep(200 * time.Microsecond)
	c.runs.Add(1)
	c.active.Add(-1)
	return nil
}

func TestRule5_ConcurrentActionsNeverOverlap(t *testing.T) {
	defer guard(t, 5)
	var c overlapCounter
	m := fsm.New[string, string]("open")
	defer closeIfCloser(m)
	m.Allow("open", "tick", "open", c.action)
	together(t, workers, func(int) {
		for j := 0; j < 4; j++ {
			if err := m.Send("tick"); err != nil {
				failf(t, 5, "a self-loop tick must always succeed, got %v", err)
				return
			}
		}
	})
	if most := c.most.Load(); most > 1 {
		failf(t, 5, "two actions never overlap: up to %d ran at the same time (hold one lock around lookup, action and swap)", most)
	}
	if runs := c.runs.Load(); runs != workers*4 {
		failf(t, 5, "each of %d sends must run the action once, it ran %d times", workers*4, runs)
	}
}

func TestRule5_ConcurrentNoDoubleCharge(t *testing.T) {
	defer guard(t, 5)
	for round := 0; round < 10; round++ {
		var charges atomic.Int32
		var ok, refused atomic.Int32
		m := fsm.New[string, string]("unpaid")
		m.Allow("unpaid", "charge", "paid", func() error {
			charges.Add(1)
			time.Sleep(100 * time.Microsecond)
			return nil
		})
		together(t, workers, func(int) {
			err := m.Send("charge")
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, fsm.ErrInvalidTransition):
				refused.Add(1)
			default:
				failf(t, 5, "a concurrent charge returned an unexpected error: %v", err)
			}
		})
		state := m.State()
		closeIfCloser(m)
		if charges.Load() != 1 || ok.Load() != 1 {
			fatalf(t, 5, "an action never runs twice for one state entry: %d goroutines sent charge to an unpaid machine, the action ran %d times and %d sends succeeded (want 1 and 1)", workers, charges.Load(), ok.Load())
		}
		if refused.Load() != workers-1 || state != "paid" {
			fatalf(t, 5, "after one charge the other %d sends must be refused with ErrInvalidTransition and the machine paid: %d refused, state %q", workers-1, refused.Load(), state)
		}
	}
}

// pairState is a two-word state: a torn read shows A != B.
type pairState struct{ A, B int64 }

func TestRule5_ConcurrentStateNeverTorn(t *testing.T) {
	defer guard(t, 5)
	m := fsm.New[pairState, string](pairState{0, 0})
	defer closeIfCloser(m)
	const top = 40
	for i := int64(0); i < top; i++ {
		m.Allow(pairState{i, i}, "next", pairState{i + 1, i + 1}, nil)
	}
	var bad atomic.Value
	together(t, workers, func(i int) {
		if i%2 == 0 {
			for j := 0; j < 3; j++ {
				_ = m.Send("next")
			}
			return
		}
		for j := 0; j < 200; j++ {
			s := m.State()
			if s.A != s.B || s.A < 0 || s.A > top {
				bad.Store(s)
			}
		}
	})
	if s := bad.Load(); s != nil {
		failf(t, 5, "State() must never return a torn or intermediate value: read %+v", s)
	}
	if got := m.State(); got != (pairState{top, top}) {
		failf(t, 5, "%d sends of next on a chain of %d moves must end at the top, got %+v", workers/2*3, top, got)
	}
}
