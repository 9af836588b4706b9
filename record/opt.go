// Package record defines the customer record that flows through custimport:
// the raw cells read from a file, the CustomerCreateInput sent to Linear,
// and the per-row problems found on the way.
package record

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
)

type optState uint8

const (
	stateUndefined optState = iota
	stateNull
	stateValue
)

// Opt is an optional value with three states: undefined, null, or a value.
// The zero Opt is undefined. With the `json:",omitzero"` tag an undefined
// Opt is left out of the encoded object, a null one is written as null,
// and a value is written as the value itself.
type Opt[T any] struct {
	state optState
	value T
}

// Some returns an Opt holding v.
func Some[T any](v T) Opt[T] { return Opt[T]{state: stateValue, value: v} }

// Null returns an Opt that is explicitly null.
func Null[T any]() Opt[T] { return Opt[T]{state: stateNull} }

// IsZero reports whether o is undefined; encoding/json calls it for omitzero.
func (o Opt[T]) IsZero() bool { return o.state == stateUndefined }

// IsNull reports whether o is explicitly null.
func (o Opt[T]) IsNull() bool { return o.state == stateNull }

// IsSet reports whether o holds a value.
func (o Opt[T]) IsSet() bool { return o.state == stateValue }

// Get returns the value and whether there is one.
func (o Opt[T]) Get() (T, bool) { return o.value, o.state == stateValue }

// Value returns the value, or the zero T when o is undefined or null.
func (o Opt[T]) Value() T { return o.value }

// MarshalJSON writes null or the value. An undefined Opt is also written as
// null; tag the field omitzero to leave it out instead.
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if o.state != stateValue {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// UnmarshalJSON sets o to null for a JSON null and to the decoded value
// otherwise. A key missing from the object leaves o undefined.
func (o *Opt[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*o = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*o = Some(v)
	return nil
}

// UnmarshalCSV implements gocsv's TypeUnmarshaller for Opt[string]: a cell
// that is empty or holds only Unicode white space (U+00A0 included) is
// undefined, anything else is kept as written. For other element types it
// reports an error, since cells are parsed into typed values by package
// validate, not by gocsv.
func (o *Opt[T]) UnmarshalCSV(cell string) error {
	p, ok := any(&o.value).(*string)
	if !ok {
		return errNotText
	}
	if IsBlank(cell) {
		*o = Opt[T]{}
		return nil
	}
	*p = cell
	o.state = stateValue
	return nil
}

// IsBlank reports whether s is empty or consists only of Unicode white space.
func IsBlank(s string) bool {
	return strings.TrimFunc(s, unicode.IsSpace) == ""
}
