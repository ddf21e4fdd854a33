package checker

import (
	"slices"
	"strings"
)

// Fairness is implemented by models whose actions belong to named classes
// of fairness. A class is weakly fair (WF): a behaviour in which an action
// of class c is enabled continuously from some point on must take an
// action of class c infinitely often. A class whose name begins with
// [StrongPrefix] (see [Strong]) is strongly fair (SF): a behaviour in which
// one is enabled infinitely often must take one infinitely often.
// FairnessClass names the class of taking a in s, so that a class may
// depend on the state: for example "deliver this message", where the
// action names only a place in a channel; a model whose classes depend on
// the action alone ignores s. Actions of class "" are unfair: a behaviour
// may ignore them forever (a network's faults, for example, so that losing
// every message forever is no counterexample). Without Fairness every
// action is unfair.
type Fairness[S, A any] interface {
	FairnessClass(s S, a A) string
}

// StrongPrefix begins the name of a strongly fair class (TLA+'s SF_vars).
const StrongPrefix = "SF:"

// Strong returns the name of the strongly fair class named class: what
// FairnessClass returns for an action under SF_vars(A) where WF_vars(A)
// would return class.
func Strong(class string) string { return StrongPrefix + class }

// fairnessOf returns the model's fairness classes as a function of (state,
// action), or nil when every action is unfair.
func fairnessOf[S, A any](m Model[S, A]) func(S, A) string {
	if f, ok := m.(Fairness[S, A]); ok {
		return f.FairnessClass
	}
	return nil
}

// counts reports whether edge e out of state i counts for fairness: it has
// a class and, with Options.TLA, it changes the state (a self-loop is a
// stuttering step, which neither takes nor enables <<A>>_vars).
func (g *graph[S, A]) counts(i int32, e edge) bool {
	return e.class() >= 0 && !(g.tla && e.to == i)
}

// strong reports whether class k is strongly fair.
func (g *graph[S, A]) strong(k int32) bool { return strings.HasPrefix(g.class[k], StrongPrefix) }

// enabled reports whether an action of class k is enabled in state i: on
// an edge that counts, or beyond the model's bounds or constraints.
func (g *graph[S, A]) enabled(i, k int32) bool {
	if g.blockedClass(i, k) {
		return true
	}
	for _, e := range g.out(i) {
		if e.class() == k && g.counts(i, e) {
			return true
		}
	}
	return false
}

// fairSets are the sets of states on which a fair behaviour can stay
// forever, visiting every member infinitely often (see graph.fairSets).
type fairSets struct {
	// fs[i] is the set holding state i, or -1 when it is in none.
	fs []int32
	// Sets below ncomp are strongly connected components, whose members,
	// in increasing order, are members[first[c]:first[c+1]]; set ncomp+k
	// is extra[k]: a component refined for strong fairness, or a state
	// where stuttering forever is fair.
	ncomp          int32
	first, members []int32
	extra          [][]int32
	// any says whether some set is fair.
	any bool
}

// of returns the members of set c, in increasing order.
func (f *fairSets) of(c int32) []int32 {
	if c < f.ncomp {
		return f.members[f.first[c]:f.first[c+1]]
	}
	return f.extra[c-f.ncomp]
}

