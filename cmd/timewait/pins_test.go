package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// check --all compares every verdict with its scenario's pin: a scenario
// checked as built in differs in nothing; a verdict changed by hand is
// reported, marked in the matrix, and would make the exit code 1.
func TestCheckAllComparesEveryVerdictWithItsPin(t *testing.T) {
	sc, _ := properties.ScenarioByName("close-wait-leak")
	r, err := properties.Check(context.Background(), sc.Name, sc.Config, checker.Options{CollectAll: true})
	if err != nil {
		t.Fatal(err)
	}
	if diffs := pinDifferences([]*properties.Report{r}, false); len(diffs) != 0 {
		t.Fatalf("close-wait-leak as built in differs from its pins: %+v", diffs)
	}
	for i, v := range r.Verdicts {
		if v.Property.Name == "timewait-reached" {
			r.Verdicts[i].Result.Verdict = checker.Incomplete // not compared: the run says incomplete instead
		}
		if v.Property.Name == "data-integrity" {
			r.Verdicts[i].Result.Verdict = checker.Violated
			r.Verdicts[i].Result.Trace = &checker.Trace[model.World, model.Action]{Steps: make([]checker.Step[model.World, model.Action], 4)}
		}
	}
	diffs := pinDifferences([]*properties.Report{r}, false)
	want := pinDifference{"close-wait-leak", "data-integrity", "VIOLATED (3)", "holds"}
	if len(diffs) != 1 || diffs[0] != want {
		t.Fatalf("differences %+v; want only %+v", diffs, want)
	}
	var b strings.Builder
	printMatrix(&b, []*properties.Report{r}, make([]time.Duration, 1), diffs)
	printPinDifferences(&b, diffs)
	if !strings.Contains(b.String(), "FAIL 3*") || !strings.Contains(b.String(), "close-wait-leak: data-integrity is VIOLATED (3); pinned: holds") {
		t.Fatalf("matrix:\n%s", b.String())
	}
}
