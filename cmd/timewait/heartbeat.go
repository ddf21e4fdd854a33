package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/timewait/timewait/checker"
)

// clock is the time as progress reads it: the real one, or a test's.
type clock interface {
	Now() time.Time
	// Ticker returns a channel that receives the time about every d, and a
	// function that stops it.
	Ticker(d time.Duration) (<-chan time.Time, func())
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Ticker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// progress reports a run's progress on stderr: the search's records
// (progressPrinter's lines, after the run's first second), prefixed with
// where a run of many items is ("cell 3 of 12, about 1m30s left: "), and,
// through a phase that reports nothing itself (the liveness phase, Graphviz
// laying out a drawing), a line a second saying how long it has taken so
// far.
type progress struct {
	w      io.Writer
	clock  clock
	prefix string
	print  func(checker.Progress)
	mu     sync.Mutex
	stopHB func() // stops the heartbeat running, if one is
}

// newProgress is progress on w with the real clock.
func newProgress(w io.Writer) *progress { return newProgressClock(w, realClock{}) }

func newProgressClock(w io.Writer, c clock) *progress {
	p := &progress{w: w, clock: c}
	p.print = progressPrinter(prefixWriter{p})
	return p
}

// prefixWriter writes progressPrinter's lines after the prefix.
type prefixWriter struct{ p *progress }

func (pw prefixWriter) Write(b []byte) (int, error) {
	if pw.p.prefix == "" {
		return pw.p.w.Write(b)
	}
	_, err := fmt.Fprintf(pw.p.w, "  %s:%s", pw.p.prefix, b[1:])
	return len(b), err
}

// item sets where a run of many items is, for the lines that follow.
func (p *progress) item(s string) { p.prefix = s }

// observe takes the search's records (checker.Options.Progress). When the
// liveness phase begins, which reports nothing until it ends, a heartbeat
// says how long it has taken so far, until stop.
func (p *progress) observe(r checker.Progress) {
	p.print(r)
	if r.Liveness {
		p.phase("deciding liveness")
	}
}

// phase starts a heartbeat for a phase called what: from its first second
// on, a line a second with the time it has taken. stop ends it.
func (p *progress) phase(what string) {
	p.stop()
	ticks, stopTicker := p.clock.Ticker(time.Second)
	start := p.clock.Now()
	if p.prefix != "" {
		what = p.prefix + ": " + what
	}
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-quit:
				return
			case now := <-ticks:
				if el := now.Sub(start); el >= time.Second {
					fmt.Fprintf(p.w, "  %s: %s so far\n", what, el.Round(time.Second))
				}
			}
		}
	}()
	p.mu.Lock()
	p.stopHB = func() { stopTicker(); close(quit); <-done }
	p.mu.Unlock()
}

// stop ends the heartbeat, if one is running, and returns once it has
// printed its last line.
func (p *progress) stop() {
	p.mu.Lock()
	s := p.stopHB
	p.stopHB = nil
	p.mu.Unlock()
	if s != nil {
		s()
	}
}

// meter prints at most a line a second, and nothing in a run's first
// second: for the loops of the CLI that are not a search (conform's
// scenarios and random traces).
type meter struct {
	w           io.Writer
	clock       clock
	start, last time.Time
}

func newMeter(w io.Writer, c clock) *meter {
	now := c.Now()
	return &meter{w: w, clock: c, start: now, last: now}
}

// elapsed is the time since the meter started.
func (m *meter) elapsed() time.Duration { return m.clock.Now().Sub(m.start) }

// printf prints the line when a second has passed since the last one (or
// since the start).
func (m *meter) printf(format string, args ...any) {
	now := m.clock.Now()
	if now.Sub(m.last) < time.Second {
		return
	}
	m.last = now
	fmt.Fprintf(m.w, format, args...)
}

// walksLine is simulate's progress line: walks taken of those asked for,
// with the time left, and steps with their rate.
func walksLine(p checker.Progress, runs int) string {
	rate := 0.0
	if p.Elapsed > 0 {
		rate = float64(p.Generated) / p.Elapsed.Seconds()
	}
	return fmt.Sprintf("  walks: %s, %d steps, %.0f steps/s", remaining(p.Walks, runs, p.Elapsed), p.Generated, rate)
}
