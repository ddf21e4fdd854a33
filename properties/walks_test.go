package properties_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"pgregory.net/rapid"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/rapidwalk"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// safety returns the applicable safety properties of the catalogue.
func safety(m *model.Model) []checker.Property[model.World, model.Action] {
	var out []checker.Property[model.World, model.Action]
	for _, p := range properties.All() {
		if p.Applies(m.Config()) && (p.Kind == checker.KindAlways || p.Kind == checker.KindAlwaysStep) {
			out = append(out, p.For(m))
		}
	}
	return out
}

// Every state a random walk reaches is in the exhaustive set, and every
// violation walks find, BFS finds too, with a trace no longer.
func TestRandomWalksAgreeWithTheExhaustiveSearch(t *testing.T) {
	c := model.DefaultConfig()
	// linger0 with a constant ISN, kept small: its violations are a few
	// steps deep (with the clock ISN, linger0 has none).
	c.A.How, c.Duplicate, c.Loss, c.ISN = model.CallAbort, 0, 0, model.ISNConstant
	m, _ := model.New(c)

	// The exhaustive set, recorded by a property that is evaluated once on
	// every new state.
	var mu sync.Mutex
	seen := map[string]bool{}
	record := checker.Always[model.World, model.Action]("record", func(w model.World) bool {
		mu.Lock()
		seen[string(m.Encode(nil, w))] = true
		mu.Unlock()
		return true
	})
	r, err := checker.Check(context.Background(), m, checker.Options{}, record)
	if err != nil || !r.Complete || len(seen) != r.Distinct {
		t.Fatalf("BFS: err %v, complete %v, recorded %d of %d", err, r.Complete, len(seen), r.Distinct)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	for walk := 0; walk < 200; walk++ {
		w := m.Init()[0]
		for step := 0; step < 60; step++ {
			acts := m.Actions(w, nil)
			if len(acts) == 0 {
				break
			}
			next, ok := m.Next(w, acts[rng.IntN(len(acts))])
			if !ok {
				continue
			}
			w = next
			if !seen[string(m.Encode(nil, w))] {
				t.Fatalf("walk %d reached a state BFS never found: %v", walk, w)
			}
		}
	}

	props := safety(m)
	sim, err := checker.Simulate(context.Background(), m, checker.Options{Seed: 1, MaxDepth: 60, Runs: 500}, props...)
	if err != nil {
		t.Fatal(err)
	}
	bfs, _ := checker.Check(context.Background(), m, checker.Options{CollectAll: true}, props...)
	found := 0
	for i, res := range sim.Results {
		if res.Verdict != checker.Violated {
			continue
		}
		found++
		b := bfs.Results[i]
		if b.Verdict != checker.Violated || b.Trace.Len() > res.Trace.Len() {
			t.Errorf("%s: the walk found a %d-step violation; BFS says %v with %d steps", res.Name, res.Trace.Len(), b.Verdict, b.Trace.Len())
		}
	}
	if found == 0 {
		t.Fatal("the walks found no violation in linger0 with a constant ISN, so the comparison checked nothing")
	}
}

// Bounds too large to exhaust (largeBounds). Seeded walks (a fixed budget of 300 walks of 150 steps) find no violation
// of a safety property.
func TestWalksOnLargeBoundsFindNoViolation(t *testing.T) {
	if testing.Short() {
		t.Skip("300 long walks")
	}
	m := largeBounds(t)
	deep := checker.Sometimes[model.World, model.Action]("fourth connection established", func(w model.World) bool {
		return w.A.Conns == 4 && w.A.State == model.Established
	})
	props := append(safety(m), deep)
	r, err := checker.Simulate(context.Background(), m, checker.Options{Seed: 1, MaxDepth: 150, Runs: 300}, props...)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range r.Results {
		if res.Verdict == checker.Violated {
			t.Errorf("%s violated (seed %d):\n%s", res.Name, r.FailingSeed, properties.Chart(m, res.Trace))
		}
	}
	if last := r.Results[len(r.Results)-1]; r.Runs != 300 || last.Verdict != checker.Reached {
		t.Errorf("%d walks; the fourth connection was %v: the walks did not get deep", r.Runs, last.Verdict)
	}
}

// The same large bounds through the rapid helper: rapid's budget of 100
// walks per run, each failure shrunk and printed as a sequence chart.
func TestRapidWalksOnLargeBounds(t *testing.T) {
	if testing.Short() {
		t.Skip("100 long walks")
	}
	m := largeBounds(t)
	rapid.Check(t, func(rt *rapid.T) {
		rapidwalk.Check(rt, m, rapidwalk.Options[model.World, model.Action]{
			Depth:  150,
			Format: func(tr *checker.Trace[model.World, model.Action]) string { return properties.Chart(m, tr) },
		}, safety(m)...)
	})
}

// largeBounds is a configuration too large to exhaust: four connections,
// three data units each way (A half-closes with shutdown, so B's data after
// A's FIN is read, not reset), eight retries, three segments in flight, a
// 128-number space.
func largeBounds(t *testing.T) *model.Model {
	t.Helper()
	c := model.DefaultConfig()
	c.Connections, c.A.Data, c.B.Data, c.Retries, c.SeqSpace, c.Capacity = 4, 3, 3, 8, 128, 3
	c.A.How = model.CallShutdown
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Swarm walks find no-timewait's violation (orderly-close-no-reset, a lost
// final ACK) within 2,000 walks from every seed 1 to 10,000: walk i's
// outcome depends only on its seed, so the walks from seed s find it when
// one of the seeds s to s+1999 does. Uniform walks need about 3,500 on
// average.
func TestSwarmWalksFindNoTimewaitWithin2000WalksFromEverySeed(t *testing.T) {
	sc, _ := properties.ScenarioByName("no-timewait")
	m, err := model.New(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	var props []checker.Property[model.World, model.Action]
	for _, p := range properties.All() {
		if p.Applies(sc.Config) {
			props = append(props, p.For(m))
		}
	}
	const last, window = 10000, 2000
	for from := uint64(1); from <= last; {
		r, err := checker.Simulate(context.Background(), m, checker.Options{Seed: from, Runs: window, Swarm: true}, props...)
		if err != nil {
			t.Fatal(err)
		}
		if r.Outcome != checker.Fail {
			t.Fatalf("from seed %d: no violation in %d swarm walks", from, window)
		}
		for _, res := range r.Results {
			if (res.Verdict == checker.Violated) != (res.Name == "orderly-close-no-reset") {
				t.Fatalf("from seed %d: seed %d gave %s %v; want only orderly-close-no-reset violated", from, r.FailingSeed, res.Name, res.Verdict)
			}
		}
		from = r.FailingSeed + 1
	}
}
