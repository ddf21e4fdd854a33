package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
)

// runBench explores an example model and prints the engine's figures.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("bench", stdout, stderr)
	model := fs.String("model", "twophase", "model to explore: twophase")
	rms := fs.intIn("rms", 8, 1, twophase.MaxRMs, fmt.Sprintf("resource managers of the twophase model (1 to %d)", twophase.MaxRMs))
	var engine engineFlags
	engine.register(fs)
	fs.quietFlag()
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the search to this file")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *model != "twophase" {
		return fs.fail("--model %q: want twophase", *model)
	}
	m, err := twophase.New(*rms)
	if err != nil {
		return fs.fail("%v", err) // --rms is bounded while parsing; this is a guard
	}
	opts := engine.options(fs)
	runtime.GC()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return fs.fail("--cpuprofile %q: %v", *cpuprofile, err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fs.fail("--cpuprofile %q: %v", *cpuprofile, err)
		}
		defer pprof.StopCPUProfile()
	}
	opts.Progress = progressPrinter(fs.progressOut())
	cpu0 := cpuTime()
	r, err := checker.Check(ctx, m, opts, m.Properties()...)
	cpu := cpuTime() - cpu0
	if err != nil {
		fmt.Fprintf(stderr, "timewait bench: %v\n", err)
		return exitViolation
	}
	mode := "fingerprint"
	if r.Exact {
		mode = "exact"
	}
	fmt.Fprintf(stdout, "model        twophase rms=%d (%s, %d workers)\n", *rms, mode, r.Workers)
	fmt.Fprintf(stdout, "distinct     %d\n", r.Distinct)
	fmt.Fprintf(stdout, "transitions  %d\n", r.Generated)
	fmt.Fprintf(stdout, "depth        %d\n", r.Depth)
	fmt.Fprintf(stdout, "wall         %.3f s\n", r.Elapsed.Seconds())
	if cpu > 0 {
		// On a machine shared with other work, the CPU time shows what the
		// search cost where the wall time shows what it waited.
		fmt.Fprintf(stdout, "cpu          %.3f s (user and system, all workers)\n", cpu.Seconds())
	}
	fmt.Fprintf(stdout, "states/s     %.0f\n", r.StatesPerSecond())
	fmt.Fprintf(stdout, "bytes/state  %.1f (visited set %d B + parent links %d B)\n", r.BytesPerState(), r.TableBytes, r.LinkBytes)
	fmt.Fprintf(stdout, "peak heap    %d MiB\n", r.PeakHeap>>20)
	fmt.Fprintf(stdout, "peak memory  %d MiB (resident)\n", r.PeakMemory>>20)
	if !r.Exact {
		fmt.Fprintf(stdout, "collision    %.2g (probability that a fingerprint collision hid a state)\n", r.CollisionProbability)
	}
	fmt.Fprintf(stdout, "outcome      %s\n", r.Outcome)
	if r.Outcome == checker.Unknown {
		fmt.Fprintf(stdout, "incomplete   %s\n", r.StopReason)
	}
	return outcomeCode(r.Outcome, func() bool { return true }) // TwoPhase's properties are all safety properties
}

// cpuTime is the CPU time the process has used so far, user and system,
// or 0 where getrusage is not available.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
