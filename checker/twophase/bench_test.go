package twophase

import (
	"context"
	"fmt"
	"testing"

	"github.com/timewait/timewait/checker"
)

// BenchmarkTwoPhase explores TwoPhase with 7 and 8 resource managers in
// fingerprint mode on all cores, and with 9 (10,340,352 states, the
// engine's target: 3 s and 20 bytes a state) on 2 workers, and reports
// states per second and bytes per state of the visited set plus parent
// links. rms=9/workers=2/encode is the same search without the model's
// word methods (WordEncoder, WordStepper): what a model that has only
// Next and Encode gets.
func BenchmarkTwoPhase(b *testing.B) {
	for _, c := range []struct {
		n, workers int
		encode     bool
	}{{7, 0, false}, {8, 0, false}, {9, 2, false}, {9, 2, true}} {
		name := fmt.Sprintf("rms=%d", c.n)
		if c.workers > 0 {
			name += fmt.Sprintf("/workers=%d", c.workers)
		}
		if c.encode {
			name += "/encode"
		}
		b.Run(name, func(b *testing.B) {
			m, _ := New(c.n)
			var model checker.Model[State, Action] = m
			if c.encode {
				model = encodeOnly{m}
			}
			var r *checker.Report[State, Action]
			for b.Loop() {
				var err error
				r, err = checker.Check(context.Background(), model, checker.Options{Workers: c.workers}, m.Properties()...)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(r.Distinct), "states")
			b.ReportMetric(r.StatesPerSecond(), "states/s")
			b.ReportMetric(r.BytesPerState(), "B/state")
		})
	}
}
