package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
	"github.com/timewait/timewait/graph"
	"github.com/timewait/timewait/graph/tcpgraph"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// The views `timewait graph` draws.
var graphViews = []string{"endpoint", "pairs", "full", "trace", "chart"}

// runGraph draws a view of a scenario's state space, or of one of its
// traces, as DOT or SVG.
func runGraph(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("graph", stdout, stderr)
	var mf modelFlags
	mf.register(f)
	view := f.String("view", "endpoint", "what to draw: endpoint (TCP states, as RFC 9293's diagram), pairs (A's and B's states together), full (every state; small configurations only), trace (a counterexample or witness as a chain), chart (the same trace as a message sequence chart, SVG only)")
	format := f.String("format", "dot", "output format: dot (needs nothing) or svg (laid out by Graphviz's dot, which must be on PATH; --view chart needs nothing)")
	out := f.String("o", "-", "output file, or - for stdout, checked before the search; a regular file is written whole or not at all and keeps its mode (and owner, as root), a symlink is written through, a device or pipe is written straight")
	property := f.String("property", "", "the trace to draw (trace, chart) or to highlight in red (endpoint, pairs): a property's counterexample, witness or lasso (default for trace and chart: the shortest counterexample)")
	f.quietFlag()
	traceFile := f.String("trace", "", "with --view trace or chart: draw this ITF trace file (written by check --trace-out), replayed against the model it names, without a search")
	loops := f.Bool("loops", false, "with --view endpoint: also draw moves that keep the state (retransmissions, re-ACKed FINs)")
	maxNodes := f.intIn("max-nodes", 300, 1, 5000, "with --view full: refuse to draw more states than this (1 to 5000; Graphviz cannot lay out more in reasonable time)")
	workers := f.intIn("workers", 0, 0, checker.MaxWorkers, fmt.Sprintf("worker goroutines (0 to %d; 0: all cores); the drawing does not depend on it", checker.MaxWorkers))
	modelName := f.String("model", "tcp", "model to draw: tcp, or twophase (the engine's example TwoPhase commit, drawn with the generic views: full, trace, chart)")
	rms := f.intIn("rms", 3, 1, twophase.MaxRMs, fmt.Sprintf("with --model twophase: resource managers (1 to %d)", twophase.MaxRMs))
	if code, ok := f.parse(args); !ok {
		return code
	}
	switch {
	case !slices.Contains(graphViews, *view):
		return f.fail("--view %q: want one of %s", *view, strings.Join(graphViews, ", "))
	case *format != "dot" && *format != "svg":
		return f.fail("--format %q: want dot or svg", *format)
	case *view == "chart" && *format != "svg":
		return f.fail("--view chart is drawn as SVG only: add --format svg")
	case *property != "" && (*view == "full"):
		return f.fail("--property goes with --view trace, chart, endpoint or pairs")
	case *loops && *view != "endpoint":
		return f.fail("--loops goes with --view endpoint")
	case f.given("max-nodes") && *view != "full":
		return f.fail("--max-nodes goes with --view full")
	case f.given("workers") && *view == "full":
		return f.fail("--workers does not go with --view full, which is drawn by one sequential exploration")
	}
	switch {
	case *modelName == "twophase":
		if code, bad := f.unused("--model twophase", append([]string{"scenario", "config", "trace", "loops"}, mf.names()...)...); bad {
			return code
		}
		if !f.given("view") {
			*view = "full"
		}
		if *property != "" && *view == "full" {
			return f.fail("--property goes with --view trace or chart")
		}
		if !slices.Contains(twoPhaseViews, *view) {
			return f.fail("--view %s draws TCP states: with --model twophase want one of %s", *view, strings.Join(twoPhaseViews, ", "))
		}
		if code, ok := checkGraphOutput(f, *out, *format, *view); !ok {
			return code
		}
		return graphTwoPhase(ctx, f, *rms, *view, *format, *property, *maxNodes, *workers, *out)
	case *modelName != "tcp":
		return f.fail("--model %q: want tcp or twophase", *modelName)
	}
	if code, bad := f.unused("--model tcp", "rms"); bad {
		return code
	}
	if *property != "" {
		if _, ok := properties.ByName(*property); !ok {
			return f.fail("--property %q: want a property name (see timewait list)", *property)
		}
	}
	if code, ok := checkGraphOutput(f, *out, *format, *view); !ok {
		return code
	}
	if *traceFile != "" {
		return graphTraceFile(ctx, f, *traceFile, *view, *format, *out, mf.names())
	}
	name, cfg, code, ok := mf.config(f)
	if !ok {
		return code
	}
	m, err := model.New(cfg)
	if err != nil {
		return f.fail("%v", err)
	}
	prog := newProgress(f.progressOut())
	opts := checker.Options{Workers: *workers, Progress: prog.observe, MemoryBudget: checker.DefaultMemoryBudget()}
	g := &grapher{ctx: ctx, f: f, m: m, name: name, cfg: cfg, opts: opts, prog: prog}
	var data []byte
	switch *view {
	case "trace", "chart":
		data, code, ok = g.trace(*view, *property, *format)
	case "full":
		data, code, ok = g.full(*maxNodes, *format)
	default:
		data, code, ok = g.projection(*view, *property, *loops, *format)
	}
	if !ok {
		return code
	}
	return emit(f, *out, data)
}

