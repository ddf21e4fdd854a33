package main

import (
	"io"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
)

// pretendMemory makes the machine's memory mib MiB (known or not) for one
// test.
func pretendMemory(t *testing.T, mib int, known bool) {
	t.Helper()
	old := machineMiB
	machineMiB = func() (int, string) {
		if !known {
			return unknownMemMiB, "MiB"
		}
		return mib, "MiB, the memory this process may use"
	}
	t.Cleanup(func() { machineMiB = old })
}

// Every engine flag is bounded, and the error names the flag, the value
// and the range, in one line, for every command that has the flags.
func TestEngineFlagsAreBoundedAndTheErrorNamesTheBound(t *testing.T) {
	pretendMemory(t, 4096, true)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--workers", "100000"}, `--workers "100000": want a whole number from 0 to 256`},
		{[]string{"--workers", "-1"}, `--workers "-1": want a whole number from 0 to 256`},
		{[]string{"--max-states", "-5"}, `--max-states "-5": want a whole number from 0 to 1000000000000`},
		{[]string{"--max-states", "1000000000001"}, `--max-states "1000000000001": want a whole number from 0 to 1000000000000`},
		{[]string{"--max-depth", "-1"}, `--max-depth "-1": want a whole number from 0 to 1000000000000`},
		{[]string{"--max-depth", "9000000000000000000"}, `--max-depth "9000000000000000000": want a whole number from 0 to 1000000000000`},
		{[]string{"--max-memory", "17592186044417"}, `--max-memory "17592186044417": want a whole number from 0 to 4096 (MiB, the memory this process may use)`},
		{[]string{"--max-memory", "4097"}, `--max-memory "4097": want a whole number from 0 to 4096 (MiB, the memory this process may use)`},
		{[]string{"--max-memory", "-1"}, `--max-memory "-1": want a whole number from 0 to 4096 (MiB, the memory this process may use)`},
		{[]string{"--time-budget", "-1s"}, `--time-budget "-1s": want a duration from 0 to 8760h, such as 30s, 5m or 1h30m`},
		{[]string{"--time-budget", "8761h"}, `--time-budget "8761h": want a duration from 0 to 8760h, such as 30s, 5m or 1h30m`},
	}
	for _, cmd := range []string{"bench", "check", "sweep"} {
		for _, tc := range cases {
			wantUsageError(t, append([]string{cmd}, tc.args...), "timewait "+cmd+": "+tc.want+" (see timewait "+cmd+" -h)")
		}
	}
	pretendMemory(t, 0, false)
	wantUsageError(t, []string{"bench", "--max-memory", "17592186044417"}, `--max-memory "17592186044417": want a whole number from 0 to 16777216 (MiB) (see`)
}

// engineOptions parses args as bench's flags and returns the options.
func engineOptions(t *testing.T, args ...string) checker.Options {
	t.Helper()
	f := newFlags("bench", io.Discard, io.Discard)
	var e engineFlags
	e.register(f)
	if code, ok := f.parse(args); !ok {
		t.Fatalf("%q: exit %d", args, code)
	}
	return e.options(f)
}

// The bounds themselves are accepted; without --max-memory the budget is
// the default share of the machine, and --max-memory 0 means no limit.
func TestEngineFlagBoundsAreAcceptedAndTheMemoryBudgetDefaults(t *testing.T) {
	pretendMemory(t, 4096, true)
	o := engineOptions(t, "--workers", "256", "--max-states", "1000000000000", "--max-depth", "1000000000000", "--max-memory", "4096", "--time-budget", "8760h")
	if o.Workers != 256 || o.MaxStates != 1e12 || o.MaxDepth != 1e12 || o.MemoryBudget != 4096<<20 || o.TimeBudget != maxTimeBudget {
		t.Errorf("options %+v; want every bound as given", o)
	}
	if o := engineOptions(t); o.MemoryBudget != checker.DefaultMemoryBudget() {
		t.Errorf("no --max-memory: budget %d; want the default %d", o.MemoryBudget, checker.DefaultMemoryBudget())
	}
	if o := engineOptions(t, "--max-memory", "0"); o.MemoryBudget != 0 {
		t.Errorf("--max-memory 0: budget %d; want 0 (no limit)", o.MemoryBudget)
	}
	code, out, _ := runCLI(t, "bench", "--rms", "3", "--workers", "256")
	if code != exitOK || !strings.Contains(out, "256 workers") {
		t.Errorf("bench --workers 256: exit %d:\n%s", code, out)
	}
}
