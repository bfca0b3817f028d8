// Hidden suite of the vending kata, Go track: rule 8, random sequences against a model.
package vending_test

import (
	"errors"
	"math/rand"
	"strconv"
	"testing"

	"vending"
)

// model is the contract in a few lines: what the machine must do.
type model struct {
	state    vending.State
	selected string
	stock    map[string]int
}

// send applies an event and says which outcome the machine must show.
func (md *model) send(e vending.Event, item string) string {
	switch {
	case md.state == vending.Idle && e == vending.InsertCoin:
		md.state = vending.HasCoin
	case md.state == vending.HasCoin && e == vending.Refund:
		md.state = vending.Idle
	case md.state == vending.HasCoin && e == vending.SelectItem:
		if n, ok := md.stock[item]; !ok || n < 1 {
			return "out of stock"
		}
		md.state, md.selected = vending.Dispensing, item
	case md.state == vending.Dispensing && e == vending.Dispense:
		if md.stock[md.selected] >= 1 {
			md.stock[md.selected]--
		}
		md.state, md.selected = vending.Idle, ""
	default:
		return "invalid transition"
	}
	return "ok"
}

func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, vending.ErrOutOfStock):
		return "out of stock"
	case errors.Is(err, vending.ErrInvalidTransition):
		return "invalid transition"
	}
	return "another error: " + err.Error()
}

func TestRule8_RandomSequences(t *testing.T) {
	events := append(append([]vending.Event{}, allEvents...), vending.Event("shake"))
	for _, seed := range seeds() {
		t.Run("seed "+strconv.FormatInt(seed, 10), func(t *testing.T) {
			defer guard(t, 8)
			r := rand.New(rand.NewSource(seed))
			tr := &trace{seed: seed}
			md := &model{state: vending.Idle, stock: startStock()}
			m, err := vending.New(nil, startStock())
			if err != nil {
				fatalf(t, 8, "New returned %v", err)
			}
			steps := 60 + r.Intn(60)
			for i := 0; i < steps; i++ {
				if r.Intn(6) == 0 {
					item, n := items[r.Intn(len(items))], r.Intn(3)
					tr.add("SetStock(%s, %d)", item, n)
					if err := m.SetStock(item, n); err != nil {
						fatalf(t, 8, "SetStock(%s, %d) returned %v\n%v", item, n, err, tr)
					}
					md.stock[item] = n
				} else {
					e, item := events[r.Intn(len(events))], items[r.Intn(len(items))]
					tr.add("Send(%s, %s)", e, item)
					want, got := md.send(e, item), outcome(m.Send(e, item))
					if got != want {
						fatalf(t, 8, "step %d: the machine must answer %q, yours answered %q\n%v", i+1, want, got, tr)
					}
				}
				for _, it := range items {
					if m.Stock(it) != md.stock[it] {
						fatalf(t, 8, "after step %d the stock of %s must be %d, yours is %d\n%v", i+1, it, md.stock[it], m.Stock(it), tr)
					}
				}
				if m.State() != md.state || m.Selected() != md.selected {
					fatalf(t, 8, "after step %d the machine must be in %s with %q selected, yours is in %s with %q\n%v", i+1, md.state, md.selected, m.State(), m.Selected(), tr)
				}
			}
		})
	}
}
