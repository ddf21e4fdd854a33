package checker_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
)

// The memory tests measure the peak resident memory of a whole process, as
// /usr/bin/time does, so each runs its search in a child: this test binary
// started again with budgetChildEnv set, which TestMain turns into one run.
// The child reports its own peak (VmHWM): the child's rusage would not do,
// as Linux carries the peak of the address space a process replaces at
// exec over to the new program, and Go starts children sharing the
// parent's.

const budgetChildEnv = "CHECKER_BUDGET_CHILD" // "rms=9 budget=268435456 liveness=false"

func TestMain(m *testing.M) {
	if spec := os.Getenv(budgetChildEnv); spec != "" {
		os.Exit(budgetChild(spec))
	}
	os.Exit(m.Run())
}

// childReport is what the child prints of its report.
type childReport struct {
	Complete           bool
	Outcome            string
	StopReason         string
	LivenessStopReason string
	Depth, Distinct    int
	Generated          int64
	Verdicts           map[string]string
	PeakMemory         uint64
	VmHWM              uint64 // the child's peak resident memory, in bytes
}

func budgetChild(spec string) int {
	var rms int
	var budget uint64
	var liveness bool
	if _, err := fmt.Sscanf(spec, "rms=%d budget=%d liveness=%t", &rms, &budget, &liveness); err != nil {
		fmt.Fprintln(os.Stderr, "bad child spec:", spec, err)
		return 2
	}
	base, _ := twophase.New(rms)
	var m checker.Model[twophase.State, twophase.Action] = base
	props := base.Properties()
	if liveness {
		m = fairTwoPhase{base}
		props = append(props, eventuallyDecided(base, nil))
	}
	r, err := checker.Check(context.Background(), m, checker.Options{Workers: 2, MemoryBudget: budget, Liveness: liveness}, props...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	out := childReport{Complete: r.Complete, Outcome: r.Outcome.String(), StopReason: r.StopReason, LivenessStopReason: r.LivenessStopReason,
		Depth: r.Depth, Distinct: r.Distinct, Generated: r.Generated, Verdicts: map[string]string{}, PeakMemory: r.PeakMemory}
	for _, res := range r.Results {
		out.Verdicts[res.Name] = res.Verdict.String()
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for line := range strings.Lines(string(status)) {
		if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Sscanf(kb, "%d", &out.VmHWM)
			out.VmHWM <<= 10
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		return 1
	}
	return 0
}

// runBudgetChild runs one search in a child process and returns its report
// and its peak resident memory in bytes.
func runBudgetChild(t *testing.T, rms int, budget uint64, liveness bool) (childReport, uint64) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=rms=%d budget=%d liveness=%t", budgetChildEnv, rms, budget, liveness))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, stderr.String())
	}
	var r childReport
	if err := json.Unmarshal(out, &r); err != nil || r.VmHWM == 0 {
		t.Fatalf("child printed %q: %v", out, err)
	}
	return r, r.VmHWM
}

func wantWithinBudget(t *testing.T, peak, budget uint64) {
	t.Helper()
	if float64(peak) > margin*float64(budget) {
		t.Errorf("peak resident memory %d MiB; want at most %.2f x the budget of %d MiB", peak>>20, margin, budget>>20)
	}
}

// TwoPhase with 9 RMs peaks at about 800 MB resident without a budget;
// with 256 MiB it stops within a level, within a quarter of the budget, and
// reports whole levels.
func TestAMemoryBudgetHoldsWithinAQuarterOfItAndKeepsWholeLevels(t *testing.T) {
	const budget = 256 << 20
	r, peak := runBudgetChild(t, 9, budget, false)
	if r.Complete || r.Outcome != "incomplete" || !strings.HasPrefix(r.StopReason, "memory budget 256 MiB used up (resident ") {
		t.Fatalf("complete %v, outcome %s, stop reason %q; want incomplete, memory budget 256 MiB used up", r.Complete, r.Outcome, r.StopReason)
	}
	if r.Verdicts["consistent"] != "incomplete" || r.Depth == 0 {
		t.Errorf("consistent %s at depth %d; want incomplete after some levels", r.Verdicts["consistent"], r.Depth)
	}
	wantWithinBudget(t, peak, budget)
	if float64(r.PeakMemory) > margin*budget {
		t.Errorf("reported peak memory %d MiB; want at most %.2f x %d MiB", r.PeakMemory>>20, margin, budget>>20)
	}
	m, _ := twophase.New(9)
	wholeLevels(t, m, &checker.Report[twophase.State, twophase.Action]{Distinct: r.Distinct, Generated: r.Generated, Depth: r.Depth})
}

