package checker_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/timewait/timewait/checker"
)

var modes = []struct {
	name  string
	exact bool
}{{"fingerprint", false}, {"exact", true}}

func check[S, A any](t *testing.T, m checker.Model[S, A], opts checker.Options, props ...checker.Property[S, A]) *checker.Report[S, A] {
	t.Helper()
	r, err := checker.Check(context.Background(), m, opts, props...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func simulate[S, A any](t *testing.T, m checker.Model[S, A], opts checker.Options, props ...checker.Property[S, A]) *checker.SimReport[S, A] {
	t.Helper()
	r, err := checker.Simulate(context.Background(), m, opts, props...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func result[S, A any](t *testing.T, r *checker.Report[S, A], name string) checker.Result[S, A] {
	t.Helper()
	res, ok := r.Result(name)
	if !ok {
		t.Fatalf("no result for %q", name)
	}
	return res
}

func TestGridCountsAreExactForEveryWorkerCountAndMode(t *testing.T) {
	g := grid{W: 70, H: 50}
	for _, mode := range modes {
		for _, workers := range []int{1, 2, 3, 4, 8} {
			t.Run(fmt.Sprintf("%s/workers=%d", mode.name, workers), func(t *testing.T) {
				r := check(t, g, checker.Options{Workers: workers, Exact: mode.exact})
				if r.Distinct != g.W*g.H || r.Generated != g.transitions() || r.Depth != g.W+g.H-2 {
					t.Errorf("distinct, generated, depth = %d, %d, %d; want %d, %d, %d",
						r.Distinct, r.Generated, r.Depth, g.W*g.H, g.transitions(), g.W+g.H-2)
				}
				if r.Outcome != checker.Pass || !r.Complete {
					t.Errorf("outcome %v complete %v; want pass, complete", r.Outcome, r.Complete)
				}
			})
		}
	}
}

// The shortest Die Hard solution is unique up to the order BFS explores
// actions in; every worker count and both modes must report the same one.
func TestShortestCounterexampleIsIdenticalForEveryWorkerCountAndMode(t *testing.T) {
	want := []string{"fill big", "big to small", "empty small", "big to small", "fill big", "big to small"}
	for _, mode := range modes {
		for _, workers := range []int{1, 2, 3, 4, 8} {
			for run := 0; run < 3; run++ {
				r := check(t, JugsModel{}, checker.Options{Workers: workers, Exact: mode.exact},
					checker.Always[Jugs, Pour]("no 4", func(j Jugs) bool { return j.Big != 4 }))
				res := result(t, r, "no 4")
				if res.Verdict != checker.Violated || !slices.Equal(res.Trace.Labels(), want) {
					t.Fatalf("%s, %d workers, run %d: %v %q; want violated %q", mode.name, workers, run, res.Verdict, res.Trace.Labels(), want)
				}
				if r.Outcome != checker.Fail || r.StopReason != "stopped at the first violation" {
					t.Errorf("outcome %v (%s); want fail, stopped at the first violation", r.Outcome, r.StopReason)
				}
			}
		}
	}
}

func TestStepPropertyViolationEndsWithTheOffendingStep(t *testing.T) {
	r := check(t, counter{Max: 10}, checker.Options{},
		checker.AlwaysStep[int, string]("never 3 to 4", func(from int, _ string, to int) bool { return !(from == 3 && to == 4) }))
	res := result(t, r, "never 3 to 4")
	if res.Verdict != checker.Violated || res.Trace.Len() != 4 || res.Trace.Steps[4].Label != "inc 3->4" {
		t.Fatalf("%v after %d steps, last %q; want violated after 4 steps ending 'inc 3->4'", res.Verdict, res.Trace.Len(), res.Trace.Steps[res.Trace.Len()].Label)
	}
}

func TestDeadlockIsReportedUnlessTheModelAllowsTheEnd(t *testing.T) {
	r := check(t, counter{Max: 5}, checker.Options{}, checker.NoDeadlock[int, string]())
	res := result(t, r, "deadlock-free")
	if res.Verdict != checker.Violated || res.Trace.Len() != 5 || res.Trace.Steps[5].State != 5 {
		t.Errorf("counter: %v after %d steps; want violated at 5 after 5 steps", res.Verdict, res.Trace.Len())
	}
	r = check(t, endingCounter{counter{Max: 5}}, checker.Options{}, checker.NoDeadlock[int, string]())
	if res := result(t, r, "deadlock-free"); res.Verdict != checker.Holds {
		t.Errorf("counter with an allowed end: %v; want holds", res.Verdict)
	}
}

// A witness the whole space misses is unreached, which informs and does not
// fail the run; a limited run leaves it incomplete.
func TestSometimesIsUnreachedOnlyWhenTheWholeSpaceMissesIt(t *testing.T) {
	never := checker.Sometimes[int, string]("reach 99", func(n int) bool { return n == 99 })
	r := check(t, counter{Max: 10, EndAtMax: true}, checker.Options{}, never)
	if res := result(t, r, "reach 99"); res.Verdict != checker.Unreached || res.Trace != nil || r.Outcome != checker.Pass {
		t.Errorf("complete run: %v, outcome %v; want unreached without a trace, and pass", res.Verdict, r.Outcome)
	}
	r = check(t, counter{Max: 10}, checker.Options{MaxDepth: 3}, never)
	if res := result(t, r, "reach 99"); res.Verdict != checker.Incomplete {
		t.Errorf("depth-limited run: %v; want incomplete", res.Verdict)
	}
}

func TestCollectAllFindsACounterexampleForEachProperty(t *testing.T) {
	props := []checker.Property[int, string]{
		checker.Always[int, string]("below 3", func(n int) bool { return n < 3 }),
		checker.Always[int, string]("below 6", func(n int) bool { return n < 6 }),
		checker.Sometimes[int, string]("reach 8", func(n int) bool { return n == 8 }),
	}
	r := check(t, counter{Max: 20}, checker.Options{}, props...)
	if got := result(t, r, "below 6").Verdict; got != checker.Incomplete {
		t.Errorf("default mode: below 6 is %v; want incomplete (the run stopped at the first violation)", got)
	}
	r = check(t, counter{Max: 20}, checker.Options{CollectAll: true}, props...)
	for name, steps := range map[string]int{"below 3": 3, "below 6": 6, "reach 8": 8} {
		if res := result(t, r, name); res.Trace == nil || res.Trace.Len() != steps {
			t.Errorf("collect all: %s has no trace of %d steps (%v)", name, steps, res.Verdict)
		}
	}
	if r.StopReason != "every property decided" || r.Distinct != 9 {
		t.Errorf("stop reason %q after %d states; want 'every property decided' after 9", r.StopReason, r.Distinct)
	}
}

func TestLimitsAndInterruptsMakeTheRunIncompleteNeverHolds(t *testing.T) {
	g := grid{W: 200, H: 200}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name   string
		ctx    context.Context
		opts   checker.Options
		reason string
	}{
		{"max states", context.Background(), checker.Options{MaxStates: 100}, "state limit 100 reached"},
		{"max depth", context.Background(), checker.Options{MaxDepth: 3}, "depth limit 3 reached"},
		{"time budget", context.Background(), checker.Options{TimeBudget: time.Nanosecond}, "time budget 1ns used up"},
		{"memory budget", context.Background(), checker.Options{MemoryBudget: 1}, "memory budget 1 bytes used up"},
		{"cancelled", cancelled, checker.Options{}, "interrupted: context canceled"},
	}
	inv := checker.Always[cell, string]("in grid", func(c cell) bool { return c.X < g.W })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := checker.Check(tc.ctx, g, tc.opts, inv)
			if err != nil {
				t.Fatal(err)
			}
			if r.Complete || r.Outcome != checker.Unknown || r.Results[0].Verdict != checker.Incomplete {
				t.Errorf("complete %v outcome %v verdict %v; want incomplete", r.Complete, r.Outcome, r.Results[0].Verdict)
			}
			if !strings.HasPrefix(r.StopReason, tc.reason) {
				t.Errorf("stop reason %q; want %q", r.StopReason, tc.reason)
			}
		})
	}
}

