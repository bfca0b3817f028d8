// Hidden suite of the vending kata, Go track: rules 1-7 of the Go README.
package vending_test

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"vending"
)

var (
	allStates = []vending.State{vending.Idle, vending.HasCoin, vending.Dispensing}
	allEvents = []vending.Event{vending.InsertCoin, vending.SelectItem, vending.Dispense, vending.Refund}
	items     = []string{"cola", "chips", "gum", "water"}
)

type pair struct {
	s vending.State
	e vending.Event
}

// legal maps each legal pair to the state it leads to.
var legal = map[pair]vending.State{
	{vending.Idle, vending.InsertCoin}:     vending.HasCoin,
	{vending.HasCoin, vending.SelectItem}:  vending.Dispensing,
	{vending.HasCoin, vending.Refund}:      vending.Idle,
	{vending.Dispensing, vending.Dispense}: vending.Idle,
}

func startStock() map[string]int { return map[string]int{"cola": 2, "chips": 1, "gum": 0} }

type step struct {
	e    vending.Event
	item string
}

// paths bring a new machine to each state.
var paths = map[vending.State][]step{
	vending.Idle:       nil,
	vending.HasCoin:    {{vending.InsertCoin, ""}},
	vending.Dispensing: {{vending.InsertCoin, ""}, {vending.SelectItem, "cola"}},
}

func machineIn(t *testing.T, rule int, s vending.State, log *slog.Logger) *vending.Machine {
	t.Helper()
	m, err := vending.New(log, startStock())
	if err != nil || m == nil {
		fatalf(t, rule, "(setup) New(log, %v) must return a machine and no error, got %v, %v", startStock(), m, err)
	}
	for _, st := range paths[s] {
		if err := m.Send(st.e, st.item); err != nil {
			fatalf(t, rule, "(setup) could not bring a new machine to %s: Send(%s, %q) returned %v", s, st.e, st.item, err)
		}
	}
	if got := m.State(); got != s {
		fatalf(t, rule, "(setup) could not bring a new machine to %s: it is in %s", s, got)
	}
	return m
}

type snap struct {
	state    vending.State
	selected string
	stock    string
}

func snapshot(m *vending.Machine) snap {
	var b strings.Builder
	for _, it := range items {
		fmt.Fprintf(&b, "%s=%d ", it, m.Stock(it))
	}
	return snap{m.State(), m.Selected(), strings.TrimSpace(b.String())}
}

func (s snap) String() string {
	return fmt.Sprintf("state %s, selected %q, stock %s", s.state, s.selected, s.stock)
}

func itemFor(e vending.Event) string {
	if e == vending.SelectItem {
		return "cola"
	}
	return ""
}

func TestRule1_Names(t *testing.T) {
	defer guard(t, 1)
	for _, c := range []struct{ got, want string }{
		{string(vending.Idle), "idle"}, {string(vending.HasCoin), "has_coin"},
		{string(vending.Dispensing), "dispensing"}, {string(vending.InsertCoin), "insert_coin"},
		{string(vending.SelectItem), "select_item"}, {string(vending.Dispense), "dispense"},
		{string(vending.Refund), "refund"},
	} {
		if c.got != c.want {
			failf(t, 1, "a state or event constant must have the value %q, yours is %q", c.want, c.got)
		}
	}
	if vending.ErrInvalidTransition == nil || vending.ErrOutOfStock == nil {
		fatalf(t, 1, "ErrInvalidTransition and ErrOutOfStock must be non-nil error values")
	}
	if errors.Is(vending.ErrOutOfStock, vending.ErrInvalidTransition) || errors.Is(vending.ErrInvalidTransition, vending.ErrOutOfStock) {
		failf(t, 1, "ErrInvalidTransition and ErrOutOfStock must be two different errors")
	}
	m, err := vending.New(nil, map[string]int{"cola": 1})
	if err != nil || m == nil {
		fatalf(t, 1, "New(nil, stock) must return a machine and a nil error, got %v, %v", m, err)
	}
	if m.State() != vending.Idle || m.Selected() != "" {
		failf(t, 1, "a new machine must be idle with nothing selected, yours: state %s, selected %q", m.State(), m.Selected())
	}
}

