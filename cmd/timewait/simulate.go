package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// runSimulate takes seeded random walks of a scenario and prints the first
// violation found, with the seed that reproduces it.
func runSimulate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("simulate", stdout, stderr)
	var mf modelFlags
	mf.register(f)
	seed := f.Uint64("seed", 1, "seed of the first walk; walk i uses seed+i")
	depth := f.intIn("depth", 100, 1, 100000, "steps per walk (1 to 100000)")
	runs := f.intIn("runs", 1000, 1, 1000000000, "number of walks (1 to 1000000000)")
	asJSON := f.Bool("json", false, "print the report as JSON (docs/schema/simulate.schema.json)")
	swarm := f.Bool("swarm", true, "swarm walks: each walk draws its own weights of actions from its seed and favours some actions, mostly leaving out others, as SPIN's swarm verification does; --swarm=false takes every enabled step with equal chance")
	f.quietFlag()
	if code, ok := f.parse(args); !ok {
		return code
	}
	name, cfg, code, ok := mf.config(f)
	if !ok {
		return code
	}
	m, err := model.New(cfg)
	if err != nil {
		return f.fail("%v", err)
	}
	var props []checker.Property[model.World, model.Action]
	for _, p := range properties.All() {
		if p.Applies(cfg) {
			props = append(props, p.For(m))
		}
	}
	if !*asJSON {
		fmt.Fprintf(stdout, "scenario %s: %d walks of up to %d steps from seed %d\n", name, *runs, *depth, *seed)
	}
	walks := func(p checker.Progress) {
		fmt.Fprintln(f.progressOut(), walksLine(p, *runs))
	}
	r, err := checker.Simulate(ctx, m, checker.Options{Seed: *seed, MaxDepth: *depth, Runs: *runs, Swarm: *swarm, Progress: walks}, props...)
	if err != nil {
		return f.fail("%v", err)
	}
	if *asJSON {
		j := simulateReport{Version: toolVersion(), Scenario: name, Parameters: properties.TypedParams(cfg),
			Seed: *seed, Depth: *depth, Runs: *runs, Walks: r.Runs, Steps: r.Steps, ExitCode: exitOK}
		for _, res := range r.Results {
			if res.Verdict == checker.Violated && j.Violation == nil {
				j.Violation, j.ExitCode = simViolationOf(res, r.FailingSeed, reproduce(f, &mf, r.FailingSeed)), exitViolation
			}
		}
		if j.Violation == nil && r.Runs < *runs {
			j.ExitCode, j.StopReason = exitIncomplete, stopCause(ctx)
		}
		j.Outcome = outcomeOfCode(j.ExitCode)
		writeJSON(stdout, j)
		return j.ExitCode
	}
	fmt.Fprintf(stdout, "%d walks taken, %d steps in all\n", r.Runs, r.Steps)
	for _, res := range r.Results {
		if res.Verdict != checker.Violated {
			continue
		}
		p, _ := properties.ByName(res.Name)
		fmt.Fprintf(stdout, "\n%s violated after %d steps: %s\nreproduce with: %s\n\n",
			res.Name, res.Trace.Len(), p.Statement, reproduce(f, &mf, r.FailingSeed))
		fmt.Fprint(stdout, properties.Chart(m, res.Trace))
		fmt.Fprint(stdout, "\n"+properties.ChartLegend)
		fmt.Fprintln(stdout, "\n(a random walk's trace is real but not always shortest: timewait check finds the shortest)")
		return exitViolation
	}
	if r.Runs < *runs {
		fmt.Fprintf(stdout, "INCOMPLETE: %s after %d of %d walks; no violation found in those (random walks prove nothing; timewait check explores every state)\n",
			stopCause(ctx), r.Runs, *runs)
		return exitIncomplete
	}
	fmt.Fprintln(stdout, "no violation found (random walks prove nothing; timewait check explores every state)")
	return exitOK
}

// reproduce is the command line that takes again the walk with this seed:
// every flag the user gave, but one walk from that seed. Flags are applied
// in a fixed order whatever their order on the line (scenario, config file,
// parameters), so listing them sorted gives the same configuration.
func reproduce(f *flags, mf *modelFlags, seed uint64) string {
	parts := []string{"timewait", "simulate"}
	f.Visit(func(fl *flag.Flag) {
		if fl.Name == "seed" || fl.Name == "runs" || fl.Name == "json" {
			return
		}
		v, ok := mf.value(fl.Name)
		if !ok {
			v = fl.Value.String()
		}
		parts = append(parts, "--"+fl.Name+"="+shellQuote(v))
	})
	return strings.Join(append(parts, fmt.Sprintf("--seed=%d", seed), "--runs=1"), " ")
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/:+=@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
