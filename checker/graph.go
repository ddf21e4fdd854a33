package checker

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
)

// graph is the explicit state graph that liveness checking needs: every
// reachable state with its outgoing edges. It is built by a second,
// sequential exploration that keeps the states themselves, a map from
// fingerprint (or, in exact mode, whole encoding) to index, and 12 bytes an
// edge: far more than the search's 19-25 bytes a state, so it is meant for
// the configurations where liveness is checked, not for the largest.
type graph[S, A any] struct {
	n      int32 // the states, numbered 0 to n-1 in breadth-first order
	states []S   // built by buildGraph: every state; nil for a graph the search recorded (record.go)
	// The edges of state i are edges[start[i]:start[i+1]], in action order;
	// in a graph the search recorded, they are in chunks instead (see
	// edgeChunks), and start holds chunked indices.
	edges  []edge
	chunks [][]edge
	start  []uint32
	parent []int32 // BFS tree: the state that first reached i (-1 for initial states)
	act    []int32 // the index of the action that reached i from parent[i]
	init   []int32
	class  []string // fairness classes by index
	// A graph the search recorded keeps no states and no tree: stateOf
	// and treeOf rebuild them from the search's parent links.
	stateOf func(i int32) S
	treeOf  func(i int32) (parent int32, action int)
	// blocked[bstart[i]:bstart[i+1]] lists the fairness classes of actions
	// enabled in state i whose successor lies outside the model's bounds
	// (Next returned false) or its constraints: enabled for fairness,
	// though the graph has no edge for them.
	blocked []uint16 // class numbers fit in 16 bits (maxClasses)
	bstart  []uint32
	// The liveness semantics (fairness.go): every state may stutter
	// forever (Options.Stuttering), and only steps that change the state
	// count for fairness (Options.TLA). checkLiveness sets them on the
	// built and the recorded graph alike.
	stutter, tla bool

	// lim stops the building and the analyses of the graph; polls counts the
	// steps between two polls of it, and halted is set once it stopped them.
	lim    *limits
	polls  int
	halted bool
}

// out returns the edges of state i.
func (g *graph[S, A]) out(i int32) []edge {
	from, to := g.start[i], g.start[i+1]
	if g.chunks == nil {
		return g.edges[from:to]
	}
	if from == to {
		return nil
	}
	c := g.chunks[from>>edgeChunkBits]
	if to>>edgeChunkBits != from>>edgeChunkBits { // the last state of its chunk
		return c[from&(edgeChunk-1):]
	}
	return c[from&(edgeChunk-1) : to&(edgeChunk-1)]
}

// A recorded graph keeps its edges in chunks of edgeChunk edges, so that
// it grows without copying (and, while it is copied, doubling) what it
// already holds: no state's edges straddle two chunks, and a state's start
// is its chunk's number times edgeChunk plus its offset in the chunk.
const (
	edgeChunkBits = 18
	edgeChunk     = 1 << edgeChunkBits
	maxChunks     = 1<<(32-edgeChunkBits) - 1 // chunked indices are 32 bits
)

// edgeChunks is a recorded graph's edges as they are added.
type edgeChunks struct {
	chunks [][]edge
	n      int // edges added
}

// begin returns the chunked index of the next state's edges, of which
// there are at most n (at most maxActions), opening a chunk if they would
// not fit in the last one; ok is false when the index would overflow.
func (e *edgeChunks) begin(n int) (start uint32, ok bool) {
	last := len(e.chunks) - 1
	if last < 0 || len(e.chunks[last])+n > edgeChunk {
		if len(e.chunks) == maxChunks {
			return 0, false
		}
		e.chunks = append(e.chunks, make([]edge, 0, edgeChunk))
		last++
	}
	return uint32(last)<<edgeChunkBits | uint32(len(e.chunks[last])), true
}

// add appends an edge of the state begun last.
func (e *edgeChunks) add(x edge) {
	last := len(e.chunks) - 1
	e.chunks[last] = append(e.chunks[last], x)
	e.n++
}

// end is the chunked index after the last edge.
func (e *edgeChunks) end() uint32 {
	last := len(e.chunks) - 1
	if last < 0 {
		return 0
	}
	return uint32(last)<<edgeChunkBits | uint32(len(e.chunks[last]))
}

