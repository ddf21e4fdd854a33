package checker

// lasso is a liveness counterexample: a path from an initial state, given
// as action indices, and the index of the step at which its cycle starts;
// the cycle returns to that state. A cycle of length 0 is a state that
// stutters forever: it has no successors, or the run stutters.
type lasso struct {
	root    int32
	actions []int
	loop    int
}

// leadsTo looks for a fair behaviour on which a trigger state is followed
// only by states that are not goal states. It returns such a behaviour as
// a lasso, or nil when trigger leads to goal; ok is false when the graph's
// limits stopped it first.
func (g *graph[S, A]) leadsTo(trigger, goal func(i int32) bool) (_ *lasso, ok bool) {
	n := g.n
	inside := func(i int32) bool { return !goal(i) }
	// The fair sets of the subgraph of non-goal states (fairness.go).
	f, ok := g.fairSets(inside)
	if !ok {
		return nil, false
	}
	if !f.any {
		return nil, true
	}
	inFair := func(i int32) bool { return f.fs[i] >= 0 }
	// Shortest path from an initial state to a trigger state that is not a
	// goal, then through non-goal states to a fair set.
	// The non-goal states from which a fair set can be reached
	// through non-goal states, found once by a backward search, so that
	// only a trigger among them is searched forward from.
	doomed := g.reachBackward(inside, inFair)
	if g.halted {
		return nil, false
	}
	for t := int32(0); t < n; t++ { // in the order the states were found
		if g.halt() {
			return nil, false
		}
		if !trigger(t) || goal(t) || !doomed[t] {
			continue
		}
		if path, end, ok := g.pathWithin(t, inside, inFair); ok {
			root, prefix := g.pathFromInit(t)
			prefix = append(prefix, path...)
			cycle := g.fairCycle(end, f.fs, f.of(f.fs[end]))
			if g.halted {
				return nil, false
			}
			return &lasso{root: root, actions: append(prefix, cycle...), loop: len(prefix)}, true
		}
		if g.halted {
			return nil, false
		}
	}
	return nil, true
}

// persistence looks for a fair behaviour that visits a bad state
// infinitely often: a counterexample to <>[]P, where bad is not P. Such a
// behaviour reaches a fair set with a bad member and cycles through it;
// the bad member first found breadth-first starts the cycle. It returns
// nil when there is none; ok is false when the graph's limits stopped it.
func (g *graph[S, A]) persistence(bad func(i int32) bool) (_ *lasso, ok bool) {
	f, ok := g.fairSets(func(int32) bool { return true })
	if !ok {
		return nil, false
	}
	if !f.any {
		return nil, true
	}
	for x := int32(0); x < g.n; x++ {
		if g.halt() {
			return nil, false
		}
		if f.fs[x] < 0 || !bad(x) {
			continue
		}
		root, prefix := g.pathFromInit(x)
		cycle := g.fairCycle(x, f.fs, f.of(f.fs[x]))
		if g.halted {
			return nil, false
		}
		return &lasso{root: root, actions: append(prefix, cycle...), loop: len(prefix)}, true
	}
	return nil, true
}

// fairCycle returns the actions of a cycle from start through the fair
// set ms (fs labels the sets) and back to start, on which every fairness
// class is either taken or disabled at some state: for each class it takes
// an inside edge of that class if there is one, and otherwise passes
// through a member where the class is disabled (fairSets guarantees one
// exists). For a state without successors, or one that stutters, it may be
// empty: the state stays as it is forever.
func (g *graph[S, A]) fairCycle(start int32, fs []int32, ms []int32) []int {
	if len(ms) == 1 && len(g.out(start)) == 0 {
		return nil
	}
	c := fs[start]
	in := func(i int32) bool { return fs[i] == c }
	var out []int
	at := start
	goTo := func(target int32) {
		p, _, _ := g.pathWithin(at, in, func(i int32) bool { return i == target })
		out, at = append(out, p...), target
	}
	for _, k := range g.classesIn(ms) {
		if from, e, ok := g.insideEdge(ms, k, in); ok {
			goTo(from)
			out, at = append(out, int(e.action)), e.to
		} else if d, ok := g.disabledAt(ms, k); ok {
			goTo(d)
		}
	}
	if at == start && len(out) == 0 && !g.stutter {
		// No class needed anything: take any step inside to make a cycle.
		for _, e := range g.out(start) {
			if in(e.to) {
				out, at = append(out, int(e.action)), e.to
				break
			}
		}
	}
	goTo(start)
	return out
}

// replayLasso rebuilds the trace of a lasso. Its actions are indices into
// the actions of the graph's stored states, but under a symmetry reduction
// (an Encode that gives several states one encoding) replaying them may
// reach another member of a stored state's class, whose actions can come in
// another order. So each step takes the action whose successor encodes like
// the graph's next state, trying the recorded index first. The trace is a
// real behaviour of the model; its last state encodes like the state where
// the cycle starts.
func replayLasso[S, A any](m Model[S, A], g *graph[S, A], l *lasso) *Trace[S, A] {
	cur, node := g.state(l.root), l.root
	t := &Trace[S, A]{Steps: []Step[S, A]{{Label: "init", State: cur}}}
	var buf []A
	var want, enc []byte
	for _, k := range l.actions {
		to := int32(-1)
		for _, e := range g.out(node) {
			if int(e.action) == k {
				to = e.to
				break
			}
		}
		if to < 0 {
			panic("checker: a lasso step is not an edge of the graph")
		}
		want = m.Encode(want[:0], g.state(to))
		buf = m.Actions(cur, buf[:0])
		var next S
		found := false
		try := func(j int) bool {
			n, ok := m.Next(cur, buf[j])
			if !ok {
				return false
			}
			enc = m.Encode(enc[:0], n)
			if string(enc) != string(want) {
				return false
			}
			next, k, found = n, j, true
			return true
		}
		if k >= len(buf) || !try(k) {
			for j := range buf {
				if try(j) {
					break
				}
			}
		}
		if !found {
			panic("checker: replaying a lasso found no action to the next state; Actions, Next and Encode must be deterministic")
		}
		_, eff, l, _ := takeStep(m, cur, buf[k])
		t.Steps = append(t.Steps, Step[S, A]{Action: buf[k], Label: l, State: next, Effect: eff})
		cur, node = next, to
	}
	return t
}
