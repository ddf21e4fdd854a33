package itf_test

import (
	"context"
	"errors"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
	"github.com/timewait/timewait/itf"
)

type phase uint8

func (p phase) String() string { return [...]string{"idle", "busy"}[p] }

func TestValueWritesITFTypes(t *testing.T) {
	type rec struct {
		N      int
		Big    uint64
		On     bool
		Phase  phase
		List   [2]int8
		hidden int
	}
	got := itf.Value(rec{N: 3, Big: 1 << 60, On: true, Phase: 1, List: [2]int8{-1, 2}, hidden: 9})
	want := map[string]any{"N": int64(3), "Big": map[string]any{"#bigint": "1152921504606846976"}, "On": true, "Phase": "busy", "List": []any{int64(-1), int64(2)}}
	g, w := got.(map[string]any), want
	if len(g) != len(w) || g["N"] != w["N"] || g["On"] != true || g["Phase"] != "busy" ||
		g["Big"].(map[string]any)["#bigint"] != "1152921504606846976" || g["List"].([]any)[0] != int64(-1) {
		t.Fatalf("Value = %#v; want %#v", got, want)
	}
}

// A witness of TwoPhase written as ITF, read back and replayed, is the same
// trace; a file whose state the model cannot reach is refused at that state.
func TestAWitnessRoundTripsThroughITF(t *testing.T) {
	m, _ := twophase.New(3)
	r, err := checker.Check(context.Background(), m, checker.Options{CollectAll: true}, m.Properties()...)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := r.Result("all-committed")
	vars := func(s twophase.State) map[string]any { return map[string]any{"s": itf.Value(s)} }
	data, err := itf.FromTrace(res.Trace, vars, map[string]any{"model": "twophase"}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := itf.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := itf.Replay(m, back, vars)
	if err != nil || tr.Len() != res.Trace.Len() || tr.Labels()[tr.Len()-1] != res.Trace.Labels()[res.Trace.Len()-1] {
		t.Fatalf("replay: %v, %d steps; want the %d steps written", err, tr.Len(), res.Trace.Len())
	}
	for i := range tr.Steps {
		if tr.Steps[i].State != res.Trace.Steps[i].State {
			t.Fatalf("state %d differs after the round trip", i)
		}
	}
	back.States[4] = back.States[2] // a step back in time that no action takes
	var step *itf.StepError
	if _, err := itf.Replay(m, back, vars); !errors.As(err, &step) || step.Step != 4 {
		t.Fatalf("err = %v; want a StepError at state 4", err)
	}
}
