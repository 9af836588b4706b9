package parse

import (
	"unsafe"

	"custimport/record"
)

// Sizes of the blocks an arena carves values from.
const (
	textBlockSize   = 64 << 10 // bytes
	cellBlockSize   = 4 << 10  // strings
	recordBlockSize = 256      // Records, and JSONValues
	optBlockSize    = 1 << 10  // list elements
)

// arena hands out record text, cell slices and Records carved from large
// blocks, so that reading a record costs a few allocations per block
// instead of several per record. Text that arena.string returned is never
// written again, which is what makes the strings over it immutable.
//
// A block stays in memory while anything carved from it is referenced.
// So one cell value or one Record that is kept keeps its whole block:
// 64 KiB of text, 64 KiB of cells, 256 Records or JSONValues, or 1024
// list elements.
type arena struct {
	text    []byte   // the current text block; its free space is after len
	cells   []string // the free part of the current cell block
	records []Record // the free part of the current Record block
	json    []record.JSONValues
	opts    []record.Opt[string]
}

// string returns b as a string, copied into the current text block.
func (a *arena) string(b []byte) string {
	t := a.bytes(b)
	if len(t) == 0 {
		return ""
	}
	return unsafe.String(&t[0], len(t))
}

// bytes returns a copy of b in the current text block, with its capacity
// cut to its length. The caller must not modify it: strings made from it
// with unsafe.String rely on that.
func (a *arena) bytes(b []byte) []byte {
	if len(b) == 0 {
		return []byte{}
	}
	if len(b) > textBlockSize/4 {
		return append([]byte(nil), b...)
	}
	if len(b) > cap(a.text)-len(a.text) {
		a.text = make([]byte, 0, textBlockSize)
	}
	start := len(a.text)
	a.text = append(a.text, b...)
	return a.text[start:len(a.text):len(a.text)]
}

// cellSlice returns a slice of n empty strings, with its capacity cut.
func (a *arena) cellSlice(n int) []string {
	if n > cellBlockSize/4 {
		return make([]string, n)
	}
	if n > len(a.cells) {
		a.cells = make([]string, cellBlockSize)
	}
	s := a.cells[:n:n]
	a.cells = a.cells[n:]
	return s
}

// record returns a new zero Record.
func (a *arena) record() *Record {
	if len(a.records) == 0 {
		a.records = make([]Record, recordBlockSize)
	}
	rec := &a.records[0]
	a.records = a.records[1:]
	return rec
}

// jsonValues returns a new zero JSONValues.
func (a *arena) jsonValues() *record.JSONValues {
	if len(a.json) == 0 {
		a.json = make([]record.JSONValues, recordBlockSize)
	}
	j := &a.json[0]
	a.json = a.json[1:]
	return j
}

// list returns a copy of items, with its capacity cut.
func (a *arena) list(items []record.Opt[string]) []record.Opt[string] {
	n := len(items)
	if n == 0 {
		return []record.Opt[string]{} // not nil: an empty JSON list is still a list
	}
	if n > optBlockSize/4 {
		return append([]record.Opt[string](nil), items...)
	}
	if n > len(a.opts) {
		a.opts = make([]record.Opt[string], optBlockSize)
	}
	s := a.opts[:n:n]
	a.opts = a.opts[n:]
	copy(s, items)
	return s
}
