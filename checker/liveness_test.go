package checker_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
)

// fairTwoPhase makes every TwoPhase action instance weakly fair.
type fairTwoPhase struct{ twophase.Model }

func (fairTwoPhase) FairnessClass(_ twophase.State, a twophase.Action) string { return a.String() }

func decided(m twophase.Model) func(twophase.State) bool {
	return func(s twophase.State) bool {
		for r := 0; r < m.N; r++ {
			if st := s.RM(r); st != twophase.Committed && st != twophase.Aborted {
				return false
			}
		}
		return true
	}
}

// On TwoPhase, "every RM eventually commits or aborts" holds under weak
// fairness of every action, and fails without fairness: receiving a
// message that changes nothing can then repeat forever.
func TestTwoPhaseDecidesUnderWeakFairnessOnly(t *testing.T) {
	base, _ := twophase.New(3)
	prop := checker.Eventually[twophase.State, twophase.Action]("all decided", decided(base))
	for _, workers := range []int{1, 2, 4} {
		r, err := checker.Check(context.Background(), checker.Model[twophase.State, twophase.Action](fairTwoPhase{base}), checker.Options{Workers: workers, Liveness: true}, prop)
		if err != nil {
			t.Fatal(err)
		}
		if r.Results[0].Verdict != checker.Holds || r.Outcome != checker.Pass {
			t.Fatalf("with fairness, %d workers: %v", workers, r.Results[0].Verdict)
		}
	}
	var first []string
	for _, workers := range []int{1, 2, 4} {
		r, err := checker.Check(context.Background(), base, checker.Options{Workers: workers, Liveness: true}, prop)
		if err != nil {
			t.Fatal(err)
		}
		res := r.Results[0]
		if res.Verdict != checker.Violated || res.Trace == nil || !res.Trace.Lasso || r.Outcome != checker.Fail {
			t.Fatalf("without fairness, %d workers: %v, want a lasso", workers, res.Verdict)
		}
		// The cycle returns to the state where it starts.
		if last := res.Trace.Steps[res.Trace.Len()].State; last != res.Trace.Steps[res.Trace.LoopAt].State {
			t.Fatalf("the lasso does not close: %v vs %v", last, res.Trace.Steps[res.Trace.LoopAt].State)
		}
		labels := append(res.Trace.Labels(), fmt.Sprint("loop at ", res.Trace.LoopAt))
		if first == nil {
			first = labels
		} else if !slices.Equal(first, labels) {
			t.Fatalf("the lasso differs between worker counts:\n%q\n%q", first, labels)
		}
	}
}

// spinner can spin forever or finish; a process that is always able to
// finish starves only if nothing forces it to.
type spinner struct{ fair bool }

func (spinner) Init() []int { return []int{0} }
func (spinner) Actions(s int, buf []string) []string {
	if s == 0 {
		return append(buf, "spin", "finish")
	}
	return buf
}
func (spinner) Next(s int, a string) (int, bool) {
	if a == "finish" {
		return 1, true
	}
	return 0, true
}
func (spinner) Encode(buf []byte, s int) []byte { return append(buf, byte(s)) }
func (sp spinner) FairnessClass(_ int, a string) string {
	if sp.fair && a == "finish" {
		return "finish"
	}
	return ""
}

func TestStarvationIsFoundWithoutFairnessAndNotWithIt(t *testing.T) {
	done := checker.Eventually[int, string]("finishes", func(s int) bool { return s == 1 })
	r, _ := checker.Check(context.Background(), spinner{fair: false}, checker.Options{Liveness: true}, done)
	res := r.Results[0]
	if res.Verdict != checker.Violated || !slices.Equal(res.Trace.Labels(), []string{"spin"}) || res.Trace.LoopAt != 0 {
		t.Fatalf("unfair: %v %q loop at %d; want the lasso 'spin' forever from the start", res.Verdict, res.Trace.Labels(), res.Trace.LoopAt)
	}
	r, _ = checker.Check(context.Background(), spinner{fair: true}, checker.Options{Liveness: true}, done)
	if r.Results[0].Verdict != checker.Holds {
		t.Fatalf("fair: %v; want holds", r.Results[0].Verdict)
	}
}

// lossy sends one message over a network that may lose a copy of it any
// number of times; the sender retransmits at once, so the message stays
// deliverable. Losing is not fair, delivering is: the endless loss loop is
// not a counterexample, because delivery stays enabled along it.
type lossy struct{}

type msgState struct{ InFlight, Delivered, Flip bool }

