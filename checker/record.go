package checker

import (
	"fmt"
	"runtime/debug"
	"sort"
	"sync/atomic"
)

// The liveness graph recorded by the search itself (fingerprint mode): the
// search numbers every state in breadth-first order anyway (level by
// level, in key order), so it can keep each state's outgoing edges as it
// expands it, instead of a second, sequential exploration keeping every
// state (buildGraph). Per level:
//
//   - phase 1 (successors) notes, for every enabled action in order, the
//     successor's fingerprint, the action's index, whether Next was ok and
//     the step inside the model's constraints (constraint.go; otherwise,
//     as buildGraph, only its class is kept, enabled for fairness) and
//     the action's fairness class, numbered per worker;
//   - phase 3 (rebuild) evaluates the liveness properties' predicates on
//     each new state and gives its fingerprint, in the visited set, the
//     state's number;
//   - then join turns the notes of the level's states into edges: each
//     fingerprint becomes the number of its state, and the classes are
//     numbered in the order a sequential search meets them.
//
// The graph is then the same, number for number and edge for edge, as the
// one buildGraph makes, without the states: they are rebuilt from the
// search's parent links when a trace needs them. A state costs the
// search's 19-25 bytes plus its edges (8 bytes each, in chunks: see
// edgeChunks), its number in the visited set (4 bytes a slot) and a bit per
// predicate.

// note is one enabled action of a state of the level being expanded.
type note struct {
	h     uint64 // the successor's fingerprint (ok only); join replaces it by the successor's number
	class int32  // the worker's number of its fairness class, or -1
	act   uint16 // its index in Actions
	ok    bool   // Next was ok and the step is inside the constraints: an edge; otherwise a class enabled beyond the bounds
}

// noteChunk is the notes of states [lo, hi) of the level: counts[k] notes
// for state lo+k, from notes[from].
type noteChunk struct {
	lo, hi   int
	from     int
	countsAt int // index of state lo's count in the worker's counts
}

// workerNotes is one worker's notes of the level, and its numbering of
// fairness classes (kept across levels).
type workerNotes struct {
	notes   []note
	counts  []uint32
	chunks  []noteChunk
	classes map[string]int32
	names   []string
	global  []int32 // global[local]: the graph's number of the class, or -1 before join meets it
}

func (n *workerNotes) reset() {
	n.notes, n.counts, n.chunks = n.notes[:0], n.counts[:0], n.chunks[:0]
}

// classOf returns the worker's number of class name, or -1 for "".
func (n *workerNotes) classOf(name string) int32 {
	if name == "" {
		return -1
	}
	c, ok := n.classes[name]
	if !ok {
		if n.classes == nil {
			n.classes = map[string]int32{}
		}
		c = int32(len(n.names))
		n.classes[name] = c
		n.names = append(n.names, name)
		n.global = append(n.global, -1)
	}
	return c
}

// recorder builds the liveness graph during the search.
type recorder[S, A any] struct {
	live    []int  // indices into the search's props of the liveness properties
	leadsTo []bool // leadsTo[k]: live[k] is a leads-to property, which has a Goal
	classOf func(S, A) string
	// holds[k].has(i) and goal[k].has(i): live[k]'s State (and, for
	// leads-to, Goal) on state i.
	holds, goal []bitset
	n           int   // the states the bit sets have room for
	base        []int // base[d]: the number of level d's first state
	edges       edgeChunks
	start       []uint32
	class       []string
	classes     map[string]int32
	blocked     []uint16
	bstart      []uint32
	// stopped says why the graph was given up (the memory budget), or "".
	stopped string
}

// newRecorder returns a recorder for the search's liveness properties, or
// nil when it needs none: without liveness, with no liveness property, or
// in exact mode (whose visited set keeps no numbers: liveness then builds
// its graph after the search, see checkLiveness).
func newRecorder[S, A any](s *search[S, A]) *recorder[S, A] {
	if !s.opts.Liveness || s.opts.Exact || s.visit != nil {
		return nil
	}
	r := &recorder[S, A]{classOf: fairnessOf(s.m), classes: map[string]int32{}}
	for p, prop := range s.props {
		if prop.Kind.Liveness() {
			r.live = append(r.live, p)
			r.leadsTo = append(r.leadsTo, prop.Kind == KindLeadsTo)
		}
	}
	if len(r.live) == 0 {
		return nil
	}
	r.holds = make([]bitset, len(r.live))
	r.goal = make([]bitset, len(r.live))
	return r
}

// predicates evaluates the liveness properties' predicates on st, the
// state numbered i, into the recorder's slices (allocated for the level).
func (r *recorder[S, A]) predicates(props []Property[S, A], i int, st S) {
	for k, p := range r.live {
		prop := props[p]
		if prop.State(st) {
			r.holds[k].set(i)
		}
		if prop.Kind == KindLeadsTo && prop.Goal(st) {
			r.goal[k].set(i)
		}
	}
}

// grow makes room for the predicates of n more states.
func (r *recorder[S, A]) grow(n int) {
	defer func() { r.n += n }()
	for k := range r.live {
		r.holds[k] = r.holds[k].grow(r.n + n)
		if r.leadsTo[k] {
			r.goal[k] = r.goal[k].grow(r.n + n)
		}
	}
}

// noteStart and noteEnd bracket a chunk of states expanded by a worker.
func (n *workerNotes) noteStart(lo int) {
	n.chunks = append(n.chunks, noteChunk{lo: lo, from: len(n.notes), countsAt: len(n.counts)})
}

func (n *workerNotes) noteEnd(hi int) { n.chunks[len(n.chunks)-1].hi = hi }

