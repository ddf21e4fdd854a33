package checker

import "slices"

// Fairness is implemented by models whose actions belong to named classes
// of weak fairness: a behaviour in which an action of class c is enabled
// continuously from some point on must take an action of class c infinitely
// often. FairnessClass names the class of taking a in s, so that a class
// may depend on the state: for example "deliver this message", where the
// action names only a place in a channel; a model whose classes depend on
// the action alone ignores s. Actions of class "" are unfair: a behaviour
// may ignore them forever (a network's faults, for example, so that losing
// every message forever is no counterexample). Without Fairness every
// action is unfair.
type Fairness[S, A any] interface {
	FairnessClass(s S, a A) string
}

// fairnessOf returns the model's fairness classes as a function of (state,
// action), or nil when every action is unfair.
func fairnessOf[S, A any](m Model[S, A]) func(S, A) string {
	if f, ok := m.(Fairness[S, A]); ok {
		return f.FairnessClass
	}
	return nil
}

// fair reports whether component c, with members ms, admits a fair cycle.
func (g *graph[S, A]) fair(ms []int32, comp []int32, c int32) bool {
	if len(ms) == 1 {
		i := ms[0]
		if len(g.out(i)) == 0 {
			// A state without successors stutters forever, fairly unless a
			// fair action is enabled there beyond the model's bounds.
			return len(g.blockedOf(i)) == 0
		}
		self := false
		for _, e := range g.out(i) {
			self = self || e.to == i
		}
		if !self {
			return false
		}
	}
	for _, k := range g.classesIn(ms) {
		taken, disabledSomewhere := false, false
		for _, i := range ms {
			enabled := g.blockedClass(i, k)
			for _, e := range g.out(i) {
				if e.class() == k {
					enabled = true
					if comp[e.to] == c {
						taken = true
					}
				}
			}
			disabledSomewhere = disabledSomewhere || !enabled
		}
		if !taken && !disabledSomewhere {
			return false
		}
	}
	return true
}

// classesIn returns, in increasing order, the fairness classes enabled in
// some member of ms. Only those can make a cycle through ms unfair: a class
// enabled nowhere in it is disabled everywhere.
func (g *graph[S, A]) classesIn(ms []int32) []int32 {
	var out []int32
	for _, i := range ms {
		out = append(out, g.blockedOf(i)...)
		for _, e := range g.out(i) {
			if e.class() >= 0 {
				out = append(out, e.class())
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// insideEdge finds an edge of class k between members of the component.
func (g *graph[S, A]) insideEdge(ms []int32, k int32, in func(int32) bool) (int32, edge, bool) {
	for _, from := range ms {
		for _, e := range g.out(from) {
			if e.class() == k && in(e.to) {
				return from, e, true
			}
		}
	}
	return 0, edge{}, false
}

// blockedClass reports whether an action of class k is enabled in state i
// beyond the model's bounds.
func (g *graph[S, A]) blockedClass(i int32, k int32) bool {
	for _, b := range g.blockedOf(i) {
		if b == k {
			return true
		}
	}
	return false
}

// disabledAt finds a member in which no action of class k is enabled.
func (g *graph[S, A]) disabledAt(ms []int32, k int32) (int32, bool) {
	for _, i := range ms {
		enabled := g.blockedClass(i, k)
		for _, e := range g.out(i) {
			enabled = enabled || e.class() == k
		}
		if !enabled {
			return i, true
		}
	}
	return 0, false
}
