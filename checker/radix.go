package checker

import (
	"math/bits"
	"sort"
)

// radixSortKeys sorts keys in place, looking only at their low bits bits,
// with a least-significant-digit radix sort of 11-bit digits, and permutes
// vals (nil, or as long as keys) alike. Keys are distinct (parent,
// action) pairs, so the order is total. Digits in which no key has a bit
// set are skipped (a level's keys leave most of the action's 16 bits
// zero). buf is scratch space, reused across calls; it returns it, grown
// if need be.
func radixSortKeys(keys, vals []uint64, bits int, buf []uint64) []uint64 {
	if len(keys) < 2 {
		return buf
	}
	if len(keys) < 256 {
		insertionSort(keys, vals)
		return buf
	}
	const digit = 11
	n := len(keys)
	need := n
	if vals != nil {
		need = 2 * n
	}
	if cap(buf) < need {
		buf = make([]uint64, need)
	}
	buf = buf[:need]
	var or uint64
	for _, k := range keys {
		or |= k
	}
	src, dst := keys, buf[:n]
	var vsrc, vdst []uint64
	if vals != nil {
		vsrc, vdst = vals, buf[n:]
	}
	for shift := 0; shift < bits; {
		for shift < bits && (or>>shift)&1 == 0 {
			shift++ // no key has this bit: the digits start at the next one that some key has
		}
		if shift >= bits {
			break
		}
		var count [1 << digit]int
		for _, k := range src {
			count[(k>>shift)&(1<<digit-1)]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		if vals == nil {
			for _, k := range src {
				d := (k >> shift) & (1<<digit - 1)
				dst[count[d]] = k
				count[d]++
			}
		} else {
			for i, k := range src {
				d := (k >> shift) & (1<<digit - 1)
				dst[count[d]] = k
				vdst[count[d]] = vsrc[i]
				count[d]++
			}
			vsrc, vdst = vdst, vsrc
		}
		src, dst = dst, src
		shift += digit
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
		if vals != nil {
			copy(vals, vsrc)
		}
	}
	return buf
}

func insertionSort(keys, vals []uint64) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
			if vals != nil {
				vals[j], vals[j-1] = vals[j-1], vals[j]
			}
		}
	}
}

// sortKeys sorts a level's keys, and their hashes with them when vals is
// not nil, on all workers: the keys are first spread by their top bits
// into runs of a few keys each (a parallel counting sort, each worker
// counting and moving a contiguous share), then every run is sorted on its
// own. Small levels, and runs with one worker, take radixSortKeys. The
// order is total, so the result is the one radixSortKeys gives.
func (s *search[S, A]) sortKeys(keys, vals []uint64) {
	n := len(keys)
	if s.workers == 1 || n < 1<<15 {
		s.sortBuf = radixSortKeys(keys, vals, s.keyBits(), s.sortBuf)
		return
	}
	// The top digit: the top bits of the largest key, about one run per
	// 8 keys, at most 2^16 runs.
	var most uint64
	for _, k := range keys {
		most = max(most, k)
	}
	top := bits.Len64(most)
	width := max(1, min(bits.Len(uint(n))-3, 16, top))
	shift := uint(top - width)
	runs := 1 << width
	need := n
	if vals != nil {
		need = 2 * n
	}
	if cap(s.sortBuf) < need {
		s.sortBuf = make([]uint64, need)
	}
	dst := s.sortBuf[:n]
	var vdst []uint64
	if vals != nil {
		vdst = s.sortBuf[n:need]
	}
	p := s.workers
	counts := make([][]int, p)
	share := (n + p - 1) / p
	parallel(p, func(w int) {
		c := make([]int, runs)
		for _, k := range keys[min(w*share, n):min((w+1)*share, n)] {
			c[k>>shift]++
		}
		counts[w] = c
	})
	// starts[r] is where run r begins; counts[w][r] becomes where worker w
	// puts its first key of run r.
	starts := make([]int, runs+1)
	sum := 0
	for r := range runs {
		starts[r] = sum
		for w := range p {
			c := counts[w][r]
			counts[w][r] = sum
			sum += c
		}
	}
	starts[runs] = n
	parallel(p, func(w int) {
		c := counts[w]
		lo, hi := min(w*share, n), min((w+1)*share, n)
		for i, k := range keys[lo:hi] {
			d := k >> shift
			dst[c[d]] = k
			if vals != nil {
				vdst[c[d]] = vals[lo+i]
			}
			c[d]++
		}
	})
	// Each run, dst[starts[r]:starts[r+1]], sorted back into keys.
	work := &chunks{n: runs, size: 256}
	parallel(p, func(int) {
		for lo, hi, ok := work.take(); ok; lo, hi, ok = work.take() {
			for r := lo; r < hi; r++ {
				a, b := starts[r], starts[r+1]
				copy(keys[a:b], dst[a:b])
				if vals != nil {
					copy(vals[a:b], vdst[a:b])
					sortRun(keys[a:b], vals[a:b])
				} else {
					sortRun(keys[a:b], nil)
				}
			}
		}
	})
}

// sortRun sorts one run of keys (and vals alike): by insertion when it is
// short, as runs are on average, by sort.Sort otherwise.
func sortRun(keys, vals []uint64) {
	if len(keys) <= 48 {
		insertionSort(keys, vals)
		return
	}
	sort.Sort(keyVals{keys, vals})
}

// keyVals sorts keys, moving vals (if not nil) with them.
type keyVals struct{ keys, vals []uint64 }

func (kv keyVals) Len() int           { return len(kv.keys) }
func (kv keyVals) Less(i, j int) bool { return kv.keys[i] < kv.keys[j] }
func (kv keyVals) Swap(i, j int) {
	kv.keys[i], kv.keys[j] = kv.keys[j], kv.keys[i]
	if kv.vals != nil {
		kv.vals[i], kv.vals[j] = kv.vals[j], kv.vals[i]
	}
}
