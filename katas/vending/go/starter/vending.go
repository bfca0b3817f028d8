// Package vending is your solution to the vending kata (Go track).
//
// The names below are what the hidden tests use: keep them, with these
// signatures and constant values. Everything else - fields, helpers, the
// design itself - is yours. README.md has the rules; check your work with
//
//	trainer kata check vending --lang go
package vending

import (
	"errors"
	"log/slog"
)

// State says where the machine is in a sale.
type State string

// The machine's states (values are part of the contract).
const (
	Idle       State = "idle"
	HasCoin    State = "has_coin"
	Dispensing State = "dispensing"
)

// Event is something that happens to the machine.
type Event string

// The machine's events (values are part of the contract).
const (
	InsertCoin Event = "insert_coin"
	SelectItem Event = "select_item" // carries the item name
	Dispense   Event = "dispense"
	Refund     Event = "refund"
)

// ErrInvalidTransition: the current state does not take this event.
// Return it (wrapped with %w if you like) and change nothing.
var ErrInvalidTransition = errors.New("vending: invalid transition")

// ErrOutOfStock: SelectItem named an unknown item or one with none left.
var ErrOutOfStock = errors.New("vending: out of stock")

// Machine is the vending machine. Add the fields you need.
type Machine struct{}

// New returns an Idle machine with nothing selected. It keeps its own copy of
// stock and fails on a negative count. A nil log means slog.Default().
func New(log *slog.Logger, stock map[string]int) (*Machine, error) {
	panic("TODO")
}

// Send applies ev. item is the chosen item for SelectItem and ignored otherwise.
func (m *Machine) Send(ev Event, item string) error {
	panic("TODO")
}

// State returns the current state.
func (m *Machine) State() State {
	panic("TODO")
}

// Selected returns the item being sold, or "" when nothing is selected.
func (m *Machine) Selected() string {
	panic("TODO")
}

// Stock returns how many of item are left; 0 for an item the machine never had.
func (m *Machine) Stock(item string) int {
	panic("TODO")
}

// SetStock is the operator refilling or emptying a slot, in any state. A
// negative count is an error and changes nothing.
func (m *Machine) SetStock(item string, count int) error {
	panic("TODO")
}
