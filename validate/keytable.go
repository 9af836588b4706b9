package validate

import "math/bits"

// keyTable is an open-addressing hash set of 64-bit key hashes, each
// with the row that claimed it. A slot holds the hash and the row in 12
// bytes, so finding a key and storing its row touch one cache line (two
// for the one slot in eight that crosses a line). It probes linearly. The
// home slot of a hash is hash*len>>64, so any table length works and the
// table can be sized exactly from a hint. At most maxLoad of the slots
// are in use before it doubles.
//
// Hash 0 marks an empty slot, so a key whose hash is 0 is stored as 1.
type keyTable struct {
	slots []keySlot
	used  int
	limit int    // used may reach limit before the table grows
	sink  uint32 // sum of the slots that touch read; storing it keeps the reads
}

// keySlot is a hash, split in two halves to keep the slot at 12 bytes,
// and the row that claimed it.
type keySlot struct {
	lo, hi uint32
	row    int32
}

func (s *keySlot) hash() uint64 { return uint64(s.hi)<<32 | uint64(s.lo) }

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
	slots := make([]keySlot, n)
	adviseHugePages(slots)
	return keyTable{slots: slots, limit: n / maxLoadDen * maxLoadNum}
}

// home returns the slot where the probe for h starts.
func (t *keyTable) home(h uint64) int {
	hi, _ := bits.Mul64(h, uint64(len(t.slots)))
	return int(hi)
}

// find returns the row stored for h and whether h is in the table.
func (t *keyTable) find(h uint64) (int32, bool) {
	h = max(h, 1)
	n := len(t.slots)
	for i := t.home(h); ; i++ {
		if i == n {
			i = 0
		}
		switch s := &t.slots[i]; s.hash() {
		case h:
			return s.row, true
		case 0:
			return 0, false
		}
	}
}

// touch reads the home slot of each key, so that the cache misses of a
// row's keys overlap, instead of each find waiting for its own.
func (t *keyTable) touch(keys []rowKey) {
	var sum uint32
	for _, k := range keys {
		sum += t.slots[t.home(max(k.hash, 1))].lo
	}
	t.sink += sum
}

// put stores row for h, replacing the row of a hash already present.
func (t *keyTable) put(h uint64, row int32) {
	if t.used >= t.limit {
		t.grow()
	}
	h = max(h, 1)
	n := len(t.slots)
	for i := t.home(h); ; i++ {
		if i == n {
			i = 0
		}
		switch s := &t.slots[i]; s.hash() {
		case h:
			s.row = row
			return
		case 0:
			*s = keySlot{lo: uint32(h), hi: uint32(h >> 32), row: row}
			t.used++
			return
		}
	}
}

// grow doubles the table and moves every key into the new slots.
func (t *keyTable) grow() {
	old := *t
	*t = newKeyTable(2 * old.limit)
	t.sink = old.sink
	for i := range old.slots {
		if s := &old.slots[i]; s.hash() != 0 {
			t.put(s.hash(), s.row)
		}
	}
}