// fairSets finds the fair sets of the subgraph of states satisfying
// inside: the strongly connected components that admit a fair cycle,
// refined for strong fairness, and, with stuttering, the single states
// where stuttering forever is fair. ok is false when the graph's limits
// stopped it.
//
// A component admits a fair cycle when every weak class is either taken
// on an edge inside it or disabled in one of its members (a cycle through
// every member and every inside edge then passes the disabling state or
// takes the class), and every strong class enabled in a member is taken
// inside. When a strong class is enabled in the component but not taken
// inside it, no fair cycle passes a state where it is enabled: those
// states are removed and the components of the rest examined in turn
// (the refinement of Emerson and Lei for Streett conditions). A component
// of one state counts only if it has a self-loop, or no successor at all
// (it stutters forever), or the run stutters.
func (g *graph[S, A]) fairSets(inside func(int32) bool) (_ *fairSets, ok bool) {
	comp := g.sccs(inside)
	if g.halted {
		return nil, false
	}
	n := g.n
	// The components' members, grouped without maps: a count per
	// component, then a fill.
	ncomp := int32(0)
	for _, c := range comp {
		ncomp = max(ncomp, c+1)
	}
	first := make([]int32, ncomp+1)
	for _, c := range comp {
		if c >= 0 {
			first[c+1]++
		}
	}
	for c := range ncomp {
		first[c+1] += first[c]
	}
	members := make([]int32, first[ncomp])
	fill := slices.Clone(first[:ncomp])
	for i := int32(0); i < n; i++ {
		if c := comp[i]; c >= 0 {
			members[fill[c]] = i
			fill[c]++
		}
	}
	fill = nil
	// comp becomes fs: state i is examined in the set fs[i], so that
	// "inside the set" is one comparison, and a set found unfair is
	// cleared to -1.
	f := &fairSets{fs: comp, ncomp: ncomp, first: first, members: members}
	fs := comp
	anyStrong := slices.ContainsFunc(g.class, func(c string) bool { return strings.HasPrefix(c, StrongPrefix) })
	var work []int32 // the refined sets still to examine
	examine := func(id int32) {
		ms := f.of(id)
		in := func(i int32) bool { return fs[i] == id }
		drop := func() {
			for _, i := range ms {
				fs[i] = -1
			}
		}
		if !g.cyclic(ms) {
			drop()
			return
		}
		if anyStrong {
			var untaken []int32 // strong classes enabled in ms, not taken inside
			for _, k := range g.classesIn(ms) {
				if g.strong(k) && !g.takenInside(ms, k, in) {
					untaken = append(untaken, k)
				}
			}
			if len(untaken) > 0 {
				var keep []int32
				for _, i := range ms {
					if !slices.ContainsFunc(untaken, func(k int32) bool { return g.enabled(i, k) }) {
						keep = append(keep, i)
					}
				}
				drop()
				for _, sub := range g.subSCCs(keep) {
					sid := ncomp + int32(len(f.extra))
					f.extra = append(f.extra, sub)
					for _, i := range sub {
						fs[i] = sid
					}
					work = append(work, sid)
				}
				return
			}
		}
		if g.weaklyFair(ms, in) {
			f.any = true
		} else {
			drop()
		}
	}
	for c := range ncomp {
		if g.halt() {
			return nil, false
		}
		examine(c)
		for len(work) > 0 {
			if g.halt() {
				return nil, false
			}
			id := work[len(work)-1]
			work = work[:len(work)-1]
			examine(id)
		}
	}
	if g.stutter {
		for i := int32(0); i < n; i++ {
			if g.halt() {
				return nil, false
			}
			if inside(i) && fs[i] < 0 && g.stutterFair(i) {
				fs[i] = ncomp + int32(len(f.extra))
				f.extra = append(f.extra, []int32{i})
				f.any = true
			}
		}
	}
	return f, true
}

// cyclic reports whether a behaviour can stay forever in the set ms: it
// has more than one member (it is a strongly connected component), a
// self-loop, or a single member without successors, which stutters
// forever. Stuttering elsewhere is stutterFair's.
func (g *graph[S, A]) cyclic(ms []int32) bool {
	if len(ms) > 1 {
		return true
	}
	i := ms[0]
	if len(g.out(i)) == 0 {
		return true
	}
	for _, e := range g.out(i) {
		if e.to == i {
			return true
		}
	}
	return false
}

