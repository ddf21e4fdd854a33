package checker

import (
	"fmt"
	"slices"
)

// ActionNamer is implemented by models that name their actions for
// coverage ([Options.Coverage]): actions of one name are counted together,
// as TLC's -coverage counts each action of a spec (RMPrepare, not
// RMPrepare(rm1)). Without it, an action's name is fmt.Sprint(action), and
// only names enabled somewhere can be reported.
type ActionNamer[A any] interface {
	// ActionName is the name a is counted under.
	ActionName(a A) string
	// ActionNames lists every name ActionName can return, so that coverage
	// reports the actions never enabled too.
	ActionNames() []string
}

// ActionCoverage is how often the actions of one name were enabled and
// taken in a run ([Report.Coverage]).
type ActionCoverage struct {
	Name string
	// Enabled counts the pairs (state, action) in which an action of this
	// name was among those Actions returned for a state the search
	// expanded.
	Enabled int64
	// Taken counts the steps of such actions whose Next was ok: the
	// successors they generated, outside the constraints included. Over
	// every name, Taken sums to Report.Generated.
	Taken int64
}

// Never reports whether the action was never taken: enabled nowhere, or
// only beyond the model's bounds.
func (c ActionCoverage) Never() bool { return c.Taken == 0 }

// namerOf returns the function that names actions for coverage.
func namerOf[S, A any](m Model[S, A]) func(A) string {
	if n, ok := m.(ActionNamer[A]); ok {
		return n.ActionName
	}
	return func(a A) string { return fmt.Sprint(a) }
}

// countAction records, in worker id's tally, that an action named name was
// enabled, and taken when taken is set.
func (s *search[S, A]) countAction(id int, name string, taken bool) {
	t := &s.tally[id]
	c := t.cov[name]
	if c == nil {
		c = &ActionCoverage{Name: name}
		t.cov[name] = c
	}
	c.Enabled++
	if taken {
		c.Taken++
	}
}

// addCoverage adds counts to the run's coverage of name.
func (s *search[S, A]) addCoverage(name string, enabled, taken int64) {
	if s.coverage == nil {
		s.coverage = map[string]*ActionCoverage{}
	}
	c := s.coverage[name]
	if c == nil {
		c = &ActionCoverage{Name: name}
		s.coverage[name] = c
	}
	c.Enabled += enabled
	c.Taken += taken
}

// coverageReport returns the run's coverage: the names the model lists
// first, in its order, then any other name seen, sorted.
func (s *search[S, A]) coverageReport() []ActionCoverage {
	if !s.opts.Coverage {
		return nil
	}
	var out []ActionCoverage
	listed := map[string]bool{}
	if n, ok := s.m.(ActionNamer[A]); ok {
		for _, name := range n.ActionNames() {
			if listed[name] {
				continue
			}
			listed[name] = true
			c := ActionCoverage{Name: name}
			if got := s.coverage[name]; got != nil {
				c = *got
			}
			out = append(out, c)
		}
	}
	var rest []string
	for name := range s.coverage {
		if !listed[name] {
			rest = append(rest, name)
		}
	}
	slices.Sort(rest)
	for _, name := range rest {
		out = append(out, *s.coverage[name])
	}
	return out
}
