package properties

import (
	"context"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// The fin-reacked-in-timewait witness of the default scenario is what the
// tutorial says: a FIN that B's retransmission timer sent again, re-ACKed
// by TIME-WAIT, and no network duplicate anywhere in the run.
func TestFinReACKedWitnessIsARetransmission(t *testing.T) {
	sc, _ := ScenarioByName("default")
	m, err := model.New(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ByName("fin-reacked-in-timewait")
	r, err := checker.Check(context.Background(), m, checker.Options{CollectAll: true}, p.For(m))
	if err != nil {
		t.Fatal(err)
	}
	res := r.Results[0]
	if res.Verdict != checker.Reached || res.Trace.Len() != 13 {
		t.Fatalf("fin-reacked-in-timewait: %v in %d steps, want reached in 13", res.Verdict, res.Trace.Len())
	}
	steps := res.Trace.Steps
	last := steps[len(steps)-1]
	eff := m.EffectOf(steps[len(steps)-2].State, last.Action, last.Effect)
	if last.Action.Kind != model.ActDeliver || !eff.Seg.Has(model.FIN) || eff.Note != model.NoteFinReACKed {
		t.Fatalf("the witness ends with %v (%v), not a re-ACKed FIN", last.Action, eff.Note)
	}
	fin := eff.Seg
	fin.Age = 0
	retransmitted := false
	for i, st := range steps[1:] {
		if st.Action.Kind == model.ActDuplicate {
			t.Fatalf("step %d duplicates a segment", i+1)
		}
		if st.Action.Kind != model.ActRetx {
			continue
		}
		for _, s := range m.EffectOf(steps[i].State, st.Action, st.Effect).Sent {
			if s == fin {
				retransmitted = true
			}
		}
	}
	if !retransmitted {
		t.Fatalf("no retransmission timer sent the FIN %v that TIME-WAIT re-ACKs", fin)
	}
}
