package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
	"github.com/timewait/timewait/properties"
)

// runCheck checks a scenario (or every scenario with --all) against the
// property catalogue.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("check", stdout, stderr)
	var mf modelFlags
	mf.register(f)
	var engine engineFlags
	engine.register(f)
	all := f.Bool("all", false, "check every built-in scenario and print a matrix of verdicts, each compared with the verdict pinned for its scenario (docs/results.md): exit 0 when every one is as pinned, 1 when one differs, 3 when some are undecided")
	asJSON := f.Bool("json", false, "print the report as JSON (docs/schema/check.schema.json)")
	markdown := f.Bool("markdown", false, "with --all: print the matrix as Markdown (docs/results.md)")
	first := f.Bool("first", false, "stop at the first violation instead of deciding every property")
	liveness := f.Bool("liveness", true, "also decide the liveness properties (eventually-closed, timewait-ends), on the state graph the search records as it goes; --liveness=false checks safety only, in about half the memory")
	coverage := f.Bool("coverage", false, "also count, for every action, how often it was enabled and taken, and list the actions never taken, as TLC's -coverage does")
	show := f.String("show", "", "print the counterexample or witness of this property (default: the shortest counterexample)")
	verbose := f.Bool("verbose", false, "print the trace with both TCBs whole and every segment in flight after each step (by default: only what each step changed)")
	modelName := f.String("model", "tcp", "model to check: tcp or twophase")
	traceOut := f.String("trace-out", "", "also write the trace printed (--show's, or the shortest counterexample) to this file, as an ITF trace (the JSON trace format of Apalache and Quint) with the configuration")
	pcapOut := f.String("pcap", "", "also write the trace printed (--show's, or the shortest counterexample) to this file as a packet capture for Wireshark and tshark (pcapng: both directions, IPv4 in 127.0.0.0/8, one packet per segment delivered, a comment per step; docs/traces.md)")
	pdOut := f.String("packetdrill", "", "also write A's side of the trace printed (--show's, or the shortest counterexample) to this file as a packetdrill script, which timewait conform --packetdrill plays against the kernel (docs/conformance.md)")
	replay := f.String("replay", "", "replay an ITF trace written by --trace-out step by step against the model it names, and print it; no search")
	f.quietFlag()
	rms := f.intIn("rms", 3, 1, twophase.MaxRMs, fmt.Sprintf("with --model twophase: resource managers (1 to %d)", twophase.MaxRMs))
	if code, ok := f.parse(args); !ok {
		return code
	}
	if *replay != "" {
		var others []string
		f.Visit(func(fl *flag.Flag) {
			if fl.Name != "replay" && fl.Name != "q" && fl.Name != "verbose" && fl.Name != "packetdrill" {
				others = append(others, fl.Name)
			}
		})
		if code, bad := f.unused("--replay (the file names its configuration)", others...); bad {
			return code
		}
		if *pdOut != "" {
			if code, ok := checkPacketdrillOut(f, *pdOut, *replay); !ok {
				return code
			}
		}
		if code := replayCheck(f, *replay, stdout, *verbose); code != exitOK || *pdOut == "" {
			return code
		}
		return writeReplayedPacketdrill(f, *replay, *pdOut)
	}
	opts := engine.options(f)
	opts.CollectAll = !*first
	opts.Liveness = *liveness
	opts.Coverage = *coverage
	tcpOnly := append([]string{"scenario", "config", "show", "verbose", "all", "markdown", "json", "trace-out", "pcap", "packetdrill"}, mf.names()...)
	switch {
	case *modelName == "twophase":
		if code, bad := f.unused("--model twophase", tcpOnly...); bad {
			return code
		}
		if code, bad := f.unused("--model twophase, which has no liveness properties", "liveness"); bad {
			return code
		}
		return checkTwoPhase(ctx, f, *rms, opts)
	case *modelName != "tcp":
		return f.fail("--model %q: want tcp or twophase", *modelName)
	}
	if code, bad := f.unused("--model tcp", "rms"); bad {
		return code
	}
	switch {
	case *markdown && !*all:
		return f.fail("--markdown goes with --all")
	case *markdown && *asJSON:
		return f.fail("--markdown and --json are two forms of one report: choose one")
	case *show != "" && *asJSON:
		return f.fail("--show goes with the text report: --json holds every property's trace")
	case *verbose && *asJSON:
		return f.fail("--verbose goes with the text report: --json holds both TCBs at every step of every trace")
	case *all:
		if code, bad := f.unused("--all (it checks every scenario as built in)", append([]string{"scenario", "config", "show", "verbose", "trace-out", "pcap", "packetdrill", "coverage"}, mf.names()...)...); bad {
			return code
		}
		return checkAll(ctx, f, opts, *markdown, *asJSON)
	}
	name, cfg, code, ok := mf.config(f)
	if !ok {
		return code
	}
	switch {
	case *traceOut == "-":
		return f.fail(`--trace-out "-": want a file name (stdout holds the report)`)
	case *traceOut != "":
		if err := checkOutput(*traceOut); err != nil {
			return f.fail("--trace-out: %v", err)
		}
	}
	switch {
	case *pcapOut == "-":
		return f.fail(`--pcap "-": want a file name (stdout holds the report)`)
	case *pcapOut != "" && *pcapOut == *traceOut:
		return f.fail("--pcap %q: --trace-out writes that file; give each its own", *pcapOut)
	case *pcapOut != "":
		if err := checkOutput(*pcapOut); err != nil {
			return f.fail("--pcap: %v", err)
		}
	}
	if *pdOut != "" {
		if code, ok := checkPacketdrillOut(f, *pdOut, *traceOut, *pcapOut); !ok {
			return code
		}
	}
	if *show != "" {
		if _, found := properties.ByName(*show); !found {
			return f.fail("--show %q: want a property name (see timewait list)", *show)
		}
	}
	prog := newProgress(f.progressOut())
	opts.Progress = prog.observe
	r, err := properties.Check(ctx, name, cfg, opts)
	prog.stop()
	if err != nil {
		return f.fail("%v", err)
	}
	fmt.Fprintln(f.progressOut(), timing(r.Engine.Elapsed, r.Engine.Distinct, r.Engine.BytesPerState(), r.Engine.CollisionProbability))
	if *asJSON {
		j := jsonReport(r)
		code := exitCode(r)
		j.Version, j.ExitCode = toolVersion(), &code
		writeJSON(stdout, j)
	} else {
		printReport(stdout, r, *show, *verbose)
	}
	if *traceOut != "" {
		if code := writeTraceFile(f, *traceOut, r, *show); code != exitOK {
			return code
		}
	}
	if *pcapOut != "" {
		if code := writePcapFile(f, *pcapOut, r, *show); code != exitOK {
			return code
		}
	}
	if *pdOut != "" {
		if code := writePacketdrillFile(f, *pdOut, r, *show); code != exitOK {
			return code
		}
	}
	return exitCode(r)
}

