package main

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/timewait/timewait/checker"
)

// fakeClock is a clock a test moves: Now is what the test set, and the
// ticker's channel receives what the test sends.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	ticks chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Unix(1000, 0), ticks: make(chan time.Time)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) set(d time.Duration) {
	c.mu.Lock()
	c.now = time.Unix(1000, 0).Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) Ticker(time.Duration) (<-chan time.Time, func()) { return c.ticks, func() {} }

// tick sends a tick d after the clock's start, and returns once the
// heartbeat has taken it.
func (c *fakeClock) tick(d time.Duration) { c.ticks <- time.Unix(1000, 0).Add(d) }

// The liveness phase reports nothing itself: after the search's line that
// announces it, a heartbeat says how long it has taken, from its first
// second on, once a tick, and stops with the check.
func TestLivenessPhaseHeartbeatWithAFakeClock(t *testing.T) {
	var b strings.Builder
	c := newFakeClock()
	p := newProgressClock(&b, c)
	p.observe(checker.Progress{Depth: 3, Distinct: 10, Elapsed: 900 * time.Millisecond})
	p.observe(checker.Progress{Distinct: 176120, Liveness: true, Elapsed: 3 * time.Second})
	c.tick(500 * time.Millisecond)
	c.tick(1 * time.Second)
	c.tick(2400 * time.Millisecond)
	c.tick(13 * time.Second)
	p.stop()
	p.stop() // a second stop does nothing
	want := "  deciding liveness on an explicit graph of the 176120 states\n" +
		"  deciding liveness: 1s so far\n  deciding liveness: 2s so far\n  deciding liveness: 13s so far\n"
	if b.String() != want {
		t.Fatalf("progress:\n%s\nwant\n%s", b.String(), want)
	}
}

// Within a run of many items (sweep's cells, check --all's scenarios), the
// search's lines and a heartbeat say which item they are about.
func TestProgressLinesNameTheItem(t *testing.T) {
	var b strings.Builder
	c := newFakeClock()
	p := newProgressClock(&b, c)
	p.item("cell 3 of 12 (MSL 2, TIME-WAIT 3)")
	p.observe(checker.Progress{Depth: 18, Distinct: 260099, Queue: 58666, Elapsed: 1500 * time.Millisecond, PerSecond: 173399.4})
	p.item("scenario 2 of 17 (close-wait-leak)")
	p.observe(checker.Progress{Distinct: 5, Liveness: true})
	c.tick(time.Second)
	p.stop()
	want := "  cell 3 of 12 (MSL 2, TIME-WAIT 3): depth 18: 260099 states, 58666 queued, 173399 states/s\n" +
		"  scenario 2 of 17 (close-wait-leak): deciding liveness on an explicit graph of the 5 states\n" +
		"  scenario 2 of 17 (close-wait-leak): deciding liveness: 1s so far\n"
	if b.String() != want {
		t.Fatalf("progress:\n%s\nwant\n%s", b.String(), want)
	}
}

// A meter prints nothing in the first second, then at most a line a second.
func TestMeterPrintsAtMostOnceASecondAfterTheFirst(t *testing.T) {
	var b strings.Builder
	c := newFakeClock()
	m := newMeter(&b, c)
	for i, at := range []time.Duration{0, 500 * time.Millisecond, time.Second, 1500 * time.Millisecond, 2100 * time.Millisecond, 2200 * time.Millisecond} {
		c.set(at)
		m.printf("  scenarios: %s\n", remaining(i, 6, m.elapsed()))
	}
	want := "  scenarios: 2 of 6, about 2s left\n  scenarios: 4 of 6, about 1s left\n"
	if b.String() != want {
		t.Fatalf("meter:\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWalksLineHasTheRateAndTheTimeLeft(t *testing.T) {
	got := walksLine(checker.Progress{Walks: 250, Generated: 25000, Elapsed: 2 * time.Second}, 1000)
	want := "  walks: 250 of 1000, about 6s left, 25000 steps, 12500 steps/s"
	if got != want {
		t.Fatalf("%q; want %q", got, want)
	}
}
