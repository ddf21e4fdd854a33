package checker

// fpTable is a set of 64-bit fingerprints (0 is stored as 1), split into
// numBuckets shards by the fingerprint's top bucketBits bits: the same bits
// that sort a level's candidates into buckets (expand.go), so that the
// worker deduplicating bucket b is the only one to read or write shard b
// (dedup.go), without locks or atomics, and one bucket's probes stay in
// one shard, small enough to stay in cache. Each shard is an
// open-addressing table with linear probing, 8 bytes a slot, 0 marking an
// empty slot, indexed by the bits below the shard's: a shard's slots are
// in fingerprint order but for collisions, so probing a bucket's
// candidates in fingerprint order reads the shard front to back. Each
// shard doubles on its own when it passes the maximum load, while its
// bucket is being added; no single-threaded resize of the whole set ever
// happens.
type fpTable struct {
	shards [numBuckets]fpShard
	// withIDs: the search records the liveness graph (record.go) and each
	// slot keeps the number of its state.
	withIDs bool
}

// fpShard is one shard of an fpTable.
type fpShard struct {
	slots []uint64
	ids   []uint32 // ids[i]: the number of slot i's state (fpTable.withIDs)
	mask  uint64
	shift uint // index of v: (v << bucketBits) >> shift
	n     int
}

// shardOf returns the shard of fingerprint v.
func shardOf(v uint64) int { return int(v >> (64 - bucketBits)) }

func newFPTable() *fpTable {
	t := &fpTable{}
	for b := range t.shards {
		t.shards[b].resize(shardCapacityFor(0), false)
	}
	return t
}

