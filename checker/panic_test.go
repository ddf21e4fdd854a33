package checker_test

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
)

// setBits sets the N bits of a word one at a time, in any order: level k
// holds the C(N, k) words with k bits set, so a level spans many chunks of
// work and every worker takes some.
type setBits struct{ N int }

func (m setBits) Init() []uint32 { return []uint32{0} }
func (m setBits) Actions(s uint32, buf []int) []int {
	for i := range m.N {
		if s&(1<<i) == 0 {
			buf = append(buf, i)
		}
	}
	return buf
}
func (m setBits) Next(s uint32, i int) (uint32, bool) { return s | 1<<i, true }
func (m setBits) Encode(buf []byte, s uint32) []byte  { return append(buf, byte(s), byte(s>>8)) }

// panicky is setBits whose method In panics in the words of Depth bits
// that are 3 modulo 7 (in every word of Depth bits if Every): several
// states of a level panic, in different workers' chunks.
type panicky struct {
	setBits
	Depth int
	In    string
	Every bool
}

func (m panicky) bomb(in string, s uint32) {
	if in == m.In && bits.OnesCount32(s) == m.Depth && (m.Every || s%7 == 3) {
		panic(fmt.Sprintf("boom at %b", s))
	}
}

func (m panicky) Actions(s uint32, buf []int) []int {
	m.bomb("Actions", s)
	return m.setBits.Actions(s, buf)
}
func (m panicky) Next(s uint32, i int) (uint32, bool) {
	m.bomb("Next", s)
	return m.setBits.Next(s, i)
}
func (m panicky) Encode(buf []byte, s uint32) []byte {
	m.bomb("Encode", s)
	return m.setBits.Encode(buf, s)
}

// The panic's error, asserted: a *PanicError whose value names the last
// state of its trace, which has steps steps, with the stack of the panic.
func panicked(t *testing.T, err error, steps int) *checker.PanicError[uint32, int] {
	t.Helper()
	var pe *checker.PanicError[uint32, int]
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v; want a *PanicError", err)
	}
	if pe.Trace == nil || pe.Trace.Len() != steps {
		t.Fatalf("trace %v; want %d steps", pe.Trace, steps)
	}
	last := pe.Trace.Steps[steps].State
	if want := fmt.Sprintf("boom at %b", last); pe.Value != want && !successorOf(pe.Value, last) {
		t.Fatalf("value %v; want %q, the trace's last state, or a successor of it", pe.Value, want)
	}
	if !strings.Contains(string(pe.Stack), "panicky.bomb") {
		t.Fatalf("the stack does not show where the model panicked:\n%s", pe.Stack)
	}
	if want := fmt.Sprintf("checker: the model panicked in a state at depth %d: %v", steps, pe.Value); err.Error() != want {
		t.Fatalf("error %q; want %q", err, want)
	}
	return pe
}

// successorOf reports whether v is "boom at" a word with one bit more than s.
func successorOf(v any, s uint32) bool {
	var w uint32
	str, _ := v.(string)
	if _, err := fmt.Sscanf(str, "boom at %b", &w); err != nil {
		return false
	}
	return w&s == s && bits.OnesCount32(w) == bits.OnesCount32(s)+1
}

// A panic in the model, in any worker, is returned with the trace to the
// state whose step panicked, and it is the same panic for any number of
// workers: the first state of the level that panics.
func TestAPanicInTheModelIsReturnedWithItsTraceForAnyWorkerCount(t *testing.T) {
	const depth = 7
	for _, tc := range []struct {
		in    string
		steps int // the trace ends in the state expanded: Encode panics on a successor
	}{{"Actions", depth}, {"Next", depth}, {"Encode", depth - 1}} {
		for _, mode := range modes {
			var first any
			for _, workers := range []int{1, 2, 3, 4, 8} {
				m := panicky{setBits: setBits{N: 14}, Depth: depth, In: tc.in}
				_, err := checker.Check(context.Background(), m, checker.Options{Workers: workers, Exact: mode.exact})
				pe := panicked(t, err, tc.steps)
				if last := pe.Trace.Steps[tc.steps].State; tc.in == "Encode" != successorOf(pe.Value, last) {
					t.Fatalf("%s: value %v for the last state %b", tc.in, pe.Value, last)
				}
				if first == nil {
					first = pe.Value
				} else if pe.Value != first {
					t.Fatalf("%s, %s, %d workers: %v; want %v as with 1 worker", tc.in, mode.name, workers, pe.Value, first)
				}
			}
		}
	}
}

// A panic in a property's predicate, evaluated on a new state, is returned
// with the trace to that state; so is one in Observe's visit.
func TestAPanicInAPropertyOrAVisitIsReturnedWithItsTrace(t *testing.T) {
	m := panicky{setBits: setBits{N: 14}, Depth: 5, In: "property"}
	var first any
	for _, workers := range []int{1, 2, 4} {
		_, err := checker.Check(context.Background(), m, checker.Options{Workers: workers},
			checker.Always[uint32, int]("no bomb", func(s uint32) bool { m.bomb("property", s); return true }))
		pe := panicked(t, err, 5)
		if first == nil {
			first = pe.Value
		} else if pe.Value != first {
			t.Fatalf("%d workers: %v; want %v as with 1 worker", workers, pe.Value, first)
		}
	}
	m.In = "visit"
	_, err := checker.Observe(context.Background(), m, checker.Options{Workers: 2}, func(_ int, from uint32, _ int, _ uint32) { m.bomb("visit", from) })
	panicked(t, err, 5)
}

// The other entry points return the panic too: Explore and the liveness
// phase with the trace to the state, Simulate and RandomWalk with the walk
// up to it; a panic in an initial state has a trace of that state alone.
func TestEveryEntryPointReturnsAPanicWithItsTrace(t *testing.T) {
	m := panicky{setBits: setBits{N: 10}, Depth: 4, In: "Next", Every: true}
	_, err := checker.Explore(context.Background(), m, checker.Options{})
	panicked(t, err, 4)
	_, err = checker.Simulate(context.Background(), m, checker.Options{Seed: 3})
	panicked(t, err, 4)
	_, err = checker.RandomWalk(m, checker.Options{Seed: 3})
	panicked(t, err, 4)
	_, err = checker.Check(context.Background(), m, checker.Options{Liveness: true},
		checker.Eventually[uint32, int]("full", func(s uint32) bool { return s == 1<<10-1 }))
	panicked(t, err, 4) // the search panics first

	live := panicky{setBits: setBits{N: 10}, Depth: 4, In: "property", Every: true}
	_, err = checker.Check(context.Background(), live, checker.Options{Liveness: true},
		checker.Eventually[uint32, int]("full", func(s uint32) bool { live.bomb("property", s); return s == 1<<10-1 }))
	panicked(t, err, 4) // only the liveness phase evaluates the property

	m.Depth = 0
	_, err = checker.Check(context.Background(), m, checker.Options{})
	panicked(t, err, 0)
}
