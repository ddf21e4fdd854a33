package checker_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/timewait/timewait/checker"
)

// Observe visits every step exactly once, whatever the number of workers,
// and per-worker tallies merge to the same totals.
func TestObserveVisitsEveryStepOnceForAnyWorkerCount(t *testing.T) {
	g := grid{W: 9, H: 7}
	for _, workers := range []int{1, 2, 4} {
		for _, exact := range []bool{false, true} {
			perWorker := make([]map[string]int, workers)
			for i := range perWorker {
				perWorker[i] = map[string]int{}
			}
			r, err := checker.Observe(context.Background(), g, checker.Options{Workers: workers, Exact: exact},
				func(w int, from cell, a string, to cell) { perWorker[w][a]++ })
			if err != nil {
				t.Fatal(err)
			}
			total := map[string]int{}
			sum := 0
			for _, m := range perWorker {
				for a, n := range m {
					total[a] += n
					sum += n
				}
			}
			if !r.Complete || int64(sum) != g.transitions() || r.Generated != g.transitions() {
				t.Fatalf("workers %d exact %v: complete %v, visited %d, generated %d; want %d", workers, exact, r.Complete, sum, r.Generated, g.transitions())
			}
			// right moves: (W-1) per row.
			if want := (g.W - 1) * g.H; total["right"] != want {
				t.Fatalf("workers %d: %d right moves, want %d", workers, total["right"], want)
			}
		}
	}
}

func TestExploreNumbersStatesBreadthFirstAndRefusesLargeSpaces(t *testing.T) {
	g, err := checker.Explore(context.Background(), grid{W: 3, H: 2}, checker.Options{Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 6 || len(g.Initial()) != 1 || g.Initial()[0] != 0 {
		t.Fatalf("%d states, initial %v; want 6 states, initial [0]", g.Len(), g.Initial())
	}
	// (0,0) first, then its successors in action order: right (1,0), down (0,1).
	if g.State(1) != (cell{1, 0}) || g.State(2) != (cell{0, 1}) {
		t.Fatalf("states 1 and 2 are %v and %v; want (1,0) and (0,1)", g.State(1), g.State(2))
	}
	edges := 0
	for i := range g.Len() {
		for _, e := range g.Edges(i) {
			next, _ := grid{W: 3, H: 2}.Next(g.State(i), e.Action)
			if g.State(e.To) != next {
				t.Fatalf("edge %v from %v leads to %v, want %v", e.Action, g.State(i), g.State(e.To), next)
			}
			edges++
		}
	}
	if int64(edges) != (grid{W: 3, H: 2}).transitions() {
		t.Fatalf("%d edges, want %d", edges, grid{W: 3, H: 2}.transitions())
	}
	_, err = checker.Explore(context.Background(), grid{W: 30, H: 30}, checker.Options{MaxStates: 100})
	var big *checker.TooLargeError
	if !errors.As(err, &big) || big.Max != 100 {
		t.Fatalf("Explore of 900 states with a limit of 100: %v, want a TooLargeError", err)
	}
}

// RandomWalk is deterministic for a seed, takes depth steps where it can,
// and each of its steps is one the model allows.
func TestRandomWalkIsSeededAndValid(t *testing.T) {
	g := grid{W: 4, H: 4}
	a, _ := checker.RandomWalk(g, checker.Options{Seed: 7, MaxDepth: 12})
	b, _ := checker.RandomWalk(g, checker.Options{Seed: 7, MaxDepth: 12})
	if a.Len() != 12 || fmt.Sprint(a.Labels()) != fmt.Sprint(b.Labels()) {
		t.Fatalf("walks of seed 7: %v and %v; want the same 12 steps", a.Labels(), b.Labels())
	}
	for i := 1; i < len(a.Steps); i++ {
		next, ok := g.Next(a.Steps[i-1].State, a.Steps[i].Action)
		if !ok || next != a.Steps[i].State {
			t.Fatalf("step %d: %v from %v does not lead to %v", i, a.Steps[i].Action, a.Steps[i-1].State, a.Steps[i].State)
		}
	}
	if c, _ := checker.RandomWalk(g, checker.Options{Seed: 8, MaxDepth: 12}); fmt.Sprint(c.Labels()) == fmt.Sprint(a.Labels()) {
		t.Fatalf("seeds 7 and 8 took the same walk %v", a.Labels())
	}
}
