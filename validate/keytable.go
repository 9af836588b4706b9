package validate

import "math/bits"

// keyTable is an open-addressing hash set of 64-bit key hashes, each
// with the row that claimed it. It stores 12 bytes a slot in two
// parallel arrays and probes linearly. The home slot of a hash is
// hash*len>>64, so any table length works and the table can be sized
// exactly from a hint. At most maxLoad of the slots are in use before it
// doubles.
//
// Hash 0 marks an empty slot, so a key whose hash is 0 is stored as 1.
type keyTable struct {
	hashes []uint64
	rows   []int32
	used   int
	limit  int    // used may reach limit before the table grows
	sink   uint64 // sum of the slots that touch read; storing it keeps the reads
}

// The fill factor at which keyTable doubles, as a fraction.
const (
	maxLoadNum = 4
	maxLoadDen = 5
)

// minTableSlots is the length of a table made without a hint.
const minTableSlots = 1024

// newKeyTable returns a table that holds expected keys without growing.
func newKeyTable(expected int) keyTable {
	n := max(minTableSlots, expected/maxLoadNum*maxLoadDen+maxLoadDen)
	return keyTable{
		hashes: make([]uint64, n),
		rows:   make([]int32, n),
		limit:  n / maxLoadDen * maxLoadNum,
	}
}

// home returns the slot where the probe for h starts.
func (t *keyTable) home(h uint64) int {
	hi, _ := bits.Mul64(h, uint64(len(t.hashes)))
	return int(hi)
}

// find returns the row stored for h and whether h is in the table.
func (t *keyTable) find(h uint64) (int32, bool) {
	h = max(h, 1)
	n := len(t.hashes)
	for i := t.home(h); ; i++ {
		if i == n {
			i = 0
		}
		switch t.hashes[i] {
		case h:
			return t.rows[i], true
		case 0:
			return 0, false
		}
	}
}

// touch reads the home slot of each key, so that the cache misses of a
// row's keys overlap, instead of each find waiting for its own.
func (t *keyTable) touch(keys []rowKey) {
	var sum uint64
	for _, k := range keys {
		sum += t.hashes[t.home(max(k.hash, 1))]
	}
	t.sink = sum
}

// put stores row for h, replacing the row of a hash already present.
func (t *keyTable) put(h uint64, row int32) {
	if t.used >= t.limit {
		t.grow()
	}
	h = max(h, 1)
	n := len(t.hashes)
	for i := t.home(h); ; i++ {
		if i == n {
			i = 0
		}
		switch t.hashes[i] {
		case h:
			t.rows[i] = row
			return
		case 0:
			t.hashes[i], t.rows[i] = h, row
			t.used++
			return
		}
	}
}

// grow doubles the table and moves every key into the new slots.
func (t *keyTable) grow() {
	old := *t
	*t = newKeyTable(2 * old.limit)
	for i, h := range old.hashes {
		if h != 0 {
			t.put(h, old.rows[i])
		}
	}
}
