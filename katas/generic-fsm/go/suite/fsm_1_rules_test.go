// Hidden suite of the generic-fsm kata, Go track: rules 1-4 and 6 of the Go README.
// Rule 5 (concurrency) is in fsm_2_concurrent_test.go.
package fsm_test

import (
	"errors"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"fsm"
)

type light string
type press int

type point struct{ X, Y int }

// panics reports whether f panicked.
func panics(f func()) (did bool) {
	defer func() {
		if recover() != nil {
			did = true
		}
	}()
	f()
	return false
}

func TestRule1_API(t *testing.T) {
	t.Run("string newtypes", func(t *testing.T) {
		defer guard(t, 1)
		m := fsm.New[light, press]("red")
		if m == nil || m.State() != "red" {
			fatalf(t, 1, "New(\"red\") must return a machine in red")
		}
		m.Allow("red", 1, "green", nil)
		if err := m.Send(1); err != nil || m.State() != "green" {
			failf(t, 1, "red + 1 -> green: Send returned %v, state %v", err, m.State())
		}
	})
	t.Run("ints", func(t *testing.T) {
		defer guard(t, 1)
		m := fsm.New[int, int](0)
		m.Allow(0, 7, 1, nil)
		if err := m.Send(7); err != nil || m.State() != 1 {
			failf(t, 1, "0 + 7 -> 1 on Machine[int, int]: Send returned %v, state %v", err, m.State())
		}
	})
	t.Run("structs", func(t *testing.T) {
		defer guard(t, 1)
		m := fsm.New[point, string](point{0, 0})
		m.Allow(point{0, 0}, "right", point{1, 0}, nil)
		m.Allow(point{1, 0}, "up", point{1, 1}, nil)
		for _, e := range []string{"right", "up"} {
			if err := m.Send(e); err != nil {
				fatalf(t, 1, "Machine[point, string]: Send(%q) returned %v", e, err)
			}
		}
		if m.State() != (point{1, 1}) {
			failf(t, 1, "Machine[point, string] must end in {1 1}, got %v", m.State())
		}
	})
	t.Run("sentinel", func(t *testing.T) {
		defer guard(t, 1)
		if fsm.ErrInvalidTransition == nil {
			failf(t, 1, "ErrInvalidTransition must be a non-nil error")
		}
	})
}

func TestRule2_Allow(t *testing.T) {
	t.Run("a duplicate pair panics", func(t *testing.T) {
		defer guard(t, 2)
		m := fsm.New[string, string]("a")
		m.Allow("a", "go", "b", nil)
		if !panics(func() { m.Allow("a", "go", "c", nil) }) {
			failf(t, 2, "allowing a (from, event) pair a second time must panic (wiring mistakes fail loudly), even with another target")
		}
		if !panics(func() { m.Allow("a", "go", "b", nil) }) {
			failf(t, 2, "allowing the very same transition twice must panic too")
		}
	})
	t.Run("keys compare as values", func(t *testing.T) {
		defer guard(t, 2)
		m := fsm.New[string, string]("a:b")
		if panics(func() {
			m.Allow("a:b", "c", "x", nil)
			m.Allow("a", "b:c", "y", nil)
		}) {
			fatalf(t, 2, "(\"a:b\", \"c\") and (\"a\", \"b:c\") are different pairs: allowing both must not panic (are keys glued into one string?)")
		}
		if err := m.Send("c"); err != nil || m.State() != "x" {
			failf(t, 2, "from a:b on c the machine must go to x, got %v in %q", err, m.State())
		}
		m2 := fsm.New[string, string]("a")
		m2.Allow("a:b", "c", "x", nil)
		m2.Allow("a", "b:c", "y", nil)
		if err := m2.Send("b:c"); err != nil || m2.State() != "y" {
			failf(t, 2, "from a on b:c the machine must go to y, got %v in %q", err, m2.State())
		}
	})
	t.Run("same event from two states", func(t *testing.T) {
		defer guard(t, 2)
		m := fsm.New[int, string](1)
		if panics(func() {
			m.Allow(1, "next", 2, nil)
			m.Allow(2, "next", 3, nil)
		}) {
			fatalf(t, 2, "one event may leave several states: allowing (1, next) and (2, next) must not panic")
		}
		_ = m.Send("next")
		_ = m.Send("next")
		if m.State() != 3 {
			failf(t, 2, "1 -next-> 2 -next-> 3: the machine ended in %v", m.State())
		}
	})
}

func TestRule3_UnknownPair(t *testing.T) {
	cases := []struct {
		name  string
		state string
		event string
	}{
		{"unknown event", "idle", "kick"},
		{"known event, other state", "busy", "start"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer guard(t, 3)
			ran := 0
			m := fsm.New[string, string](c.state)
			m.Allow("idle", "start", "busy", func() error { ran++; return nil })
			m.Allow("busy", "stop", "idle", func() error { ran++; return nil })
			err := m.Send(c.event)
			if !errors.Is(err, fsm.ErrInvalidTransition) {
				fatalf(t, 3, "Send(%q) in %q has no transition: it must return an error matching ErrInvalidTransition (errors.Is), got %v", c.event, c.state, err)
			}
			if !strings.Contains(err.Error(), c.event) || !strings.Contains(err.Error(), c.state) {
				failf(t, 3, "the error must name the event (%q) and the current state (%q), yours says %q", c.event, c.state, err.Error())
			}
			if m.State() != c.state || ran != 0 {
				failf(t, 3, "an unknown pair changes nothing and runs no action: state %q -> %q, actions run %d", c.state, m.State(), ran)
			}
		})
	}
}

