package model_test

import (
	"context"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

func stateReached(s model.State) checker.Property[model.World, model.Action] {
	return checker.Sometimes[model.World, model.Action](s.String(), func(w model.World) bool {
		return w.A.State == s || w.B.State == s
	})
}

// In the default configuration every state of RFC 9293's diagram is
// reachable except CLOSING: B closes only after A's FIN, so the FINs never
// cross. The simultaneous configuration reaches CLOSING, and only when both
// applications closed before the peer's FIN arrived.
func TestEveryStateIsReachable(t *testing.T) {
	if testing.Short() {
		t.Skip("explores the default configuration (about 2 million states)")
	}
	var props []checker.Property[model.World, model.Action]
	for _, s := range model.States() {
		props = append(props, stateReached(s))
	}
	m, _ := model.New(model.DefaultConfig())
	r, err := checker.Check(context.Background(), m, checker.Options{CollectAll: true}, props...)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range r.Results {
		want := checker.Reached
		if res.Name == model.Closing.String() {
			want = checker.Unreached
		}
		if res.Verdict != want {
			t.Errorf("default: %s is %v; want %v", res.Name, res.Verdict, want)
		}
	}

	c := model.DefaultConfig()
	c.A, c.B = model.App{When: model.CloseFirst}, model.App{When: model.CloseFirst}
	c.Connections = 1
	m, _ = model.New(c)
	onlyBoth := checker.Always[model.World, model.Action]("CLOSING only after both closed first", func(w model.World) bool {
		return !(w.A.State == model.Closing || w.B.State == model.Closing) || (w.A.ClosedFirst && w.B.ClosedFirst)
	})
	r, err = checker.Check(context.Background(), m, checker.Options{CollectAll: true}, stateReached(model.Closing), onlyBoth)
	if err != nil {
		t.Fatal(err)
	}
	if r.Results[0].Verdict != checker.Reached || r.Results[1].Verdict != checker.Holds {
		t.Errorf("simultaneous: CLOSING %v, only-after-both %v; want CLOSING reached and the invariant to hold", r.Results[0].Verdict, r.Results[1].Verdict)
	}
}
