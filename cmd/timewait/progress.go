package main

import (
	"fmt"
	"io"
	"time"

	"github.com/timewait/timewait/checker"
)

// quietFlag registers -q, which silences progress and timing lines on
// stderr (errors still go there).
func (f *flags) quietFlag() {
	f.quiet = f.Bool("q", false, "quiet: no progress or timing lines on stderr (errors still go there)")
}

// progressOut is where progress goes: stderr, or nowhere with -q.
func (f *flags) progressOut() io.Writer {
	if f.quiet != nil && *f.quiet {
		return io.Discard
	}
	return f.stderr
}

// progressPrinter prints a progress line to w about once a second, and one
// when the liveness phase begins.
func progressPrinter(w io.Writer) func(checker.Progress) {
	return func(p checker.Progress) {
		if p.Liveness {
			fmt.Fprintf(w, "  deciding liveness on an explicit graph of the %d states\n", p.Distinct)
			return
		}
		if p.Elapsed < time.Second {
			return
		}
		fmt.Fprintf(w, "  depth %d: %d states, %d queued, %.0f states/s\n", p.Depth, p.Distinct, p.Queue, p.PerSecond)
	}
}

// timing is the stderr line with the figures that vary from run to run.
func timing(el time.Duration, distinct int, bps, collision float64) string {
	rate := 0.0
	if el > 0 {
		rate = float64(distinct) / el.Seconds()
	}
	return fmt.Sprintf("checked in %s (%.0f states/s, %.1f bytes/state, fingerprint collision probability %.1g)",
		el.Round(time.Millisecond), rate, bps, collision)
}

// remaining says how far a run of total items is after done of them took
// elapsed, with an estimate of the time left once one item is done:
// "3 of 12, about 1m30s left". The estimate assumes the items left take as
// long as those done, which a sweep's growing TIME-WAIT lengths do not
// quite keep: it is a hint.
func remaining(done, total int, elapsed time.Duration) string {
	s := fmt.Sprintf("%d of %d", done, total)
	if done > 0 && done < total {
		left := elapsed / time.Duration(done) * time.Duration(total-done)
		s += fmt.Sprintf(", about %s left", left.Round(time.Second))
	}
	return s
}
