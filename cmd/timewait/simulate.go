package main

import (
	"context"
	"fmt"
	"io"

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
	depth := f.Int("depth", 100, "steps per walk")
	runs := f.Int("runs", 1000, "number of walks")
	if code, ok := f.parse(args); !ok {
		return code
	}
	if *depth < 1 || *runs < 1 {
		return f.fail("--depth %d --runs %d: want positive numbers", *depth, *runs)
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
	r := checker.Simulate(ctx, m, checker.SimOptions{Seed: *seed, Depth: *depth, Runs: *runs}, props...)
	fmt.Fprintf(stdout, "scenario %s: %d walks of up to %d steps from seed %d, %d steps in all\n", name, r.Runs, *depth, *seed, r.Steps)
	for _, res := range r.Results {
		if res.Verdict != checker.Violated {
			continue
		}
		p, _ := properties.ByName(res.Name)
		fmt.Fprintf(stdout, "\n%s violated after %d steps: %s\nreproduce with: timewait simulate --scenario %s --seed %d --runs 1 --depth %d\n\n",
			res.Name, res.Trace.Len(), p.Statement, mf.scenario, r.FailingSeed, *depth)
		fmt.Fprint(stdout, properties.Chart(m, res.Trace))
		fmt.Fprintln(stdout, "\n(a random walk's trace is real but not always shortest: timewait check finds the shortest)")
		return exitViolation
	}
	fmt.Fprintln(stdout, "no violation found (random walks prove nothing; timewait check explores every state)")
	return exitOK
}