func TestInterruptInTheMiddleOfALevelKeepsTheCountsOfTheLevelsBefore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	g := grid{W: 30, H: 30}
	// (5, 5) is first generated while expanding depth 9.
	r, err := checker.Check(ctx, cancelAt{grid: g, N: cell{5, 5}, Cancel: cancel}, checker.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Depths 0..9 of a grid from a corner hold 1+2+...+10 cells.
	if r.Complete || r.Outcome != checker.Unknown || r.Depth != 9 || r.Distinct != 55 {
		t.Errorf("complete %v outcome %v depth %d distinct %d; want incomplete at depth 9 with 55 states", r.Complete, r.Outcome, r.Depth, r.Distinct)
	}
}

func TestTooManyActionsIsAModelError(t *testing.T) {
	_, err := checker.Check(context.Background(), wide{}, checker.Options{})
	if err == nil || !strings.Contains(err.Error(), "70000 enabled actions") {
		t.Fatalf("err = %v; want one about 70000 enabled actions", err)
	}
}

func TestProgressIsReportedAtTheEnd(t *testing.T) {
	var last checker.Progress
	calls, g := 0, grid{W: 10, H: 10}
	check(t, g, checker.Options{ProgressEvery: time.Hour, Progress: func(p checker.Progress) { last = p; calls++ }})
	if calls != 1 || last.Distinct != 100 || last.Depth != 18 || last.Generated != g.transitions() {
		t.Errorf("%d calls, last %+v; want 1 call with 100 states at depth 18", calls, last)
	}
}

