package checker

// visited is the set of states found in earlier levels. Within a level it is
// first only read (contains, while deduplicating), then grown, then added to
// (add); the phases are separated by barriers.
type visited interface {
	// contains reports whether the state with hash h and encoding enc is in
	// the set. Safe for concurrent use while no add is running.
	contains(h uint64, enc []byte) bool
	// grow makes room for n more states. Not safe for concurrent use.
	grow(n int)
	// growBytes estimates the bytes that grow(n) and adding n states
	// allocate, while the old table is still alive.
	growBytes(n int) uint64
	// add inserts a state known not to be in the set. Not safe for
	// concurrent use (the fingerprint table's insert is; see dedupAndAdd).
	add(h uint64, enc []byte)
	len() int
	bytes() uint64
}

// maxLoad is the load factor above which a table is doubled before adding.
// Linear probing stays short up to 3/4, and doubling at 3/4 keeps the load
// between 3/8 and 3/4: 10.7 to 21.3 bytes a state for 8-byte slots.
const maxLoadNum, maxLoadDen = 3, 4

// capacityFor returns the smallest power of two that holds n entries at no
// more than the maximum load, and at least 1024.
func capacityFor(n int) int {
	c := 1024
	for c*maxLoadNum/maxLoadDen < n {
		c *= 2
	}
	return c
}

// shiftFor returns the shift that maps a 64-bit hash to an index in a table
// of capacity c (a power of two) by its top bits.
func shiftFor(c int) uint {
	s := uint(64)
	for c > 1 {
		c >>= 1
		s--
	}
	return s
}
