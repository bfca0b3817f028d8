// Package vending is the reference solution of the vending kata, Go track.
//
// One mutex guards the whole machine; Send decides with a switch on the
// (state, event) pair and applies the move in one place, so "an invalid event
// changes nothing" and "one Info record per move" each live in exactly one spot.
package vending

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
)

// State is where the machine is in a sale.
type State string

// The three states.
const (
	Idle       State = "idle"
	HasCoin    State = "has_coin"
	Dispensing State = "dispensing"
)

// Event is what a customer (or the machine itself) does.
type Event string

// The four events.
const (
	InsertCoin Event = "insert_coin"
	SelectItem Event = "select_item" // carries the item name
	Dispense   Event = "dispense"
	Refund     Event = "refund"
)

// Sentinel errors, matched with errors.Is.
var (
	ErrInvalidTransition = errors.New("vending: event not allowed in this state")
	ErrOutOfStock        = errors.New("vending: item out of stock")
	ErrNegativeStock     = errors.New("vending: a stock count cannot be negative")
)

// Machine is a vending machine; safe for use from several goroutines.
type Machine struct {
	mu       sync.Mutex
	log      *slog.Logger
	state    State
	selected string
	stock    map[string]int
}

// New returns an idle machine holding its own copy of stock.
func New(log *slog.Logger, stock map[string]int) (*Machine, error) {
	if log == nil {
		log = slog.Default()
	}
	own := make(map[string]int, len(stock))
	for item, count := range stock {
		if count < 0 {
			return nil, fmt.Errorf("%w: %s=%d", ErrNegativeStock, item, count)
		}
		own[item] = count
	}
	return &Machine{log: log, state: Idle, stock: own}, nil
}

// Send applies one event; item matters for SelectItem only.
func (m *Machine) Send(ev Event, item string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	from := m.state
	switch {
	case from == Idle && ev == InsertCoin:
		m.move(from, HasCoin, ev, "")
	case from == HasCoin && ev == Refund:
		m.move(from, Idle, ev, "")
	case from == HasCoin && ev == SelectItem:
		if count, known := m.stock[item]; !known || count < 1 {
			m.log.Info("vending: selection refused", "state", from, "event", ev, "item", item)
			return fmt.Errorf("%w: %q", ErrOutOfStock, item)
		}
		m.move(from, Dispensing, ev, item)
	case from == Dispensing && ev == Dispense:
		if m.stock[m.selected] < 1 {
			m.log.Warn("vending: nothing left to dispense, sale cancelled", "item", m.selected)
		} else {
			m.stock[m.selected]--
		}
		m.move(from, Idle, ev, "")
	default:
		m.log.Info("vending: event rejected", "state", from, "event", ev)
		return fmt.Errorf("%w: %s in state %s", ErrInvalidTransition, ev, from)
	}
	return nil
}

func (m *Machine) move(from, to State, ev Event, selected string) {
	m.state, m.selected = to, selected
	m.log.Info("vending: transition", "from", from, "to", to, "event", ev)
}

// State is the current state.
func (m *Machine) State() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state
}

// Selected is the item being sold, "" when none.
func (m *Machine) Selected() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.selected
}

// Stock is how many of item are left (0 for an item never stocked).
func (m *Machine) Stock(item string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stock[item]
}

// SetStock is the operator filling or emptying a slot, in any state.
func (m *Machine) SetStock(item string, count int) error {
	if count < 0 {
		return fmt.Errorf("%w: %s=%d", ErrNegativeStock, item, count)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stock[item] = count
	return nil
}