func fingerprint(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// shardCapacityFor returns the smallest power of two that holds n
// fingerprints at no more than the maximum load, and at least 16.
func shardCapacityFor(n int) int {
	c := 16
	for c*maxLoadNum/maxLoadDen < n {
		c *= 2
	}
	return c
}

func (sh *fpShard) resize(c int, ids bool) {
	old, oldIDs := sh.slots, sh.ids
	sh.slots = zeroedSlots(c)
	sh.ids = nil
	if ids {
		sh.ids = make([]uint32, c)
	}
	sh.mask = uint64(c - 1)
	sh.shift = shiftFor(c)
	for k, v := range old {
		if v != 0 {
			i := sh.place(v)
			if oldIDs != nil {
				sh.ids[i] = oldIDs[k]
			}
		}
	}
}

// zeroedSlots returns c zeroed slots, having written a zero to each page
// of them (4 KiB, 512 slots). A large array may come fresh from the
// system, and the first access to each of its pages faults: a read maps
// the shared zero page and the write after it faults a second time, for
// the page itself. Placing fingerprints reads each slot before writing
// it, so writing the pages first saves a fault per page: a fifth of the
// search's page faults on TwoPhase commit.
func zeroedSlots(c int) []uint64 {
	s := make([]uint64, c)
	for i := 0; i < len(s); i += 512 {
		s[i] = 0
	}
	return s
}

// place puts v, known not to be in the shard, into a free slot and
// returns the slot.
func (sh *fpShard) place(v uint64) uint64 {
	i := (v << bucketBits) >> sh.shift
	for sh.slots[i] != 0 {
		i = (i + 1) & sh.mask
	}
	sh.slots[i] = v
	return i
}

func (sh *fpShard) has(v uint64) bool {
	for i := (v << bucketBits) >> sh.shift; ; i = (i + 1) & sh.mask {
		switch sh.slots[i] {
		case v:
			return true
		case 0:
			return false
		}
	}
}

// add puts v into the shard unless it is there, and returns its slot and
// whether it was added; the shard must have room for one more.
func (sh *fpShard) add(v uint64) (slot uint64, added bool) {
	i := (v << bucketBits) >> sh.shift
	for {
		switch sh.slots[i] {
		case v:
			return i, false
		case 0:
			sh.slots[i] = v
			sh.n++
			return i, true
		}
		i = (i + 1) & sh.mask
	}
}

// slotOf returns the slot of v, which must be in the shard.
func (sh *fpShard) slotOf(v uint64) uint64 {
	i := (v << bucketBits) >> sh.shift
	for sh.slots[i] != v {
		i = (i + 1) & sh.mask
	}
	return i
}

// reserve makes room for n more fingerprints.
func (sh *fpShard) reserve(n int, ids bool) {
	if need := sh.n + n; need*maxLoadDen > len(sh.slots)*maxLoadNum {
		sh.resize(shardCapacityFor(need), ids)
	}
}

// reserveBytes is what reserve(n) allocates.
func (sh *fpShard) reserveBytes(n int, ids bool) uint64 {
	if need := sh.n + n; need*maxLoadDen > len(sh.slots)*maxLoadNum {
		if ids {
			return uint64(shardCapacityFor(need)) * 12
		}
		return uint64(shardCapacityFor(need)) * 8
	}
	return 0
}

// insert adds v, after reserve, and reports whether it was new.
func (sh *fpShard) insert(v uint64) bool {
	i := (v << bucketBits) >> sh.shift
	for {
		switch sh.slots[i] {
		case v:
			return false
		case 0:
			sh.slots[i] = v
			sh.n++
			return true
		}
		i = (i + 1) & sh.mask
	}
}

// numbered makes the table keep a number for each state (setID, idOf).
// It must be called before the first add.
func (t *fpTable) numbered() {
	t.withIDs = true
	for b := range t.shards {
		t.shards[b].ids = make([]uint32, len(t.shards[b].slots))
	}
}

// setID numbers the state of fingerprint h, which is in the table. Safe
// for concurrent use on distinct fingerprints while nothing is added.
func (t *fpTable) setID(h uint64, id int) {
	v := fingerprint(h)
	sh := &t.shards[shardOf(v)]
	sh.ids[sh.slotOf(v)] = uint32(id)
}

// idOf returns the number of the state of fingerprint h.
func (t *fpTable) idOf(h uint64) uint32 {
	v := fingerprint(h)
	sh := &t.shards[shardOf(v)]
	return sh.ids[sh.slotOf(v)]
}

// contains reports whether h is in the table. Safe for concurrent use
// while nothing is added, and, within a level's deduplication, on shard
// shardOf(h) by the one worker that owns it.
func (t *fpTable) contains(h uint64, _ []byte) bool {
	v := fingerprint(h)
	return t.shards[shardOf(v)].has(v)
}

// grow does nothing: each shard grows as it is added to (add, addBucket).
func (t *fpTable) grow(int) {}

// growBytes estimates what adding n fingerprints spread evenly over the
// shards allocates; dedupAndAdd, which knows each bucket's count, uses
// bucketBytes instead.
func (t *fpTable) growBytes(n int) uint64 {
	var b uint64
	for s := range t.shards {
		b += t.shards[s].reserveBytes((n+numBuckets-1)/numBuckets, t.withIDs)
	}
	return b
}

// bucketBytes is what adding counts[b] fingerprints to each shard b
// allocates.
func (t *fpTable) bucketBytes(counts *[numBuckets]int) uint64 {
	var b uint64
	for s := range t.shards {
		b += t.shards[s].reserveBytes(counts[s], t.withIDs)
	}
	return b
}

// add inserts h; single-threaded use only (the initial states).
func (t *fpTable) add(h uint64, _ []byte) {
	v := fingerprint(h)
	sh := &t.shards[shardOf(v)]
	sh.reserve(1, t.withIDs)
	sh.insert(v)
}

// addBucket adds the fingerprints of cs, all of shard b and not in it,
// growing the shard first if they would take it past the maximum load.
// When the table numbers its states, each candidate's hash is replaced by
// its location in the table (see setIDAt). Safe for concurrent use on
// distinct shards.
func (t *fpTable) addBucket(b int, cs []candidate) {
	sh := &t.shards[b]
	sh.reserve(len(cs), t.withIDs)
	for i, c := range cs {
		slot := sh.place(fingerprint(c.h))
		sh.n++
		if t.withIDs {
			cs[i].h = uint64(b)<<32 | slot
		}
	}
}

// setIDAt numbers the state at location loc, as addBucket gave it: no
// probe. Safe for concurrent use on distinct locations while nothing is
// added.
func (t *fpTable) setIDAt(loc uint64, id int) {
	t.shards[loc>>32].ids[uint32(loc)] = uint32(id)
}

func (t *fpTable) len() int {
	n := 0
	for b := range t.shards {
		n += t.shards[b].n
	}
	return n
}

// bytes is the size of the slots (the numbers in ids are the liveness
// graph's and counted with it).
func (t *fpTable) bytes() uint64 {
	var n uint64
	for b := range t.shards {
		n += uint64(len(t.shards[b].slots)) * 8
	}
	return n
}