// emit writes a drawing to -o: straight to stdout for "-" (a write error
// there is reported by run, as for every command), else whole or not at
// all (writeOutput).
func emit(f *flags, out string, data []byte) int {
	if out == "-" {
		_, _ = f.stdout.Write(data)
		return exitOK
	}
	if err := writeOutput(out, data, f.stdout); err != nil {
		return f.fail("%v", err)
	}
	return exitOK
}

// grapher holds what every view needs.
type grapher struct {
	ctx  context.Context
	f    *flags
	m    *model.Model
	name string
	cfg  model.Config
	opts checker.Options
	prog *progress // nil for a trace file, drawn without a search
}

// finish turns DOT into the requested format.
func (g *grapher) finish(dot string, err error, format string) ([]byte, int, bool) {
	if err != nil {
		return nil, g.failure(err), false
	}
	if format == "dot" {
		return []byte(dot), exitOK, true
	}
	if g.prog != nil {
		g.prog.phase("laying out the drawing with Graphviz's dot")
		defer g.prog.stop()
	}
	svg, err := graph.SVG(g.ctx, dot)
	if err != nil {
		return nil, g.failure(err), false
	}
	return svg, exitOK, true
}

// projection draws the endpoint or pair view, with a property's trace in
// red when one is named.
func (g *grapher) projection(view, property string, loops bool, format string) ([]byte, int, bool) {
	var h *tcpgraph.Highlight
	title := fmt.Sprintf("%s: %s view", g.name, view)
	if property != "" {
		tr, _, code, ok := g.traceOf(property)
		if !ok {
			return nil, code, false
		}
		h = tcpgraph.TraceHighlight(g.m, tr)
		title += ", in red the trace of " + property
	}
	if view == "endpoint" {
		v, err := tcpgraph.Endpoint(g.ctx, g.m, g.opts, loops)
		if err != nil {
			return nil, g.failure(err), false
		}
		dot, err := v.DOT(title, h)
		return g.finish(dot, err, format)
	}
	v, err := tcpgraph.Pairs(g.ctx, g.m, g.opts)
	if err != nil {
		return nil, g.failure(err), false
	}
	dot, err := v.DOT(title, h)
	return g.finish(dot, err, format)
}

// full draws every state, if there are at most maxNodes.
func (g *grapher) full(maxNodes int, format string) ([]byte, int, bool) {
	sg, err := checker.Explore(g.ctx, g.m, checker.Options{MaxStates: maxNodes})
	var big *checker.TooLargeError
	if errors.As(err, &big) {
		return nil, g.f.fail("%s has more than %d states, too many to draw whole: draw a projection (--view endpoint or --view pairs), or shrink the configuration (for example --connections 1 --loss 0 --duplicate 0 --a-data 0 --capacity 1)", g.name, maxNodes), false
	}
	if err != nil {
		return nil, g.failure(err), false
	}
	safety := properties.SafetyPredicates(g.m, g.cfg)
	dot, err := graph.Full(fmt.Sprintf("%s: all %d states", g.name, sg.Len()), sg, tcpgraph.TCPStyle(g.m, safety.State, safety.Step))
	return g.finish(dot, err, format)
}

// trace draws a property's trace as a chain (trace) or a sequence chart
// (chart).
func (g *grapher) trace(view, property, format string) ([]byte, int, bool) {
	tr, v, code, ok := g.traceOf(property)
	if !ok {
		return nil, code, false
	}
	return g.drawTrace(view, format, v.Property, v.Result.Verdict, tr)
}

