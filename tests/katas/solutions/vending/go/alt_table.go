// A correct alternative for the vending kata: a transition map of handler
// functions, no mutex (the contract does not ask for concurrency here), and a
// logger derived with With.
package vending

import (
	"errors"
	"fmt"
	"log/slog"
)

type State string
type Event string

const (
	Idle       State = "idle"
	HasCoin    State = "has_coin"
	Dispensing State = "dispensing"
)

const (
	InsertCoin Event = "insert_coin"
	SelectItem Event = "select_item"
	Dispense   Event = "dispense"
	Refund     Event = "refund"
)

var ErrInvalidTransition = errors.New("not allowed now")
var ErrOutOfStock = errors.New("sold out")

type handler func(m *Machine, item string) (State, string, error)

var table = map[State]map[Event]handler{
	Idle: {InsertCoin: func(*Machine, string) (State, string, error) { return HasCoin, "", nil }},
	HasCoin: {
		Refund: func(*Machine, string) (State, string, error) { return Idle, "", nil },
		SelectItem: func(m *Machine, item string) (State, string, error) {
			if m.stock[item] < 1 {
				return "", "", ErrOutOfStock
			}
			return Dispensing, item, nil
		},
	},
	Dispensing: {Dispense: func(m *Machine, _ string) (State, string, error) {
		if m.stock[m.selected] == 0 {
			m.log.Warn("slot empty at dispense", "item", m.selected)
			return Idle, "", nil
		}
		m.stock[m.selected]--
		return Idle, "", nil
	}},
}

type Machine struct {
	log      *slog.Logger
	state    State
	selected string
	stock    map[string]int
}

func New(log *slog.Logger, stock map[string]int) (*Machine, error) {
	if log == nil {
		log = slog.Default()
	}
	copied := map[string]int{}
	for k, v := range stock {
		if v < 0 {
			return nil, fmt.Errorf("stock of %s is %d", k, v)
		}
		copied[k] = v
	}
	return &Machine{log: log.With("component", "vending"), state: Idle, stock: copied}, nil
}

func (m *Machine) Send(ev Event, item string) error {
	h, ok := table[m.state][ev]
	if !ok {
		return fmt.Errorf("%w (%s, %s)", ErrInvalidTransition, m.state, ev)
	}
	to, sel, err := h(m, item)
	if err != nil {
		m.log.Info("refused", "item", item)
		return err
	}
	m.log.Info("move", slog.Group("t", "from", m.state, "to", to, "event", ev))
	m.state, m.selected = to, sel
	return nil
}

func (m *Machine) State() State          { return m.state }
func (m *Machine) Selected() string      { return m.selected }
func (m *Machine) Stock(item string) int { return m.stock[item] }

func (m *Machine) SetStock(item string, count int) error {
	if count < 0 {
		return errors.New("negative")
	}
	m.stock[item] = count
	return nil
}
