package checker

import "slices"

// The strongly connected components of the liveness graph, and the
// searches over its edges that the liveness phase uses.

// sccs labels each state satisfying inside with its strongly connected
// component in the subgraph of such states (Tarjan's algorithm, iterative),
// and every other state with -1. It returns nil if the graph's limits stop
// it.
func (g *graph[S, A]) sccs(inside func(i int32) bool) []int32 {
	n := g.n
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
			if out := g.out(f.v); int(f.e) < len(out) {
				w := out[f.e].to
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

// reachBackward returns the states satisfying inside from which a state
// satisfying target can be reached through states satisfying inside: a
// breadth-first search backwards over the edges between inside states. It
// returns nil if the graph's limits stop it.
func (g *graph[S, A]) reachBackward(inside, target func(i int32) bool) []bool {
	n := g.n
	// Reverse adjacency of the inside subgraph, in compressed form.
	start := make([]int32, n+1)
	for i := int32(0); i < n; i++ {
		if g.halt() {
			return nil
		}
		if inside(i) {
			for _, e := range g.out(i) {
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
			for _, e := range g.out(i) {
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
		for _, e := range g.out(cur) {
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
	for {
		p, a := g.tree(i)
		if p < 0 {
			break
		}
		path = append(path, a)
		i = p
	}
	slices.Reverse(path)
	return i, path
}
