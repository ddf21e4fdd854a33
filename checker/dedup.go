package checker

import (
	"bytes"
	"fmt"
)

// dedupTable is a worker's reusable open-addressing table of one bucket's
// candidates. A slot holds a candidate's hash and its key plus one (0
// marks an empty slot); in exact mode src[i] says where slot i's
// candidate lies (worker<<32 | index in its bucket), so that its encoding
// can be read. Slots are indexed by the hash bits below the bucket's, as
// the visited set's shards are, so that reading the table front to back
// probes the shard front to back.
type dedupTable struct {
	slots []candidate
	src   []uint64
	shift uint
}

func (d *dedupTable) reset(n int, exact bool) {
	c := 16
	for c < 2*n {
		c *= 2
	}
	if cap(d.slots) < c {
		d.slots = make([]candidate, c)
	} else {
		d.slots = d.slots[:c]
		clear(d.slots)
	}
	if exact {
		if cap(d.src) < c {
			d.src = make([]uint64, c)
		}
		d.src = d.src[:c]
	}
	d.shift = shiftFor(c)
}

// bucketWins locates the new states of one bucket: wins[lo:hi] of worker
// w (and, in exact mode, their sources winSrc[lo:hi]). added: they are
// already in the visited set (see dedupBucket).
type bucketWins struct {
	w, lo, hi int
	added     bool
}

// dedupAndAdd deduplicates each bucket's candidates across workers, drops
// those in the visited set, adds the rest (the winners) to it, and returns
// their keys with ok true. sorted says that the keys are already in key
// order (orderedKeys put them there; the caller then sorts nothing). When
// the search records the liveness graph, it also returns their locations
// in the visited set (fpTable.setIDAt) in the same order, and the keys
// unsorted. A bucket's hashes share their top bits,
// which pick the visited set's shard (fptable.go), so one worker
// deduplicates and adds a bucket with no other worker in its shard. It
// returns false when the run was stopped meanwhile, or when the level is
// too large or would not fit in the memory budget (the visited set's
// growth and the level's states are checked before they are allocated).
func (s *search[S, A]) dedupAndAdd(ws []*worker[S, A]) (keys, locs []uint64, sorted, ok bool) {
	for _, w := range ws {
		w.wins, w.winSrc = w.wins[:0], w.winSrc[:0]
	}
	var res [numBuckets]bucketWins
	work := &chunks{n: numBuckets, size: 1}
	parallel(s.workers, func(wi int) {
		for {
			b, _, ok := work.take()
			if !ok || s.lim.poll() {
				return
			}
			res[b] = s.dedupBucket(ws, wi, b)
		}
	})
	if s.lim.stopped.Load() {
		return nil, nil, false, false
	}
	var counts [numBuckets]int // of the buckets still to add
	total := 0
	for b, r := range res {
		total += r.hi - r.lo
		if !r.added {
			counts[b] = r.hi - r.lo
		}
	}
	if uint64(total) > maxLevel {
		s.lim.stop(fmt.Sprintf("level %d has %d new states, more than the %d a level can hold", s.depth+1, total, maxLevel))
		return nil, nil, false, false
	}
	fp, _ := s.seen.(*fpTable)
	growth := s.seen.growBytes(total)
	if fp != nil {
		growth = fp.bucketBytes(&counts)
	}
	if !s.lim.afford(growth+s.levelBytes(total), fmt.Sprintf("level %d (%d new states)", s.depth+1, total)) {
		return nil, nil, false, false
	}
	if fp != nil {
		work = &chunks{n: numBuckets, size: 1}
		parallel(s.workers, func(int) {
			for b, _, ok := work.take(); ok && !s.lim.poll(); b, _, ok = work.take() {
				if r := res[b]; !r.added {
					fp.addBucket(b, ws[r.w].wins[r.lo:r.hi])
				}
			}
		})
	} else {
		s.seen.grow(total)
		for b, r := range res {
			if b%32 == 0 && s.lim.poll() {
				break
			}
			w := ws[r.w]
			for i := r.lo; i < r.hi; i++ {
				src := w.winSrc[i]
				s.seen.add(w.wins[i].h, ws[src>>32].encodingOf(b, int(uint32(src))))
			}
		}
	}
	if s.lim.stopped.Load() {
		return nil, nil, false, false
	}
	if s.rec == nil || s.rec.stopped != "" {
		if keys, ok := s.orderedKeys(ws, &res, total); ok {
			return keys, nil, true, true
		}
	}
	keys = s.keyBuf[:0]
	for _, r := range res {
		for _, c := range ws[r.w].wins[r.lo:r.hi] {
			keys = append(keys, c.key)
		}
	}
	s.keyBuf = keys
	if s.rec != nil && s.rec.stopped == "" {
		locs = s.locBuf[:0]
		for _, r := range res {
			for _, c := range ws[r.w].wins[r.lo:r.hi] {
				locs = append(locs, c.h) // addBucket left the location there
			}
		}
		s.locBuf = locs
		if locs == nil {
			locs = []uint64{} // an empty level: recorded all the same
		}
	}
	return keys, locs, false, true
}