func (lossy) Init() []msgState { return []msgState{{InFlight: true}} }
func (lossy) Actions(s msgState, buf []string) []string {
	if s.InFlight {
		buf = append(buf, "deliver", "lose and retransmit")
	}
	return buf
}
func (lossy) Next(s msgState, a string) (msgState, bool) {
	if a == "deliver" {
		return msgState{Delivered: true}, true
	}
	s.Flip = !s.Flip // a new copy: another state, so the loss loop is a real cycle
	return s, true
}
func (lossy) Encode(buf []byte, s msgState) []byte {
	b := byte(0)
	for i, x := range []bool{s.InFlight, s.Delivered, s.Flip} {
		if x {
			b |= 1 << i
		}
	}
	return append(buf, b)
}
func (lossy) FairnessClass(_ msgState, a string) string {
	if a == "deliver" {
		return "deliver"
	}
	return "" // faults are not fair
}

func TestAnUnfairLossLoopIsNotACounterexample(t *testing.T) {
	r, err := checker.Check(context.Background(), lossy{}, checker.Options{Liveness: true},
		checker.Eventually[msgState, string]("delivered", func(s msgState) bool { return s.Delivered }))
	if err != nil || r.Results[0].Verdict != checker.Holds {
		t.Fatalf("%v %v; want holds", err, r.Results[0].Verdict)
	}
}

func TestLeadsToAndNotCheckedWithoutLiveness(t *testing.T) {
	m, _ := twophase.New(2)
	prepared := func(s twophase.State) bool { return s.RM(0) == twophase.Prepared }
	leads := checker.LeadsTo[twophase.State, twophase.Action]("prepared leads to decided", prepared, decided(m))
	r, _ := checker.Check(context.Background(), checker.Model[twophase.State, twophase.Action](fairTwoPhase{m}), checker.Options{Liveness: true}, leads)
	if r.Results[0].Verdict != checker.Holds {
		t.Fatalf("fair: %v; want holds", r.Results[0].Verdict)
	}
	r, _ = checker.Check(context.Background(), m, checker.Options{}, leads)
	if r.Results[0].Verdict != checker.NotChecked {
		t.Fatalf("without Liveness: %v; want not checked", r.Results[0].Verdict)
	}
}

// bounded can always finish, but finishing lies beyond the model's bounds
// (Next refuses it). A behaviour that stalls only at a bound is no
// counterexample: the fair action stays enabled, so spinning is unfair.
type bounded struct{ spinner }

func (bounded) Next(s int, a string) (int, bool) {
	if a == "finish" {
		return 0, false
	}
	return 0, true
}
func (bounded) FairnessClass(_ int, a string) string { return map[string]string{"finish": "finish"}[a] }

func TestAStallAtTheModelsBoundsIsNotACounterexample(t *testing.T) {
	r, err := checker.Check(context.Background(), bounded{}, checker.Options{Liveness: true},
		checker.Eventually[int, string]("finishes", func(s int) bool { return s == 1 }))
	if err != nil || r.Results[0].Verdict != checker.Holds {
		t.Fatalf("%v %v; want holds", err, r.Results[0].Verdict)
	}
}

// A run whose only properties are liveness properties must not stop early
// as if they were decided: with CollectAll it used to stop at the initial
// state and report them "not checked".
func TestLivenessAloneIsDecidedWithCollectAll(t *testing.T) {
	base, _ := twophase.New(3)
	prop := checker.Eventually[twophase.State, twophase.Action]("all decided", decided(base))
	r, err := checker.Check(context.Background(), checker.Model[twophase.State, twophase.Action](fairTwoPhase{base}),
		checker.Options{Liveness: true, CollectAll: true}, prop)
	if err != nil {
		t.Fatal(err)
	}
	if r.Results[0].Verdict != checker.Holds || !r.Complete || r.Distinct != 288 {
		t.Fatalf("%v after %d states (complete %v); want holds after all 288", r.Results[0].Verdict, r.Distinct, r.Complete)
	}
}

