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
// kernel. A delivery that overtakes a segment sent before it in the same
// direction (Config.Reorder) is marked: "deliver B->A: DATA, overtaking".
type StepKinds map[string]int

// CountSteps counts the first n steps of a random trace of m (steps of
// exact actions, as RandomSteps draws them) by kind.
func CountSteps(m *model.Model, steps []Step, n int) (StepKinds, error) {
	out := StepKinds{}
	w := m.Init()[0]
	// The segments in flight in each direction, in the order they were
	// sent (a duplicate counts as sent when it is made), ages left out.
	var sent [2][]model.Segment
	unaged := func(s model.Segment) model.Segment { s.Age = 0; return s }
	remove := func(side model.Side, seg model.Segment) (first bool) {
		q := sent[side]
		for j, x := range q {
			if x == unaged(seg) {
				sent[side] = append(q[:j:j], q[j+1:]...)
				return j == 0
			}
		}
		return true
	}
	for i, s := range steps[:min(n, len(steps))] {
		if s.Exact == nil {
			return nil, fmt.Errorf("step %d is not a model action", i+1)
		}
		next, eff, ok := m.Step(w, *s.Exact)
		if !ok {
			return nil, fmt.Errorf("step %d (%v) is beyond the model's bounds", i+1, *s.Exact)
		}
		a := *s.Exact
		name := m.ActionName(a)
		switch a.Kind {
		case model.ActDeliver, model.ActLose, model.ActDuplicate:
			name += ": " + eff.Seg.Kind()
		}
		switch a.Kind {
		case model.ActDeliver:
			if !remove(a.Side, eff.Seg) {
				name += ", overtaking"
			}
		case model.ActLose:
			remove(a.Side, eff.Seg)
		case model.ActDuplicate:
			sent[a.Side] = append(sent[a.Side], unaged(eff.Seg))
		}
		sender := a.Side
		if a.Kind == model.ActDeliver {
			sender = a.Side.Peer()
		}
		for _, x := range eff.Sent {
			sent[sender] = append(sent[sender], unaged(x))
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
