package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// printReport prints one scenario's verdicts and, when a safety property is
// violated, its shortest counterexample as a sequence chart. show names a
// property whose trace to print instead.
func printReport(w io.Writer, r *properties.Report, show string) {
	fmt.Fprintf(w, "scenario %s: %s\n", r.Scenario, scenarioSummary(r))
	e := r.Engine
	fmt.Fprintf(w, "%d states, %d transitions, depth %d, %s\n", e.Distinct, e.Generated, e.Depth, completeness(e.Complete, e.StopReason))
	if e.LivenessStopReason != "" {
		fmt.Fprintf(w, "liveness INCOMPLETE: %s\n", e.LivenessStopReason)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-28s %-15s %s\n", "property", "kind", "verdict")
	for _, v := range r.Verdicts {
		fmt.Fprintf(w, "%-28s %-15s %s\n", v.Property.Name, v.Property.Kind, v.Short())
	}
	printCoverage(w, e.Coverage)
	chosen, found := chosenTrace(r, show)
	switch {
	case !found && show != "":
		fmt.Fprintf(w, "\n%s has no trace in this run (%s)\n", show, verdictOf(r, show))
	case found:
		printTrace(w, r.Model, chosen.Property, chosen.Result.Verdict, chosen.Result.Trace)
	}
}

// printCoverage prints, after a run with --coverage, how often each action
// was enabled and taken, and which actions were never taken.
func printCoverage(w io.Writer, cov []checker.ActionCoverage) {
	if cov == nil {
		return
	}
	fmt.Fprintf(w, "\n%-28s %12s %12s\n", "action", "enabled", "taken")
	var never []string
	for _, c := range cov {
		fmt.Fprintf(w, "%-28s %12d %12d\n", c.Name, c.Enabled, c.Taken)
		if c.Never() {
			never = append(never, c.Name)
		}
	}
	if len(never) > 0 {
		fmt.Fprintf(w, "never taken: %s\n", strings.Join(never, ", "))
	}
}

// chosenTrace is the trace check prints: show's, or by default the
// shortest counterexample (see properties.Report.Shortest).
func chosenTrace(r *properties.Report, show string) (properties.Verdict, bool) {
	if show == "" {
		return r.Shortest()
	}
	for _, v := range r.Verdicts {
		if v.Property.Name == show && v.Result.Trace != nil {
			return v, true
		}
	}
	return properties.Verdict{}, false
}

// printTrace prints a property's counterexample or witness as a chart.
func printTrace(w io.Writer, m *model.Model, p properties.Property, verdict checker.Verdict, tr *checker.Trace[model.World, model.Action]) {
	what := "counterexample to"
	if verdict == checker.Reached {
		what = "witness for"
	}
	fmt.Fprintf(w, "\n%s\n\n", wrapText(fmt.Sprintf("%s %s: %s", what, p.Name, p.Statement), 100, "  "))
	fmt.Fprint(w, properties.Chart(m, tr))
	fmt.Fprint(w, "\n"+properties.ChartLegend)
}

// wrapText breaks s into lines of at most width columns at spaces; the
// lines after the first start with indent.
func wrapText(s string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		switch {
		case i == 0:
		case line+1+len(word) > width:
			b.WriteString("\n" + indent)
			line = len(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}

// scenarioSummary is a built-in scenario's summary or, for a configuration
// a config file or flags made, what makes it custom: "custom: default with
// msl=3 time-wait=6".
func scenarioSummary(r *properties.Report) string {
	if sc, ok := properties.ScenarioByName(r.Scenario); ok {
		return sc.Summary
	}
	base, _, _ := strings.Cut(r.Scenario, "+")
	sc, ok := properties.ScenarioByName(base)
	if !ok {
		return "custom configuration"
	}
	diff := properties.Differences(r.Config, sc.Config)
	if len(diff) == 0 {
		return "custom: as " + base
	}
	return "custom: " + base + " with " + strings.Join(diff, " ")
}

func verdictOf(r *properties.Report, name string) string {
	for _, v := range r.Verdicts {
		if v.Property.Name == name {
			return v.Short()
		}
	}
	return "unknown"
}

// jsonVerdict is one property in --json output.
type jsonVerdict struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Verdict string   `json:"verdict"`
	Steps   int      `json:"steps,omitempty"`
	Trace   []string `json:"trace,omitempty"`
	// For a liveness counterexample: the step from which the trace repeats.
	Lasso  bool `json:"lasso,omitempty"`
	LoopAt int  `json:"loop_at,omitempty"`
	// With check --all: the verdict is not the one pinned for the scenario.
	DiffersFromPin bool `json:"differs_from_pin,omitempty"`
}

// jsonOutput is the --json report of one scenario.
type jsonOutput struct {
	Scenario    string            `json:"scenario"`
	Parameters  map[string]string `json:"parameters"`
	States      int               `json:"states"`
	Transitions int64             `json:"transitions"`
	Depth       int               `json:"depth"`
	Complete    bool              `json:"complete"`
	StopReason  string            `json:"stop_reason,omitempty"`
	// LivenessStopReason says why liveness was left undecided, when it was.
	LivenessStopReason string `json:"liveness_stop_reason,omitempty"`
	// Outcome is the run's: pass, fail (a safety property, or a checked
	// liveness property, is violated) or incomplete; the exit code follows
	// from it. Failed is Outcome == "fail".
	Outcome string `json:"outcome"`
	Failed  bool   `json:"failed"`
	// With check --all: every verdict is the one pinned for the scenario.
	AsPinned   *bool         `json:"as_pinned,omitempty"`
	Properties []jsonVerdict `json:"properties"`
	// With --coverage: every action's counts, and the names of those
	// never taken.
	Coverage   []jsonCoverage `json:"coverage,omitempty"`
	NeverTaken []string       `json:"never_taken,omitempty"`
}

// jsonCoverage is one action in --coverage's JSON.
type jsonCoverage struct {
	Action  string `json:"action"`
	Enabled int64  `json:"enabled"`
	Taken   int64  `json:"taken"`
}

func jsonReport(r *properties.Report) jsonOutput {
	out := jsonOutput{Scenario: r.Scenario, Parameters: map[string]string{}, States: r.Engine.Distinct,
		Transitions: r.Engine.Generated, Depth: r.Engine.Depth, Complete: r.Engine.Complete,
		StopReason: r.Engine.StopReason, LivenessStopReason: r.Engine.LivenessStopReason,
		Outcome: r.Engine.Outcome.String(), Failed: r.Engine.Outcome == checker.Fail}
	for _, p := range paramsOf(r) {
		out.Parameters[p[0]] = p[1]
	}
	for _, v := range r.Verdicts {
		jv := jsonVerdict{Name: v.Property.Name, Kind: v.Property.Kind.String(), Verdict: "n/a"}
		if v.Applies {
			jv.Verdict = v.Result.Verdict.String()
			if t := v.Result.Trace; t != nil {
				jv.Steps, jv.Trace, jv.Lasso, jv.LoopAt = t.Len(), t.Labels(), t.Lasso, t.LoopAt
			}
		}
		out.Properties = append(out.Properties, jv)
	}
	for _, c := range r.Engine.Coverage {
		out.Coverage = append(out.Coverage, jsonCoverage{Action: c.Name, Enabled: c.Enabled, Taken: c.Taken})
		if c.Never() {
			out.NeverTaken = append(out.NeverTaken, c.Name)
		}
	}
	return out
}
