package checker

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

func TestRadixSortOrdersLikeSlicesSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		bits := rapid.IntRange(1, 64).Draw(t, "bits")
		mask := uint64(1)<<bits - 1
		if bits == 64 {
			mask = ^uint64(0)
		}
		keys := rapid.SliceOfN(rapid.Uint64(), 0, 3000).Draw(t, "keys")
		for i := range keys {
			keys[i] &= mask
		}
		// Keys are distinct in the search; the payload follows its key.
		slices.Sort(keys)
		keys = slices.Compact(keys)
		keys = rapid.Permutation(keys).Draw(t, "order")
		vals := make([]uint64, len(keys))
		for i, k := range keys {
			vals[i] = k*0x9E3779B97F4A7C15 + 1
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		alone := slices.Clone(keys)
		buf := radixSortKeys(alone, nil, bits, nil)
		withVals := slices.Clone(keys)
		radixSortKeys(withVals, vals, bits, buf)
		if !slices.Equal(alone, want) || !slices.Equal(withVals, want) {
			t.Fatalf("radix sort with %d bits disagrees with slices.Sort", bits)
		}
		for i, k := range withVals {
			if vals[i] != k*0x9E3779B97F4A7C15+1 {
				t.Fatalf("value %d does not follow its key %#x", i, k)
			}
		}
	})
}

// Exact mode must keep two different states apart even when their hashes are
// equal; the fingerprint table, by design, cannot.
func TestExactSetKeepsDifferentEncodingsWithEqualHashes(t *testing.T) {
	s := newExactSet()
	const h = 0xdeadbeef
	a, b := []byte("state a"), []byte("state b")
	s.grow(1)
	s.add(h, a)
	if !s.contains(h, a) || s.contains(h, b) {
		t.Fatal("after adding a: want a in, b out")
	}
	s.grow(1)
	s.add(h, b)
	if !s.contains(h, a) || !s.contains(h, b) || s.len() != 2 {
		t.Fatal("after adding b: want both in")
	}
	// Grow past several resizes (which rehash with hashOf, as add's callers
	// always pass it) and check nothing is lost.
	s = newExactSet()
	for i := 0; i < 5000; i++ {
		enc := []byte{byte(i), byte(i >> 8)}
		s.grow(1)
		s.add(hashOf(enc), enc)
	}
	for i := 0; i < 5000; i++ {
		enc := []byte{byte(i), byte(i >> 8)}
		if !s.contains(hashOf(enc), enc) {
			t.Fatalf("lost entry %d after resizing", i)
		}
	}

	f := newFPTable()
	f.grow(1)
	f.add(h, a)
	if !f.contains(h, b) {
		t.Fatal("the fingerprint table should confuse equal hashes; the collision estimate assumes it")
	}
}

func TestFingerprintTableGrowsWithoutLosingEntries(t *testing.T) {
	f := newFPTable()
	for i := uint64(1); i <= 100000; i++ {
		f.grow(1)
		f.add(i*0x9E3779B97F4A7C15, nil)
	}
	if f.len() != 100000 {
		t.Fatalf("len %d; want 100000", f.len())
	}
	for i := uint64(1); i <= 100000; i++ {
		if !f.contains(i*0x9E3779B97F4A7C15, nil) {
			t.Fatalf("lost %d", i)
		}
	}
	if load := float64(f.len()) / float64(f.bytes()/8); load > 0.75 {
		t.Fatalf("load %.2f above 3/4", load)
	}
}

// The parallel sort of a level's keys gives the order the sequential radix
// sort gives, with the hashes following their keys, for any number of
// workers and for runs long enough to leave insertion sort.
func TestParallelKeySortAgreesWithRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ parents, perParent, workers int }{
		{40000, 3, 2}, {100000, 1, 3}, {2000, 40, 2}, {1 << 15, 2, 1}, {70, 1000, 2},
	} {
		s := &search[int, int]{workers: c.workers, level: make([]int, c.parents)}
		var keys []uint64
		for p := range c.parents {
			for _, a := range rng.Perm(1000)[:rng.IntN(c.perParent+1)] {
				keys = append(keys, makeKey(p, a))
			}
		}
		rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		vals := make([]uint64, len(keys))
		for i, k := range keys {
			vals[i] = k ^ 0x5bd1e995
		}
		want := slices.Clone(keys)
		radixSortKeys(want, nil, s.keyBits(), nil)
		s.sortKeys(keys, vals)
		if !slices.Equal(keys, want) {
			t.Fatalf("%+v: the parallel sort disagrees with the radix sort", c)
		}
		for i, k := range keys {
			if vals[i] != k^0x5bd1e995 {
				t.Fatalf("%+v: value %d does not follow its key", c, i)
			}
		}
	}
}

// orderedKeys, which reads the keys off a bitmap of (parent, action)
// pairs, gives them in the order a sort does, whatever the buckets and
// workers they come in, or declines when the bitmap would be larger than
// the keys.
func TestOrderedKeysOrdersLikeSlicesSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		parents := rapid.IntRange(1, 5000).Draw(t, "parents")
		acts := rapid.IntRange(1, 70).Draw(t, "acts")
		workers := rapid.IntRange(1, 4).Draw(t, "workers")
		pairs := rapid.SliceOfNDistinct(rapid.IntRange(0, parents*acts-1), 1, 4000, rapid.ID[int]).Draw(t, "pairs")
		keys := make([]uint64, len(pairs)) // in no order
		for i, p := range pairs {
			keys[i] = makeKey(p/acts, p%acts)
		}
		s := &search[int, int]{workers: workers, level: make([]int, parents)}
		ws := make([]*worker[int, int], workers)
		for i := range ws {
			ws[i] = &worker[int, int]{}
		}
		ws[workers-1].maxActs = acts
		var res [numBuckets]bucketWins
		for b := range numBuckets { // bucket b: the b-th share of the keys, in worker b%workers
			w := ws[b%workers]
			lo := len(w.wins)
			for _, k := range keys[b*len(keys)/numBuckets : (b+1)*len(keys)/numBuckets] {
				w.wins = append(w.wins, candidate{key: k})
			}
			res[b] = bucketWins{w: b % workers, lo: lo, hi: len(w.wins)}
		}
		want := slices.Sorted(slices.Values(keys))
		words := (parents<<bits.Len(uint(acts-1)) + 63) / 64
		got, ok := s.orderedKeys(ws, &res, len(keys))
		if ok != (words <= len(keys)) {
			t.Fatalf("ok = %v with a bitmap of %d words for %d keys", ok, words, len(keys))
		}
		if ok && !slices.Equal(got, want) {
			t.Fatalf("orderedKeys disagrees with slices.Sort")
		}
		// Once more, over the bitmap left by the first call.
		if got, ok := s.orderedKeys(ws, &res, len(keys)); ok && !slices.Equal(got, want) {
			t.Fatalf("orderedKeys disagrees with slices.Sort on its second call")
		}
	})
}
