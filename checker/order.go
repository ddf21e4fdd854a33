package checker

import (
	"math/bits"
	"sync/atomic"
)

// orderedKeys puts the new states' keys, the winners of each bucket in
// res, in key order without sorting them, when a bitmap of the level's
// (parent, action) pairs is no larger than the sort's scratch space (8
// bytes a key): each key sets its bit, at parent<<shift | action where
// 1<<shift is at least the most actions a state of the level has, and the
// set bits, read in order by every worker, are the keys in order. It
// returns false, having done nothing, when the bitmap would be larger:
// sortKeys then sorts them.
func (s *search[S, A]) orderedKeys(ws []*worker[S, A], res *[numBuckets]bucketWins, total int) ([]uint64, bool) {
	acts := 0
	for _, w := range ws {
		acts = max(acts, w.maxActs)
	}
	if acts == 0 {
		return nil, false
	}
	shift := uint(bits.Len(uint(acts - 1)))
	words := (len(s.level)<<shift + 63) / 64
	if words > total {
		return nil, false
	}
	if cap(s.sortBuf) < words {
		s.sortBuf = make([]uint64, words)
	}
	bm := s.sortBuf[:words]
	clear(bm)
	work := &chunks{n: numBuckets, size: 8}
	parallel(s.workers, func(int) {
		for lo, hi, ok := work.take(); ok; lo, hi, ok = work.take() {
			for _, r := range res[lo:hi] {
				for _, c := range ws[r.w].wins[r.lo:r.hi] {
					p := uint64(keyParent(c.key))<<shift | uint64(keyAction(c.key))
					atomic.OrUint64(&bm[p>>6], 1<<(p&63))
				}
			}
		}
	})
	// Each worker counts the keys of its share of the bitmap's chunks,
	// then writes them from where the chunks before it end.
	const chunk = 1 << 12 // words
	nch := (words + chunk - 1) / chunk
	starts := make([]int, nch+1)
	work = &chunks{n: nch, size: 1}
	parallel(s.workers, func(int) {
		for c, _, ok := work.take(); ok; c, _, ok = work.take() {
			n := 0
			for _, v := range bm[c*chunk : min((c+1)*chunk, words)] {
				n += bits.OnesCount64(v)
			}
			starts[c+1] = n
		}
	})
	for c := range nch {
		starts[c+1] += starts[c]
	}
	if cap(s.keyBuf) < total {
		s.keyBuf = make([]uint64, total)
	}
	keys := s.keyBuf[:total]
	mask := uint64(1)<<shift - 1
	work = &chunks{n: nch, size: 1}
	parallel(s.workers, func(int) {
		for c, _, ok := work.take(); ok; c, _, ok = work.take() {
			k := starts[c]
			for i := c * chunk; i < min((c+1)*chunk, words); i++ {
				for v := bm[i]; v != 0; v &= v - 1 {
					p := uint64(i)<<6 | uint64(bits.TrailingZeros64(v))
					keys[k] = (p>>shift)<<actionBits | p&mask
					k++
				}
			}
		}
	})
	return keys, true
}
