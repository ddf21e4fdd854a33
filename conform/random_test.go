package conform

import (
	"testing"

	"github.com/timewait/timewait/model"
)

// No random trace ends before its depth with A in SYN-SENT, B in LISTEN
// and nothing in flight, where only A's retransmission timer, which
// random traces never fire, could go on: the loss of A's only SYN is left
// out (lostSYNOfA); the loss of a copy of it, the network's duplicate,
// stays. Without that rule 77 of these 200 traces end so, each way.
func TestRandomTracesDoNotEndAtALostSYN(t *testing.T) {
	for _, reorder := range []bool{false, true} {
		c := RandomConfig()
		c.Reorder = reorder
		if err := model.ApplyProfile(&c, "linux"); err != nil {
			t.Fatal(err)
		}
		m, err := model.New(c)
		if err != nil {
			t.Fatal(err)
		}
		stuck, lostCopies := 0, 0
		for seed := uint64(1); seed <= 200; seed++ {
			steps, err := RandomSteps(m, seed, 30)
			if err != nil {
				t.Fatal(err)
			}
			w := m.Init()[0]
			for _, s := range steps {
				if s.Exact.Kind == model.ActLose && s.Exact.Side == model.A && w.AB.List()[s.Exact.Index].Has(model.SYN) {
					lostCopies++
				}
				next, ok := m.Next(w, *s.Exact)
				if !ok {
					t.Fatalf("seed %d: %v not enabled", seed, *s.Exact)
				}
				w = next
			}
			if w.A.State == model.SynSent && w.B.State == model.Listen && w.AB.N == 0 && w.BA.N == 0 && len(steps) < 30 {
				stuck++
			}
		}
		if stuck != 0 || lostCopies == 0 {
			t.Errorf("reorder %v: %d of 200 traces end in SYN-SENT and LISTEN with nothing in flight, %d losses of a copy of A's SYN; want none, and some", reorder, stuck, lostCopies)
		}
	}
}