// The graph the search records (fingerprint mode) is the graph a second
// exploration builds (exact mode): the same verdicts and the same lassos,
// step for step, on 1, 2 and 4 workers.
func TestTheRecordedGraphGivesTheVerdictsAndLassosOfTheBuiltOne(t *testing.T) {
	base, _ := twophase.New(4)
	m := checker.Model[twophase.State, twophase.Action](fairTwoPhase{base})
	unfair := checker.Model[twophase.State, twophase.Action](base)
	prepared := func(s twophase.State) bool { return s.RM(0) == twophase.Prepared }
	props := []checker.Property[twophase.State, twophase.Action]{
		checker.Eventually[twophase.State, twophase.Action]("all decided", decided(base)),
		checker.LeadsTo[twophase.State, twophase.Action]("prepared leads to decided", prepared, decided(base)),
		checker.Eventually[twophase.State, twophase.Action]("all committed", base.AllCommitted),
	}
	for _, model := range []checker.Model[twophase.State, twophase.Action]{m, unfair} {
		want, err := checker.Check(context.Background(), model, checker.Options{Workers: 1, Liveness: true, Exact: true, CollectAll: true}, props...)
		if err != nil {
			t.Fatal(err)
		}
		violated := 0
		for _, workers := range []int{1, 2, 4} {
			got, err := checker.Check(context.Background(), model, checker.Options{Workers: workers, Liveness: true, CollectAll: true}, props...)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range want.Results {
				g := got.Results[i]
				if g.Verdict != w.Verdict || (g.Trace == nil) != (w.Trace == nil) {
					t.Fatalf("workers %d: %s %v; want %v", workers, w.Name, g.Verdict, w.Verdict)
				}
				if w.Trace != nil && (!slices.Equal(g.Trace.Labels(), w.Trace.Labels()) || g.Trace.LoopAt != w.Trace.LoopAt) {
					t.Errorf("workers %d: %s lasso %q (loop at %d); want %q (loop at %d)", workers, w.Name, g.Trace.Labels(), g.Trace.LoopAt, w.Trace.Labels(), w.Trace.LoopAt)
				}
				if w.Verdict == checker.Violated {
					violated++
				}
			}
		}
		if violated == 0 && model == unfair {
			t.Error("no liveness property violated without fairness: the lassos were not compared")
		}
	}
}

// Several liveness properties are decided at once on the recorded graph
// when there is more than one worker: every verdict and lasso is the one
// each property gets alone on one worker, whatever the worker count, for
// each kind of liveness property, violated or not, with and without
// fairness.
func TestLivenessPropertiesTogetherAsAlone(t *testing.T) {
	base, _ := twophase.New(3)
	committed := func(s twophase.State) bool { return s.RM(0) == twophase.Committed }
	prepared := func(s twophase.State) bool { return s.RM(0) == twophase.Prepared }
	notWorking := func(s twophase.State) bool { return s.RM(1) != twophase.Working }
	props := []checker.Property[twophase.State, twophase.Action]{
		checker.Always[twophase.State, twophase.Action]("true", func(twophase.State) bool { return true }),
		checker.Eventually[twophase.State, twophase.Action]("all decided", decided(base)),
		checker.LeadsTo[twophase.State, twophase.Action]("prepared leads to decided", prepared, decided(base)),
		checker.LeadsTo[twophase.State, twophase.Action]("committed leads to committed", committed, committed),
		checker.EventuallyAlways[twophase.State, twophase.Action]("rm 1 leaves working for good", notWorking),
		checker.Eventually[twophase.State, twophase.Action]("rm 0 commits", committed),
	}
	describe := func(res checker.Result[twophase.State, twophase.Action]) string {
		s := res.Name + ": " + res.Verdict.String()
		if res.Trace != nil {
			s += fmt.Sprint(" ", res.Trace.Labels(), " loop at ", res.Trace.LoopAt)
		}
		return s
	}
	for fair, m := range []checker.Model[twophase.State, twophase.Action]{base, fairTwoPhase{base}} {
		var alone []string
		verdicts := map[checker.Verdict]int{}
		for _, p := range props {
			r, err := checker.Check(context.Background(), m, checker.Options{Workers: 1, Liveness: true}, p)
			if err != nil {
				t.Fatal(err)
			}
			alone = append(alone, describe(r.Results[0]))
			verdicts[r.Results[0].Verdict]++
		}
		if verdicts[checker.Violated] == 0 || verdicts[checker.Holds] == 0 {
			t.Fatalf("fairness %d: want both verdicts among %q", fair, alone)
		}
		for _, workers := range []int{1, 2, 4} {
			r, err := checker.Check(context.Background(), m, checker.Options{Workers: workers, Liveness: true}, props...)
			if err != nil {
				t.Fatal(err)
			}
			var together []string
			for _, res := range r.Results {
				together = append(together, describe(res))
			}
			if !slices.Equal(alone, together) {
				t.Fatalf("fairness %d, %d workers: together\n%q\nalone\n%q", m, workers, together, alone)
			}
		}
	}
}
