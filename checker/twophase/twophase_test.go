package twophase

import (
	"context"
	"fmt"
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