// drawTrace draws a property's trace as a chain (trace) or a sequence chart
// (chart).
func (g *grapher) drawTrace(view, format string, p properties.Property, verdict checker.Verdict, tr *checker.Trace[model.World, model.Action]) ([]byte, int, bool) {
	violation := verdict == checker.Violated
	what := "witness"
	if violation {
		what = "counterexample"
	}
	title := fmt.Sprintf("%s: %s of %s (%d steps)", g.name, what, p.Name, tr.Len())
	if view == "chart" {
		return tcpgraph.ChartSVG(title, g.m, tr, violation), exitOK, true
	}
	dot, err := graph.TraceDOT(title, tr, tcpgraph.TCPStyle(g.m, nil, nil), violation)
	return g.finish(dot, err, format)
}

// traceOf checks the configuration and returns the trace of property, or,
// when property is "", of the shortest counterexample.
func (g *grapher) traceOf(property string) (*checker.Trace[model.World, model.Action], properties.Verdict, int, bool) {
	opts := g.opts
	opts.CollectAll = true
	if p, ok := properties.ByName(property); ok && p.Liveness() {
		opts.Liveness = true
	}
	r, err := properties.Check(g.ctx, g.name, g.cfg, opts)
	if err != nil {
		return nil, properties.Verdict{}, g.failure(err), false
	}
	if property == "" {
		v, ok := r.Shortest()
		if !ok && r.Incomplete() {
			return nil, v, g.incomplete(r.StopReason()), false
		}
		if !ok {
			return nil, v, g.f.fail("no safety property is violated in %s: name the trace to draw with --property (a witness such as timewait-reached, or a liveness property such as eventually-closed)", g.name), false
		}
		return v.Result.Trace, v, exitOK, true
	}
	for _, v := range r.Verdicts {
		if v.Property.Name != property {
			continue
		}
		if v.Applies && v.Result.Trace == nil && (v.Result.Verdict == checker.Incomplete || !r.Engine.Complete) {
			return nil, v, g.incomplete(r.StopReason()), false
		}
		if !v.Applies || v.Result.Trace == nil {
			return nil, v, g.f.fail("--property %s has no trace in %s (its verdict: %s)", property, g.name, v.Short()), false
		}
		return v.Result.Trace, v, exitOK, true
	}
	return nil, properties.Verdict{}, g.f.fail("--property %q: want a property name (see timewait list)", property), false
}

// failure turns an error of a view into exit 3 when the view's search or
// Graphviz's layout was cut short (a signal, a limit), exit 5 when dot has
// gone from PATH, and a usage error otherwise (dot's own error among them).
func (g *grapher) failure(err error) int {
	var inc *graph.IncompleteError
	switch {
	case errors.Is(err, graph.ErrNoDot):
		return unavailableHere(g.f, noDot)
	case errors.As(err, &inc):
		return g.incomplete(inc.Reason)
	case g.ctx.Err() != nil:
		return g.incomplete(stopCause(g.ctx))
	}
	return g.f.fail("%v", err)
}

// incomplete reports, in one line, a search or a layout that stopped before
// it could make what was to be drawn, and returns exitIncomplete. Nothing is drawn:
// a drawing of part of the space, or no trace, would claim more than the
// run knows.
func (g *grapher) incomplete(reason string) int {
	fmt.Fprintf(g.f.stderr, "timewait graph: INCOMPLETE: drawing %s stopped early (%s); nothing was drawn (exit %d)\n", g.name, reason, exitIncomplete)
	return exitIncomplete
}

// graphTraceFile is graph --trace: a trace file drawn without a search. The
// file names its configuration, so model flags are refused.
func graphTraceFile(ctx context.Context, f *flags, path, view, format, out string, modelFlags []string) int {
	if view != "trace" && view != "chart" {
		return f.fail("--trace %q: want --view trace or chart with it", path)
	}
	if code, bad := f.unused("--trace (the file names its configuration and property)", append([]string{"scenario", "config", "property", "workers"}, modelFlags...)...); bad {
		return code
	}
	run, err := readTraceFile("--trace", path)
	if err != nil {
		return f.fail("%v", err)
	}
	g := &grapher{ctx: ctx, f: f, m: run.model, name: run.scenario}
	data, code, ok := g.drawTrace(view, format, run.property, run.verdict, run.trace)
	if !ok {
		return code
	}
	return emit(f, out, data)
}