func TestRule2_Stock(t *testing.T) {
	t.Run("New copies the map", func(t *testing.T) {
		defer guard(t, 2)
		stock := startStock()
		m, err := vending.New(nil, stock)
		if err != nil {
			fatalf(t, 2, "New with a valid stock returned %v", err)
		}
		stock["cola"] = 99
		stock["water"] = 5
		if m.Stock("cola") != 2 || m.Stock("water") != 0 {
			failf(t, 2, "the machine must keep its own copy of the stock: changing the caller's map changed the machine (cola %d, water %d)", m.Stock("cola"), m.Stock("water"))
		}
		stock = startStock()
		m, _ = vending.New(nil, stock)
		for _, st := range []step{{vending.InsertCoin, ""}, {vending.SelectItem, "chips"}, {vending.Dispense, ""}} {
			_ = m.Send(st.e, st.item)
		}
		if stock["chips"] != 1 {
			failf(t, 2, "the machine must never modify the caller's map: after selling chips it holds chips=%d", stock["chips"])
		}
	})
	t.Run("negative count in New", func(t *testing.T) {
		defer guard(t, 2)
		if _, err := vending.New(nil, map[string]int{"cola": -1}); err == nil {
			failf(t, 2, "New with a negative count must return an error")
		}
	})
	t.Run("unknown item has 0", func(t *testing.T) {
		defer guard(t, 2)
		m := machineIn(t, 2, vending.Idle, nil)
		if got := m.Stock("water"); got != 0 {
			failf(t, 2, "Stock of an item never stocked must be 0, got %d", got)
		}
	})
	for _, s := range allStates {
		t.Run("SetStock in "+string(s), func(t *testing.T) {
			defer guard(t, 2)
			m := machineIn(t, 2, s, nil)
			if err := m.SetStock("water", 3); err != nil {
				fatalf(t, 2, "SetStock(water, 3) in %s must succeed, got %v", s, err)
			}
			if m.Stock("water") != 3 || m.State() != s {
				failf(t, 2, "SetStock(water, 3) in %s must set the count and leave the state: got water=%d in %s", s, m.Stock("water"), m.State())
			}
			before := snapshot(m)
			if err := m.SetStock("cola", -1); err == nil {
				failf(t, 2, "SetStock with a negative count must return an error")
			}
			if after := snapshot(m); after != before {
				failf(t, 2, "a refused SetStock must change nothing: %v became %v", before, after)
			}
		})
	}
	t.Run("SetStock makes an item known", func(t *testing.T) {
		defer guard(t, 2)
		m := machineIn(t, 2, vending.HasCoin, nil)
		_ = m.SetStock("water", 1)
		if err := m.Send(vending.SelectItem, "water"); err != nil || m.State() != vending.Dispensing {
			failf(t, 2, "an item given a count by SetStock is known: selecting it must work, got %v in %s", err, m.State())
		}
	})
}

func TestRule3_Transitions(t *testing.T) {
	for p, want := range legal {
		t.Run(string(p.s)+"+"+string(p.e), func(t *testing.T) {
			defer guard(t, 3)
			m := machineIn(t, 3, p.s, nil)
			before := snapshot(m)
			if err := m.Send(p.e, itemFor(p.e)); err != nil {
				fatalf(t, 3, "%s + %s must be accepted, Send returned %v", p.s, p.e, err)
			}
			if got := m.State(); got != want {
				failf(t, 3, "%s + %s must move to %s, your machine is in %s", p.s, p.e, want, got)
			}
			wantSel := ""
			if p.e == vending.SelectItem {
				wantSel = "cola"
			}
			if got := m.Selected(); got != wantSel {
				failf(t, 3, "after %s + %s the selection must be %q, got %q", p.s, p.e, wantSel, got)
			}
			wantCola := 2
			if p.e == vending.Dispense {
				wantCola = 1
			}
			if got := m.Stock("cola"); got != wantCola {
				if p.e == vending.SelectItem {
					failf(t, 3, "stock must not be decremented at selection: cola went from 2 to %d", got)
				} else {
					failf(t, 3, "after %s + %s cola must be %d, got %d (before: %v)", p.s, p.e, wantCola, got, before)
				}
			}
		})
	}
	t.Run("a full sale twice", func(t *testing.T) {
		defer guard(t, 3)
		m := machineIn(t, 3, vending.Idle, nil)
		for sale := 1; sale <= 2; sale++ {
			for _, st := range []step{{vending.InsertCoin, ""}, {vending.SelectItem, "cola"}, {vending.Dispense, ""}} {
				if err := m.Send(st.e, st.item); err != nil {
					fatalf(t, 3, "sale %d: Send(%s, %q) returned %v", sale, st.e, st.item, err)
				}
			}
			if m.State() != vending.Idle || m.Stock("cola") != 2-sale {
				failf(t, 3, "after sale %d the machine must be idle with cola=%d, got %s with cola=%d", sale, 2-sale, m.State(), m.Stock("cola"))
			}
		}
	})
}

func TestRule4_Guard(t *testing.T) {
	cases := []struct {
		name, item string
		prepare    func(m *vending.Machine)
	}{
		{"unknown item", "water", nil},
		{"item with none left", "gum", nil},
		{"item emptied by the operator", "cola", func(m *vending.Machine) { _ = m.SetStock("cola", 0) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer guard(t, 4)
			m := machineIn(t, 4, vending.HasCoin, nil)
			if c.prepare != nil {
				c.prepare(m)
			}
			before := snapshot(m)
			err := m.Send(vending.SelectItem, c.item)
			if !errors.Is(err, vending.ErrOutOfStock) {
				failf(t, 4, "selecting %s (%s) must return an error matching ErrOutOfStock (errors.Is), got %v", c.item, c.name, err)
			}
			if after := snapshot(m); after != before {
				failf(t, 4, "when the guard fails the coin is kept: state stays has_coin, nothing selected, nothing else changes; %v became %v", before, after)
			}
			if err := m.Send(vending.SelectItem, "chips"); err != nil || m.State() != vending.Dispensing || m.Selected() != "chips" {
				failf(t, 4, "after a refused selection the customer may pick again: selecting chips must move to dispensing with chips selected, got %v, %s, %q", err, m.State(), m.Selected())
			}
		})
	}
}

