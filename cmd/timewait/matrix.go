package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/properties"
)

// checkAll checks every built-in scenario and prints the matrix scenario x
// property. Each verdict is compared with the one pinned for its scenario
// (properties.Scenario.Expect, explained in docs/results.md): the exit code
// is 0 when every verdict is the pinned one, 1 when one differs, 3 when the
// run left some undecided.
func checkAll(ctx context.Context, f *flags, opts checker.Options, markdown, asJSON bool) int {
	var reports []*properties.Report
	var times []time.Duration
	var notRun []string
	scenarios := properties.Scenarios()
	start := time.Now()
	prog := newProgress(f.progressOut())
	opts.Progress = prog.observe
	for i, sc := range scenarios {
		if ctx.Err() != nil {
			notRun = append(notRun, sc.Name)
			continue
		}
		fmt.Fprintf(f.progressOut(), "scenario %s: %s\n", remaining(i, len(scenarios), time.Since(start)), sc.Name)
		prog.item(fmt.Sprintf("scenario %d of %d (%s)", i+1, len(scenarios), sc.Name))
		r, err := properties.Check(ctx, sc.Name, sc.Config, opts)
		prog.stop()
		if err != nil {
			return f.fail("%v", err)
		}
		fmt.Fprintf(f.progressOut(), "%-22s %s\n", sc.Name, timing(r.Engine.Elapsed, r.Engine.Distinct, r.Engine.BytesPerState(), r.Engine.CollisionProbability))
		reports = append(reports, r)
		times = append(times, r.Engine.Elapsed)
	}
	diffs := pinDifferences(reports, opts.Liveness)
	incomplete := len(notRun) > 0
	for _, r := range reports {
		incomplete = incomplete || r.Undecided()
	}
	code := exitOK
	switch {
	case incomplete:
		code = exitIncomplete
	case len(diffs) > 0:
		code = exitViolation
	}
	switch {
	case asJSON:
		writeJSON(f.stdout, allJSON(ctx, reports, notRun, diffs, code))
	case markdown:
		fmt.Fprint(f.stdout, properties.ResultsMarkdown(reports))
	default:
		printMatrix(f.stdout, reports, times, diffs)
	}
	if len(diffs) > 0 && !asJSON && !markdown {
		printPinDifferences(f.stdout, diffs)
	}
	if incomplete && !asJSON {
		printIncomplete(ctx, f.stdout, reports, notRun)
	}
	return code
}

// printIncomplete names the rows of a matrix that a limit or a signal cut
// short and the scenarios it kept from running.
func printIncomplete(ctx context.Context, w io.Writer, reports []*properties.Report, notRun []string) {
	fmt.Fprintln(w, "\nINCOMPLETE: the matrix does not hold every verdict")
	for _, r := range reports {
		if r.Undecided() {
			fmt.Fprintf(w, "  %s: %d states, %s; ? marks what it did not decide\n", r.Scenario, r.Engine.Distinct, r.StopReason())
		}
	}
	if len(notRun) > 0 {
		fmt.Fprintf(w, "  not run (%s): %s\n", stopCause(ctx), strings.Join(notRun, ", "))
	}
}

// printMatrix prints one row per scenario and one numbered column per
// property, with a legend.
func printMatrix(w io.Writer, reports []*properties.Report, times []time.Duration, diffs []pinDifference) {
	all := properties.All()
	fmt.Fprintf(w, "%-22s %10s %8s", "scenario", "states", "time")
	for i := range all {
		fmt.Fprintf(w, "  %-8s", fmt.Sprintf("P%d", i+1))
	}
	fmt.Fprintln(w)
	for i, r := range reports {
		fmt.Fprintf(w, "%-22s %10d %8s", r.Scenario, r.Engine.Distinct, times[i].Round(10*time.Millisecond))
		for _, v := range r.Verdicts {
			c := cell(v)
			if differs(diffs, r.Scenario, v.Property.Name) {
				c += "*"
			}
			fmt.Fprintf(w, "  %-8s", c)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nok: holds   FAIL n: violated, shortest counterexample n steps   yes n: reached in n steps   no: never reached\nn/a: does not apply   -: not checked (liveness)   ?: incomplete (the run stopped before deciding it)")
	for i, p := range all {
		fmt.Fprintf(w, "P%-3d %s (%s)\n", i+1, p.Name, p.Kind)
	}
}

func cell(v properties.Verdict) string {
	s := v.Short()
	switch {
	case s == "holds":
		return "ok"
	case s == "n/a":
		return "n/a"
	case s == "never reached":
		return "no"
	case s == "not checked":
		return "-"
	case s == "incomplete":
		return "?"
	case strings.HasPrefix(s, "VIOLATED"):
		return "FAIL " + strings.Trim(s[len("VIOLATED "):], "()")
	case strings.HasPrefix(s, "reached"):
		return "yes " + strings.Trim(s[len("reached "):], "()")
	}
	return s
}