// dedupBucket merges bucket b of every worker in worker wi's table, and
// appends to its wins those not visited in an earlier level, each with the
// smallest key that reached it.
func (s *search[S, A]) dedupBucket(ws []*worker[S, A], wi, b int) bucketWins {
	self := ws[wi]
	lo := len(self.wins)
	n := 0
	for _, w := range ws {
		n += len(w.buckets[b])
	}
	if n == 0 {
		return bucketWins{w: wi, lo: lo, hi: lo, added: true}
	}
	exact := s.opts.Exact
	d := &self.dedup
	d.reset(n, exact)
	mask, shift := uint64(len(d.slots)-1), d.shift
	slots := d.slots
	for wj, w := range ws {
		for ci, c := range w.buckets[b] {
			i := (c.h << bucketBits) >> shift
			for {
				sl := &slots[i]
				if sl.key == 0 {
					*sl = candidate{h: c.h, key: c.key + 1}
					if exact {
						d.src[i] = uint64(wj)<<32 | uint64(ci)
					}
					break
				}
				if sl.h == c.h && (!exact || s.sameEncoding(ws, b, d.src[i], wj, ci)) {
					sl.key = min(sl.key, c.key+1)
					break
				}
				i = (i + 1) & mask
			}
		}
	}
	// Keep only the states not visited in an earlier level, probing the
	// shard in hash order. When the shard has room for all of the
	// bucket's states, each new one is added at once, in the empty slot
	// the probe ended on, while that part of the shard is in cache;
	// otherwise dedupAndAdd grows the shard and adds them, once it knows
	// that the growth fits in the memory budget.
	if fp, ok := s.seen.(*fpTable); ok {
		sh := &fp.shards[b]
		if (sh.n+n)*maxLoadDen > len(sh.slots)*maxLoadNum {
			for _, sl := range slots {
				if sl.key != 0 && !sh.has(fingerprint(sl.h)) {
					self.wins = append(self.wins, candidate{h: sl.h, key: sl.key - 1})
				}
			}
			return bucketWins{w: wi, lo: lo, hi: len(self.wins)}
		}
		for _, sl := range slots {
			if sl.key == 0 {
				continue
			}
			if slot, added := sh.add(fingerprint(sl.h)); added {
				h := sl.h
				if fp.withIDs {
					h = uint64(b)<<32 | slot // the location, for setIDAt
				}
				self.wins = append(self.wins, candidate{h: h, key: sl.key - 1})
			}
		}
		return bucketWins{w: wi, lo: lo, hi: len(self.wins), added: true}
	}
	for i, sl := range slots {
		if sl.key == 0 {
			continue
		}
		src := d.src[i]
		if !s.seen.contains(sl.h, ws[src>>32].encodingOf(b, int(uint32(src)))) {
			self.wins = append(self.wins, candidate{h: sl.h, key: sl.key - 1})
			self.winSrc = append(self.winSrc, src)
		}
	}
	return bucketWins{w: wi, lo: lo, hi: len(self.wins)}
}

// sameEncoding reports whether the candidate at src (worker<<32 | index)
// and candidate ci of worker wi, both of bucket b, have equal encodings
// (exact mode).
func (s *search[S, A]) sameEncoding(ws []*worker[S, A], b int, src uint64, wi, ci int) bool {
	return bytes.Equal(ws[src>>32].encodingOf(b, int(uint32(src))), ws[wi].encodingOf(b, ci))
}
