package twophase

import (
	"context"
	"fmt"
	"testing"

	"github.com/timewait/timewait/checker"
)

// BenchmarkTwoPhase explores TwoPhase with 7 and 8 resource managers in
// fingerprint mode on all cores, and reports states per second and bytes per
// state of the visited set plus parent links.
func BenchmarkTwoPhase(b *testing.B) {
	for _, n := range []int{7, 8} {
		b.Run(fmt.Sprintf("rms=%d", n), func(b *testing.B) {
			m, _ := New(n)
			var r *checker.Report[State, Action]
			for b.Loop() {
				var err error
				r, err = checker.Check(context.Background(), m, checker.Options{}, m.Properties()...)
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
