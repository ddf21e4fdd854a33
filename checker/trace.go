package checker

import "fmt"

// path returns the action indices from an initial state to state index of
// level, and the index of that initial state.
func (s *search[S, A]) path(level, index int) (root int, actions []int) {
	actions = make([]int, level)
	for d := level; d > 0; d-- {
		ln := s.links[d]
		actions[d-1] = int(ln.action[index])
		index = int(ln.parent[index])
	}
	return index, actions
}

// trace rebuilds the trace of a discovery by replaying action indices from
// its initial state.
func (s *search[S, A]) trace(f found) *Trace[S, A] {
	if f.level < 0 { // an initial state outside the state constraint
		return &Trace[S, A]{Steps: []Step[S, A]{{Label: "init", State: s.cutInit[f.index]}}}
	}
	root, actions := s.path(f.level, f.index)
	if f.step >= 0 {
		actions = append(actions, f.step)
	}
	return replay(s.m, s.init[root], actions)
}

// replay takes the given action indices from st and records every step.
func replay[S, A any](m Model[S, A], st S, actions []int) *Trace[S, A] {
	t := &Trace[S, A]{Steps: []Step[S, A]{{Label: "init", State: st}}}
	var buf []A
	for _, j := range actions {
		buf = m.Actions(st, buf[:0])
		if j >= len(buf) {
			panic(fmt.Sprintf("checker: replay found %d actions where %d were enabled during the search; Actions must be deterministic", len(buf), j+1))
		}
		a := buf[j]
		next, eff, l, ok := takeStep(m, st, a)
		if !ok {
			panic("checker: replay found a disabled action that was enabled during the search; Next must be deterministic")
		}
		t.Steps = append(t.Steps, Step[S, A]{Action: a, Label: l, State: next, Effect: eff})
		st = next
	}
	return t
}

func labelOf[S, A any](m Model[S, A], from S, a A, to S) string {
	if l, ok := m.(Labeler[S, A]); ok {
		return l.Label(from, a, to)
	}
	return fmt.Sprint(a)
}
