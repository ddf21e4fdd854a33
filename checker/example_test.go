package checker_test

import (
	"context"
	"fmt"

	"github.com/timewait/timewait/checker"
)

// Jugs is the Die Hard puzzle: a 3-gallon and a 5-gallon jug, a tap and a
// drain. Can you measure exactly 4 gallons?
type Jugs struct{ Small, Big int }

// Pour is one move of the puzzle.
type Pour string

// JugsModel implements checker.Model[Jugs, Pour].
type JugsModel struct{}

func (JugsModel) Init() []Jugs { return []Jugs{{0, 0}} }

func (JugsModel) Actions(_ Jugs, buf []Pour) []Pour {
	return append(buf, "fill small", "fill big", "empty small", "empty big", "small to big", "big to small")
}

func (JugsModel) Next(j Jugs, p Pour) (Jugs, bool) {
	switch p {
	case "fill small":
		j.Small = 3
	case "fill big":
		j.Big = 5
	case "empty small":
		j.Small = 0
	case "empty big":
		j.Big = 0
	case "small to big":
		n := min(j.Small, 5-j.Big)
		j.Small, j.Big = j.Small-n, j.Big+n
	case "big to small":
		n := min(j.Big, 3-j.Small)
		j.Small, j.Big = j.Small+n, j.Big-n
	}
	return j, true
}

func (JugsModel) Encode(buf []byte, j Jugs) []byte { return append(buf, byte(j.Small), byte(j.Big)) }

// A model, its properties, one call: the checker finds the shortest way to
// break the invariant "the big jug never holds 4 gallons", and it is the
// same whatever the number of workers.
func ExampleCheck() {
	m := JugsModel{}
	p := checker.For(m) // property constructors for m's types
	report, err := checker.Check(context.Background(), m, checker.Options{},
		p.Always("big jug never holds 4", func(j Jugs) bool { return j.Big != 4 }),
		p.Sometimes("small jug holds 2", func(j Jugs) bool { return j.Small == 2 }),
	)
	if err != nil {
		panic(err)
	}
	fmt.Println(report.Outcome)
	for _, res := range report.Results {
		fmt.Printf("%s (%s): %s in %d steps\n", res.Name, res.Kind, res.Verdict, res.Trace.Len())
	}
	res, _ := report.Result("big jug never holds 4")
	for _, step := range res.Trace.Steps {
		fmt.Printf("%-13s %+v\n", step.Label, step.State)
	}
	// Output:
	// fail
	// big jug never holds 4 (always): violated in 6 steps
	// small jug holds 2 (sometimes): reached in 4 steps
	// init          {Small:0 Big:0}
	// fill big      {Small:0 Big:5}
	// big to small  {Small:3 Big:2}
	// empty small   {Small:0 Big:2}
	// big to small  {Small:2 Big:0}
	// fill big      {Small:2 Big:5}
	// big to small  {Small:3 Big:4}
}

// Simulate takes seeded random walks instead of exhausting the space: for
// models too large to check exhaustively. What it finds is real, but not
// always shortest, and it never proves that a property holds.
func ExampleSimulate() {
	r, err := checker.Simulate(context.Background(), JugsModel{}, checker.Options{Seed: 1, MaxDepth: 50, Runs: 1000},
		checker.Always[Jugs, Pour]("big jug never holds 4", func(j Jugs) bool { return j.Big != 4 }),
	)
	if err != nil {
		panic(err)
	}
	res := r.Results[0]
	last := res.Trace.Steps[res.Trace.Len()].State
	fmt.Printf("%s: %s, ending in %+v\n", res.Name, res.Verdict, last)
	// Output:
	// big jug never holds 4: violated, ending in {Small:3 Big:4}
}
