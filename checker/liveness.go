package checker

import (
	"errors"
	"fmt"
	"slices"
	"unsafe"
)

// Fairness is implemented by models whose actions belong to named classes
// of weak fairness: a behaviour in which an action of class c is enabled
// continuously from some point on must take an action of class c infinitely
// often. Actions of class "" are unfair: a behaviour may ignore them
// forever (a network's faults, for example, so that losing every message
// forever is no counterexample). Without Fairness every action is unfair.
type Fairness[A any] interface {
	FairnessClass(a A) string
}

// StateFairness is Fairness for models whose classes depend on the state
// an action is taken in: for example "deliver this message", where the
// action names only a place in a channel. A model that implements it is
// not asked for Fairness.
type StateFairness[S, A any] interface {
	FairnessClassIn(s S, a A) string
}

// fairnessOf returns the model's fairness classes as a function of (state,
// action), or nil when every action is unfair.
func fairnessOf[S, A any](m Model[S, A]) func(S, A) string {
	if f, ok := m.(StateFairness[S, A]); ok {
		return f.FairnessClassIn
	}
	if f, ok := m.(Fairness[A]); ok {
		return func(_ S, a A) string { return f.FairnessClass(a) }
	}
	return nil
}

// lasso is a liveness counterexample: a path from an initial state, given
// as action indices, and the index of the step at which its cycle starts;
// the cycle returns to that state. A cycle of length 0 is a state with no
// successors, which stutters forever.
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
	n := int32(len(g.states))
	inside := func(i int32) bool { return !goal(i) }
	// Strongly connected components of the subgraph of non-goal states.
	comp := g.sccs(inside)
	if g.halted {
		return nil, false
	}
	fairComp := map[int32]bool{}
	// A component is fair when every fairness class is either taken on an
	// edge inside it or disabled in one of its states. A component of one
	// state without a self-loop counts only if the state has no successor.
	members := map[int32][]int32{}
	for i := int32(0); i < n; i++ {
		if comp[i] >= 0 {
			members[comp[i]] = append(members[comp[i]], i)
		}
	}
	for c, ms := range members {
		if g.halt() {
			return nil, false
		}
		if g.fair(ms, comp, c) {
			fairComp[c] = true
		}
	}
	if len(fairComp) == 0 {
		return nil, true
	}
	// Shortest path from an initial state to a trigger state that is not a
	// goal, then through non-goal states to a fair component.
	// The non-goal states from which a fair component can be reached
	// through non-goal states, found once by a backward search, so that
	// only a trigger among them is searched forward from.
	doomed := g.reachBackward(inside, func(i int32) bool { return fairComp[comp[i]] })
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
		if path, end, ok := g.pathWithin(t, inside, func(i int32) bool { return fairComp[comp[i]] }); ok {
			root, prefix := g.pathFromInit(t)
			prefix = append(prefix, path...)
			cycle := g.fairCycle(end, comp, members[comp[end]])
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

// reachBackward returns the states satisfying inside from which a state
// satisfying target can be reached through states satisfying inside: a
// breadth-first search backwards over the edges between inside states. It
// returns nil if the graph's limits stop it.
func (g *graph[S, A]) reachBackward(inside, target func(i int32) bool) []bool {
	n := int32(len(g.states))
	// Reverse adjacency of the inside subgraph, in compressed form.
	start := make([]int32, n+1)
	for i := int32(0); i < n; i++ {
		if g.halt() {
			return nil
		}
		if inside(i) {
			for _, e := range g.edges[i] {
				if inside(e.to) {
					start[e.to+1]++
				}
			}
		}
	}
	for i := int32(0); i < n; i++ {
		start[i+1] += start[i]
	}
	preds := make([]int32, start[n])
	fill := append([]int32(nil), start[:n]...)
	for i := int32(0); i < n; i++ {
		if g.halt() {
			return nil
		}
		if inside(i) {
			for _, e := range g.edges[i] {
				if inside(e.to) {
					preds[fill[e.to]] = i
					fill[e.to]++
				}
			}
		}
	}
	seen := make([]bool, n)
	var queue []int32
	for i := int32(0); i < n; i++ {
		if inside(i) && target(i) {
			seen[i] = true
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		if g.halt() {
			return nil
		}
		cur := queue[0]
		queue = queue[1:]
		for _, p := range preds[start[cur]:start[cur+1]] {
			if !seen[p] {
				seen[p] = true
				queue = append(queue, p)
			}
		}
	}
	return seen
}

// fair reports whether component c, with members ms, admits a fair cycle.
func (g *graph[S, A]) fair(ms []int32, comp []int32, c int32) bool {
	if len(ms) == 1 {
		i := ms[0]
		if len(g.edges[i]) == 0 {
			// A state without successors stutters forever, fairly unless a
			// fair action is enabled there beyond the model's bounds.
			return len(g.blocked[i]) == 0
		}
		self := false
		for _, e := range g.edges[i] {
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
			for _, e := range g.edges[i] {
				if e.class == k {
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

// fairCycle returns the actions of a cycle from start through the
// component's members ms and back to start, on which every fairness class
// is either taken or disabled at some state: for each class it takes an
// inside edge of that class if there is one, and otherwise passes through
// a member where the class is disabled (fair guarantees one exists). For a
// state without successors it is empty: the state stutters forever.
func (g *graph[S, A]) fairCycle(start int32, comp []int32, ms []int32) []int {
	if len(ms) == 1 && len(g.edges[start]) == 0 {
		return nil
	}
	c := comp[start]
	in := func(i int32) bool { return comp[i] == c }
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
	if at == start && len(out) == 0 {
		// No class needed anything: take any step inside to make a cycle.
		for _, e := range g.edges[start] {
			if in(e.to) {
				out, at = append(out, int(e.action)), e.to
				break
			}
		}
	}
	goTo(start)
	return out
}

// classesIn returns, in increasing order, the fairness classes enabled in
// some member of ms. Only those can make a cycle through ms unfair: a class
// enabled nowhere in it is disabled everywhere.
func (g *graph[S, A]) classesIn(ms []int32) []int32 {
	seen := map[int32]bool{}
	for _, i := range ms {
		for _, k := range g.blocked[i] {
			seen[k] = true
		}
		for _, e := range g.edges[i] {
			if e.class >= 0 {
				seen[e.class] = true
			}
		}
	}
	out := make([]int32, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// insideEdge finds an edge of class k between members of the component.
func (g *graph[S, A]) insideEdge(ms []int32, k int32, in func(int32) bool) (int32, edge, bool) {
	for _, from := range ms {
		for _, e := range g.edges[from] {
			if e.class == k && in(e.to) {
				return from, e, true
			}
		}
	}
	return 0, edge{}, false
}

// blockedClass reports whether an action of class k is enabled in state i
// beyond the model's bounds.
func (g *graph[S, A]) blockedClass(i int32, k int32) bool {
	for _, b := range g.blocked[i] {
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
		for _, e := range g.edges[i] {
			enabled = enabled || e.class == k
		}
		if !enabled {
			return i, true
		}
	}
	return 0, false
}

// pathWithin finds the shortest path from `from` to a state satisfying
// target through states satisfying inside (from itself included), and
// returns its action indices and the state it ends in. It finds none if the
// graph's limits stop it.
func (g *graph[S, A]) pathWithin(from int32, inside, target func(i int32) bool) ([]int, int32, bool) {
	if target(from) {
		return nil, from, true
	}
	prev := map[int32]int32{from: -1}
	act := map[int32]int{}
	queue := []int32{from}
	for len(queue) > 0 {
		if g.halt() {
			return nil, -1, false
		}
		cur := queue[0]
		queue = queue[1:]
		for _, e := range g.edges[cur] {
			if _, seen := prev[e.to]; seen || !inside(e.to) {
				continue
			}
			prev[e.to], act[e.to] = cur, int(e.action)
			if target(e.to) {
				var path []int
				for x := e.to; x != from; x = prev[x] {
					path = append([]int{act[x]}, path...)
				}
				return path, e.to, true
			}
			queue = append(queue, e.to)
		}
	}
	return nil, -1, false
}

// pathFromInit returns the BFS-tree path to state i: its initial state and
// action indices.
func (g *graph[S, A]) pathFromInit(i int32) (int32, []int) {
	var path []int
	for g.parent[i] >= 0 {
		p := g.parent[i]
		path = append([]int{int(g.edges[p][g.via[i]].action)}, path...)
		i = p
	}
	return i, path
}

// sccs labels each state satisfying inside with its strongly connected
// component in the subgraph of such states (Tarjan's algorithm, iterative),
// and every other state with -1. It returns nil if the graph's limits stop
// it.
func (g *graph[S, A]) sccs(inside func(i int32) bool) []int32 {
	n := int32(len(g.states))
	index := make([]int32, n)
	low := make([]int32, n)
	comp := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i], comp[i] = -1, -1
	}
	var stack []int32
	next, ncomp := int32(0), int32(0)
	type frame struct{ v, e int32 }
	for root := int32(0); root < n; root++ {
		if g.halt() {
			return nil
		}
		if index[root] >= 0 || !inside(root) {
			continue
		}
		work := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(work) > 0 {
			if g.halt() {
				return nil
			}
			f := &work[len(work)-1]
			if int(f.e) < len(g.edges[f.v]) {
				w := g.edges[f.v][f.e].to
				f.e++
				if !inside(w) {
					continue
				}
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					work = append(work, frame{w, 0})
				} else if onStack[w] {
					low[f.v] = min(low[f.v], index[w])
				}
				continue
			}
			v := f.v
			work = work[:len(work)-1]
			if len(work) > 0 {
				u := work[len(work)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = ncomp
					if w == v {
						break
					}
				}
				ncomp++
			}
		}
	}
	return comp
}

// checkLiveness decides the liveness properties of props on the explicit
// graph and updates their results in r. states and edges are the counts of
// the complete search, which the graph has too. When the limits stop it,
// the properties not yet decided are left incomplete (see stopLiveness).
func checkLiveness[S, A any](lim *limits, m Model[S, A], opts Options, r *Report[S, A], props []Property[S, A], states int, edges int64) {
	var g *graph[S, A]
	for p, prop := range props {
		if !prop.Kind.Liveness() {
			continue
		}
		if g == nil {
			if !lim.afford(graphBytes[S](states, edges), fmt.Sprintf("the state graph of %d states", states)) {
				stopLiveness(r, p, "liveness stopped before building the state graph: "+lim.why())
				return
			}
			var err error
			g, err = buildGraph(lim, m, opts.MaxStates, opts.Exact, states)
			if err != nil {
				reason := lim.why()
				var big *TooLargeError
				switch {
				case errors.As(err, &big) && big.Max == opts.MaxStates:
					reason = fmt.Sprintf("state limit %d reached", big.Max)
				case errors.As(err, &big):
					reason = fmt.Sprintf("the state graph can hold at most %d states", big.Max)
				}
				stopLiveness(r, p, fmt.Sprintf("liveness stopped while building the state graph (%d states so far): %s", len(g.states), reason))
				return
			}
		}
		trigger := func(i int32) bool { return g.parent[i] < 0 } // eventually: from an initial state
		goal := func(i int32) bool { return prop.State(g.states[i]) }
		if prop.Kind == KindLeadsTo {
			trigger = func(i int32) bool { return prop.State(g.states[i]) }
			goal = func(i int32) bool { return prop.Goal(g.states[i]) }
		}
		l, ok := g.leadsTo(trigger, goal)
		if !ok {
			stopLiveness(r, p, fmt.Sprintf("liveness stopped while deciding %s: %s", prop.Name, lim.why()))
			return
		}
		res := &r.Results[p]
		res.Verdict = Holds
		if l != nil {
			res.Verdict = Violated
			t := replayLasso(m, g, l)
			t.Lasso, t.LoopAt = true, l.loop
			res.Trace = t
			r.Outcome = Fail
		}
	}
}

// stopLiveness leaves the liveness results from index from on incomplete,
// says why in r.LivenessStopReason, and makes the outcome unknown unless
// some property is violated. The results before from are kept: the search's
// and the liveness properties already decided.
func stopLiveness[S, A any](r *Report[S, A], from int, reason string) {
	for p := from; p < len(r.Results); p++ {
		if r.Results[p].Kind.Liveness() {
			r.Results[p].Verdict = Incomplete
		}
	}
	r.LivenessStopReason = reason
	if r.Outcome != Fail {
		r.Outcome = Unknown
	}
}

// graphBytes is a lower bound of the memory the graph of states states and
// edges edges takes (see graph): per state the state itself, its edge
// slice's header, its parent and the map entry of its fingerprint; per
// edge 12 bytes.
func graphBytes[S any](states int, edges int64) uint64 {
	var st S
	return uint64(states)*(uint64(unsafe.Sizeof(st))+24+8+16) + uint64(edges)*12
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
	cur, node := g.states[l.root], l.root
	t := &Trace[S, A]{Steps: []Step[S, A]{{Label: "init", State: cur}}}
	var buf []A
	var want, enc []byte
	for _, k := range l.actions {
		to := int32(-1)
		for _, e := range g.edges[node] {
			if int(e.action) == k {
				to = e.to
				break
			}
		}
		if to < 0 {
			panic("checker: a lasso step is not an edge of the graph")
		}
		want = m.Encode(want[:0], g.states[to])
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
		t.Steps = append(t.Steps, Step[S, A]{Action: buf[k], Label: label(m, cur, buf[k], next), State: next})
		cur, node = next, to
	}
	return t
}
