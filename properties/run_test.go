package properties_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// A liveness phase cut short (here cancelled as soon as the search is done,
// as Ctrl-C would) keeps the safety verdicts, leaves the liveness verdicts
// incomplete, and makes the report incomplete (exit 3), not an error.
func TestACancelledLivenessPhaseIsIncompleteWithTheSafetyVerdictsKept(t *testing.T) {
	sc, _ := properties.ScenarioByName("close-wait-leak")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := checker.Options{CollectAll: true, Liveness: true, ProgressEvery: time.Hour,
		Progress: func(p checker.Progress) {
			if p.Queue == 0 { // the last call: the search is complete
				cancel()
			}
		}}
	r, err := properties.Check(ctx, sc.Name, sc.Config, opts)
	if err != nil {
		t.Fatalf("err = %v; want a report", err)
	}
	if !r.Engine.Complete || r.Engine.Distinct != 176120 || r.Failed() || r.LivenessFailed() || !r.Incomplete() {
		t.Errorf("complete %v, %d states, failed %v, liveness failed %v, incomplete %v; want a complete search of 176120 states, nothing failed, incomplete",
			r.Engine.Complete, r.Engine.Distinct, r.Failed(), r.LivenessFailed(), r.Incomplete())
	}
	if !strings.HasPrefix(r.Engine.LivenessStopReason, "liveness stopped") || !strings.HasSuffix(r.Engine.LivenessStopReason, "interrupted: context canceled") {
		t.Errorf("liveness stop reason %q; want liveness stopped ... interrupted: context canceled", r.Engine.LivenessStopReason)
	}
	for _, v := range r.Verdicts {
		want := sc.Expect[v.Property.Name]
		if v.Property.Liveness() {
			want = "incomplete"
		}
		if v.Short() != want {
			t.Errorf("%s: %q; want %q", v.Property.Name, v.Short(), want)
		}
	}
}

func TestIncompleteCountsLivenessOnlyWhenNothingWasViolated(t *testing.T) {
	verdict := func(name string, v checker.Verdict) properties.Verdict {
		p, ok := properties.ByName(name)
		if !ok {
			t.Fatalf("no property %s", name)
		}
		return properties.Verdict{Property: p, Applies: true, Result: checker.Result[model.World, model.Action]{Name: name, Kind: p.Kind, Verdict: v}}
	}
	cases := []struct {
		name     string
		complete bool
		verdicts []properties.Verdict
		want     bool
	}{
		{"everything decided", true, []properties.Verdict{verdict("no-stale-accept", checker.Holds), verdict("eventually-closed", checker.Holds)}, false},
		{"liveness not requested", true, []properties.Verdict{verdict("no-stale-accept", checker.Holds), verdict("eventually-closed", checker.NotChecked)}, false},
		{"liveness cut short", true, []properties.Verdict{verdict("no-stale-accept", checker.Holds), verdict("eventually-closed", checker.Incomplete)}, true},
		{"liveness violated, another cut short", true, []properties.Verdict{verdict("eventually-closed", checker.Violated), verdict("timewait-ends", checker.Incomplete)}, false},
		{"safety violated, liveness cut short", true, []properties.Verdict{verdict("no-stale-accept", checker.Violated), verdict("eventually-closed", checker.Incomplete)}, false},
		{"search cut short", false, []properties.Verdict{verdict("no-stale-accept", checker.Incomplete), verdict("eventually-closed", checker.Incomplete)}, true},
	}
	for _, tc := range cases {
		r := &properties.Report{Engine: &checker.Report[model.World, model.Action]{Complete: tc.complete}, Verdicts: tc.verdicts}
		if got := r.Incomplete(); got != tc.want {
			t.Errorf("%s: Incomplete() = %v; want %v", tc.name, got, tc.want)
		}
	}
}
