package twophase

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"testing"

	"github.com/timewait/timewait/checker"
)

// Distinct reachable states of TwoPhase.tla for 1..5 resource managers, as
// SPIN, Rumur and an independent breadth-first search count them.
var wantDistinct = []int{12, 56, 288, 1568, 8832}

func TestTwoPhaseCountsForEveryWorkerCountAndMode(t *testing.T) {
	for n := 1; n <= len(wantDistinct); n++ {
		for _, exact := range []bool{false, true} {
			for _, workers := range []int{1, 2, 4} {
				t.Run(fmt.Sprintf("rms=%d/exact=%v/workers=%d", n, exact, workers), func(t *testing.T) {
					m, err := New(n)
					if err != nil {
						t.Fatal(err)
					}
					r, err := checker.Check(context.Background(), m, checker.Options{Workers: workers, Exact: exact}, m.Properties()...)
					if err != nil {
						t.Fatal(err)
					}
					if r.Distinct != wantDistinct[n-1] {
						t.Errorf("distinct = %d, want %d", r.Distinct, wantDistinct[n-1])
					}
					if r.Outcome != checker.Pass || !r.Complete {
						t.Errorf("outcome = %v complete = %v, want pass and complete", r.Outcome, r.Complete)
					}
					res, _ := r.Result("consistent")
					if res.Verdict != checker.Holds {
						t.Errorf("consistent: %v, want holds", res.Verdict)
					}
					res, _ = r.Result("all-committed")
					// Witness: each RM prepares, the TM receives each, commits, each RM receives commit.
					if res.Verdict != checker.Reached || res.Trace.Len() != 3*n+1 {
						t.Errorf("all-committed: %v with %d steps, want reached with %d", res.Verdict, res.Trace.Len(), 3*n+1)
					}
				})
			}
		}
	}
}

// encodeOnly is a Model without its word methods: the search then reads
// every encoding through Encode.
type encodeOnly struct{ m Model }

func (e encodeOnly) Init() []State                          { return e.m.Init() }
func (e encodeOnly) Actions(s State, buf []Action) []Action { return e.m.Actions(s, buf) }
func (e encodeOnly) Next(s State, a Action) (State, bool)   { return e.m.Next(s, a) }
func (e encodeOnly) Encode(buf []byte, s State) []byte      { return e.m.Encode(buf, s) }

// wordsOnly is a Model with EncodeWord but without NextWord.
type wordsOnly struct{ encodeOnly }

func (w wordsOnly) Words() bool               { return w.m.Words() }
func (w wordsOnly) EncodeWord(s State) uint64 { return w.m.EncodeWord(s) }

func TestWordsAreEncodeUpTo15RMs(t *testing.T) {
	s := State{RMs: 0xb6d9_2e4d, TMPrepared: 0x5a3c, MsgPrep: 0x6ff1, TM: TMAborted}
	for n := 1; n <= MaxRMs; n++ {
		m, _ := New(n)
		all := uint32(uint64(1)<<(2*n) - 1)
		st := State{RMs: s.RMs & all, TMPrepared: s.TMPrepared & m.all(), MsgPrep: s.MsgPrep & m.all(), TM: s.TM}
		enc := m.Encode(nil, st)
		if n <= 15 && (!m.Words() || len(enc) != 8 || binary.LittleEndian.Uint64(enc) != m.EncodeWord(st)) {
			t.Errorf("rms=%d: Words %v, EncodeWord %#x, Encode %x; want words and the same 8 bytes", n, m.Words(), m.EncodeWord(st), enc)
		}
		if n == 16 && (m.Words() || len(enc) != 16) {
			t.Errorf("rms=16: Words %v, Encode %d bytes; want no words and 16 bytes", m.Words(), len(enc))
		}
		for _, a := range m.Actions(st, nil) {
			next, _ := m.Next(st, a)
			if w, ok := m.NextWord(st, a); n <= 15 && (!ok || w != m.EncodeWord(next)) {
				t.Errorf("rms=%d, %v: NextWord %#x %v, want %#x true", n, a, w, ok, m.EncodeWord(next))
			}
		}
	}
}

// The search with the word methods is the search without them: the same
// counts and the same shortest witness, for 1, 2 and 4 workers.
func TestWordsChangeNothingButTheTime(t *testing.T) {
	m, _ := New(6)
	for _, workers := range []int{1, 2, 4} {
		opts := checker.Options{Workers: workers}
		want, err := checker.Check(context.Background(), encodeOnly{m}, opts, m.Properties()...)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := want.Result("all-committed")
		for _, model := range []checker.Model[State, Action]{m, wordsOnly{encodeOnly{m}}} {
			got, err := checker.Check(context.Background(), model, opts, m.Properties()...)
			if err != nil {
				t.Fatal(err)
			}
			if got.Distinct != 50816 || got.Distinct != want.Distinct || got.Generated != want.Generated || got.Depth != want.Depth {
				t.Errorf("%T, %d workers: %d states, %d transitions, depth %d; with Encode %d, %d, %d (want 50816 states)",
					model, workers, got.Distinct, got.Generated, got.Depth, want.Distinct, want.Generated, want.Depth)
			}
			a, _ := got.Result("all-committed")
			if a.Verdict != checker.Reached || !slices.Equal(a.Trace.Labels(), b.Trace.Labels()) {
				t.Errorf("%T, %d workers: all-committed %v %q; with Encode %v %q", model, workers, a.Verdict, a.Trace.Labels(), b.Verdict, b.Trace.Labels())
			}
		}
	}
}

// NextWord, which computes the successor's word without a branch, agrees
// with Next on every step of every reachable state, for 1 to 4 RMs.
func TestNextWordIsNextOnEveryReachableStep(t *testing.T) {
	for n := 1; n <= 4; n++ {
		m, _ := New(n)
		seen := map[State]bool{}
		todo := m.Init()
		steps := 0
		for len(todo) > 0 {
			s := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			if seen[s] {
				continue
			}
			seen[s] = true
			for _, a := range m.Actions(s, nil) {
				next, _ := m.Next(s, a)
				if w, ok := m.NextWord(s, a); !ok || w != m.EncodeWord(next) {
					t.Fatalf("rms=%d, %s, %v: NextWord %#x %v, want %#x true", n, m.Format(s), a, w, ok, m.EncodeWord(next))
				}
				steps++
				todo = append(todo, next)
			}
		}
		if len(seen) != wantDistinct[n-1] || steps == 0 {
			t.Errorf("rms=%d: %d states, %d steps; want %d states", n, len(seen), steps, wantDistinct[n-1])
		}
	}
}
