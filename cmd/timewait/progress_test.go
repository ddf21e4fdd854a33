package main

import (
	"strings"
	"testing"
	"time"

	"github.com/timewait/timewait/checker"
)

// Progress lines, fed records with a made-up clock: nothing in the first
// second, then one line a call, and the liveness phase announced.
func TestProgressLinesFromMadeUpRecords(t *testing.T) {
	var b strings.Builder
	p := progressPrinter(&b)
	p(checker.Progress{Depth: 3, Distinct: 10, Elapsed: 900 * time.Millisecond})
	p(checker.Progress{Depth: 18, Distinct: 260099, Queue: 58666, Elapsed: 1500 * time.Millisecond, PerSecond: 173399.4})
	p(checker.Progress{Distinct: 1851767, Liveness: true, Elapsed: 4 * time.Second})
	want := "  depth 18: 260099 states, 58666 queued, 173399 states/s\n  deciding liveness on an explicit graph of the 1851767 states\n"
	if b.String() != want {
		t.Fatalf("progress:\n%q\nwant\n%q", b.String(), want)
	}
}

func TestRemainingEstimatesFromTheItemsDone(t *testing.T) {
	for _, tc := range []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{0, 12, 0, "0 of 12"},
		{3, 12, 30 * time.Second, "3 of 12, about 1m30s left"},
		{11, 11, time.Minute, "11 of 11"},
	} {
		if got := remaining(tc.done, tc.total, tc.elapsed); got != tc.want {
			t.Errorf("remaining(%d, %d, %s) = %q; want %q", tc.done, tc.total, tc.elapsed, got, tc.want)
		}
	}
}

// -q leaves stderr to errors: no progress, no timing line.
func TestQuietLeavesStderrEmpty(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--scenario", "close-wait-leak", "-q"},
		{"sweep", "--time-wait", "3", "--max-states", "2000", "-q"},
	} {
		_, _, errs := runCLI(t, args...)
		if errs != "" {
			t.Errorf("%q: stderr %q; want nothing", args, errs)
		}
		_, _, loud := runCLI(t, args[:len(args)-1]...)
		if loud == "" {
			t.Errorf("%q without -q: nothing on stderr; want progress or timing", args[:len(args)-1])
		}
	}
}
