package checker

import (
	"bytes"
	"fmt"
)

// winner is a new state of the level: its hash, the smallest key that
// reached it, and where its candidate lies (worker w, index i in the bucket)
// so that exact mode can read its encoding.
type winner struct {
	h, key uint64
	w, i   uint32
}

// dedupTable is a reusable open-addressing table from hash to an index into
// the bucket's winners. A slot's entry is that index plus one; 0 is empty.
type dedupTable struct {
	slots []dedupSlot
}

type dedupSlot struct {
	h     uint64
	entry int32
}

func (d *dedupTable) reset(n int) {
	c := 16
	for c < 2*n {
		c *= 2
	}
	if cap(d.slots) < c {
		d.slots = make([]dedupSlot, c)
	} else {
		d.slots = d.slots[:c]
		clear(d.slots)
	}
}

// dedupAndAdd deduplicates each bucket's candidates across workers, drops
// those in the visited set, adds the rest (the winners) to it, and returns
// their keys, unsorted. A bucket's hashes share their top bits, and the
// visited set indexes slots by the top bits, so one bucket's probes stay in
// one 1/512th of the table. It returns nil when the run was stopped
// meanwhile, or when the level is too large or would not fit in the memory
// budget (the visited set's growth and the level's states are allocated at
// once, so they are checked before).
func (s *search[S, A]) dedupAndAdd(ws []*worker[S, A]) []uint64 {
	winners := make([][]winner, numBuckets)
	work := &chunks{n: numBuckets, size: 1}
	parallel(s.workers, func(wi int) {
		for {
			b, _, ok := work.take()
			if !ok || s.lim.poll() {
				return
			}
			winners[b] = s.dedupBucket(ws, ws[wi], b)
		}
	})
	if s.lim.stopped.Load() {
		return nil
	}
	total := 0
	for _, wb := range winners {
		total += len(wb)
	}
	if uint64(total) > maxLevel {
		s.lim.stop(fmt.Sprintf("level %d has %d new states, more than the %d a level can hold", s.depth+1, total, maxLevel))
		return nil
	}
	if !s.lim.afford(s.seen.growBytes(total)+s.levelBytes(total), fmt.Sprintf("level %d (%d new states)", s.depth+1, total)) {
		return nil
	}
	s.seen.grow(total)
	add := func(b int) {
		for _, win := range winners[b] {
			var enc []byte
			if s.opts.Exact {
				enc = ws[win.w].encodingOf(b, int(win.i))
			}
			s.seen.add(win.h, enc)
		}
	}
	if fp, ok := s.seen.(*fpTable); ok {
		work = &chunks{n: numBuckets, size: 1}
		parallel(s.workers, func(int) {
			n := 0
			for b, _, ok := work.take(); ok && !s.lim.poll(); b, _, ok = work.take() {
				for _, win := range winners[b] {
					if fp.insert(win.h) {
						n++
					}
				}
			}
			fp.counted(n)
		})
	} else {
		for b := range winners {
			if b%32 == 0 && s.lim.poll() {
				break
			}
			add(b)
		}
	}
	if s.lim.stopped.Load() {
		return nil
	}
	keys := make([]uint64, 0, total)
	for _, wb := range winners {
		for _, win := range wb {
			keys = append(keys, win.key)
		}
	}
	return keys
}

// dedupBucket merges bucket b of every worker, using self's table.
func (s *search[S, A]) dedupBucket(ws []*worker[S, A], self *worker[S, A], b int) []winner {
	n := 0
	for _, w := range ws {
		n += len(w.buckets[b])
	}
	if n == 0 {
		return nil
	}
	d := &self.dedup
	d.reset(n)
	mask := uint64(len(d.slots) - 1)
	out := make([]winner, 0, n)
	for wi, w := range ws {
		for ci, c := range w.buckets[b] {
			i := (c.h * 0x9E3779B97F4A7C15) >> 32 & mask // the top bits pick the bucket; mix again
			for {
				e := d.slots[i].entry
				if e == 0 {
					out = append(out, winner{h: c.h, key: c.key, w: uint32(wi), i: uint32(ci)})
					d.slots[i] = dedupSlot{h: c.h, entry: int32(len(out))}
					break
				}
				if d.slots[i].h == c.h && s.sameState(ws, b, out[e-1], wi, ci) {
					out[e-1].key = min(out[e-1].key, c.key)
					break
				}
				i = (i + 1) & mask
			}
		}
	}
	// Keep only the states not visited in an earlier level.
	kept := out[:0]
	for _, win := range out {
		var enc []byte
		if s.opts.Exact {
			enc = ws[win.w].encodingOf(b, int(win.i))
		}
		if !s.seen.contains(win.h, enc) {
			kept = append(kept, win)
		}
	}
	return kept
}

// sameState reports whether candidate ci of worker wi is the state of win.
// Equal hashes mean equal states in fingerprint mode; exact mode compares
// encodings.
func (s *search[S, A]) sameState(ws []*worker[S, A], b int, win winner, wi, ci int) bool {
	if !s.opts.Exact {
		return true
	}
	return bytes.Equal(ws[win.w].encodingOf(b, int(win.i)), ws[wi].encodingOf(b, ci))
}
