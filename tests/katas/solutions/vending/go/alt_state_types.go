// A correct alternative for the vending kata: one type per state behind an
// interface, each state answering only the events it knows.
package vending

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
)

type State string

const (
	Idle       State = "idle"
	HasCoin    State = "has_coin"
	Dispensing State = "dispensing"
)

type Event string

const (
	InsertCoin Event = "insert_coin"
	SelectItem Event = "select_item"
	Dispense   Event = "dispense"
	Refund     Event = "refund"
)

var (
	ErrInvalidTransition = errors.New("invalid transition")
	ErrOutOfStock        = errors.New("out of stock")
)

type stateImpl interface {
	name() State
	handle(m *Machine, ev Event, item string) (stateImpl, error)
}

type idle struct{}
type hasCoin struct{}
type dispensing struct{ item string }

func (idle) name() State       { return Idle }
func (hasCoin) name() State    { return HasCoin }
func (dispensing) name() State { return Dispensing }

func (idle) handle(m *Machine, ev Event, _ string) (stateImpl, error) {
	if ev == InsertCoin {
		return hasCoin{}, nil
	}
	return nil, ErrInvalidTransition
}

func (hasCoin) handle(m *Machine, ev Event, item string) (stateImpl, error) {
	switch ev {
	case Refund:
		return idle{}, nil
	case SelectItem:
		if n, ok := m.stock[item]; !ok || n < 1 {
			return nil, fmt.Errorf("%q: %w", item, ErrOutOfStock)
		}
		return dispensing{item}, nil
	}
	return nil, ErrInvalidTransition
}

func (d dispensing) handle(m *Machine, ev Event, _ string) (stateImpl, error) {
	if ev != Dispense {
		return nil, ErrInvalidTransition
	}
	if m.stock[d.item] > 0 {
		m.stock[d.item]--
	} else {
		m.log.Warn("cannot dispense", slog.String("item", d.item))
	}
	return idle{}, nil
}

type Machine struct {
	mu    sync.Mutex
	log   *slog.Logger
	cur   stateImpl
	stock map[string]int
}

func New(log *slog.Logger, stock map[string]int) (*Machine, error) {
	if log == nil {
		log = slog.Default()
	}
	m := &Machine{log: log, cur: idle{}, stock: map[string]int{}}
	for k, v := range stock {
		if v < 0 {
			return nil, errors.New("negative stock")
		}
		m.stock[k] = v
	}
	return m, nil
}

func (m *Machine) Send(ev Event, item string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	next, err := m.cur.handle(m, ev, item)
	if err != nil {
		if errors.Is(err, ErrInvalidTransition) {
			err = fmt.Errorf("%s/%s: %w", m.cur.name(), ev, err)
		}
		return err
	}
	m.log.Info(fmt.Sprintf("%s --%s--> %s", m.cur.name(), ev, next.name()))
	m.cur = next
	return nil
}

func (m *Machine) State() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cur.name()
}

func (m *Machine) Selected() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d, ok := m.cur.(dispensing); ok {
		return d.item
	}
	return ""
}

func (m *Machine) Stock(item string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stock[item]
}

func (m *Machine) SetStock(item string, count int) error {
	if count < 0 {
		return errors.New("negative stock")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stock[item] = count
	return nil
}
