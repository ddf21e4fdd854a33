package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/properties"
)

// runSweep checks the default scenario over a grid of MSL and TIME-WAIT
// lengths and prints, for each pair, whether no-stale-accept and
// orderly-close-no-reset hold: the 2*MSL rule derived rather than asserted.
func runSweep(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("sweep", stdout, stderr)
	msls := f.String("msl", "2", "comma-separated MSL values, in ticks (each MSL of 3 takes minutes)")
	tws := f.String("time-wait", "", "comma-separated TIME-WAIT lengths to check, in ticks (default: every length from 0 to 2*MSL+1)")
	var engine engineFlags
	engine.register(f)
	asJSON := f.Bool("json", false, "print the grid as JSON (docs/schema/sweep.schema.json)")
	f.quietFlag()
	if code, ok := f.parse(args); !ok {
		return code
	}
	opts := engine.options(f)
	opts.CollectAll = true
	var values []int
	for _, s := range strings.Split(*msls, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 2 || n > 15 {
			return f.fail("--msl %q: want comma-separated whole numbers from 2 to 15", *msls)
		}
		values = append(values, n)
	}
	var lengths []int
	if *tws != "" {
		for _, s := range strings.Split(*tws, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 0 || n > 254 {
				return f.fail("--time-wait %q: want comma-separated whole numbers from 0 to 254", *tws)
			}
			lengths = append(lengths, n)
		}
	}
	sc, _ := properties.ScenarioByName("default")
	text := stdout
	if *asJSON {
		text = io.Discard
	}
	j := sweepReport{Version: toolVersion(), Parameters: properties.TypedParams(sc.Config), Cells: []sweepCell{}}
	fmt.Fprintln(text, "Default scenario with RTO = 1 tick and enough retries that delay alone never aborts (2*MSL+2).")
	fmt.Fprintf(text, "%4s %9s %10s  %-18s %s\n", "MSL", "TIME-WAIT", "states", "no-stale-accept", "orderly-close-no-reset")
	var cells [][2]int // (MSL, TIME-WAIT), in the order they are checked
	for _, msl := range values {
		grid := lengths
		if grid == nil {
			for tw := 0; tw <= 2*msl+1; tw++ {
				grid = append(grid, tw)
			}
		}
		for _, tw := range grid {
			cells = append(cells, [2]int{msl, tw})
		}
	}
	incomplete := false
	start := time.Now()
	prog := newProgress(f.progressOut())
	opts.Progress = prog.observe
	for i, cell := range cells {
		msl, tw := cell[0], cell[1]
		fmt.Fprintf(f.progressOut(), "cell %s: MSL %d, TIME-WAIT %d\n", remaining(i, len(cells), time.Since(start)), msl, tw)
		prog.item(fmt.Sprintf("cell %d of %d (MSL %d, TIME-WAIT %d)", i+1, len(cells), msl, tw))
		c := sc.Config
		c.MSL, c.TimeWait, c.RTO, c.Retries = msl, tw, 1, 2*msl+2
		r, err := properties.Check(ctx, "sweep", c, opts)
		if err != nil {
			return f.fail("%v", err)
		}
		mark := ""
		if tw == 2*msl {
			mark = "  <- 2*MSL"
		}
		if r.Undecided() { // a verdict left open, even beside a violation found
			mark += "  INCOMPLETE: " + r.StopReason()
			incomplete = true
		}
		fmt.Fprintf(text, "%4d %9d %10d  %-18s %s%s\n", msl, tw, r.Engine.Distinct, verdictShort(r, "no-stale-accept"), verdictShort(r, "orderly-close-no-reset"), mark)
		j.Cells = append(j.Cells, sweepCellOf(r, msl, tw, "no-stale-accept", "orderly-close-no-reset"))
		if ctx.Err() != nil {
			fmt.Fprintf(text, "INCOMPLETE: %s; the rows after this one were not checked\n", stopCause(ctx))
			j.NotChecked, j.StopReason = len(cells)-i-1, stopCause(ctx)
			return sweepJSON(stdout, *asJSON, j, exitIncomplete)
		}
	}
	if incomplete {
		fmt.Fprintln(text, "INCOMPLETE: a limit stopped the rows so marked before every verdict was decided")
		return sweepJSON(stdout, *asJSON, j, exitIncomplete)
	}
	return sweepJSON(stdout, *asJSON, j, exitOK)
}

// sweepJSON prints the JSON report, when asked for, and returns code.
func sweepJSON(w io.Writer, asJSON bool, j sweepReport, code int) int {
	if asJSON {
		j.ExitCode, j.Outcome = code, outcomeOfCode(code)
		writeJSON(w, j)
	}
	return code
}

func verdictShort(r *properties.Report, name string) string {
	for _, v := range r.Verdicts {
		if v.Property.Name == name {
			if v.Result.Verdict == checker.Holds {
				return "holds"
			}
			return v.Short()
		}
	}
	return "?"
}
