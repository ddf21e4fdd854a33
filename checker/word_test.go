package checker_test

import (
	"context"
	"encoding/binary"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/timewait/timewait/checker"
)

// wideGrid is a grid whose cells encode in 8 bytes.
type wideGrid struct{ grid }

func (wideGrid) Encode(buf []byte, c cell) []byte {
	return binary.LittleEndian.AppendUint64(buf, uint64(c.X)<<32|uint64(c.Y))
}

// wordCalls counts the calls of a model's word methods.
type wordCalls struct{ encodeWord, nextWord atomic.Int64 }

// wordGrid is wideGrid with EncodeWord, and Words as On says.
type wordGrid struct {
	wideGrid
	On    bool
	Calls *wordCalls
}

func (g wordGrid) Words() bool { return g.On }
func (g wordGrid) EncodeWord(c cell) uint64 {
	g.Calls.encodeWord.Add(1)
	return uint64(c.X)<<32 | uint64(c.Y)
}

// stepGrid is wordGrid with NextWord.
type stepGrid struct{ wordGrid }

func (g stepGrid) NextWord(c cell, a string) (uint64, bool) {
	g.Calls.nextWord.Add(1)
	n, ok := g.Next(c, a)
	return uint64(n.X)<<32 | uint64(n.Y), ok
}

// A model's EncodeWord and NextWord change nothing but how the encodings
// are read: the counts, the verdicts and the traces are those of the
// same model without them, for any number of workers, with and without a
// step property (which needs the successor itself, so NextWord is not
// used). The word methods are called when Words is true, the search
// steps through NextWord when it may, and neither is called when Words is
// false.
func TestWordsGiveTheSameSearchAsEncode(t *testing.T) {
	g := grid{W: 40, H: 30}
	props := func(step bool) []checker.Property[cell, string] {
		ps := []checker.Property[cell, string]{
			checker.Always[cell, string]("not the corner", func(c cell) bool { return c.X < 39 || c.Y < 29 }),
			checker.Sometimes[cell, string]("a cell", func(c cell) bool { return c.X == 17 && c.Y == 3 }),
		}
		if step {
			ps = append(ps, checker.AlwaysStep[cell, string]("not up at 5", func(from cell, a string, _ cell) bool { return a != "up" || from.X != 5 }))
		}
		return ps
	}
	for _, step := range []bool{false, true} {
		for _, workers := range []int{1, 2, 4} {
			opts := checker.Options{Workers: workers, CollectAll: true}
			want := check(t, wideGrid{g}, opts, props(step)...)
			models := []struct {
				name string
				m    checker.Model[cell, string]
				// whether EncodeWord is called, and NextWord on more than
				// the initial state's 4 steps (checkWords)
				encodeWord, nextWord bool
			}{
				{"EncodeWord", wordGrid{wideGrid{g}, true, &wordCalls{}}, true, false},
				{"NextWord", stepGrid{wordGrid{wideGrid{g}, true, &wordCalls{}}}, true, !step},
				{"Words false", stepGrid{wordGrid{wideGrid{g}, false, &wordCalls{}}}, false, false},
			}
			for _, m := range models {
				got := check(t, m.m, opts, props(step)...)
				var calls *wordCalls
				switch x := m.m.(type) {
				case wordGrid:
					calls = x.Calls
				case stepGrid:
					calls = x.Calls
				}
				if e, n := calls.encodeWord.Load(), calls.nextWord.Load(); (e > 0) != m.encodeWord || (n > 4) != m.nextWord {
					t.Errorf("%s, %d workers, step property %v: %d calls of EncodeWord, %d of NextWord; want EncodeWord called %v, NextWord beyond the initial state %v",
						m.name, workers, step, e, n, m.encodeWord, m.nextWord)
				}
				if got.Distinct != 1200 || got.Distinct != want.Distinct || got.Generated != want.Generated || got.Depth != want.Depth {
					t.Errorf("%s, %d workers: %d states, %d transitions, depth %d; with Encode %d, %d, %d (want 1200 states)",
						m.name, workers, got.Distinct, got.Generated, got.Depth, want.Distinct, want.Generated, want.Depth)
				}
				for _, p := range props(step) {
					a, b := result(t, got, p.Name), result(t, want, p.Name)
					if a.Verdict != b.Verdict || !slices.Equal(a.Trace.Labels(), b.Trace.Labels()) || a.Trace.Len() == 0 {
						t.Errorf("%s, %d workers, %s: %v %q; with Encode %v %q", m.name, workers, p.Name, a.Verdict, a.Trace.Labels(), b.Verdict, b.Trace.Labels())
					}
				}
			}
		}
	}
}

// badWords' word methods disagree with its Encode and Next in the way
// Kind says.
type badWords struct {
	grid
	Kind string
}

func (b badWords) Encode(buf []byte, c cell) []byte {
	if b.Kind == "short" {
		return b.grid.Encode(buf, c)
	}
	return binary.LittleEndian.AppendUint64(buf, uint64(c.X)<<32|uint64(c.Y))
}

func (badWords) Words() bool { return true }

func (b badWords) EncodeWord(c cell) uint64 {
	if b.Kind == "other word" {
		return uint64(c.Y)<<32 | uint64(c.X) + 1
	}
	return uint64(c.X)<<32 | uint64(c.Y)
}

func (b badWords) NextWord(c cell, a string) (uint64, bool) {
	n, ok := b.Next(c, a)
	if b.Kind == "other step" {
		return b.EncodeWord(c), ok
	}
	return b.EncodeWord(n), ok
}

func TestWordsThatDisagreeWithEncodeAreAModelError(t *testing.T) {
	for kind, want := range map[string]string{
		"short":      "checker: Words reports 8-byte encodings, but Encode gives 2 bytes for an initial state",
		"other word": "checker: EncodeWord of an initial state returns 0x0000000000000001, but Encode gives 0x0000000000000000 (little-endian)",
		"other step": "checker: NextWord of a step from an initial state returns 0x0000000000000000, true, but Next and EncodeWord give 0x0000000100000000, true",
	} {
		_, err := checker.Check(context.Background(), badWords{grid{W: 3, H: 3}, kind}, checker.Options{})
		if err == nil || err.Error() != want {
			t.Errorf("%q: error %v; want %q", kind, err, want)
		}
	}
	if _, err := checker.Check(context.Background(), badWords{grid{W: 3, H: 3}, ""}, checker.Options{}); err != nil {
		t.Errorf("agreeing words: %v", err)
	}
}
