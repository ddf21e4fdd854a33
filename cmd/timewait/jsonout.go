package main

import (
	"context"
	"runtime/debug"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// The --json reports. Each command's report is one JSON object, described
// by a JSON Schema in docs/schema/COMMAND.schema.json (schema_test.go
// validates real output against it). Every report has "version", the
// tool's as timewait version prints it, and the reports of runs that end
// in a verdict have "outcome" (pass, fail or incomplete) and "exit_code",
// the exit code the command returns with it.

// toolVersion is the version line of timewait version.
func toolVersion() string { return versionLine(debug.ReadBuildInfo()) }

// Outcomes in JSON reports, by exit code: check --all, sweep, simulate and
// conform have no checker.Outcome of their own.
const (
	outcomePass       = "pass"
	outcomeFail       = "fail"
	outcomeIncomplete = "incomplete"
)

// outcomeOfCode is the outcome a command's exit code stands for.
func outcomeOfCode(code int) string {
	switch code {
	case exitOK:
		return outcomePass
	case exitIncomplete:
		return outcomeIncomplete
	}
	return outcomeFail
}

// allReport is check --all --json: every scenario's report, each verdict
// compared with its pin.
type allReport struct {
	Version string `json:"version"`
	// Outcome is pass when every verdict is the one pinned, fail when one
	// differs, incomplete when a limit or a signal left some undecided.
	Outcome   string       `json:"outcome"`
	ExitCode  int          `json:"exit_code"`
	AsPinned  bool         `json:"as_pinned"`
	Scenarios []jsonOutput `json:"scenarios"`
	// NotRun are the scenarios a signal kept from running.
	NotRun     []string `json:"not_run,omitempty"`
	StopReason string   `json:"stop_reason,omitempty"`
}

func allJSON(ctx context.Context, reports []*properties.Report, notRun []string, diffs []pinDifference, code int) allReport {
	out := allReport{Version: toolVersion(), Outcome: outcomeOfCode(code), ExitCode: code, AsPinned: len(diffs) == 0,
		Scenarios: []jsonOutput{}, NotRun: notRun}
	for _, r := range reports {
		j := jsonReport(r)
		asPinned := true
		for i, p := range j.Properties {
			if differs(diffs, r.Scenario, p.Name) {
				j.Properties[i].DiffersFromPin, asPinned = true, false
			}
		}
		j.AsPinned = &asPinned
		out.Scenarios = append(out.Scenarios, j)
	}
	if len(notRun) > 0 {
		out.StopReason = stopCause(ctx)
	}
	return out
}

// shortVerdict is a property's verdict in a JSON report, with the length of
// its trace: the words of the text report's verdict column ("VIOLATED (16)"
// is violated with 16 steps, "never reached" is unreached).
func shortVerdict(v properties.Verdict) (string, int) {
	if !v.Applies {
		return "n/a", 0
	}
	steps := 0
	if t := v.Result.Trace; t != nil {
		steps = t.Len()
	}
	return v.Result.Verdict.String(), steps
}

// sweepCell is one (MSL, TIME-WAIT) pair of sweep --json.
type sweepCell struct {
	MSL        int           `json:"msl"`
	TimeWait   int           `json:"time_wait"`
	TwiceMSL   bool          `json:"twice_msl"` // TIME-WAIT is 2*MSL
	RTO        int           `json:"rto"`
	Retries    int           `json:"retries"`
	States     int           `json:"states"`
	Complete   bool          `json:"complete"`
	StopReason string        `json:"stop_reason,omitempty"` // why a verdict was left open
	Properties []jsonVerdict `json:"properties"`
}

// sweepReport is sweep --json.
type sweepReport struct {
	Version string `json:"version"`
	// Outcome is pass when every cell was decided (the verdicts are the
	// findings: a violation in a cell does not fail the sweep),
	// incomplete when a limit or a signal left one open.
	Outcome    string         `json:"outcome"`
	ExitCode   int            `json:"exit_code"`
	Parameters map[string]any `json:"parameters"` // of the default scenario, before each cell's MSL, TIME-WAIT, RTO and retries
	Cells      []sweepCell    `json:"cells"`
	// NotChecked are the cells a signal kept from running.
	NotChecked int    `json:"cells_not_checked"`
	StopReason string `json:"stop_reason,omitempty"`
}

func sweepCellOf(r *properties.Report, msl, tw int, names ...string) sweepCell {
	c := sweepCell{MSL: msl, TimeWait: tw, TwiceMSL: tw == 2*msl, RTO: r.Config.RTO, Retries: r.Config.Retries, States: r.Engine.Distinct, Complete: !r.Undecided(), Properties: []jsonVerdict{}}
	if r.Undecided() {
		c.StopReason = r.StopReason()
	}
	for _, v := range r.Verdicts {
		for _, n := range names {
			if v.Property.Name == n {
				verdict, steps := shortVerdict(v)
				c.Properties = append(c.Properties, jsonVerdict{Name: n, Kind: v.Property.Kind.String(), Verdict: verdict, Steps: steps})
			}
		}
	}
	return c
}

// simulateReport is simulate --json.
type simulateReport struct {
	Version    string         `json:"version"`
	Outcome    string         `json:"outcome"` // pass: no walk found a violation (which proves nothing)
	ExitCode   int            `json:"exit_code"`
	Scenario   string         `json:"scenario"`
	Parameters map[string]any `json:"parameters"`
	Seed       uint64         `json:"seed"`
	Depth      int            `json:"depth"`
	Runs       int            `json:"runs"`        // walks asked for
	Walks      int            `json:"walks_taken"` // walks taken
	Steps      int64          `json:"steps"`
	StopReason string         `json:"stop_reason,omitempty"`
	Violation  *simViolation  `json:"violation,omitempty"`
}

// simViolation is the first violation a walk found.
type simViolation struct {
	Property  string   `json:"property"`
	Kind      string   `json:"kind"`
	Statement string   `json:"statement"`
	Steps     int      `json:"steps"`
	Seed      uint64   `json:"seed"`      // the walk's: simulate --seed S --runs 1 takes it again
	Reproduce string   `json:"reproduce"` // that command line
	Trace     []string `json:"trace"`
}

func simViolationOf(res checker.Result[model.World, model.Action], seed uint64, reproduce string) *simViolation {
	p, _ := properties.ByName(res.Name)
	return &simViolation{Property: res.Name, Kind: p.Kind.String(), Statement: p.Statement, Steps: res.Trace.Len(),
		Seed: seed, Reproduce: reproduce, Trace: res.Trace.Labels()}
}
