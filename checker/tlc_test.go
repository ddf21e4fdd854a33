package checker_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
)

// The tests of TLC's semantics (docs/engine.md, "TLC's semantics"): one
// test model per item, and EWD840 ported from the TLA+ Examples.

var workerCounts = []int{1, 2, 4}

func mustCheck[S, A any](t *testing.T, m checker.Model[S, A], opts checker.Options, props ...checker.Property[S, A]) *checker.Report[S, A] {
	t.Helper()
	r, err := checker.Check(context.Background(), m, opts, props...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// EWD840 (EWD840_json.cfg: N = 4, Spec with WF_vars(System)): TLC finds
// 1,566 distinct states and a depth of 12, counting the initial states as
// depth 1; TerminationDetection, Inv and Liveness hold. For N = 3 the
// manifest of the Examples records 302 distinct states, as here. The
// successors generated are this engine's count, cross-checked by coverage.
// The manifest's other figures are not asserted, because they do not
// follow from ours by a rule we could establish: 15,986 states generated
// for N = 4 is 13,938 plus twice the 1,024 initial states; for N = 3 it
// records 2,001 generated and depth 10, where ours are 1,625 plus 192
// initial states and 8 (9 in TLC's counting).
func TestEWD840CountsAndVerdictsAsTLC(t *testing.T) {
	for _, c := range []struct {
		n, distinct, depth int
		generated          int64
	}{{3, 302, 8, 1625}, {4, 1566, 11, 13938}} {
		for _, workers := range workerCounts {
			m := ewd840{N: c.n, Fair: true}
			r := mustCheck(t, m, checker.Options{Workers: workers, Liveness: true, TLA: true, CollectAll: true, Coverage: true}, m.properties()...)
			if r.Distinct != c.distinct || r.Depth != c.depth || r.Generated != c.generated || r.Outcome != checker.Pass {
				t.Errorf("N=%d, %d workers: %d distinct, depth %d, %d generated, %v; want %d, %d, %d, pass",
					c.n, workers, r.Distinct, r.Depth, r.Generated, r.Outcome, c.distinct, c.depth, c.generated)
			}
			taken := int64(0)
			for _, cv := range r.Coverage {
				taken += cv.Taken
			}
			if taken != r.Generated {
				t.Errorf("N=%d: coverage takes %d steps, Generated is %d", c.n, taken, r.Generated)
			}
		}
	}
}

// (b) Stuttering. EWD840's Liveness (all inactive ~> termination detected)
// without fairness: TLC reports it violated, by a behaviour that stutters
// in a state where every node is inactive. Without stuttering every
// behaviour of the model detects termination, so it holds.
func TestEWD840LivenessWithoutFairnessIsViolatedByStuttering(t *testing.T) {
	m := ewd840{N: 3}
	live := m.properties()[2]
	r := mustCheck(t, m, checker.Options{Liveness: true}, live)
	if v := r.Results[0].Verdict; v != checker.Holds {
		t.Fatalf("without stuttering: %v; want holds", v)
	}
	var first string
	for _, opts := range []checker.Options{{Liveness: true, Stuttering: true}, {Liveness: true, TLA: true}} {
		for _, workers := range workerCounts {
			opts.Workers = workers
			r := mustCheck(t, m, opts, live)
			res := r.Results[0]
			if res.Verdict != checker.Violated || !res.Trace.Lasso || r.Outcome != checker.Fail {
				t.Fatalf("%+v: %v; want violated by a lasso", opts, res.Verdict)
			}
			last := res.Trace.Steps[res.Trace.Len()].State
			if res.Trace.LoopAt != res.Trace.Len() || !m.allInactive(last) || m.terminationDetected(last) {
				t.Fatalf("%+v: loop at %d of %d, last %+v; want stuttering forever in an inactive, undetected state", opts, res.Trace.LoopAt, res.Trace.Len(), last)
			}
			got := fmt.Sprint(res.Trace.Labels(), last)
			if first == "" {
				first = got
			} else if got != first {
				t.Fatalf("the lasso differs: %s vs %s", got, first)
			}
		}
	}
	// Under WF_vars(System), as in Spec, it holds with stuttering too.
	r = mustCheck(t, ewd840{N: 3, Fair: true}, checker.Options{Liveness: true, TLA: true}, live)
	if v := r.Results[0].Verdict; v != checker.Holds {
		t.Fatalf("with WF_vars(System): %v; want holds", v)
	}
}

// limited counts from 0 to Max, with a state constraint n <= 3. Its
// Next has no bound of its own.
type limited struct{ counter }

func (l limited) InModel(n int) bool { return n <= 3 }

// refused is limited written with ok=false instead of a constraint: the
// steps beyond the bound do not exist.
type refused struct{ counter }

func (r refused) Next(n int, a string) (int, bool) { return n + 1, n+1 <= 3 }

// (a) Constraints. TLC judges deadlock before the constraints, checks the
// invariants on the states outside them, and explores only those inside.
func TestStateConstraintHasTLCsSemantics(t *testing.T) {
	below4 := checker.Always[int, string]("below 4", func(n int) bool { return n < 4 })
	props := []checker.Property[int, string]{below4, checker.NoDeadlock[int, string]()}
	for _, workers := range workerCounts {
		r := mustCheck(t, limited{counter{Max: 10}}, checker.Options{Workers: workers, CollectAll: true}, props...)
		inv, _ := r.Result("below 4")
		dl, _ := r.Result("deadlock-free")
		if r.Distinct != 4 || r.Generated != 4 || r.Cut != 1 || !r.Complete {
			t.Fatalf("%d workers: %d distinct, %d generated, %d cut; want 4, 4, 1", workers, r.Distinct, r.Generated, r.Cut)
		}
		if inv.Verdict != checker.Violated || !slices.Equal(inv.Trace.Labels(), []string{"inc 0->1", "inc 1->2", "inc 2->3", "inc 3->4"}) {
			t.Fatalf("below 4: %v %v; want violated on the cut state 4", inv.Verdict, inv.Trace)
		}
		if dl.Verdict != checker.Holds {
			t.Fatalf("deadlock-free: %v; want holds: 3 has a successor, outside the constraint", dl.Verdict)
		}
	}
	// The same bound written as ok=false: 3 is a deadlock and 4 is never
	// generated.
	r := mustCheck(t, refused{counter{Max: 10}}, checker.Options{CollectAll: true}, props...)
	inv, _ := r.Result("below 4")
	dl, _ := r.Result("deadlock-free")
	if r.Distinct != 4 || r.Generated != 3 || r.Cut != 0 || inv.Verdict != checker.Holds || dl.Verdict != checker.Violated {
		t.Fatalf("ok=false: %d distinct, %d generated, %d cut, %v, %v; want 4, 3, 0, holds, violated", r.Distinct, r.Generated, r.Cut, inv.Verdict, dl.Verdict)
	}
}

// A random walk checks a state outside the constraints and ends there.
func TestWalksEndAtTheConstraints(t *testing.T) {
	below4 := checker.Always[int, string]("below 4", func(n int) bool { return n < 4 })
	sim, err := checker.Simulate(context.Background(), limited{counter{Max: 10}}, checker.Options{Runs: 1}, below4)
	if err != nil || sim.Results[0].Verdict != checker.Violated || sim.Results[0].Trace.Len() != 4 {
		t.Fatalf("%v %+v; want below 4 violated on the cut state 4", err, sim.Results[0])
	}
	tr, err := checker.RandomWalk(limited{counter{Max: 10}}, checker.Options{})
	if err != nil || tr.Len() != 4 {
		t.Fatalf("%v: a walk of %d steps; want 4, ending at the cut state 4", err, tr.Len())
	}
}

// forward is the grid with an action constraint that allows only moves
// right and down.
type forward struct{ grid }

func (forward) InActions(_ cell, a string, _ cell) bool { return a == "right" || a == "down" }

func TestActionConstraintCutsSteps(t *testing.T) {
	g := grid{W: 3, H: 4}
	for _, workers := range workerCounts {
		r := mustCheck(t, forward{g}, checker.Options{Workers: workers})
		// Every cell is still reached; the moves left and up are generated and cut.
		back := int64((g.W-1)*g.H + (g.H-1)*g.W)
		if r.Distinct != g.W*g.H || r.Generated != g.transitions() || r.Cut != back {
			t.Fatalf("%d workers: %d distinct, %d generated, %d cut; want %d, %d, %d", workers, r.Distinct, r.Generated, r.Cut, g.W*g.H, g.transitions(), back)
		}
	}
}

// fork has two actions from 0, to 1 and to 2, in the order Order gives;
// 1 lies outside the state constraint. Both violate "zero".
type fork struct{ Order []string }

func (f fork) Init() []int { return []int{0} }
func (f fork) Actions(n int, buf []string) []string {
	if n == 0 {
		return append(buf, f.Order...)
	}
	return buf
}
func (fork) Next(_ int, a string) (int, bool) { return map[string]int{"one": 1, "two": 2}[a], true }
func (fork) Encode(buf []byte, n int) []byte  { return binary.AppendUvarint(buf, uint64(n)) }
func (fork) InModel(n int) bool               { return n != 1 }

// A discovery on a cut successor and one on a new state of the same
// level: the first in breadth-first order (the smaller key) is reported,
// whichever phase found it.
func TestCutAndKeptDiscoveriesAreOrderedByKey(t *testing.T) {
	zero := checker.Always[int, string]("zero", func(n int) bool { return n == 0 })
	for _, order := range [][]string{{"one", "two"}, {"two", "one"}} {
		for _, workers := range workerCounts {
			r := mustCheck(t, fork{order}, checker.Options{Workers: workers}, zero)
			if got := r.Results[0].Trace.Labels(); !slices.Equal(got, order[:1]) {
				t.Fatalf("order %v, %d workers: trace %v; want %v", order, workers, got, order[:1])
			}
		}
	}
}

// An initial state outside the state constraint is checked, counted and
// not explored.
type cutStart struct{ counter }

func (cutStart) Init() []int        { return []int{5, 0} }
func (cutStart) InModel(n int) bool { return n < 5 }

func TestCutInitialStateIsChecked(t *testing.T) {
	r := mustCheck(t, cutStart{counter{Max: 2}}, checker.Options{CollectAll: true},
		checker.Always[int, string]("small", func(n int) bool { return n < 5 }), checker.NoDeadlock[int, string]())
	res := r.Results[0]
	if r.Distinct != 3 || r.Cut != 1 || res.Verdict != checker.Violated || res.Trace.Len() != 0 || res.Trace.Steps[0].State != 5 {
		t.Fatalf("%d distinct, %d cut, %v %v; want 3, 1, violated at the initial state 5", r.Distinct, r.Cut, res.Verdict, res.Trace)
	}
}

// dawdler can stay (a self-loop) or go; both are one weakly fair action A,
// as in x = 0 /\ x' \in {0, 1} under WF_x(A).
type dawdler struct{}

func (dawdler) Init() []int { return []int{0} }
func (dawdler) Actions(n int, buf []string) []string {
	if n == 0 {
		return append(buf, "stay", "go")
	}
	return buf
}
func (dawdler) Next(_ int, a string) (int, bool)      { return map[string]int{"go": 1}[a], true }
func (dawdler) Encode(buf []byte, n int) []byte       { return append(buf, byte(n)) }
func (dawdler) FairnessClass(_ int, _ string) string  { return "A" }
func (dawdler) ActionNames() []string                 { return []string{"stay", "go", "never"} }
func (dawdler) ActionName(a string) string            { return a }
func (dawdler) InActions(_ int, _ string, _ int) bool { return true }

// (c) A self-loop and WF. By default a self-loop of a class takes it, so
// staying forever is fair; under TLA, as in TLA+, only a step that changes
// the state takes <<A>>_x, and the behaviour must go.
func TestSelfLoopTakesAWeakClassOnlyByDefault(t *testing.T) {
	gone := checker.Eventually[int, string]("gone", func(n int) bool { return n == 1 })
	r := mustCheck(t, dawdler{}, checker.Options{Liveness: true}, gone)
	if res := r.Results[0]; res.Verdict != checker.Violated || !slices.Equal(res.Trace.Labels(), []string{"stay"}) || res.Trace.LoopAt != 0 {
		t.Fatalf("default: %v; want violated by staying forever", res.Verdict)
	}
	for _, opts := range []checker.Options{{Liveness: true, TLA: true}} {
		r := mustCheck(t, dawdler{}, opts, gone)
		if v := r.Results[0].Verdict; v != checker.Holds {
			t.Fatalf("%+v: %v; want holds", opts, v)
		}
	}
}

// blinker toggles between 0 and 1 forever (weakly fair), and in 1 it may
// finish (2), under the fairness class Finish gives.
type blinker struct{ Finish string }

func (blinker) Init() []int { return []int{0} }
func (blinker) Actions(n int, buf []string) []string {
	switch n {
	case 0:
		return append(buf, "toggle")
	case 1:
		return append(buf, "toggle", "finish")
	}
	return buf
}
func (blinker) Next(n int, a string) (int, bool) {
	if a == "finish" {
		return 2, true
	}
	return 1 - n, true
}
func (blinker) Encode(buf []byte, n int) []byte { return append(buf, byte(n)) }
func (b blinker) FairnessClass(_ int, a string) string {
	if a == "finish" {
		return b.Finish
	}
	return "toggle"
}

// (d) Strong fairness: finishing is enabled in every other state of the
// blinking, so WF lets it be ignored forever and SF does not.
func TestStrongFairnessForcesAnIntermittentAction(t *testing.T) {
	done := checker.Eventually[int, string]("finished", func(n int) bool { return n == 2 })
	for _, tla := range []bool{false, true} {
		r := mustCheck(t, blinker{Finish: "finish"}, checker.Options{Liveness: true, TLA: tla}, done)
		if res := r.Results[0]; res.Verdict != checker.Violated || !slices.Equal(res.Trace.Labels(), []string{"toggle", "toggle"}) || res.Trace.LoopAt != 0 {
			t.Fatalf("WF, TLA %v: %v %v; want violated by blinking", tla, res.Verdict, res.Trace)
		}
		r = mustCheck(t, blinker{Finish: checker.Strong("finish")}, checker.Options{Liveness: true, TLA: tla}, done)
		if v := r.Results[0].Verdict; v != checker.Holds {
			t.Fatalf("SF, TLA %v: %v; want holds", tla, v)
		}
	}
}

// detour is a cycle 0 -> 1 -> 0 with a detour 1 -> 2 -> 0; in 2 a strongly
// fair action leads out to 3. Under SF a behaviour may still cycle
// through 0 and 1 forever, never enabling it: the strongly connected
// component {0, 1, 2} is refined to {0, 1}.
type detour struct{}

func (detour) Init() []int { return []int{0} }
func (detour) Actions(n int, buf []string) []string {
	return append(buf, [][]string{{"a"}, {"b", "c"}, {"d", "exit"}, nil}[n]...)
}
func (detour) Next(n int, a string) (int, bool) {
	return map[string]int{"a": 1, "b": 0, "c": 2, "d": 0, "exit": 3}[a], true
}
func (detour) Encode(buf []byte, n int) []byte { return append(buf, byte(n)) }
func (detour) FairnessClass(_ int, a string) string {
	if a == "exit" {
		return checker.Strong("exit")
	}
	return ""
}

func TestStrongFairnessRefinesAComponent(t *testing.T) {
	out := checker.Eventually[int, string]("out", func(n int) bool { return n == 3 })
	for _, workers := range workerCounts {
		r := mustCheck(t, detour{}, checker.Options{Workers: workers, Liveness: true}, out)
		res := r.Results[0]
		if res.Verdict != checker.Violated || !slices.Equal(res.Trace.Labels(), []string{"a", "b"}) || res.Trace.LoopAt != 0 {
			t.Fatalf("%d workers: %v %v; want the cycle a, b that never passes 2", workers, res.Verdict, res.Trace)
		}
	}
}

// (e) <>[]P.
func TestEventuallyAlways(t *testing.T) {
	// A counter that stops at 3 stays there forever.
	c := counter{Max: 3}
	r := mustCheck(t, c, checker.Options{Liveness: true},
		checker.EventuallyAlways[int, string]("stays at 3", func(n int) bool { return n == 3 }),
		checker.EventuallyAlways[int, string]("stays below 3", func(n int) bool { return n < 3 }))
	if v := r.Results[0].Verdict; v != checker.Holds {
		t.Fatalf("stays at 3: %v; want holds", v)
	}
	if res := r.Results[1]; res.Verdict != checker.Violated || res.Trace.Len() != 3 || res.Trace.LoopAt != 3 {
		t.Fatalf("stays below 3: %v %v; want violated, ending in 3 forever", res.Verdict, res.Trace)
	}
	// The blinker under weak fairness blinks forever: it is not eventually
	// always 0. The lasso reaches 1, the first state that is not 0, and
	// cycles from it.
	r = mustCheck(t, blinker{Finish: "finish"}, checker.Options{Liveness: true},
		checker.EventuallyAlways[int, string]("zero", func(n int) bool { return n == 0 }))
	res := r.Results[0]
	if res.Verdict != checker.Violated || res.Trace.LoopAt != 1 || res.Trace.Steps[1].State != 1 || res.Trace.Steps[res.Trace.Len()].State != 1 {
		t.Fatalf("zero: %v %v; want a cycle from 1", res.Verdict, res.Trace)
	}
	// TwoPhase: under weak fairness of every action, every RM is
	// eventually decided for good; without fairness it need not be.
	base, _ := twophase.New(3)
	forever := checker.EventuallyAlways[twophase.State, twophase.Action]("decided forever", decided(base))
	for _, workers := range workerCounts {
		r := mustCheck(t, checker.Model[twophase.State, twophase.Action](fairTwoPhase{base}), checker.Options{Workers: workers, Liveness: true}, forever)
		if v := r.Results[0].Verdict; v != checker.Holds {
			t.Fatalf("fair, %d workers: %v; want holds", workers, v)
		}
		r = mustCheck(t, base, checker.Options{Workers: workers, Liveness: true}, forever)
		if res := r.Results[0]; res.Verdict != checker.Violated || !res.Trace.Lasso {
			t.Fatalf("unfair, %d workers: %v; want a lasso", workers, res.Verdict)
		}
	}
}

// Coverage: per action name, the same for any number of workers, equal
// to the counts read off the explicit graph, and naming the actions
// never taken.
func TestCoverageCountsEveryActionAsTheGraphDoes(t *testing.T) {
	m, _ := twophase.New(3)
	g, err := checker.Explore(context.Background(), m, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*checker.ActionCoverage{}
	for i := range g.Len() {
		for _, a := range m.Actions(g.State(i), nil) {
			name := m.ActionName(a)
			if want[name] == nil {
				want[name] = &checker.ActionCoverage{Name: name}
			}
			want[name].Enabled++
		}
		for _, e := range g.Edges(i) {
			want[m.ActionName(e.Action)].Taken++
		}
	}
	for _, workers := range workerCounts {
		for _, exact := range []bool{false, true} {
			r := mustCheck(t, m, checker.Options{Workers: workers, Exact: exact, Coverage: true})
			var names []string
			for _, c := range r.Coverage {
				names = append(names, c.Name)
				if w := want[c.Name]; w == nil || *w != c {
					t.Errorf("%d workers: %+v; want %+v", workers, c, w)
				}
			}
			if !slices.Equal(names, m.ActionNames()) {
				t.Errorf("names %v; want %v", names, m.ActionNames())
			}
		}
	}
	r := mustCheck(t, dawdler{}, checker.Options{Coverage: true})
	var never []string
	for _, c := range r.Coverage {
		if c.Never() {
			never = append(never, c.Name)
		}
	}
	if !slices.Equal(never, []string{"never"}) {
		t.Fatalf("never taken: %v; want [never]", never)
	}
	if r := mustCheck(t, dawdler{}, checker.Options{}); r.Coverage != nil {
		t.Fatalf("coverage without Options.Coverage: %v", r.Coverage)
	}
}

// settle can stay (a self-loop, unfair) or go up (weakly fair) from any
// n; a state constraint n <= 3 stops it at 3, where going up is cut but
// stays enabled for fairness, as TLC's constraints leave it. With Gate,
// an action constraint cuts going up from 2 instead; with Unfair, going
// up is unfair too.
type settle struct{ Gate, Unfair bool }

func (settle) Init() []int                                { return []int{0} }
func (settle) Actions(_ int, buf []string) []string       { return append(buf, "stay", "up") }
func (settle) Encode(buf []byte, n int) []byte            { return append(buf, byte(n)) }
func (settle) InModel(n int) bool                         { return n <= 3 }
func (s settle) InActions(from int, a string, _ int) bool { return !s.Gate || a != "up" || from != 2 }
func (settle) Next(n int, a string) (int, bool) {
	if a == "up" {
		return n + 1, true
	}
	return n, true
}
func (s settle) FairnessClass(_ int, a string) string {
	if a == "up" && !s.Unfair {
		return "up"
	}
	return ""
}

// A successor cut by a constraint is no edge, and its class stays
// enabled: staying forever at the top (3, or 2 behind the gate) is unfair,
// for going up is enabled there, so the counter is not eventually always
// below its top: that holds vacuously, no fair behaviour stays in the
// explored part. With the cut steps taken for absent instead, staying at
// the top would be a fair lasso.
func TestACutStepKeepsItsClassEnabledForFairness(t *testing.T) {
	for _, c := range []struct {
		m   settle
		top int
	}{{settle{}, 3}, {settle{Gate: true}, 2}} {
		below := checker.EventuallyAlways[int, string]("below the top", func(n int) bool { return n < c.top })
		at := checker.Eventually[int, string]("at the top", func(n int) bool { return n == c.top })
		for _, exact := range []bool{false, true} {
			for _, workers := range workerCounts {
				r := mustCheck(t, c.m, checker.Options{Workers: workers, Exact: exact, Liveness: true, CollectAll: true}, below, at)
				if r.Distinct != c.top+1 || r.Cut != 1 || r.Results[0].Verdict != checker.Holds || r.Results[1].Verdict != checker.Holds {
					t.Fatalf("%+v, exact %v, %d workers: %d distinct, %d cut, %v, %v; want %d, 1, holds, holds",
						c.m, exact, workers, r.Distinct, r.Cut, r.Results[0].Verdict, r.Results[1].Verdict, c.top+1)
				}
			}
		}
	}
}

// The graph the search records (fingerprint mode) gives the verdicts and
// lassos of the graph buildGraph makes (exact mode) under TLC's semantics
// too: constraints, stuttering, TLA, strong fairness, eventually-always,
// on 1, 2 and 4 workers.
func TestTLCsSemanticsOnTheRecordedGraphAsOnTheBuiltOne(t *testing.T) {
	options := []checker.Options{{}, {Stuttering: true}, {TLA: true}}
	compare := func(t *testing.T, name string, check func(checker.Options) (labels []string, loops []int, verdicts []checker.Verdict, cut int64)) {
		violated := 0
		for _, o := range options {
			o.Liveness, o.CollectAll = true, true
			o.Exact, o.Workers = true, 1
			wl, wloop, wv, wcut := check(o)
			for _, v := range wv {
				if v == checker.Violated {
					violated++
				}
			}
			for _, workers := range workerCounts {
				o.Exact, o.Workers = false, workers
				gl, gloop, gv, gcut := check(o)
				if !slices.Equal(gv, wv) || !slices.Equal(gl, wl) || !slices.Equal(gloop, wloop) || gcut != wcut {
					t.Errorf("%s, %+v: recorded %v %q %v, %d cut; built %v %q %v, %d cut", name, o, gv, gl, gloop, gcut, wv, wl, wloop, wcut)
				}
			}
		}
		if violated == 0 {
			t.Errorf("%s: nothing violated: no lasso was compared", name)
		}
	}
	// run compares the models together: the summaries one after another.
	run := func(name string, ms []checker.Model[int, string], props ...checker.Property[int, string]) {
		compare(t, name, func(o checker.Options) (labels []string, loops []int, verdicts []checker.Verdict, cut int64) {
			for _, m := range ms {
				l, lp, v, c := summary(mustCheck(t, m, o, props...))
				labels, loops, verdicts, cut = append(labels, l...), append(loops, lp...), append(verdicts, v...), cut+c
			}
			return labels, loops, verdicts, cut
		})
	}
	type models = []checker.Model[int, string]
	top := checker.EventuallyAlways[int, string]("below 3", func(n int) bool { return n < 3 })
	some := checker.Eventually[int, string]("at 3", func(n int) bool { return n == 3 })
	run("settle", models{settle{}, settle{Unfair: true}}, top, some, checker.LeadsTo[int, string]("1 leads to 2", func(n int) bool { return n == 1 }, func(n int) bool { return n == 2 }))
	run("settle behind the gate", models{settle{Gate: true}, settle{Gate: true, Unfair: true}}, top, some)
	run("detour", models{detour{}}, checker.Eventually[int, string]("out", func(n int) bool { return n == 3 }), checker.EventuallyAlways[int, string]("not 1", func(n int) bool { return n != 1 }))
	for _, finish := range []string{"finish", checker.Strong("finish")} {
		run("blinker "+finish, models{blinker{Finish: finish}}, checker.Eventually[int, string]("finished", func(n int) bool { return n == 2 }), checker.EventuallyAlways[int, string]("zero", func(n int) bool { return n == 0 }))
	}
	run("dawdler", models{dawdler{}}, checker.Eventually[int, string]("gone", func(n int) bool { return n == 1 }))
	for _, fair := range []bool{false, true} {
		m := ewd840{N: 3, Fair: fair}
		props := append(m.properties(), checker.EventuallyAlways[ewdState, ewdAction]("inactive for good", m.allInactive))
		compare(t, fmt.Sprintf("EWD840 fair %v", fair), func(o checker.Options) ([]string, []int, []checker.Verdict, int64) {
			return summary(mustCheck(t, checker.Model[ewdState, ewdAction](m), o, props...))
		})
	}
}

// summary is what the recorded and the built graph must agree on: every
// property's verdict, lasso (labels, one list after another) and loop,
// and the count of cut successors.
func summary[S, A any](r *checker.Report[S, A]) (labels []string, loops []int, verdicts []checker.Verdict, cut int64) {
	for _, res := range r.Results {
		verdicts = append(verdicts, res.Verdict)
		loops = append(loops, -1)
		if res.Trace != nil && res.Trace.Lasso {
			labels = append(append(labels, res.Name+":"), res.Trace.Labels()...)
			loops[len(loops)-1] = res.Trace.LoopAt
		}
	}
	return labels, loops, verdicts, r.Cut
}
