// Helpers shared by the three hidden Go suites. The checker copies this file into
// each suite's build with the package clause set to the suite's own test package,
// so it sees only the learner's exported names, like the suites.
package kata_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
)

// guard turns a panic in the code under test into a failed test that says which
// rule was being checked. The stack goes to the output so the checker can show
// the learner's own lines. Use as the first line of a test: defer guard(t, 3).
func guard(t *testing.T, rule int) {
	t.Helper()
	if r := recover(); r != nil {
		t.Fatalf("rule %d: your code panicked: %v\n%s", rule, r, debug.Stack())
	}
}

// failf reports a broken rule in plain words.
func failf(t *testing.T, rule int, format string, args ...any) {
	t.Helper()
	t.Errorf("rule %d: %s", rule, fmt.Sprintf(format, args...))
}

// fatalf is failf that also stops the test.
func fatalf(t *testing.T, rule int, format string, args ...any) {
	t.Helper()
	t.Fatalf("rule %d: %s", rule, fmt.Sprintf(format, args...))
}

// record is one captured log record, flattened to text for "does it mention X".
type record struct {
	Level slog.Level
	Text  string
}

// capture is a slog.Handler that keeps every record it is given.
type capture struct {
	mu      *sync.Mutex
	records *[]record
	prefix  string
	attrs   []string
}

func newCapture() *capture {
	return &capture{mu: &sync.Mutex{}, records: &[]record{}}
}

func (c *capture) Enabled(context.Context, slog.Level) bool { return true }

func (c *capture) Handle(_ context.Context, r slog.Record) error {
	parts := []string{r.Message}
	parts = append(parts, c.attrs...)
	r.Attrs(func(a slog.Attr) bool {
		parts = append(parts, flatten(c.prefix, a)...)
		return true
	})
	c.mu.Lock()
	*c.records = append(*c.records, record{r.Level, strings.Join(parts, " ")})
	c.mu.Unlock()
	return nil
}

func (c *capture) WithAttrs(as []slog.Attr) slog.Handler {
	next := *c
	next.attrs = append([]string{}, c.attrs...)
	for _, a := range as {
		next.attrs = append(next.attrs, flatten(c.prefix, a)...)
	}
	return &next
}

func (c *capture) WithGroup(name string) slog.Handler {
	next := *c
	next.prefix = c.prefix + name + "."
	return &next
}

func flatten(prefix string, a slog.Attr) []string {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		var out []string
		for _, g := range v.Group() {
			out = append(out, flatten(prefix+a.Key+".", g)...)
		}
		return out
	}
	return []string{fmt.Sprintf("%s%s=%v", prefix, a.Key, v.Any())}
}

// logger returns a logger writing into c.
func (c *capture) logger() *slog.Logger { return slog.New(c) }

// take returns the records so far and forgets them.
func (c *capture) take() []record {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := *c.records
	*c.records = nil
	return out
}

// atLevel keeps the records of exactly one level.
func atLevel(rs []record, level slog.Level) []record {
	var out []record
	for _, r := range rs {
		if r.Level == level {
			out = append(out, r)
		}
	}
	return out
}

// atLeast keeps the records at level or above.
func atLeast(rs []record, level slog.Level) []record {
	var out []record
	for _, r := range rs {
		if r.Level >= level {
			out = append(out, r)
		}
	}
	return out
}

func texts(rs []record) string {
	if len(rs) == 0 {
		return "(none)"
	}
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "\n    %s %s", r.Level, r.Text)
	}
	return b.String()
}

// closeIfCloser calls Close on machines that have one (the contract allows an
// actor design whose goroutine must be stopped).
func closeIfCloser(m any) {
	switch c := m.(type) {
	case interface{ Close() }:
		c.Close()
	case interface{ Close() error }:
		_ = c.Close()
	}
}

// trace keeps the steps of a random run, to print with the seed on failure.
type trace struct {
	seed  int64
	steps []string
}

func (tr *trace) add(format string, args ...any) {
	tr.steps = append(tr.steps, fmt.Sprintf(format, args...))
}

func (tr *trace) String() string {
	return fmt.Sprintf("seed %d, steps:\n    %s", tr.seed, strings.Join(tr.steps, "\n    "))
}

// seeds are the random runs every suite plays: fixed, so a failure reproduces.
func seeds() []int64 {
	out := make([]int64, 0, 24)
	r := rand.New(rand.NewSource(20260101))
	for len(out) < cap(out) {
		out = append(out, r.Int63n(1_000_000))
	}
	return out
}
