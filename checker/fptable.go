package checker

import "sync/atomic"

// fpTable is an open-addressing set of 64-bit fingerprints with linear
// probing: 8 bytes a slot, 0 marks an empty slot (a fingerprint of 0 is
// stored as 1). Slots are indexed by the fingerprint's top bits. Adds use
// compare-and-swap, so several workers may add at once.
type fpTable struct {
	slots []uint64
	// ids, when the search records the liveness graph (record.go): the
	// number of each slot's state; nil otherwise.
	ids   []uint32
	mask  uint64
	shift uint
	n     atomic.Int64
}

func newFPTable() *fpTable {
	t := &fpTable{}
	t.resize(capacityFor(0))
	return t
}

func fingerprint(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

func (t *fpTable) resize(c int) {
	old, oldIDs := t.slots, t.ids
	t.slots = make([]uint64, c)
	if oldIDs != nil {
		t.ids = make([]uint32, c)
	}
	t.mask = uint64(c - 1)
	t.shift = shiftFor(c)
	for k, v := range old {
		if v != 0 {
			i := t.place(v)
			if oldIDs != nil {
				t.ids[i] = oldIDs[k]
			}
		}
	}
}

// numbered makes the table keep a number for each state (setID, idOf).
// It must be called before the first add.
func (t *fpTable) numbered() { t.ids = make([]uint32, len(t.slots)) }

// slotOf returns the slot of h, which must be in the table.
func (t *fpTable) slotOf(h uint64) uint64 {
	v := fingerprint(h)
	i := v >> t.shift
	for t.slots[i] != v {
		i = (i + 1) & t.mask
	}
	return i
}

// setID numbers the state of fingerprint h, which is in the table. Safe
// for concurrent use on distinct fingerprints while nothing is added.
func (t *fpTable) setID(h uint64, id int) { t.ids[t.slotOf(h)] = uint32(id) }

// idOf returns the number of the state of fingerprint h.
func (t *fpTable) idOf(h uint64) uint32 { return t.ids[t.slotOf(h)] }

// place puts v into a free slot and returns it; single-threaded use only
// (resize).
func (t *fpTable) place(v uint64) uint64 {
	i := v >> t.shift
	for t.slots[i] != 0 {
		i = (i + 1) & t.mask
	}
	t.slots[i] = v
	return i
}

func (t *fpTable) contains(h uint64, _ []byte) bool {
	v := fingerprint(h)
	for i := v >> t.shift; ; i = (i + 1) & t.mask {
		switch atomic.LoadUint64(&t.slots[i]) {
		case v:
			return true
		case 0:
			return false
		}
	}
}

func (t *fpTable) grow(n int) {
	if need := int(t.n.Load()) + n; need*maxLoadDen > len(t.slots)*maxLoadNum {
		t.resize(capacityFor(need))
	}
}

func (t *fpTable) growBytes(n int) uint64 {
	if need := int(t.n.Load()) + n; need*maxLoadDen > len(t.slots)*maxLoadNum {
		if t.ids != nil {
			return uint64(capacityFor(need)) * 12
		}
		return uint64(capacityFor(need)) * 8
	}
	return 0
}

func (t *fpTable) add(h uint64, _ []byte) {
	if t.insert(h) {
		t.n.Add(1)
	}
}

// insert adds h and reports whether it was new, without counting it: a
// worker that inserts many counts them once (addCounted), since every
// worker incrementing one shared counter would fight over its cache line.
func (t *fpTable) insert(h uint64) bool {
	v := fingerprint(h)
	for i := v >> t.shift; ; {
		cur := atomic.LoadUint64(&t.slots[i])
		if cur == v {
			return false // another worker added the same fingerprint: a collision within the level
		}
		if cur == 0 {
			if atomic.CompareAndSwapUint64(&t.slots[i], 0, v) {
				return true
			}
			continue // lost the race for this slot: look at it again
		}
		i = (i + 1) & t.mask
	}
}

// counted adds n inserted fingerprints to the count.
func (t *fpTable) counted(n int) { t.n.Add(int64(n)) }

func (t *fpTable) len() int      { return int(t.n.Load()) }
func (t *fpTable) bytes() uint64 { return uint64(len(t.slots)) * 8 }