func TestRule5_DispenseRestockedToZero(t *testing.T) {
	defer guard(t, 5)
	c := newCapture()
	m := machineIn(t, 5, vending.Dispensing, c.logger())
	_ = m.SetStock("cola", 0)
	c.take()
	err := m.Send(vending.Dispense, "")
	if err != nil {
		failf(t, 5, "a dispense whose item was restocked to 0 must not return an error, got %v", err)
	}
	if m.State() != vending.Idle || m.Selected() != "" {
		failf(t, 5, "after a dispense that cannot happen the machine must be idle with nothing selected, got %s with %q", m.State(), m.Selected())
	}
	if got := m.Stock("cola"); got != 0 {
		failf(t, 5, "a dispense that cannot happen leaves the stock as it is (cola=0), got cola=%d", got)
	}
	recs := c.take()
	warns := atLevel(recs, slog.LevelWarn)
	if len(warns) != 1 || len(atLeast(recs, slog.LevelWarn)) != 1 {
		failf(t, 5, "a dispense that cannot happen logs exactly one record at Warn (and none above), got:%s", texts(recs))
	}
	if err := m.Send(vending.InsertCoin, ""); err != nil {
		failf(t, 5, "after the failed dispense the machine must take a new coin, got %v", err)
	}
}

func TestRule6_InvalidEvents(t *testing.T) {
	for _, s := range allStates {
		events := append(append([]vending.Event{}, allEvents...), vending.Event("kick"), vending.Event("INSERT_COIN"))
		for _, e := range events {
			if _, ok := legal[pair{s, e}]; ok {
				continue
			}
			t.Run(string(s)+"+"+string(e), func(t *testing.T) {
				defer guard(t, 6)
				m := machineIn(t, 6, s, nil)
				before := snapshot(m)
				err := m.Send(e, "chips")
				if !errors.Is(err, vending.ErrInvalidTransition) {
					failf(t, 6, "%s in state %s must return an error matching ErrInvalidTransition (errors.Is), got %v", e, s, err)
				}
				if after := snapshot(m); after != before {
					failf(t, 6, "an invalid event must not change anything: %v became %v", before, after)
				}
			})
		}
	}
}

func TestRule7_Logging(t *testing.T) {
	for p, want := range legal {
		t.Run("one Info record for "+string(p.s)+"+"+string(p.e), func(t *testing.T) {
			defer guard(t, 7)
			c := newCapture()
			m := machineIn(t, 7, p.s, c.logger())
			c.take()
			_ = m.Send(p.e, itemFor(p.e))
			recs := c.take()
			infos := atLevel(recs, slog.LevelInfo)
			if len(infos) != 1 {
				fatalf(t, 7, "one successful transition must log exactly one Info record, %s + %s logged:%s", p.s, p.e, texts(recs))
			}
			for _, v := range []string{string(p.s), string(want), string(p.e)} {
				if !strings.Contains(infos[0].Text, v) {
					failf(t, 7, "the Info record of %s + %s must name the from-state, the to-state and the event (%q missing):%s", p.s, p.e, v, texts(infos))
				}
			}
			if hi := atLeast(recs, slog.LevelWarn); len(hi) > 0 {
				failf(t, 7, "a normal transition must not log at Warn or above:%s", texts(hi))
			}
		})
	}
	t.Run("invalid events never at Warn", func(t *testing.T) {
		defer guard(t, 7)
		for _, s := range allStates {
			for _, e := range allEvents {
				if _, ok := legal[pair{s, e}]; ok {
					continue
				}
				c := newCapture()
				m := machineIn(t, 7, s, c.logger())
				c.take()
				_ = m.Send(e, "cola")
				if hi := atLeast(c.take(), slog.LevelWarn); len(hi) > 0 {
					failf(t, 7, "an invalid event is a wrong button press, log it at Info at most: %s in %s logged:%s", e, s, texts(hi))
				}
			}
		}
		c := newCapture()
		m := machineIn(t, 7, vending.HasCoin, c.logger())
		c.take()
		_ = m.Send(vending.SelectItem, "gum")
		if hi := atLeast(c.take(), slog.LevelWarn); len(hi) > 0 {
			failf(t, 7, "a failed guard (out of stock) may be logged at Info, never at Warn or above:%s", texts(hi))
		}
	})
	t.Run("nil logger uses slog.Default", func(t *testing.T) {
		defer guard(t, 7)
		old := slog.Default()
		defer slog.SetDefault(old)
		c := newCapture()
		slog.SetDefault(c.logger())
		m, err := vending.New(nil, startStock())
		if err != nil {
			fatalf(t, 7, "New(nil, stock) returned %v", err)
		}
		_ = m.Send(vending.InsertCoin, "")
		if infos := atLevel(c.take(), slog.LevelInfo); len(infos) != 1 {
			failf(t, 7, "with a nil logger the machine must log to slog.Default(): expected one Info record for idle + insert_coin, got:%s", texts(infos))
		}
	})
}
