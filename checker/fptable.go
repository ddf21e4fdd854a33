package checker

import "sync/atomic"

// fpTable is an open-addressing set of 64-bit fingerprints with linear
// probing: 8 bytes a slot, 0 marks an empty slot (a fingerprint of 0 is
// stored as 1). Slots are indexed by the fingerprint's top bits. Adds use
// compare-and-swap, so several workers may add at once.
type fpTable struct {
	slots []uint64
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
	old := t.slots
	t.slots = make([]uint64, c)
	t.mask = uint64(c - 1)
	t.shift = shiftFor(c)
	for _, v := range old {
		if v != 0 {
			t.place(v)
		}
	}
}

// place puts v into a free slot; single-threaded use only (resize).
func (t *fpTable) place(v uint64) {
	i := v >> t.shift
	for t.slots[i] != 0 {
		i = (i + 1) & t.mask
	}
	t.slots[i] = v
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