// exitCode is the exit code of a checked scenario (see outcomeCode).
func exitCode(r *properties.Report) int { return outcomeCode(r.Engine.Outcome, r.Failed) }

// outcomeCode is the exit code of a run's outcome: 0 pass, 3 incomplete,
// and for a failure 1 when a safety property is violated, 4 when only a
// liveness property is.
func outcomeCode(o checker.Outcome, safetyViolated func() bool) int {
	switch {
	case o == checker.Pass:
		return exitOK
	case o == checker.Unknown:
		return exitIncomplete
	case safetyViolated():
		return exitViolation
	}
	return exitLiveness
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Labels hold "->" and "<": printed as they are, not as \u003e, for
	// the people and the jq scripts that read them.
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// checkTwoPhase checks the example TwoPhase commit model with its properties.
func checkTwoPhase(ctx context.Context, f *flags, rms int, opts checker.Options) int {
	m, err := twophase.New(rms)
	if err != nil {
		return f.fail("%v", err) // --rms is bounded while parsing; this is a guard
	}
	opts.Progress = progressPrinter(f.progressOut())
	r, err := checker.Check(ctx, m, opts, m.Properties()...)
	if err != nil {
		return f.fail("%v", err)
	}
	fmt.Fprintln(f.progressOut(), timing(r.Elapsed, r.Distinct, r.BytesPerState(), r.CollisionProbability))
	fmt.Fprintf(f.stdout, "model twophase rms=%d: %d states, %d transitions, depth %d, %s\n", rms, r.Distinct, r.Generated, r.Depth, completeness(r.Complete, r.StopReason))
	for _, res := range r.Results {
		fmt.Fprintf(f.stdout, "  %-16s %-10s %s\n", res.Name, res.Kind, res.Verdict)
	}
	printCoverage(f.stdout, r.Coverage)
	for _, res := range r.Results {
		if res.Verdict == checker.Violated && res.Trace != nil {
			fmt.Fprintf(f.stdout, "\ncounterexample to %s:\n", res.Name)
			for i, s := range res.Trace.Steps {
				fmt.Fprintf(f.stdout, "%4d  %-22s %s\n", i, s.Label, m.Format(s.State))
			}
		}
	}
	return outcomeCode(r.Outcome, func() bool {
		for _, res := range r.Results {
			if res.Kind.Safety() && res.Verdict == checker.Violated {
				return true
			}
		}
		return false
	})
}

func completeness(complete bool, reason string) string {
	if complete {
		return "complete"
	}
	return "INCOMPLETE: " + reason
}
