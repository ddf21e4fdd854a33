package conform

import (
	"fmt"
	"sort"

	"github.com/timewait/timewait/model"
)

// StepKinds counts the steps of a random trace by kind: the model's name
// for the action (model.Model.ActionName: "close A", "tick", ...), and
// for a delivery, loss or duplication also the kind of the segment
// ("deliver B->A: DATA", "lose A->B: FIN,ACK"), so that a report shows
// how much data, and how many faults, the random traces put to the
// kernel.
type StepKinds map[string]int

// CountSteps counts the first n steps of a random trace of m (steps of
// exact actions, as RandomSteps draws them) by kind.
func CountSteps(m *model.Model, steps []Step, n int) (StepKinds, error) {
	out := StepKinds{}
	w := m.Init()[0]
	for i, s := range steps[:min(n, len(steps))] {
		if s.Exact == nil {
			return nil, fmt.Errorf("step %d is not a model action", i+1)
		}
		next, eff, ok := m.Step(w, *s.Exact)
		if !ok {
			return nil, fmt.Errorf("step %d (%v) is beyond the model's bounds", i+1, *s.Exact)
		}
		name := m.ActionName(*s.Exact)
		switch s.Exact.Kind {
		case model.ActDeliver, model.ActLose, model.ActDuplicate:
			name += ": " + eff.Seg.Kind()
		}
		out[name]++
		w = next
	}
	return out, nil
}

// Add adds the counts of k to s.
func (s StepKinds) Add(k StepKinds) {
	for name, n := range k {
		s[name] += n
	}
}

// Names are the kinds counted, sorted.
func (s StepKinds) Names() []string {
	out := make([]string, 0, len(s))
	for name := range s {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
