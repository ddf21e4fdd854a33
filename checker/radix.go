package checker

// radixSortKeys sorts keys in place, looking only at their low bits bits,
// with a least-significant-digit radix sort of 11-bit digits. Keys are
// distinct (parent, action) pairs, so the order is total.
func radixSortKeys(keys []uint64, bits int) {
	if len(keys) < 2 {
		return
	}
	if len(keys) < 256 {
		insertionSort(keys)
		return
	}
	const digit = 11
	tmp := make([]uint64, len(keys))
	src, dst := keys, tmp
	for shift := 0; shift < bits; shift += digit {
		var count [1 << digit]int
		for _, k := range src {
			count[(k>>shift)&(1<<digit-1)]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, k := range src {
			d := (k >> shift) & (1<<digit - 1)
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

func insertionSort(keys []uint64) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}
