package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
	"github.com/timewait/timewait/graph"
	"github.com/timewait/timewait/graph/seqchart"
)

// twoPhaseViews are the views `timewait graph --model twophase` draws: the
// generic ones, which need no TCP.
var twoPhaseViews = []string{"full", "trace", "chart"}

// graphTwoPhase draws the example TwoPhase commit model with the generic
// views of package graph (full, trace) and a sequence chart of package
// seqchart (chart): neither knows TCP.
func graphTwoPhase(ctx context.Context, f *flags, rms int, view, format, property string, maxNodes, workers int, out string) int {
	m, err := twophase.New(rms)
	if err != nil {
		return f.fail("%v", err) // --rms is bounded while parsing; this is a guard
	}
	name := fmt.Sprintf("twophase rms=%d", rms)
	prog := newProgress(f.progressOut())
	g := &grapher{ctx: ctx, f: f, name: name, prog: prog}
	st := twoPhaseStyle(m)
	var data []byte
	code, ok := exitOK, true
	if view == "full" {
		sg, err := checker.Explore(ctx, m, checker.Options{MaxStates: maxNodes})
		var big *checker.TooLargeError
		if errors.As(err, &big) {
			return f.fail("%s has more than %d states, too many to draw whole: lower --rms or raise --max-nodes", name, maxNodes)
		}
		if err != nil {
			return g.failure(err)
		}
		dot, err := graph.Full(fmt.Sprintf("%s: all %d states", name, sg.Len()), sg, st)
		if data, code, ok = g.finish(dot, err, format); !ok {
			return code
		}
		return emit(f, out, data)
	}
	opts := checker.Options{Workers: workers, CollectAll: true, Progress: prog.observe, MemoryBudget: checker.DefaultMemoryBudget()}
	r, err := checker.Check(ctx, m, opts, m.Properties()...)
	prog.stop()
	if err != nil {
		return g.failure(err)
	}
	res, code, ok := twoPhaseTrace(g, r, property)
	if !ok {
		return code
	}
	violation := res.Verdict == checker.Violated
	what := "witness"
	if violation {
		what = "counterexample"
	}
	title := fmt.Sprintf("%s: %s of %s (%d steps)", name, what, res.Name, res.Trace.Len())
	if view == "chart" {
		return emit(f, out, seqchart.SVG[twophase.State, twophase.Action](title, m, res.Trace))
	}
	dot, err := graph.TraceDOT(title, res.Trace, st, violation)
	if data, code, ok = g.finish(dot, err, format); !ok {
		return code
	}
	return emit(f, out, data)
}

// twoPhaseTrace picks the result whose trace is drawn: property's, or,
// when property is "", the shortest counterexample.
func twoPhaseTrace(g *grapher, r *checker.Report[twophase.State, twophase.Action], property string) (checker.Result[twophase.State, twophase.Action], int, bool) {
	var names []string
	var shortest *checker.Result[twophase.State, twophase.Action]
	for i, res := range r.Results {
		names = append(names, res.Name)
		if property == "" && res.Verdict == checker.Violated && res.Trace != nil && (shortest == nil || res.Trace.Len() < shortest.Trace.Len()) {
			shortest = &r.Results[i]
		}
		if res.Name != property {
			continue
		}
		switch {
		case res.Trace == nil && (res.Verdict == checker.Incomplete || !r.Complete):
			return res, g.incomplete(r.StopReason), false
		case res.Trace == nil:
			return res, g.f.fail("--property %s has no trace in %s (its verdict: %s)", property, g.name, res.Verdict), false
		}
		return res, exitOK, true
	}
	switch {
	case property != "":
		return checker.Result[twophase.State, twophase.Action]{}, g.f.fail("--property %q: with --model twophase want one of %s", property, strings.Join(names, ", ")), false
	case shortest != nil:
		return *shortest, exitOK, true
	case !r.Complete:
		return checker.Result[twophase.State, twophase.Action]{}, g.incomplete(r.StopReason), false
	}
	return checker.Result[twophase.State, twophase.Action]{}, g.f.fail("no property of %s is violated: name the trace to draw with --property (the witness all-committed)", g.name), false
}

// twoPhaseStyle labels TwoPhase's states with the model's own Format, the
// resource managers on one line and the TM and the messages on the next,
// its steps with the action's name, and marks the states that break
// consistency.
func twoPhaseStyle(m twophase.Model) graph.Style[twophase.State, twophase.Action] {
	return graph.Style[twophase.State, twophase.Action]{
		State:    func(s twophase.State) string { return strings.Replace(m.Format(s), " tm=", "\ntm=", 1) },
		Step:     func(_ twophase.State, a twophase.Action, _ twophase.State) string { return a.String() },
		BadState: func(s twophase.State) bool { return !m.Consistent(s) },
	}
}
