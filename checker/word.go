package checker

import (
	"encoding/binary"
	"fmt"
)

// WordEncoder is implemented by models whose states encode in 8 bytes, so
// that the engine can read a state's encoding as one 64-bit word, in a
// register, instead of through Encode's []byte: on TwoPhase commit that is
// a tenth of the search's time. It changes nothing else: a state's
// fingerprint is the same either way (an 8-byte encoding is mixed by a
// bijection of its 64 bits, so no two such states ever collide), and so
// are every count, verdict and trace.
type WordEncoder[S any] interface {
	// EncodeWord returns s's encoding as a word, and true, when Encode
	// gives 8 bytes for s: exactly those bytes, read little-endian. It
	// returns false when Encode gives another length; the engine then
	// calls Encode for s.
	EncodeWord(s S) (w uint64, ok bool)
}

// wordEncoderOf returns m as a WordEncoder, or nil when it is none.
func wordEncoderOf[S, A any](m Model[S, A]) WordEncoder[S] {
	if w, ok := m.(WordEncoder[S]); ok {
		return w
	}
	return nil
}

// checkWord returns an error when EncodeWord disagrees with Encode on st:
// the search checks the initial states, so that a model whose two
// encodings differ is told so instead of being checked wrongly.
func checkWord[S, A any](m Model[S, A], we WordEncoder[S], st S, buf []byte) ([]byte, error) {
	buf = m.Encode(buf[:0], st)
	w, ok := we.EncodeWord(st)
	switch {
	case ok && len(buf) != 8:
		return buf, fmt.Errorf("checker: EncodeWord of an initial state returns a word, but Encode gives %d bytes, not 8", len(buf))
	case ok && binary.LittleEndian.Uint64(buf) != w:
		return buf, fmt.Errorf("checker: EncodeWord of an initial state returns %#016x, but Encode gives %#016x (little-endian)", w, binary.LittleEndian.Uint64(buf))
	case !ok && len(buf) == 8:
		return buf, fmt.Errorf("checker: EncodeWord of an initial state returns no word, but Encode gives 8 bytes")
	}
	return buf, nil
}

// wordSuccessors is plainSuccessors for a model that is a WordEncoder:
// the same candidates and discoveries, each successor's encoding read as
// a word. It returns false, having done nothing, when st has no word.
func (s *search[S, A]) wordSuccessors(i int, st S, w *worker[S, A]) (int, bool) {
	m, we, recent, words := s.m, s.word, w.recent, w.recentWords
	self, ok := we.EncodeWord(st)
	if !ok {
		return 0, false
	}
	succ := 0
	for j, a := range w.acts {
		next, ok := m.Next(st, a)
		if !ok {
			continue
		}
		succ++
		k := makeKey(i, j)
		if len(s.stepProps) > 0 {
			w.to = next
			for _, p := range s.stepProps {
				if s.findings[p] == nil && stepHitEffect(&s.props[p], &s.level[i], a, &w.to, nil) {
					w.note(p, k)
				}
			}
		}
		var h uint64
		if v, ok := we.EncodeWord(next); ok {
			if v == self {
				continue // a self-loop: visited
			}
			// recentWords, as recent below, but before hashing. The one
			// word whose entry would read as empty is not cached.
			if e := v + 1; e != 0 {
				r := &words[(v*0x9E3779B97F4A7C15)>>(64-recentBits)]
				if *r == e {
					continue
				}
				*r = e
			}
			h = mix64(v)
		} else {
			w.enc = m.Encode(w.enc[:0], next)
			h = hashOf(w.enc) // not 8 bytes: not st's encoding
			if recent[h&recentMask] == h {
				continue
			}
			recent[h&recentMask] = h
		}
		b := h >> (64 - bucketBits)
		w.buckets[b] = append(w.buckets[b], candidate{h: h, key: k})
	}
	return succ, true
}