// The liveness phase keeps to the budget too: TwoPhase with 8 RMs is
// searched in about 150 MB, but its graph (20 million edges) needs more
// than 150 more, so with 256 MiB the search gives the graph up, the safety
// verdicts stand and liveness is incomplete. (With 200 MiB the search
// itself, at about 3/4 of the budget, was stopped once in a CI run where
// other test processes shared the two cores; and a reading past the budget
// in the middle of a level, while the level's edges were noted, stopped
// the search once at 256 MiB: now a reading past 3/4 of the budget gives
// the graph up at the end of the phase instead.)
func TestAMemoryBudgetHoldsDuringLiveness(t *testing.T) {
	const budget = 256 << 20
	r, peak := runBudgetChild(t, 8, budget, true)
	if !r.Complete || r.Distinct != 1745408 || r.Verdicts["consistent"] != "holds" || r.Verdicts["all-committed"] != "reached" {
		t.Fatalf("search: complete %v, %d states, %v, stop reason %q, peak %d MiB; want complete, 1745408 states, the safety verdicts",
			r.Complete, r.Distinct, r.Verdicts, r.StopReason, peak>>20)
	}
	if r.Verdicts["all decided"] != "incomplete" || r.Outcome != "incomplete" || !strings.HasPrefix(r.LivenessStopReason, "liveness stopped while building the state graph") ||
		!strings.Contains(r.LivenessStopReason, "of the memory budget 256 MiB") {
		t.Errorf("all decided %s, outcome %s, liveness stop reason %q; want incomplete, incomplete, ... of the memory budget 256 MiB",
			r.Verdicts["all decided"], r.Outcome, r.LivenessStopReason)
	}
	wantWithinBudget(t, peak, budget)
}

// statmResident reads this process's resident memory.
func statmResident(t *testing.T) uint64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	pages, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return pages * uint64(os.Getpagesize())
}

// ballast grows the process by size bytes the first time the liveness phase
// encodes a state (the search has encoded every state before its last
// Progress call, and traces are rebuilt without encoding): it is a model
// whose graph outgrows the budget.
type ballast struct {
	fairTwoPhase
	armed bool
	size  int
	held  []byte
}

func (b *ballast) Encode(buf []byte, s twophase.State) []byte {
	if b.armed && b.held == nil {
		b.held = make([]byte, b.size)
		for i := 0; i < len(b.held); i += 4096 {
			b.held[i] = 1
		}
		time.Sleep(100 * time.Millisecond) // past the next memory reading
	}
	return b.fairTwoPhase.Encode(buf, s)
}

// The memory budget is also read while the liveness graph is built after
// the search (exact mode: the graph is not recorded by the search).
func TestAMemoryBudgetStopsTheGraphBeingBuilt(t *testing.T) {
	base, _ := twophase.New(6)
	m := &ballast{fairTwoPhase: fairTwoPhase{base}, size: 256 << 20}
	debug.FreeOSMemory() // what earlier tests left is not resident
	budget := statmResident(t) + 128<<20
	opts := checker.Options{Workers: 2, Liveness: true, Exact: true, MemoryBudget: budget, ProgressEvery: time.Hour,
		Progress: atTheEnd(func() { m.armed = true })}
	r, err := checker.Check(context.Background(), checker.Model[twophase.State, twophase.Action](m), opts, append(base.Properties(), eventuallyDecided(base, nil))...)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete || r.Distinct != 50816 || result(t, r, "consistent").Verdict != checker.Holds {
		t.Fatalf("search: complete %v, %d states, consistent %v; want complete, 50816, holds", r.Complete, r.Distinct, result(t, r, "consistent").Verdict)
	}
	const want = "liveness stopped while building the state graph ("
	if got := result(t, r, "all decided").Verdict; got != checker.Incomplete || r.Outcome != checker.Unknown ||
		!strings.HasPrefix(r.LivenessStopReason, want) || !strings.Contains(r.LivenessStopReason, "memory budget") {
		t.Errorf("all decided %v, outcome %v, %q; want incomplete, unknown, %q... memory budget", got, r.Outcome, r.LivenessStopReason, want)
	}
	if m.held == nil {
		t.Error("the ballast was never allocated")
	}
	t.Log(r.LivenessStopReason)
}
