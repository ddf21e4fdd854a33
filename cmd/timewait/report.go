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
// property whose trace to print instead; verbose prints the trace with
// both TCBs whole after each step.
func printReport(w io.Writer, r *properties.Report, show string, verbose bool) {
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
		printTrace(w, r.Model, chosen.Property, chosen.Result.Verdict, chosen.Result.Trace, verbose)
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

// printTrace prints a property's counterexample or witness as a chart,
// with both TCBs whole after each step when verbose.
func printTrace(w io.Writer, m *model.Model, p properties.Property, verdict checker.Verdict, tr *checker.Trace[model.World, model.Action], verbose bool) {
	what := "counterexample to"
	if verdict == checker.Reached {
		what = "witness for"
	}
	fmt.Fprintf(w, "\n%s\n\n", wrapText(fmt.Sprintf("%s %s: %s", what, p.Name, p.Statement), 100, "  "))
	if verbose {
		fmt.Fprint(w, properties.ChartVerbose(m, tr))
	} else {
		fmt.Fprint(w, properties.Chart(m, tr))
	}
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
	// TraceSteps is the trace again, each state whole: both endpoints'
	// TCBs, the segments in flight, and the segment the step acted on.
	TraceSteps []jsonStep `json:"trace_steps,omitempty"`
	// For a liveness counterexample: the step from which the trace repeats.
	Lasso  bool `json:"lasso,omitempty"`
	LoopAt int  `json:"loop_at,omitempty"`
	// With check --all: the verdict is not the one pinned for the scenario.
	DiffersFromPin bool `json:"differs_from_pin,omitempty"`
}

// jsonOutput is the --json report of one scenario.
type jsonOutput struct {
	// Version is the tool's, as timewait version prints it; in check
	// --all's report it is given once, at the top.
	Version     string         `json:"version,omitempty"`
	Scenario    string         `json:"scenario"`
	Parameters  map[string]any `json:"parameters"` // typed: numbers, booleans, names
	States      int            `json:"states"`
	Transitions int64          `json:"transitions"`
	Depth       int            `json:"depth"`
	Complete    bool           `json:"complete"`
	StopReason  string         `json:"stop_reason,omitempty"`
	// LivenessStopReason says why liveness was left undecided, when it was.
	LivenessStopReason string `json:"liveness_stop_reason,omitempty"`
	// Outcome is the run's: pass, fail (a safety property, or a checked
	// liveness property, is violated) or incomplete; the exit code follows
	// from it. Failed is Outcome == "fail".
	Outcome string `json:"outcome"`
	Failed  bool   `json:"failed"`
	// ExitCode is the exit code of check for this report; in check
	// --all's report it is given once, at the top.
	ExitCode *int `json:"exit_code,omitempty"`
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
	out := jsonOutput{Scenario: r.Scenario, Parameters: properties.TypedParams(r.Config), States: r.Engine.Distinct,
		Transitions: r.Engine.Generated, Depth: r.Engine.Depth, Complete: r.Engine.Complete,
		StopReason: r.Engine.StopReason, LivenessStopReason: r.Engine.LivenessStopReason,
		Outcome: r.Engine.Outcome.String(), Failed: r.Engine.Outcome == checker.Fail}
	for _, v := range r.Verdicts {
		jv := jsonVerdict{Name: v.Property.Name, Kind: v.Property.Kind.String(), Verdict: "n/a"}
		if v.Applies {
			jv.Verdict = v.Result.Verdict.String()
			if t := v.Result.Trace; t != nil {
				jv.Steps, jv.Trace, jv.Lasso, jv.LoopAt = t.Len(), t.Labels(), t.Lasso, t.LoopAt
				jv.TraceSteps = jsonSteps(r.Model, t)
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

// jsonStep is one state of a trace in --json output, reached by the step
// Label names (step 0: "init").
type jsonStep struct {
	Label string       `json:"label"`
	A     jsonEndpoint `json:"a"`
	B     jsonEndpoint `json:"b"`
	// Segment is the segment the step delivered, lost or duplicated.
	Segment  *jsonSegment `json:"segment,omitempty"`
	InFlight struct {
		AB []jsonSegment `json:"ab"`
		BA []jsonSegment `json:"ba"`
	} `json:"in_flight"`
}

// jsonEndpoint is an endpoint's state and, when it has one, its TCB: the
// fields model.TCB lists (SND.UNA, SND.NXT, RCV.NXT, RCV.WND, the armed
// timers with the ticks left on each, inc), as numbers.
type jsonEndpoint struct {
	State string         `json:"state"`
	TCB   map[string]int `json:"tcb,omitempty"`
}

// jsonSegment is a segment with the endpoint and incarnation that sent it
// and its age in ticks.
type jsonSegment struct {
	Segment     string `json:"segment"`
	Sender      string `json:"sender"`
	Incarnation int    `json:"incarnation"`
	Age         int    `json:"age"`
}

func jsonSteps(m *model.Model, t *checker.Trace[model.World, model.Action]) []jsonStep {
	seg := func(sender model.Side, s model.Segment) jsonSegment {
		return jsonSegment{Segment: s.String(), Sender: sender.String(), Incarnation: int(s.Inc), Age: int(s.Age)}
	}
	out := make([]jsonStep, len(t.Steps))
	for i, st := range t.Steps {
		w := st.State
		js := jsonStep{Label: st.Label}
		for _, side := range []model.Side{model.A, model.B} {
			e := *w.Endpoint(side)
			je := jsonEndpoint{State: e.State.String()}
			for _, f := range m.TCB(e) {
				if je.TCB == nil {
					je.TCB = map[string]int{}
				}
				je.TCB[f.Name] = f.Value
			}
			if side == model.A {
				js.A = je
			} else {
				js.B = je
			}
		}
		js.InFlight.AB, js.InFlight.BA = []jsonSegment{}, []jsonSegment{}
		for _, s := range w.AB.List() {
			js.InFlight.AB = append(js.InFlight.AB, seg(model.A, s))
		}
		for _, s := range w.BA.List() {
			js.InFlight.BA = append(js.InFlight.BA, seg(model.B, s))
		}
		if i > 0 {
			switch a := st.Action; a.Kind {
			case model.ActDeliver, model.ActLose, model.ActDuplicate:
				eff := m.EffectOf(t.Steps[i-1].State, a, st.Effect)
				s := seg(a.Side, eff.Seg)
				js.Segment = &s
			}
		}
		out[i] = js
	}
	return out
}