// weaklyFair reports whether every class enabled in some member of ms is
// taken inside or disabled in some member.
func (g *graph[S, A]) weaklyFair(ms []int32, in func(int32) bool) bool {
	if len(ms) == 1 {
		return g.loopFair(ms[0])
	}
	for _, k := range g.classesIn(ms) {
		if g.takenInside(ms, k, in) {
			continue
		}
		if _, off := g.disabledAt(ms, k); !off {
			return false
		}
	}
	return true
}

// loopFair is weaklyFair for the set of the one state i (which has a
// self-loop or no successor, see cyclic), and stutterFair: a class
// enabled in i is disabled in no member, so each must be taken on a
// self-loop that counts. It allocates nothing: most components are such
// states (1,467,103 of them on the TCP model's default scenario, over its
// two leads-to properties, and none of more than one state).
func (g *graph[S, A]) loopFair(i int32) bool {
	out := g.out(i)
	taken := func(k int32) bool {
		for _, e := range out {
			if e.to == i && e.class() == k && g.counts(i, e) {
				return true
			}
		}
		return false
	}
	for _, b := range g.blockedOf(i) {
		if !taken(int32(b)) {
			return false
		}
	}
	for _, e := range out {
		if g.counts(i, e) && !taken(e.class()) {
			return false
		}
	}
	return true
}

// stutterFair reports whether a behaviour may stay in state i forever,
// stuttering and taking its self-loops: every class enabled there is
// taken on a self-loop that counts.
func (g *graph[S, A]) stutterFair(i int32) bool { return g.loopFair(i) }

// takenInside reports whether an edge of class k that counts joins two
// members of ms.
func (g *graph[S, A]) takenInside(ms []int32, k int32, in func(int32) bool) bool {
	_, _, ok := g.insideEdge(ms, k, in)
	return ok
}

// classesIn returns, in increasing order, the fairness classes enabled in
// some member of ms. Only those can make a cycle through ms unfair: a class
// enabled nowhere in it is disabled everywhere.
func (g *graph[S, A]) classesIn(ms []int32) []int32 {
	var out []int32
	for _, i := range ms {
		for _, b := range g.blockedOf(i) {
			out = append(out, int32(b))
		}
		for _, e := range g.out(i) {
			if g.counts(i, e) {
				out = append(out, e.class())
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// insideEdge finds an edge of class k that counts between members of the
// set.
func (g *graph[S, A]) insideEdge(ms []int32, k int32, in func(int32) bool) (int32, edge, bool) {
	for _, from := range ms {
		for _, e := range g.out(from) {
			if e.class() == k && in(e.to) && g.counts(from, e) {
				return from, e, true
			}
		}
	}
	return 0, edge{}, false
}

// blockedClass reports whether an action of class k is enabled in state i
// beyond the model's bounds or constraints.
func (g *graph[S, A]) blockedClass(i int32, k int32) bool {
	for _, b := range g.blockedOf(i) {
		if int32(b) == k {
			return true
		}
	}
	return false
}

// disabledAt finds a member in which no action of class k is enabled.
func (g *graph[S, A]) disabledAt(ms []int32, k int32) (int32, bool) {
	for _, i := range ms {
		if !g.enabled(i, k) {
			return i, true
		}
	}
	return 0, false
}

// subSCCs returns the strongly connected components of the subgraph of
// the states in keep, each in increasing order, as sccs labels them; nil
// when the graph's limits stop it.
func (g *graph[S, A]) subSCCs(keep []int32) [][]int32 {
	inKeep := make(map[int32]bool, len(keep))
	for _, i := range keep {
		inKeep[i] = true
	}
	comp := g.sccs(func(i int32) bool { return inKeep[i] })
	if comp == nil {
		return nil
	}
	sorted := slices.Clone(keep)
	slices.Sort(sorted)
	at := map[int32]int{}
	var out [][]int32
	for _, i := range sorted {
		c := comp[i]
		k, seen := at[c]
		if !seen {
			k = len(out)
			at[c] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], i)
	}
	return out
}
