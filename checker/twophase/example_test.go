package twophase_test

import (
	"context"
	"fmt"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
)

// Check TwoPhase commit with three resource managers: the invariant holds
// in all 288 states, and the shortest run in which every RM commits has 10
// steps.
func Example() {
	ctx := context.Background()
	m, _ := twophase.New(3)
	report, err := checker.Check(ctx, m, checker.Options{Workers: 2, CollectAll: true}, m.Properties()...)
	if err != nil {
		panic(err)
	}
	fmt.Println(report.Distinct, "states,", report.Outcome)
	for _, r := range report.Results {
		fmt.Println(r.Name, r.Verdict)
	}
	witness := report.Results[1].Trace
	fmt.Println("all-committed after", witness.Len(), "steps; the last:", witness.Steps[witness.Len()].Label)
	fmt.Println(m.Format(witness.Steps[witness.Len()].State))
	// Output:
	// 288 states, pass
	// consistent holds
	// all-committed reached
	// all-committed after 10 steps; the last: RMRcvCommitMsg(rm3)
	// rm1=committed rm2=committed rm3=committed tm=committed prepared=111 msgs=111+commit
}

// A run of TwoPhase with five resource managers on two workers: the
// counts and verdicts are the same on any number of workers.
func Example_run() {
	ctx := context.Background()
	m, _ := twophase.New(5)
	report, err := checker.Check(ctx, m, checker.Options{Workers: 2}, m.Properties()...)
	if err != nil {
		panic(err)
	}
	fmt.Println(report.Distinct, "states,", report.Outcome, report.Complete)
	for _, r := range report.Results {
		fmt.Println(r.Name, r.Verdict)
	}
	// Output:
	// 8832 states, pass true
	// consistent holds
	// all-committed reached
}
