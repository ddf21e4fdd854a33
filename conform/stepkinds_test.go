package conform

import (
	"strings"
	"testing"

	"github.com/timewait/timewait/model"
)

// The counts of a random trace's steps add up, kind by kind, to the
// trace's actions, and each network step is named with its segment.
func TestCountStepsByKind(t *testing.T) {
	c := RandomConfig()
	if err := model.ApplyProfile(&c, "linux"); err != nil {
		t.Fatal(err)
	}
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	all := StepKinds{}
	total := 0
	for i := range 5 {
		steps, err := RandomSteps(m, 1+uint64(i), 30)
		if err != nil {
			t.Fatal(err)
		}
		k, err := CountSteps(m, steps, len(steps))
		if err != nil {
			t.Fatal(err)
		}
		byAction := map[string]int{}
		for _, s := range steps {
			byAction[m.ActionName(*s.Exact)]++
		}
		for name, n := range k {
			action, seg, network := strings.Cut(name, ": ")
			if network != (seg != "") || n <= 0 {
				t.Errorf("trace %d: kind %q counted %d", i, name, n)
			}
			byAction[action] -= n
		}
		for action, n := range byAction {
			if n != 0 {
				t.Errorf("trace %d: %s: %d steps not counted", i, action, n)
			}
		}
		// Up to a divergence: fewer steps.
		if half, _ := CountSteps(m, steps, len(steps)/2); sum(half) != len(steps)/2 {
			t.Errorf("trace %d: %d steps counted of the first %d", i, sum(half), len(steps)/2)
		}
		all.Add(k)
		total += len(steps)
	}
	if sum(all) != total {
		t.Errorf("%d steps counted, %d taken", sum(all), total)
	}
	names := all.Names()
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Errorf("names not sorted: %v", names)
		}
	}
	if _, err := CountSteps(m, []Step{{Kind: model.ActClose}}, 1); err == nil || err.Error() != "step 1 is not a model action" {
		t.Errorf("a step that is no model action: %v", err)
	}
}

func sum(k StepKinds) int {
	n := 0
	for _, v := range k {
		n += v
	}
	return n
}

// FIFO traces never overtake; traces over a reordering network do.
func TestCountStepsMarksOvertaking(t *testing.T) {
	for _, reorder := range []bool{false, true} {
		c := RandomConfig()
		c.Reorder = reorder
		m, err := model.New(c)
		if err != nil {
			t.Fatal(err)
		}
		overtaking := 0
		for i := range 20 {
			steps, err := RandomSteps(m, 1+uint64(i), 30)
			if err != nil {
				t.Fatal(err)
			}
			k, err := CountSteps(m, steps, len(steps))
			if err != nil {
				t.Fatal(err)
			}
			for name, n := range k {
				if strings.HasSuffix(name, ", overtaking") {
					overtaking += n
				}
			}
		}
		if reorder != (overtaking > 0) {
			t.Errorf("reorder %v: %d overtaking deliveries in 20 traces", reorder, overtaking)
		}
	}
}
