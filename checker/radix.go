package checker

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