func TestRule4_Actions(t *testing.T) {
	t.Run("runs once per send", func(t *testing.T) {
		defer guard(t, 4)
		ran := 0
		m := fsm.New[string, string]("a")
		m.Allow("a", "go", "b", func() error { ran++; return nil })
		if err := m.Send("go"); err != nil || m.State() != "b" {
			fatalf(t, 4, "a + go -> b with an action: got %v in %q", err, m.State())
		}
		if ran != 1 {
			failf(t, 4, "the action must run exactly once per Send, it ran %d times", ran)
		}
	})
	t.Run("an error keeps the state", func(t *testing.T) {
		defer guard(t, 4)
		boom := errors.New("card declined")
		m := fsm.New[string, string]("cart")
		m.Allow("cart", "pay", "paid", func() error { return fmt.Errorf("payment: %w", boom) })
		err := m.Send("pay")
		if !errors.Is(err, boom) {
			failf(t, 4, "when the action fails Send must return its error (errors.Is finds it), got %v", err)
		}
		if m.State() != "cart" {
			failf(t, 4, "the action runs before the state changes: when it fails the state stays cart, yours moved to %q", m.State())
		}
	})
	t.Run("a failed action can be retried", func(t *testing.T) {
		defer guard(t, 4)
		tries := 0
		m := fsm.New[string, string]("cart")
		m.Allow("cart", "pay", "paid", func() error {
			tries++
			if tries == 1 {
				return errors.New("timeout")
			}
			return nil
		})
		_ = m.Send("pay")
		if err := m.Send("pay"); err != nil || m.State() != "paid" || tries != 2 {
			failf(t, 4, "after a failed action the same transition must work: got %v in %q after %d tries", err, m.State(), tries)
		}
	})
	t.Run("nil action", func(t *testing.T) {
		defer guard(t, 4)
		m := fsm.New[string, string]("a")
		m.Allow("a", "go", "b", nil)
		if err := m.Send("go"); err != nil || m.State() != "b" {
			failf(t, 4, "a nil action is a plain move: got %v in %q", err, m.State())
		}
	})
	t.Run("self-loop", func(t *testing.T) {
		defer guard(t, 4)
		ran := 0
		m := fsm.New[string, string]("on")
		m.Allow("on", "ping", "on", func() error { ran++; return nil })
		for i := 0; i < 3; i++ {
			if err := m.Send("ping"); err != nil {
				fatalf(t, 4, "a self-loop (from == to) is legal: Send returned %v", err)
			}
		}
		if m.State() != "on" || ran != 3 {
			failf(t, 4, "three pings on a self-loop: state %q (want on), action ran %d times (want 3)", m.State(), ran)
		}
	})
}

// The model of rule 6: a random graph over int states and string events.
type edgeModel struct {
	to   int
	fail bool
}

func TestRule6_RandomSequences(t *testing.T) {
	events := []string{"a", "b", "c", "d"}
	for _, seed := range seeds() {
		t.Run("seed "+strconv.FormatInt(seed, 10), func(t *testing.T) {
			defer guard(t, 6)
			r := rand.New(rand.NewSource(seed))
			tr := &trace{seed: seed}
			m := fsm.New[int, string](0)
			defer closeIfCloser(m)
			graph := map[[2]string]edgeModel{}
			runs := map[[2]string]int{}
			for s := 0; s < 5; s++ {
				for _, e := range events {
					if r.Intn(2) == 0 {
						continue
					}
					k := [2]string{strconv.Itoa(s), e}
					em := edgeModel{to: r.Intn(5), fail: r.Intn(4) == 0}
					graph[k] = em
					tr.add("Allow(%d, %s, %d) action fails: %v", s, e, em.to, em.fail)
					m.Allow(s, e, em.to, func() error {
						runs[k]++
						if em.fail {
							return errors.New("refused by the action")
						}
						return nil
					})
				}
			}
			state := 0
			for i := 0; i < 60; i++ {
				e := events[r.Intn(len(events))]
				k := [2]string{strconv.Itoa(state), e}
				tr.add("Send(%s) in %d", e, state)
				before := runs[k]
				err := m.Send(e)
				em, ok := graph[k]
				switch {
				case !ok && !errors.Is(err, fsm.ErrInvalidTransition):
					fatalf(t, 6, "step %d: %d + %s has no transition, Send must return ErrInvalidTransition, got %v\n%v", i+1, state, e, err, tr)
				case ok && em.fail && err == nil:
					fatalf(t, 6, "step %d: the action of %d + %s failed, Send must return its error\n%v", i+1, state, e, tr)
				case ok && !em.fail && err != nil:
					fatalf(t, 6, "step %d: %d + %s must succeed, got %v\n%v", i+1, state, e, err, tr)
				case ok && runs[k] != before+1:
					fatalf(t, 6, "step %d: the action of %d + %s must run exactly once, it ran %d times\n%v", i+1, state, e, runs[k]-before, tr)
				case ok && !em.fail:
					state = em.to
				}
				if got := m.State(); got != state {
					fatalf(t, 6, "after step %d the machine must be in %d, yours is in %d\n%v", i+1, state, got, tr)
				}
			}
		})
	}
}
