package checker_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
)

// A run stopped by a budget stays within a quarter of it (issue 17's
// acceptance margin): the budgets are checked within a level, not only
// between levels.
const margin = 1.25

// wholeLevels checks that a run stopped within a level reports the counts
// of the levels before it: the same as a run told to stop at that depth.
func wholeLevels(t *testing.T, m twophase.Model, r *checker.Report[twophase.State, twophase.Action]) {
	t.Helper()
	at := check(t, m, checker.Options{Workers: 2, MaxDepth: r.Depth}, m.Properties()...)
	if at.Distinct != r.Distinct || at.Generated != r.Generated || at.Depth != r.Depth {
		t.Errorf("stopped run: %d states, %d transitions, depth %d; a run to depth %d: %d, %d, %d; want the same (whole levels)",
			r.Distinct, r.Generated, r.Depth, r.Depth, at.Distinct, at.Generated, at.Depth)
	}
}

// TwoPhase with 9 RMs takes seconds on two workers, with levels of up to a
// million states, so a budget of 1.5 s stops it within a level.
func TestATimeBudgetStopsWithinAQuarterOfItAndKeepsWholeLevels(t *testing.T) {
	m, _ := twophase.New(9)
	const budget = 1500 * time.Millisecond
	start := time.Now()
	r := check(t, m, checker.Options{Workers: 2, TimeBudget: budget}, m.Properties()...)
	took := time.Since(start)
	if r.Complete || r.Outcome != checker.Unknown || r.StopReason != "time budget 1.5s used up" {
		t.Fatalf("complete %v, outcome %v, stop reason %q; want incomplete, time budget 1.5s used up", r.Complete, r.Outcome, r.StopReason)
	}
	if res := result(t, r, "consistent"); res.Verdict != checker.Incomplete {
		t.Errorf("consistent: %v; want incomplete", res.Verdict)
	}
	if float64(took) > margin*float64(budget) {
		t.Errorf("the run took %s; want at most %.2f x the budget of %s", took, margin, budget)
	}
	wholeLevels(t, m, r)
}

// eventuallyDecided is the liveness property of fairTwoPhase: every RM
// commits or aborts. hook, if set, is called each time it is evaluated,
// which happens only in the liveness phase.
func eventuallyDecided(m twophase.Model, hook func()) checker.Property[twophase.State, twophase.Action] {
	d := decided(m)
	return checker.Eventually[twophase.State, twophase.Action]("all decided", func(s twophase.State) bool {
		if hook != nil {
			hook()
		}
		return d(s)
	})
}

// atTheEnd calls f once the search is complete: the last Progress call has
// nothing queued.
func atTheEnd(f func()) func(checker.Progress) {
	return func(p checker.Progress) {
		if p.Queue == 0 {
			f()
		}
	}
}

