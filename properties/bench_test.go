package properties

import (
	"context"
	"syscall"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// catalogueProps returns the checker properties of every catalogue
// property that applies to c; without effects, when recompute is set, so
// that each step property takes the step again as it did before the model
// was a checker.Effector.
func catalogueProps(m *model.Model, c model.Config, recompute bool) []checker.Property[model.World, model.Action] {
	var props []checker.Property[model.World, model.Action]
	for _, p := range All() {
		if p.Applies(c) {
			cp := p.For(m)
			if recompute {
				cp.StepEffect = nil
			}
			props = append(props, cp)
		}
	}
	return props
}

// BenchmarkCheckDefault checks the default scenario with no property, with
// every catalogue property (the effect of each step handed over by the
// engine), and with every property taking its step again. Issue 18 §1's
// budget is all/none <= 1.3; docs/performance.md records the figures.
//
//	go test ./properties -run XXX -bench 'CheckDefault/(none|all)$' -benchtime 1x -count 3
func BenchmarkCheckDefault(b *testing.B) {
	sc, _ := ScenarioByName("default")
	m, err := model.New(sc.Config)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		props []checker.Property[model.World, model.Action]
	}{
		{"none", nil},
		{"all", catalogueProps(m, sc.Config, false)},
		{"all-recomputed", catalogueProps(m, sc.Config, true)},
	} {
		b.Run(c.name, func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				r, err := checker.Check(context.Background(), m, checker.Options{}, c.props...)
				if err != nil || !r.Complete {
					b.Fatal(err, r.StopReason)
				}
			}
			// CPU time as well as wall time: on a shared machine it is the
			// steadier of the two.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the process's user and system time so far, in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// TestEffectsChangeNothing checks scenarios with the catalogue twice, once
// with the effects the engine hands over and once with every step property
// taking its step again, and finds the same counts, verdicts and traces.
func TestEffectsChangeNothing(t *testing.T) {
	for _, name := range []string{"no-timewait", "tw-reuse-constant-isn"} {
		sc, _ := ScenarioByName(name)
		m, err := model.New(sc.Config)
		if err != nil {
			t.Fatal(err)
		}
		opts := checker.Options{CollectAll: true}
		with, err := checker.Check(context.Background(), m, opts, catalogueProps(m, sc.Config, false)...)
		if err != nil {
			t.Fatal(err)
		}
		without, err := checker.Check(context.Background(), m, opts, catalogueProps(m, sc.Config, true)...)
		if err != nil {
			t.Fatal(err)
		}
		if with.Distinct != without.Distinct || with.Generated != without.Generated || len(with.Results) != len(without.Results) {
			t.Fatalf("%s: %d/%d states with effects, %d/%d without", name, with.Distinct, with.Generated, without.Distinct, without.Generated)
		}
		found := 0
		for i, r := range with.Results {
			o := without.Results[i]
			if r.Verdict != o.Verdict || (r.Trace == nil) != (o.Trace == nil) {
				t.Fatalf("%s %s: %v with effects, %v without", name, r.Name, r.Verdict, o.Verdict)
			}
			if r.Trace == nil {
				continue
			}
			found++
			if Chart(m, r.Trace) != Chart(m, o.Trace) {
				t.Errorf("%s %s: the traces differ", name, r.Name)
			}
			for k, st := range r.Trace.Steps[1:] {
				if _, ok := st.Effect.(*model.Effect); !ok {
					t.Errorf("%s %s: step %d kept no effect (%T)", name, r.Name, k+1, st.Effect)
				}
			}
		}
		if found == 0 {
			t.Errorf("%s: no property found a trace to compare", name)
		}
	}
}