// blockedOf returns the fairness classes enabled in state i beyond the
// model's bounds.
func (g *graph[S, A]) blockedOf(i int32) []uint16 { return g.blocked[g.bstart[i]:g.bstart[i+1]] }

// state returns state i.
func (g *graph[S, A]) state(i int32) S {
	if g.states != nil {
		return g.states[i]
	}
	return g.stateOf(i)
}

// tree returns the state that first reached i and the index of its action
// that did, or -1 for an initial state.
func (g *graph[S, A]) tree(i int32) (int32, int) {
	if g.treeOf != nil {
		return g.treeOf(i)
	}
	return g.parent[i], int(g.act[i])
}

// halt reports, every 1024 calls, whether the limits stop the work
// on the graph; once they have, it keeps reporting so.
func (g *graph[S, A]) halt() bool {
	if g.halted {
		return true
	}
	g.polls++
	if g.polls&1023 == 0 && g.lim.poll() {
		g.halted = true
	}
	return g.halted
}

// maxGraph is the most states a graph can hold: they are numbered by int32.
const maxGraph = math.MaxInt32

// errStopped is returned by buildGraph when its limits stopped it.
var errStopped = errors.New("checker: stopped")

// edge is one step of the graph, in 8 bytes: a graph has many.
type edge struct {
	to     int32
	action uint16 // index in Actions
	cls    uint16 // 1 + index into graph.class; 0 for unfair
}

// class returns the edge's fairness class, an index into graph.class, or
// -1 for unfair.
func (e edge) class() int32 { return int32(e.cls) - 1 }

// maxEdges is the most edges (and blocked classes) a graph can hold: they
// are indexed by uint32.
const maxEdges = math.MaxUint32 - 1

// maxClasses is the most fairness classes a graph can hold: an edge keeps
// its class in 16 bits.
const maxClasses = 1<<16 - 1

// errTooManyClasses is returned by buildGraph for a model with more than
// maxClasses fairness classes.
var errTooManyClasses = fmt.Errorf("more than %d fairness classes", maxClasses)

func newEdge(to int32, action int, class int32) edge {
	return edge{to: to, action: uint16(action), cls: uint16(class + 1)}
}

// buildGraph explores m breadth-first, keeping every edge. It stops with a
// [*TooLargeError] when maxStates (if positive) or maxGraph is exceeded,
// and with errStopped when lim stops it. hint, if positive, is the number of
// states expected, so that the tables are allocated once. If the model
// panics, it returns a *PanicError with the trace to the state it panicked
// on.
func buildGraph[S, A any](lim *limits, m Model[S, A], maxStates int, exact bool, hint int) (_ *graph[S, A], err error) {
	g := &graph[S, A]{lim: lim}
	at := int32(-1) // the state being expanded
	defer func() {
		if v := recover(); v != nil {
			err = g.panicError(m, v, at)
		}
	}()
	hint = max(0, min(hint, maxGraph))
	if maxStates > 0 {
		hint = min(hint, maxStates)
	}
	var ids map[string]int32 // exact mode: whole encodings
	var fps map[uint64]int32 // otherwise: 64-bit fingerprints, as the search uses
	if exact {
		ids = make(map[string]int32, hint)
	} else {
		fps = make(map[uint64]int32, hint)
	}
	g.states = make([]S, 0, hint)
	g.start = make([]uint32, 0, hint+1)
	g.parent = make([]int32, 0, hint)
	g.act = make([]int32, 0, hint)
	classes := map[string]int32{}
	classOf := fairnessOf(m)
	var enc []byte
	full := false // more than maxGraph states: the edge just made is wrong, and the graph is given up
	add := func(s S, parent, act int32) (int32, bool) {
		enc = m.Encode(enc[:0], s)
		if len(g.states) == maxGraph {
			full = true // no id is left for a new state; look up old ones only
		}
		id := int32(len(g.states))
		if exact {
			if old, ok := ids[string(enc)]; ok {
				return old, false
			}
			if full {
				return 0, false
			}
			ids[string(enc)] = id
		} else {
			h := hashOf(enc)
			if old, ok := fps[h]; ok {
				return old, false
			}
			if full {
				return 0, false
			}
			fps[h] = id
		}
		g.states = append(g.states, s)
		g.n++
		g.parent = append(g.parent, parent)
		g.act = append(g.act, act)
		return id, true
	}
	cutStep, cutState := constraintsOf(m)
	for _, s := range m.Init() {
		if cutState != nil && cutState(s) {
			continue
		}
		if id, isNew := add(s, -1, -1); isNew {
			g.init = append(g.init, id)
		}
	}
	var acts []A
	for i := 0; i < len(g.states); i++ {
		if g.halt() {
			return g, errStopped
		}
		if maxStates > 0 && len(g.states) > maxStates {
			return g, &TooLargeError{Max: maxStates}
		}
		if full {
			return g, &TooLargeError{Max: maxGraph}
		}
		st := g.states[i]
		at = int32(i)
		if len(g.edges) > maxEdges || len(g.blocked) > maxEdges {
			return g, &TooLargeError{Max: len(g.states)}
		}
		g.start = append(g.start, uint32(len(g.edges)))
		g.bstart = append(g.bstart, uint32(len(g.blocked)))
		acts = m.Actions(st, acts[:0])
		for j, a := range acts {
			cls := int32(-1)
			if classOf != nil {
				if name := classOf(st, a); name != "" {
					c, ok := classes[name]
					if !ok {
						if len(g.class) == maxClasses {
							return g, errTooManyClasses
						}
						c = int32(len(g.class))
						classes[name] = c
						g.class = append(g.class, name)
					}
					cls = c
				}
			}
			next, ok := m.Next(st, a)
			if !ok || cutStep != nil && cutStep(st, a, next) {
				if cls >= 0 {
					g.blocked = append(g.blocked, uint16(cls))
				}
				continue
			}
			to, _ := add(next, int32(i), int32(j))
			g.edges = append(g.edges, newEdge(to, j, cls))
		}
	}
	if full {
		return g, &TooLargeError{Max: maxGraph}
	}
	g.start = append(g.start, uint32(len(g.edges)))
	g.bstart = append(g.bstart, uint32(len(g.blocked)))
	return g, nil
}

