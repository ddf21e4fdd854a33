package checker_test

import (
	"context"
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
)

// mixedGrid is a grid whose cells in even columns encode in 8 bytes and
// the others in fewer, so that a search meets both lengths.
type mixedGrid struct{ grid }

func (g mixedGrid) Encode(buf []byte, c cell) []byte {
	if c.X%2 == 0 {
		return binary.LittleEndian.AppendUint64(buf, uint64(c.X)<<32|uint64(c.Y))
	}
	return g.grid.Encode(buf, c)
}

// wordGrid is mixedGrid with EncodeWord for the cells that encode in 8
// bytes.
type wordGrid struct{ mixedGrid }

func (wordGrid) EncodeWord(c cell) (uint64, bool) {
	if c.X%2 == 0 {
		return uint64(c.X)<<32 | uint64(c.Y), true
	}
	return 0, false
}

// A model's EncodeWord changes nothing but how the encodings are read:
// the counts, the verdicts and the traces are those of the same model
// without it, for any number of workers.
func TestEncodeWordGivesTheSameSearchAsEncode(t *testing.T) {
	g := grid{W: 40, H: 30}
	props := func() []checker.Property[cell, string] {
		return []checker.Property[cell, string]{
			checker.Always[cell, string]("not the corner", func(c cell) bool { return c.X < 39 || c.Y < 29 }),
			checker.Sometimes[cell, string]("odd column", func(c cell) bool { return c.X == 17 && c.Y == 3 }),
		}
	}
	for _, workers := range []int{1, 2, 4} {
		want := check(t, mixedGrid{g}, checker.Options{Workers: workers, CollectAll: true}, props()...)
		got := check(t, wordGrid{mixedGrid{g}}, checker.Options{Workers: workers, CollectAll: true}, props()...)
		if got.Distinct != 1200 || got.Distinct != want.Distinct || got.Generated != want.Generated || got.Depth != want.Depth {
			t.Errorf("%d workers: %d states, %d transitions, depth %d; without EncodeWord %d, %d, %d (want 1200 states)",
				workers, got.Distinct, got.Generated, got.Depth, want.Distinct, want.Generated, want.Depth)
		}
		for _, name := range []string{"not the corner", "odd column"} {
			a, b := result(t, got, name), result(t, want, name)
			if a.Verdict != b.Verdict || !slices.Equal(a.Trace.Labels(), b.Trace.Labels()) || a.Trace.Len() == 0 {
				t.Errorf("%d workers, %s: %v %q; without EncodeWord %v %q", workers, name, a.Verdict, a.Trace.Labels(), b.Verdict, b.Trace.Labels())
			}
		}
	}
}

// badWord's EncodeWord disagrees with its Encode in the way Kind says.
type badWord struct {
	grid
	Kind string
}

func (b badWord) Encode(buf []byte, c cell) []byte {
	if b.Kind == "no word" {
		return binary.LittleEndian.AppendUint64(buf, uint64(c.X))
	}
	return b.grid.Encode(buf, c)
}

func (b badWord) EncodeWord(c cell) (uint64, bool) {
	switch b.Kind {
	case "no word":
		return 0, false
	case "other word":
		return 7, true
	}
	return uint64(c.X), true
}

func TestEncodeWordThatDisagreesWithEncodeIsAModelError(t *testing.T) {
	for kind, want := range map[string]string{
		"no word":    "checker: EncodeWord of an initial state returns no word, but Encode gives 8 bytes",
		"other word": "checker: EncodeWord of an initial state returns a word, but Encode gives 2 bytes, not 8",
		"":           "checker: EncodeWord of an initial state returns a word, but Encode gives 2 bytes, not 8",
	} {
		_, err := checker.Check(context.Background(), badWord{grid{W: 3, H: 3}, kind}, checker.Options{})
		if err == nil || err.Error() != want {
			t.Errorf("%q: error %v; want %q", kind, err, want)
		}
	}
}

// wrongWord gives 8-byte encodings and EncodeWord a different word.
type wrongWord struct{ grid }

func (wrongWord) Encode(buf []byte, c cell) []byte {
	return binary.LittleEndian.AppendUint64(buf, uint64(c.X)<<32|uint64(c.Y))
}

func (wrongWord) EncodeWord(c cell) (uint64, bool) { return uint64(c.Y)<<32 | uint64(c.X) + 1, true }

func TestEncodeWordWithAnotherWordIsAModelError(t *testing.T) {
	_, err := checker.Check(context.Background(), wrongWord{grid{W: 3, H: 3}}, checker.Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "checker: EncodeWord of an initial state returns 0x0000000000000001, but Encode gives 0x0000000000000000") {
		t.Errorf("error %v; want EncodeWord's and Encode's words named", err)
	}
}