func TestFingerprintModeEstimatesCollisionProbability(t *testing.T) {
	r := check(t, grid{W: 100, H: 100}, checker.Options{})
	// n(n-1)/2 / 2^64 for n = 10,000: about 2.7e-12.
	if p := r.CollisionProbability; p < 2.6e-12 || p > 2.8e-12 {
		t.Errorf("collision probability %g; want about 2.7e-12", p)
	}
	if r := check(t, grid{W: 100, H: 100}, checker.Options{Exact: true}); r.CollisionProbability != 0 {
		t.Errorf("exact mode: collision probability %g; want 0", r.CollisionProbability)
	}
}

func TestSimulateIsReproducibleFromItsSeed(t *testing.T) {
	for _, swarm := range []bool{false, true} {
		t.Run(fmt.Sprintf("swarm=%v", swarm), func(t *testing.T) { simulateReproducible(t, swarm) })
	}
}

func simulateReproducible(t *testing.T, swarm bool) {
	inv := checker.Always[Jugs, Pour]("no 4", func(j Jugs) bool { return j.Big != 4 })
	first := simulate(t, JugsModel{}, checker.Options{Seed: 7, MaxDepth: 40, Runs: 2000, Swarm: swarm}, inv)
	if first.Outcome != checker.Fail {
		t.Fatalf("outcome %v; want fail", first.Outcome)
	}
	again := simulate(t, JugsModel{}, checker.Options{Seed: first.FailingSeed, MaxDepth: 40, Runs: 1, Swarm: swarm}, inv)
	if !slices.Equal(first.Results[0].Trace.Labels(), again.Results[0].Trace.Labels()) {
		t.Errorf("replaying seed %d gave %q; want %q", first.FailingSeed, again.Results[0].Trace.Labels(), first.Results[0].Trace.Labels())
	}
	// BFS finds a trace no longer than the walk's.
	r := check(t, JugsModel{}, checker.Options{}, inv)
	if r.Results[0].Trace.Len() > first.Results[0].Trace.Len() {
		t.Errorf("BFS trace %d steps, walk %d", r.Results[0].Trace.Len(), first.Results[0].Trace.Len())
	}
}

// A swarm walk weighs actions by its seed: walks from one seed are equal,
// and over a few seeds they differ from the uniform walks.
func TestSwarmWalksDrawTheirWeightsFromTheSeed(t *testing.T) {
	walk := func(seed uint64, swarm bool) []string {
		tr, err := checker.RandomWalk[cell, string](grid{W: 50, H: 50}, checker.Options{Seed: seed, MaxDepth: 30, Swarm: swarm})
		if err != nil {
			t.Fatal(err)
		}
		return tr.Labels()
	}
	differ := 0
	for seed := uint64(0); seed < 8; seed++ {
		if !slices.Equal(walk(seed, true), walk(seed, true)) {
			t.Fatalf("seed %d: two swarm walks differ", seed)
		}
		if !slices.Equal(walk(seed, true), walk(seed, false)) {
			differ++
		}
	}
	if differ < 6 {
		t.Errorf("%d of 8 swarm walks differ from the uniform walk of their seed; want at least 6", differ)
	}
}

func TestSimulateReportsDeadlocksAndNeverClaimsHolds(t *testing.T) {
	r := simulate(t, counter{Max: 4}, checker.Options{Seed: 1, MaxDepth: 10, Runs: 1}, checker.NoDeadlock[int, string]())
	if r.Results[0].Verdict != checker.Violated || r.Results[0].Trace.Len() != 4 {
		t.Errorf("deadlock: %v", r.Results[0].Verdict)
	}
	g := simulate(t, grid{W: 5, H: 5}, checker.Options{Seed: 1}, checker.Always[cell, string]("ok", func(cell) bool { return true }))
	if g.Outcome != checker.Unknown || g.Results[0].Verdict != checker.Incomplete || g.Runs != 100 || g.Steps != 100*100 {
		t.Errorf("outcome %v verdict %v runs %d steps %d; want incomplete after 100 runs of 100 steps", g.Outcome, g.Results[0].Verdict, g.Runs, g.Steps)
	}
}

func TestSometimesStepWitnessEndsWithTheStep(t *testing.T) {
	r := check(t, counter{Max: 10, EndAtMax: true}, checker.Options{},
		checker.SometimesStep[int, string]("5 to 6", func(from int, _ string, to int) bool { return from == 5 && to == 6 }),
		checker.SometimesStep[int, string]("never", func(from int, _ string, to int) bool { return to < from }))
	if res := result(t, r, "5 to 6"); res.Verdict != checker.Reached || res.Trace.Len() != 6 || res.Trace.Steps[6].Label != "inc 5->6" {
		t.Errorf("5 to 6: %v; want reached with a 6-step witness ending 'inc 5->6'", res.Verdict)
	}
	if res := result(t, r, "never"); res.Verdict != checker.Unreached || r.Outcome != checker.Pass {
		t.Errorf("never: %v, outcome %v; want unreached and pass (witnesses only inform)", res.Verdict, r.Outcome)
	}
}