// panicError makes the error of a panic v that the model raised on state
// at of the graph (-1: before the initial states were known), with the
// trace to that state.
func (g *graph[S, A]) panicError(m Model[S, A], v any, at int32) *PanicError[S, A] {
	pe := &PanicError[S, A]{Value: v, Stack: debug.Stack()}
	if at >= 0 {
		root, actions := g.pathFromInit(at)
		pe.Trace = safeReplay(m, g.state(root), actions)
	}
	return pe
}

// TooLargeError says that a state space has more states than a limit allows
// for an explicit graph.
type TooLargeError struct {
	Max int // the limit that was exceeded
}

// Error says how many states were too many.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("more than %d states", e.Max)
}

// Graph is the explicit state graph of a model: every reachable state,
// numbered in the order a breadth-first search finds them, with its
// outgoing steps. It keeps every state, so it is for small configurations:
// drawing them, or analyses that need the whole graph. For aggregates over
// large spaces use [Observe].
type Graph[S, A any] struct {
	m Model[S, A]
	g *graph[S, A]
}

// Edge is one step of a [Graph]: the action taken and the number of the
// state it leads to.
type Edge[A any] struct {
	Action A   // the action taken
	To     int // the number of the state it leads to
}

// explore is [Explore].
func explore[S, A any](ctx context.Context, m Model[S, A], opts Options) (*Graph[S, A], error) {
	g, err := buildGraph(newLimits(ctx, Options{}), m, opts.MaxStates, opts.Exact, 0)
	if errors.Is(err, errStopped) {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	return &Graph[S, A]{m: m, g: g}, nil
}

// Len returns the number of states.
func (g *Graph[S, A]) Len() int { return len(g.g.states) }

// State returns state i.
func (g *Graph[S, A]) State(i int) S { return g.g.states[i] }

// Initial returns the numbers of the initial states.
func (g *Graph[S, A]) Initial() []int {
	out := make([]int, len(g.g.init))
	for k, i := range g.g.init {
		out[k] = int(i)
	}
	return out
}

// Edges returns the steps out of state i, in the order of the model's
// Actions; steps outside the model's bounds are not edges.
func (g *Graph[S, A]) Edges(i int) []Edge[A] {
	acts := g.m.Actions(g.g.states[i], nil)
	out := make([]Edge[A], len(g.g.out(int32(i))))
	for k, e := range g.g.out(int32(i)) {
		out[k] = Edge[A]{Action: acts[e.action], To: int(e.to)}
	}
	return out
}