// join turns the notes of level d's states into their edges. Every
// successor is by now numbered in the visited set: it was found in an
// earlier level or in level d+1, just rebuilt. When the edges would take
// the process past 3/4 of the memory budget, the graph is given up (and
// liveness left incomplete) rather than the search stopped.
func (s *search[S, A]) join(d int) {
	r := s.rec
	fp := s.seen.(*fpTable)
	parallel(s.workers, func(wi int) {
		ns := s.ws[wi].notes.notes
		for i := range ns {
			if ns[i].ok {
				ns[i].h = uint64(fp.idOf(ns[i].h))
			}
		}
	})
	type ref struct {
		w *workerNotes
		c noteChunk
	}
	var refs []ref
	total := 0
	for _, w := range s.ws {
		total += len(w.notes.notes)
		for _, c := range w.notes.chunks {
			refs = append(refs, ref{&w.notes, c})
		}
	}
	if l := s.lim; l.memory > 0 {
		// The graph may take the footprint to 3/4 of the budget; the rest
		// is the search's, which goes on without the graph.
		need := uint64(total)*12 + uint64(len(s.level))*8
		if fp := l.sample(); fp+need > l.memory/4*3 {
			s.dropGraph(fmt.Sprintf("liveness stopped while building the state graph (%d states so far): its edges of level %d need %s more, resident %s of the memory budget %s", r.base[d], d, size(need), size(fp), size(l.memory)))
			return
		}
	}
	sort.Slice(refs, func(a, b int) bool { return refs[a].c.lo < refs[b].c.lo })
	for _, rf := range refs {
		at := rf.c.from
		for k := range rf.c.hi - rf.c.lo {
			count := int(rf.w.counts[rf.c.countsAt+k])
			start, ok := r.edges.begin(count)
			if !ok || len(r.blocked) > maxEdges {
				s.dropGraph(fmt.Sprintf("liveness stopped while building the state graph: more than %d edges", maxEdges))
				return
			}
			r.start = append(r.start, start)
			r.bstart = append(r.bstart, uint32(len(r.blocked)))
			for _, n := range rf.w.notes[at : at+count] {
				cls := n.class
				if cls >= 0 {
					if cls = r.globalClass(rf.w, cls); cls < 0 {
						s.dropGraph("liveness stopped while building the state graph: " + errTooManyClasses.Error())
						return
					}
				}
				if n.ok {
					r.edges.add(newEdge(int32(n.h), int(n.act), cls))
				} else if cls >= 0 {
					r.blocked = append(r.blocked, uint16(cls))
				}
			}
			at += count
		}
	}
}

// globalClass returns the graph's number of worker w's class local,
// numbering it when it is met for the first time, or -1 when there are
// too many classes.
func (r *recorder[S, A]) globalClass(w *workerNotes, local int32) int32 {
	if g := w.global[local]; g >= 0 {
		return g
	}
	name := w.names[local]
	g, ok := r.classes[name]
	if !ok {
		if len(r.class) == maxClasses {
			return -1
		}
		g = int32(len(r.class))
		r.classes[name] = g
		r.class = append(r.class, name)
	}
	w.global[local] = g
	return g
}

// dropGraph gives the graph up, keeping why, and frees it and the
// workers' notes; the search goes on without it.
func (s *search[S, A]) dropGraph(why string) {
	s.rec.giveUp(why)
	for _, w := range s.ws {
		w.notes = workerNotes{}
	}
	s.lim.graphAt.Store(0)
	debug.FreeOSMemory()
}

// shedGraph gives the graph up when a memory reading during the level
// passed 3/4 of the budget (limits.graphAt).
func (s *search[S, A]) shedGraph() {
	if s.rec == nil || s.rec.stopped != "" || !s.lim.shed.Load() {
		return
	}
	s.dropGraph(fmt.Sprintf("liveness stopped while building the state graph (%d states so far): resident %s passed 3/4 of the memory budget %s",
		s.distinct, size(s.lim.shedAt.Load()), size(s.lim.memory)))
}

// giveUp drops the graph, keeping why.
func (r *recorder[S, A]) giveUp(why string) {
	*r = recorder[S, A]{live: r.live, stopped: why}
}

// recordedGraph returns the recorded graph of the complete search.
func (s *search[S, A]) recordedGraph() *graph[S, A] {
	r := s.rec
	g := &graph[S, A]{
		n:       int32(s.distinct),
		chunks:  r.edges.chunks,
		start:   append(r.start, r.edges.end()),
		class:   r.class,
		blocked: r.blocked,
		bstart:  append(r.bstart, uint32(len(r.blocked))),
		lim:     s.lim,
	}
	for i := range s.init {
		g.init = append(g.init, int32(i))
	}
	g.treeOf = func(i int32) (int32, int) {
		d := sort.SearchInts(r.base, int(i)+1) - 1
		if d == 0 {
			return -1, -1
		}
		k := int(i) - r.base[d]
		return int32(r.base[d-1] + int(s.links[d].parent[k])), int(s.links[d].action[k])
	}
	g.stateOf = func(i int32) S {
		root, actions := g.pathFromInit(i)
		st := s.init[root]
		var buf []A
		for _, j := range actions {
			buf = s.m.Actions(st, buf[:0])
			st, _ = s.m.Next(st, buf[j])
		}
		return st
	}
	return g
}

// bitset is a set of state numbers, a bit each. Bits are set from several
// workers at once (each state by one), so set is atomic; it is grown
// between phases only.
type bitset []uint64

func (b bitset) set(i int) { atomic.OrUint64(&b[i>>6], 1<<(i&63)) }

// has reports whether i is in the set.
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(i&63)) != 0 }

// grow returns b with room for n states.
func (b bitset) grow(n int) bitset {
	words := (n + 63) >> 6
	if words <= len(b) {
		return b
	}
	return append(b, make([]uint64, words-len(b))...)
}
