package checker

// State and action constraints, with TLC's semantics (TLC's CONSTRAINT and
// ACTION_CONSTRAINT). A constraint bounds the part of a state space that is
// explored, unlike Next's ok=false, which says that a step does not exist:
//
//   - a successor outside the constraints is still generated: it counts in
//     Report.Generated (and in Report.Cut), and it makes its parent no
//     deadlock, for TLC judges deadlock before the constraints;
//   - the state properties (always, sometimes) are evaluated on it and the
//     step properties on the step to it, as TLC checks its invariants on
//     states outside the constraints;
//   - it is neither stored nor expanded, and not counted in
//     Report.Distinct;
//   - for liveness it is no edge of the graph, but its action stays enabled
//     for fairness, as an action whose Next returned false does.
//
// An initial state outside the state constraint is treated alike: checked,
// counted in Report.Cut, not explored.

// StateConstraint is implemented by models that bound the states they
// explore, as TLC's CONSTRAINT does.
type StateConstraint[S any] interface {
	// InModel reports whether s lies inside the explored part of the state
	// space. It must depend on s alone (and agree on states that Encode
	// merges).
	InModel(s S) bool
}

// ActionConstraint is implemented by models that bound the steps they
// explore, as TLC's ACTION_CONSTRAINT does.
type ActionConstraint[S, A any] interface {
	// InActions reports whether the step (from, a, to) lies inside the
	// explored part of the state space.
	InActions(from S, a A, to S) bool
}

// constraintsOf returns the model's constraints as one function that
// reports whether a step is cut (to lies outside the constraints), and the
// state constraint alone for the initial states; both are nil when the
// model has no constraint.
func constraintsOf[S, A any](m Model[S, A]) (cutStep func(from S, a A, to S) bool, cutState func(s S) bool) {
	sc, hasState := m.(StateConstraint[S])
	ac, hasAction := m.(ActionConstraint[S, A])
	switch {
	case hasState && hasAction:
		cutStep = func(from S, a A, to S) bool { return !sc.InModel(to) || !ac.InActions(from, a, to) }
	case hasState:
		cutStep = func(_ S, _ A, to S) bool { return !sc.InModel(to) }
	case hasAction:
		cutStep = func(from S, a A, to S) bool { return !ac.InActions(from, a, to) }
	}
	if hasState {
		cutState = func(s S) bool { return !sc.InModel(s) }
	}
	return cutStep, cutState
}

// levelTally is what one worker counts in one level beside the engine's own
// counts: successors cut by a constraint, the first cut successor (by key)
// that is a discovery for each state property, and the coverage of the
// actions. It is merged into the search only when the level completes, so
// that a level cut short leaves no trace, as for the other counts.
type levelTally struct {
	cut      int64
	cutFirst []uint64 // per property: the smallest key of a discovery on a cut successor
	cov      map[string]*ActionCoverage
}

// tallies returns the per-worker tallies, reset for a new level.
func (s *search[S, A]) tallies() []levelTally {
	if s.tally == nil {
		s.tally = make([]levelTally, s.workers)
	}
	for i := range s.tally {
		t := &s.tally[i]
		t.cut = 0
		t.cutFirst = t.cutFirst[:0]
		for range s.props {
			t.cutFirst = append(t.cutFirst, noKey)
		}
		if s.opts.Coverage {
			clear(t.cov)
			if t.cov == nil {
				t.cov = map[string]*ActionCoverage{}
			}
		}
	}
	return s.tally
}

// cutSuccessor handles a successor outside the constraints, found by worker
// id as the key-th step of the level: it counts it and evaluates the state
// properties not yet decided on it.
func (s *search[S, A]) cutSuccessor(id int, k uint64, next S) {
	t := &s.tally[id]
	t.cut++
	for _, p := range s.stateProps {
		if s.findings[p] == nil && stateHit(s.props[p], next) && k < t.cutFirst[p] {
			t.cutFirst[p] = k
		}
	}
}

// mergeTallies adds the workers' tallies of a completed level to the
// search. A discovery on a cut successor is a state of depth s.depth+1, as
// the level's new states are: it replaces a discovery among them when its
// key is smaller, so that the first in breadth-first order is kept.
func (s *search[S, A]) mergeTallies() {
	for i := range s.tally {
		t := &s.tally[i]
		s.cut += t.cut
		for name, c := range t.cov {
			s.addCoverage(name, c.Enabled, c.Taken)
		}
	}
	for _, p := range s.stateProps {
		best := uint64(noKey)
		for i := range s.tally {
			best = min(best, s.tally[i].cutFirst[p])
		}
		if best == noKey {
			continue
		}
		if f := s.findings[p]; f != nil {
			if f.level != s.depth+1 || f.step >= 0 {
				continue // found before this level
			}
			ln := s.links[f.level]
			if makeKey(int(ln.parent[f.index]), int(ln.action[f.index])) < best {
				continue
			}
		}
		s.findings[p] = &found{level: s.depth, index: keyParent(best), step: keyAction(best)}
	}
}

// cutInitial handles an initial state outside the state constraint: it is
// counted, kept for its trace, and checked.
func (s *search[S, A]) cutInitial(st S) {
	s.cut++
	s.cutInit = append(s.cutInit, st)
	for _, p := range s.stateProps {
		if s.findings[p] == nil && stateHit(s.props[p], st) {
			s.findings[p] = &found{level: -1, index: len(s.cutInit) - 1, step: -1}
		}
	}
}
