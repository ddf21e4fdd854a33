package checker

import (
	"encoding/binary"
	"fmt"
)

// WordEncoder is implemented by models whose states all encode in 8
// bytes, so that the engine can read a state's encoding as one 64-bit
// word, in a register, instead of through Encode's []byte. It changes
// nothing else: a state's fingerprint is the same either way (an 8-byte
// encoding is mixed by a bijection of its 64 bits, so no two such states
// ever collide), and so are every count, verdict and trace.
type WordEncoder[S any] interface {
	// Words reports whether Encode gives 8 bytes for every state of the
	// model. When it is false, the engine calls Encode and never
	// EncodeWord.
	Words() bool
	// EncodeWord returns s's encoding: the 8 bytes Encode gives, read
	// little-endian.
	EncodeWord(s S) uint64
}

// WordStepper is a WordEncoder that also takes steps straight to words.
// The search then calls it alone for each step when no step property
// needs the successor itself: one call a step instead of Next and
// EncodeWord.
type WordStepper[S, A any] interface {
	WordEncoder[S]
	// NextWord returns the word of the state that Next(s, a) reaches,
	// EncodeWord(next), and Next's ok.
	NextWord(s S, a A) (w uint64, ok bool)
}

// wordsOf returns m as a WordEncoder, and as a WordStepper, when it is
// one whose Words is true; nil otherwise.
func wordsOf[S, A any](m Model[S, A]) (WordEncoder[S], WordStepper[S, A]) {
	we, ok := m.(WordEncoder[S])
	if !ok || !we.Words() {
		return nil, nil
	}
	ws, _ := m.(WordStepper[S, A])
	return we, ws
}

// checkWords returns an error when EncodeWord disagrees with Encode on st,
// an initial state, or NextWord with Next and EncodeWord on one of its
// steps: a model whose encodings differ is told so instead of being
// checked wrongly.
func (s *search[S, A]) checkWords(st S, buf []byte) ([]byte, error) {
	buf = s.m.Encode(buf[:0], st)
	if len(buf) != 8 {
		return buf, fmt.Errorf("checker: Words reports 8-byte encodings, but Encode gives %d bytes for an initial state", len(buf))
	}
	if w, e := s.word.EncodeWord(st), binary.LittleEndian.Uint64(buf); w != e {
		return buf, fmt.Errorf("checker: EncodeWord of an initial state returns %#016x, but Encode gives %#016x (little-endian)", w, e)
	}
	if s.nextWord == nil {
		return buf, nil
	}
	for _, a := range s.m.Actions(st, nil) {
		next, ok := s.m.Next(st, a)
		w, wok := s.nextWord.NextWord(st, a)
		if ok != wok || ok && w != s.word.EncodeWord(next) {
			return buf, fmt.Errorf("checker: NextWord of a step from an initial state returns %#016x, %v, but Next and EncodeWord give %#016x, %v", w, wok, s.word.EncodeWord(next), ok)
		}
	}
	return buf, nil
}

// wordSuccessors is plainSuccessors for a model that is a WordEncoder:
// the same candidates and discoveries, each successor's encoding read as
// a word; for a WordStepper, when no step property needs the successor,
// through NextWord alone.
func (s *search[S, A]) wordSuccessors(i int, st S, w *worker[S, A]) int {
	self := s.word.EncodeWord(st)
	if s.nextWord != nil && len(s.stepProps) == 0 {
		// addWord, by hand: the compiler does not inline it.
		nw, recent, succ := s.nextWord, w.recentWords, 0
		for j, a := range w.acts {
			v, ok := nw.NextWord(st, a)
			if !ok {
				continue
			}
			succ++
			if v == self {
				continue
			}
			if e := v + 1; e != 0 {
				r := &recent[(v*0x9E3779B97F4A7C15)>>(64-recentBits)]
				if *r == e {
					continue
				}
				*r = e
			}
			h := mix64(v)
			b := h >> (64 - bucketBits)
			w.buckets[b] = append(w.buckets[b], candidate{h: h, key: makeKey(i, j)})
		}
		return succ
	}
	m, we := s.m, s.word
	succ := 0
	for j, a := range w.acts {
		next, ok := m.Next(st, a)
		if !ok {
			continue
		}
		succ++
		k := makeKey(i, j)
		if len(s.stepProps) > 0 {
			s.noteStepHits(w, i, a, next, k, nil)
		}
		w.addWord(we.EncodeWord(next), self, k)
	}
	return succ
}

// addWord makes a candidate, of key k, of a successor whose word is v,
// unless it is a self-loop (self is the word of the state it came from)
// or in w.recentWords: either way it is visited.
func (w *worker[S, A]) addWord(v, self, k uint64) {
	if v == self {
		return
	}
	// The one word whose entry would read as empty is not cached.
	if e := v + 1; e != 0 {
		r := &w.recentWords[(v*0x9E3779B97F4A7C15)>>(64-recentBits)]
		if *r == e {
			return
		}
		*r = e
	}
	h := mix64(v)
	b := h >> (64 - bucketBits)
	w.buckets[b] = append(w.buckets[b], candidate{h: h, key: k})
}
