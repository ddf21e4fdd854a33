package checker

import (
	"bytes"
	"encoding/binary"
)

// exactSet stores whole encodings in an append-only arena, each preceded by
// its length as a uvarint. A slot holds the entry's arena offset plus one in
// its low 48 bits and 16 bits of the hash above them, so most probes that
// miss never touch the arena. Adds are single-threaded.
type exactSet struct {
	slots []uint64
	mask  uint64
	shift uint
	arena []byte
	n     int
}

const offsetBits = 48

func newExactSet() *exactSet {
	s := &exactSet{}
	s.resize(capacityFor(0))
	return s
}

func (s *exactSet) entry(v uint64) []byte {
	off := v&(1<<offsetBits-1) - 1
	n, k := binary.Uvarint(s.arena[off:])
	start := off + uint64(k)
	return s.arena[start : start+n]
}

func (s *exactSet) resize(c int) {
	old := s.slots
	s.slots = make([]uint64, c)
	s.mask = uint64(c - 1)
	s.shift = shiftFor(c)
	for _, v := range old {
		if v != 0 {
			s.place(hashOf(s.entry(v)), v)
		}
	}
}

func (s *exactSet) place(h, v uint64) {
	i := h >> s.shift
	for s.slots[i] != 0 {
		i = (i + 1) & s.mask
	}
	s.slots[i] = v
}

func (s *exactSet) contains(h uint64, enc []byte) bool {
	tag := h & 0xffff
	for i := h >> s.shift; ; i = (i + 1) & s.mask {
		v := s.slots[i]
		if v == 0 {
			return false
		}
		if v>>offsetBits == tag && bytes.Equal(s.entry(v), enc) {
			return true
		}
	}
}

func (s *exactSet) grow(n int) {
	if need := s.n + n; need*maxLoadDen > len(s.slots)*maxLoadNum {
		s.resize(capacityFor(need))
	}
}

func (s *exactSet) growBytes(n int) uint64 {
	var b uint64
	if need := s.n + n; need*maxLoadDen > len(s.slots)*maxLoadNum {
		b = uint64(capacityFor(need)) * 8
	}
	// The arena grows by append: once past its capacity, by about a quarter
	// of what it then holds. Entries are assumed as long as those so far.
	if s.n > 0 {
		want := len(s.arena) + len(s.arena)/s.n*n
		if want > cap(s.arena) {
			b += uint64(want) + uint64(want)/4
		}
	}
	return b
}

// add inserts enc, whose hash h must be hashOf(enc): resize rehashes entries
// from their bytes.
func (s *exactSet) add(h uint64, enc []byte) {
	off := uint64(len(s.arena)) + 1
	s.arena = binary.AppendUvarint(s.arena, uint64(len(enc)))
	s.arena = append(s.arena, enc...)
	s.place(h, (h&0xffff)<<offsetBits|off)
	s.n++
}

func (s *exactSet) len() int      { return s.n }
func (s *exactSet) bytes() uint64 { return uint64(len(s.slots))*8 + uint64(cap(s.arena)) }
