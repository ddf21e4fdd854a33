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
	states []S
	edges  [][]edge // edges[i]: the successors of state i, in action order
	parent []int32  // BFS tree: the state that first reached i (-1 for initial states)
	via    []int32  // the index in edges[parent[i]] that reached i
	init   []int32
	class  []string // fairness classes by index
	// blocked[i] lists the fairness classes of actions enabled in state i
	// whose successor lies outside the model's bounds (Next returned false)
	// or its constraints: enabled for fairness, though the graph has no
	// edge for them.
	blocked map[int32][]int32
	// The liveness semantics (fairness.go): every state may stutter
	// forever (Options.Stuttering), and only steps that change the state
	// count for fairness (Options.TLA).
	stutter, tla bool

	// lim stops the building and the analyses of the graph; polls counts the
	// steps between two polls of it, and halted is set once it stopped them.
	lim    *limits
	polls  int
	halted bool
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

type edge struct {
	to     int32
	action int32 // index in Actions
	class  int32 // index into graph.class; -1 for unfair
}

// buildGraph explores m breadth-first, keeping every edge. It stops with a
// [*TooLargeError] when maxStates (if positive) or maxGraph is exceeded,
// and with errStopped when lim stops it. hint, if positive, is the number of
// states expected, so that the tables are allocated once. If the model
// panics, it returns a *PanicError with the trace to the state it panicked
// on.
func buildGraph[S, A any](lim *limits, m Model[S, A], maxStates int, exact bool, hint int) (_ *graph[S, A], err error) {
	g := &graph[S, A]{blocked: map[int32][]int32{}, lim: lim}
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
	g.edges = make([][]edge, 0, hint)
	g.parent = make([]int32, 0, hint)
	g.via = make([]int32, 0, hint)
	classes := map[string]int32{}
	classOf := fairnessOf(m)
	var enc []byte
	full := false // more than maxGraph states: the edge just made is wrong, and the graph is given up
	add := func(s S, parent, via int32) (int32, bool) {
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
		g.edges = append(g.edges, nil)
		g.parent = append(g.parent, parent)
		g.via = append(g.via, via)
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
		acts = m.Actions(st, acts[:0])
		for j, a := range acts {
			cls := int32(-1)
			if classOf != nil {
				if name := classOf(st, a); name != "" {
					c, ok := classes[name]
					if !ok {
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
					g.blocked[int32(i)] = append(g.blocked[int32(i)], cls)
				}
				continue
			}
			to, _ := add(next, int32(i), int32(len(g.edges[i])))
			g.edges[i] = append(g.edges[i], edge{to: to, action: int32(j), class: cls})
		}
	}
	if full {
		return g, &TooLargeError{Max: maxGraph}
	}
	return g, nil
}

// panicError makes the error of a panic v that the model raised on state
// at of the graph (-1: before the initial states were known), with the
// trace to that state.
func (g *graph[S, A]) panicError(m Model[S, A], v any, at int32) *PanicError[S, A] {
	pe := &PanicError[S, A]{Value: v, Stack: debug.Stack()}
	if at >= 0 {
		root, actions := g.pathFromInit(at)
		pe.Trace = safeReplay(m, g.states[root], actions)
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
	out := make([]Edge[A], len(g.g.edges[i]))
	for k, e := range g.g.edges[i] {
		out[k] = Edge[A]{Action: acts[e.action], To: int(e.to)}
	}
	return out
}
