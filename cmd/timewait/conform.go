package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/timewait/timewait/conform"
	"github.com/timewait/timewait/model"
)

// runConform replays scenarios and random model traces against the Linux
// kernel and reports where the kernel does not do what the model predicts.
func runConform(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("conform", stdout, stderr)
	var names []string
	for _, sc := range conform.Scenarios() {
		names = append(names, sc.Name)
	}
	scenario := f.String("scenario", "all", "scenario to replay, or all: "+strings.Join(names, ", "))
	profile := f.String("profile", "rfc", "model options to predict the kernel with: rfc (RFC 9293's defaults) or linux (every option that follows Linux)")
	random := f.Int("random", 0, "also replay this many random traces of the model (0 to 10000)")
	seed := f.Uint64("seed", 1, "seed of the first random trace; trace i uses seed+i")
	depth := f.Int("depth", 30, "steps per random trace (1 to 200)")
	asJSON := f.Bool("json", false, "print the results as JSON")
	if code, ok := f.parse(args); !ok {
		return code
	}
	var selected []conform.Scenario
	if *scenario == "all" {
		selected = conform.Scenarios()
	} else if sc, ok := conform.ScenarioByName(*scenario); ok {
		selected = []conform.Scenario{sc}
	} else {
		return f.fail("--scenario %q: want all or one of %s", *scenario, strings.Join(names, ", "))
	}
	if !slices.Contains(model.Profiles, *profile) {
		return f.fail("--profile %q: want rfc or linux", *profile)
	}
	if *random < 0 || *random > 10000 {
		return f.fail("--random %d: want a number from 0 to 10000", *random)
	}
	if *depth < 1 || *depth > 200 {
		return f.fail("--depth %d: want a number from 1 to 200", *depth)
	}
	kernel := kernelRelease()
	var results []*conform.Result
	for _, sc := range selected {
		if ctx.Err() != nil {
			return exitIncomplete
		}
		r, err := conform.Check(sc, *profile)
		if code, stop := unavailable(f, err); stop {
			return code
		}
		results = append(results, r)
	}
	agreeing := 0
	var firstRandom *conform.Result
	for i := range *random {
		if ctx.Err() != nil {
			return exitIncomplete
		}
		r, err := conform.CheckRandom(*profile, *seed, i, *depth)
		if code, stop := unavailable(f, err); stop {
			return code
		}
		if r.Agrees() {
			agreeing++
		} else if firstRandom == nil {
			r.Scenario = fmt.Sprintf("random trace %d (seed %d)", i, *seed+uint64(i))
			firstRandom = r
		}
	}
	if *asJSON {
		writeJSON(stdout, conformJSON(kernel, *profile, results, *random, *seed, agreeing, firstRandom))
	} else {
		printConform(stdout, kernel, *profile, results, *random, *seed, agreeing, firstRandom)
	}
	for _, r := range results {
		if !r.Agrees() {
			return exitViolation
		}
	}
	if agreeing < *random {
		return exitViolation
	}
	return exitOK
}

// unavailable turns a lab that cannot be made into one line and exit 5,
// and any other error into a failure.
func unavailable(f *flags, err error) (int, bool) {
	var un *conform.UnavailableError
	switch {
	case errors.As(err, &un):
		fmt.Fprintf(f.stderr, "timewait conform: %s (exit %d)\n", un.Reason, exitUnavailable)
		return exitUnavailable, true
	case err != nil:
		fmt.Fprintf(f.stderr, "timewait conform: %v\n", err)
		return exitViolation, true
	}
	return exitOK, false
}

// kernelRelease is `uname -r`.
func kernelRelease() string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "unknown"
	}
	return unix.ByteSliceToString(u.Release[:])
}

func printConform(w io.Writer, kernel, profile string, results []*conform.Result, random int, seed uint64, agreeing int, firstRandom *conform.Result) {
	fmt.Fprintf(w, "Linux %s against the model with the %s profile\n\n", kernel, profile)
	for _, r := range results {
		if r.Agrees() {
			fmt.Fprintf(w, "%-30s agrees\n", r.Scenario)
			continue
		}
		fmt.Fprintf(w, "%-30s DIFFERS\n", r.Scenario)
		if r.Known != nil {
			fmt.Fprintf(w, "  a known difference, covered by the model option %s: %s\n", r.Known.Option, r.Known.Why)
		}
		fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(r.Divergence.String(), "\n", "\n  "))
	}
	if random > 0 {
		fmt.Fprintf(w, "\nrandom traces (seed %d): %d of %d agree\n", seed, agreeing, random)
		if firstRandom != nil {
			fmt.Fprintf(w, "first difference, in %s:\n  %s\n", firstRandom.Scenario, strings.ReplaceAll(firstRandom.Divergence.String(), "\n", "\n  "))
		}
	}
}

type conformResultJSON struct {
	Scenario string `json:"scenario"`
	Agrees   bool   `json:"agrees"`
	Step     int    `json:"step,omitempty"`
	Action   string `json:"action,omitempty"`
	Expected string `json:"model_expected,omitempty"`
	Got      string `json:"kernel_did,omitempty"`
	KnownAs  string `json:"known_option,omitempty"`
	KnownWhy string `json:"known_why,omitempty"`
}

func resultJSON(r *conform.Result) conformResultJSON {
	j := conformResultJSON{Scenario: r.Scenario, Agrees: r.Agrees()}
	if d := r.Divergence; d != nil {
		j.Step, j.Action, j.Expected, j.Got = d.Step, d.Action, d.Expected, d.Got
	}
	if r.Known != nil {
		j.KnownAs, j.KnownWhy = r.Known.Option, r.Known.Why
	}
	return j
}

func conformJSON(kernel, profile string, results []*conform.Result, random int, seed uint64, agreeing int, firstRandom *conform.Result) any {
	out := struct {
		Kernel          string              `json:"kernel"`
		Profile         string              `json:"profile"`
		Scenarios       []conformResultJSON `json:"scenarios"`
		Random          int                 `json:"random_traces"`
		Seed            uint64              `json:"seed"`
		RandomAgreeing  int                 `json:"random_agreeing"`
		FirstRandomDiff *conformResultJSON  `json:"first_random_difference,omitempty"`
	}{Kernel: kernel, Profile: profile, Random: random, Seed: seed, RandomAgreeing: agreeing}
	for _, r := range results {
		out.Scenarios = append(out.Scenarios, resultJSON(r))
	}
	if firstRandom != nil {
		j := resultJSON(firstRandom)
		out.FirstRandomDiff = &j
	}
	return out
}