// A cancelled liveness phase keeps the search's results, leaves the
// liveness properties incomplete, and says why; it is no error. In
// fingerprint mode the search records the graph, and the liveness
// properties' predicates are evaluated during the search, so only the
// analysis is left to cancel; in exact mode the graph is built after the
// search, and the predicates evaluated during the analysis.
func TestCancellingTheLivenessPhaseKeepsTheSafetyResults(t *testing.T) {
	base, _ := twophase.New(5)
	m := checker.Model[twophase.State, twophase.Action](fairTwoPhase{base})
	neverAborts := checker.Always[twophase.State, twophase.Action]("rm1 never aborts", func(s twophase.State) bool { return s.RM(0) != twophase.Aborted })
	cases := []struct {
		name        string
		extra       []checker.Property[twophase.State, twophase.Action]
		cancelIn    string // "end of search" or "analysis"
		outcome     checker.Outcome
		reason      string
		firstLive   checker.Verdict
		livenessSet int // index of the first liveness property in the results
		exact       bool
	}{
		{"recorded graph", nil, "end of search", checker.Unknown,
			"liveness stopped while deciding all decided: interrupted: context canceled", checker.Incomplete, 2, false},
		{"recorded graph, a safety property violated", []checker.Property[twophase.State, twophase.Action]{neverAborts}, "end of search", checker.Fail,
			"liveness stopped while deciding all decided: interrupted: context canceled", checker.Incomplete, 3, false},
		{"exact, before the graph", nil, "end of search", checker.Unknown,
			"liveness stopped before building the state graph: interrupted: context canceled", checker.Incomplete, 2, true},
		{"exact, before the graph, a safety property violated", []checker.Property[twophase.State, twophase.Action]{neverAborts}, "end of search", checker.Fail,
			"liveness stopped before building the state graph: interrupted: context canceled", checker.Incomplete, 3, true},
		{"exact, while deciding the second property", nil, "analysis", checker.Unknown,
			"liveness stopped while deciding all decided (second): interrupted: context canceled", checker.Holds, 2, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := checker.Options{Workers: 2, Liveness: true, CollectAll: true, ProgressEvery: time.Hour, Exact: tc.exact}
			var hook func()
			if tc.cancelIn == "end of search" {
				opts.Progress = atTheEnd(cancel)
			} else {
				hook = cancel
			}
			props := append(base.Properties(), tc.extra...)
			props = append(props, eventuallyDecided(base, nil))
			second := eventuallyDecided(base, hook)
			second.Name = "all decided (second)"
			props = append(props, second)
			r, err := checker.Check(ctx, m, opts, props...)
			if err != nil {
				t.Fatalf("err = %v; want a report", err)
			}
			if !r.Complete || r.StopReason != "every property decided" && r.StopReason != "" || r.Distinct != 8832 {
				t.Errorf("search: complete %v (%q), %d states; want complete with 8832", r.Complete, r.StopReason, r.Distinct)
			}
			if got := result(t, r, "consistent").Verdict; got != checker.Holds {
				t.Errorf("consistent: %v; want holds (the search's result, kept)", got)
			}
			if got := result(t, r, "all-committed"); got.Verdict != checker.Reached || got.Trace == nil {
				t.Errorf("all-committed: %v; want reached with its witness", got.Verdict)
			}
			if len(tc.extra) > 0 {
				if got := result(t, r, "rm1 never aborts"); got.Verdict != checker.Violated || got.Trace == nil {
					t.Errorf("rm1 never aborts: %v; want violated with a trace", got.Verdict)
				}
			}
			if got := r.Results[tc.livenessSet].Verdict; got != tc.firstLive {
				t.Errorf("all decided: %v; want %v", got, tc.firstLive)
			}
			if got := r.Results[tc.livenessSet+1].Verdict; got != checker.Incomplete {
				t.Errorf("all decided (second): %v; want incomplete", got)
			}
			if r.Outcome != tc.outcome || r.LivenessStopReason != tc.reason {
				t.Errorf("outcome %v, liveness stop reason %q; want %v, %q", r.Outcome, r.LivenessStopReason, tc.outcome, tc.reason)
			}
		})
	}
}

// When the search stops early, liveness is not decided: its properties are
// incomplete, not "not checked".
func TestLivenessIsIncompleteWhenTheSearchStopsEarly(t *testing.T) {
	base, _ := twophase.New(3)
	r := check(t, checker.Model[twophase.State, twophase.Action](fairTwoPhase{base}), checker.Options{Liveness: true, MaxDepth: 2}, eventuallyDecided(base, nil))
	if r.Results[0].Verdict != checker.Incomplete || r.Outcome != checker.Unknown || r.Complete ||
		!strings.HasPrefix(r.LivenessStopReason, "liveness not started") || r.StopReason != "depth limit 2 reached" {
		t.Errorf("%v, outcome %v, complete %v, %q, %q; want incomplete, unknown, not complete, liveness not started, depth limit 2 reached",
			r.Results[0].Verdict, r.Outcome, r.Complete, r.LivenessStopReason, r.StopReason)
	}
	r = check(t, checker.Model[twophase.State, twophase.Action](fairTwoPhase{base}), checker.Options{Liveness: true}, eventuallyDecided(base, nil))
	if r.Results[0].Verdict != checker.Holds || r.Outcome != checker.Pass || r.LivenessStopReason != "" {
		t.Errorf("complete run: %v, outcome %v, %q; want holds, pass, no liveness stop reason", r.Results[0].Verdict, r.Outcome, r.LivenessStopReason)
	}
}

func TestWorkersAreCappedWithoutChangingTheResult(t *testing.T) {
	g := grid{W: 20, H: 20}
	r := check(t, g, checker.Options{Workers: 100000})
	if r.Workers != checker.MaxWorkers || r.Distinct != 400 || !r.Complete {
		t.Errorf("%d workers, %d states, complete %v; want %d workers, 400 states, complete", r.Workers, r.Distinct, r.Complete, checker.MaxWorkers)
	}
}
