package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/itf"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// writeTraceFile writes the trace check chose (chosenTrace) to path as an
// ITF trace with the configuration that made it. With no trace to write, it
// says so on stderr and writes nothing.
func writeTraceFile(f *flags, path string, r *properties.Report, show string) int {
	v, found := chosenTrace(r, show)
	if !found {
		fmt.Fprintf(f.stderr, "timewait check: --trace-out %q: this run has no trace to write (name one with --show); nothing was written\n", path)
		return exitOK
	}
	data, err := itf.FromTrace(v.Result.Trace, properties.ITFVars, properties.ITFMeta(r, v)).Marshal()
	if err != nil {
		return f.fail("--trace-out %q: %v", path, err)
	}
	if err := writeOutput(path, data, f.stdout); err != nil {
		return f.fail("%v", err)
	}
	return exitOK
}

// tracedRun is a trace file replayed against the model it names.
type tracedRun struct {
	model    *model.Model
	trace    *checker.Trace[model.World, model.Action]
	property properties.Property
	verdict  checker.Verdict
	scenario string
}

// readTraceFile reads an ITF trace written by --trace-out and replays it
// step by step against the model of its configuration. The error is one
// line naming the file and, for a step the model cannot take, the step.
func readTraceFile(flag, path string) (*tracedRun, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s %q: cannot read it (%v); want an ITF trace written by timewait check --trace-out", flag, path, unwrapPathError(err))
	}
	t, err := itf.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %v", flag, path, err)
	}
	cfg, err := properties.ConfigFromITF(t.Meta)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %v", flag, path, err)
	}
	m, err := model.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %v", flag, path, err)
	}
	name, _ := t.Meta["property"].(string)
	p, ok := properties.ByName(name)
	if !ok {
		return nil, fmt.Errorf("%s %q: its #meta names no property of the catalogue (%q)", flag, path, name)
	}
	tr, err := itf.Replay(m, t, properties.ITFVars)
	var step *itf.StepError
	if errors.As(err, &step) {
		return nil, fmt.Errorf("%s %q: %v; the file is not a behaviour of the model it names", flag, path, step)
	}
	if err != nil {
		return nil, fmt.Errorf("%s %q: %v", flag, path, err)
	}
	verdict := checker.Violated
	if v, _ := t.Meta["verdict"].(string); v == checker.Reached.String() {
		verdict = checker.Reached
	}
	scenario, _ := t.Meta["scenario"].(string)
	return &tracedRun{model: m, trace: tr, property: p, verdict: verdict, scenario: scenario}, nil
}

// replayCheck is check --replay: the file's trace, every step taken again
// by the model, printed as check prints a trace (verbose: with both TCBs
// whole after each step).
func replayCheck(f *flags, path string, w io.Writer, verbose bool) int {
	run, err := readTraceFile("--replay", path)
	if err != nil {
		return f.fail("%v", err)
	}
	fmt.Fprintf(w, "replayed %s: %d steps of scenario %s, each one the model takes\n", path, run.trace.Len(), run.scenario)
	printTrace(w, run.model, run.property, run.verdict, run.trace, verbose)
	return exitOK
}
