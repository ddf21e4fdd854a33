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
	if !r.Engine.Complete || r.Engine.Distinct != 270030 || r.Failed() || r.LivenessFailed() || !r.Incomplete() {
		t.Errorf("complete %v, %d states, failed %v, liveness failed %v, incomplete %v; want a complete search of 270030 states, nothing failed, incomplete",
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

// Failed, LivenessFailed and Incomplete read the engine's outcome, so the
// exit code, the text and the JSON cannot disagree: a safety violation is a
// failure, a liveness violation alone is a liveness failure, an unknown
// outcome is incomplete whatever else was decided.
func TestReportMethodsFollowTheEngineOutcome(t *testing.T) {
	verdict := func(name string, v checker.Verdict) properties.Verdict {
		p, ok := properties.ByName(name)
		if !ok {
			t.Fatalf("no property %s", name)
		}
		return properties.Verdict{Property: p, Applies: true, Result: checker.Result[model.World, model.Action]{Name: name, Kind: p.Kind, Verdict: v}}
	}
	cases := []struct {
		name                          string
		outcome                       checker.Outcome
		verdicts                      []properties.Verdict
		failed, livenessFailed, incom bool
	}{
		{"pass", checker.Pass, []properties.Verdict{verdict("no-stale-accept", checker.Holds), verdict("closing-reached", checker.Unreached)}, false, false, false},
		{"safety violated", checker.Fail, []properties.Verdict{verdict("no-stale-accept", checker.Violated), verdict("eventually-closed", checker.Incomplete)}, true, false, false},
		{"liveness violated", checker.Fail, []properties.Verdict{verdict("no-stale-accept", checker.Holds), verdict("eventually-closed", checker.Violated)}, false, true, false},
		{"liveness cut short", checker.Unknown, []properties.Verdict{verdict("no-stale-accept", checker.Holds), verdict("eventually-closed", checker.Incomplete)}, false, false, true},
	}
	for _, tc := range cases {
		r := &properties.Report{Engine: &checker.Report[model.World, model.Action]{Outcome: tc.outcome}, Verdicts: tc.verdicts}
		if r.Failed() != tc.failed || r.LivenessFailed() != tc.livenessFailed || r.Incomplete() != tc.incom {
			t.Errorf("%s: Failed %v LivenessFailed %v Incomplete %v; want %v %v %v", tc.name, r.Failed(), r.LivenessFailed(), r.Incomplete(), tc.failed, tc.livenessFailed, tc.incom)
		}
	}
}
