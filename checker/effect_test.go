package checker_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/timewait/timewait/checker"
)

// effectGrid is grid as an Effector: a step's effect is the distance it
// moved from the origin's corner, +1 or -1, and how many times the model
// took a step with it (to tell StepEffect from Next).
type effectGrid struct {
	grid
	withEffect *atomic.Int64
}

type move struct{ delta int }

func (g effectGrid) NewEffect() any { return new(move) }

func (g effectGrid) StepEffect(c cell, a string, eff any) (cell, bool) {
	g.withEffect.Add(1)
	next, ok := g.Next(c, a)
	eff.(*move).delta = next.X + next.Y - c.X - c.Y
	return next, ok
}

func (g effectGrid) LabelEffect(from cell, a string, to cell, eff any) string {
	return fmt.Sprintf("%s (%+d)", a, eff.(*move).delta)
}

// A step property with StepEffect gets the effect of the step the engine
// took, every step once, and finds what Step finds; traces keep each
// step's effect and label from it.
func TestStepPropertiesReadTheEffect(t *testing.T) {
	g := effectGrid{grid: grid{W: 4, H: 4}, withEffect: new(atomic.Int64)}
	back := checker.SometimesStep[cell, string]("back", func(from cell, _ string, to cell) bool { return to.X+to.Y < from.X+from.Y })
	var read atomic.Int64
	back.StepEffect = func(_ *cell, _ string, _ *cell, eff any) bool {
		read.Add(1)
		return eff.(*move).delta < 0
	}
	corner := checker.Sometimes[cell, string]("corner", func(c cell) bool { return c == cell{3, 3} })
	r, err := checker.Check(context.Background(), g, checker.Options{Workers: 2}, back, corner)
	if err != nil {
		t.Fatal(err)
	}
	if g.withEffect.Load() < r.Generated || read.Load() == 0 {
		t.Fatalf("%d steps with effects and %d reads for %d transitions", g.withEffect.Load(), read.Load(), r.Generated)
	}
	tr := r.Results[0].Trace
	if r.Results[0].Verdict != checker.Reached || tr.Len() != 2 {
		t.Fatalf("back: %v, want reached in 2 steps", r.Results[0].Verdict)
	}
	last := tr.Steps[2]
	if eff, ok := last.Effect.(*move); !ok || eff.delta != -1 || last.Label != "left (-1)" && last.Label != "up (-1)" {
		t.Fatalf("the witness's last step kept %#v, labelled %q", last.Effect, last.Label)
	}
}

// ObserveEffects hands each step's effect to the visitor, and refuses a
// model that is not an Effector.
func TestObserveEffects(t *testing.T) {
	g := effectGrid{grid: grid{W: 3, H: 3}, withEffect: new(atomic.Int64)}
	var forward, backward atomic.Int64
	r, err := checker.ObserveEffects(context.Background(), g, checker.Options{}, func(_ int, _ cell, _ string, _ cell, eff any) {
		if eff.(*move).delta > 0 {
			forward.Add(1)
		} else {
			backward.Add(1)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if forward.Load() != 12 || backward.Load() != 12 || r.Generated != 24 {
		t.Fatalf("%d forward and %d backward steps of %d; want 12, 12 of 24", forward.Load(), backward.Load(), r.Generated)
	}
	if _, err := checker.ObserveEffects(context.Background(), grid{W: 2, H: 2}, checker.Options{}, func(int, cell, string, cell, any) {}); err == nil {
		t.Fatal("ObserveEffects took a model that is not an Effector")
	}
}
