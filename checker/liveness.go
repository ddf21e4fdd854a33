package checker

// The liveness phase, after a complete search: checkLiveness takes the
// graph the search recorded (record.go), or builds it (graph.go, in exact
// mode), and decides each eventually, leads-to and
// eventually-always property on it. Its parts are in their own files:
// fairness.go (the model's fairness classes, weak and strong, and the fair
// sets of the graph, with or without stuttering), components.go
// (strongly connected components and the searches over the graph's edges)
// and lasso.go (finding a fair counterexample and replaying it as a trace).

import (
	"errors"
	"fmt"
	"sync/atomic"
	"unsafe"
)

// checkLiveness decides the liveness properties of props on the explicit
// graph and updates their results in r. states and edges are the counts of
// the complete search, which the graph has too. When the limits stop it,
// the properties not yet decided are left incomplete (see stopLiveness).
// It returns a *PanicError if the model or a property panics.
func checkLiveness[S, A any](lim *limits, m Model[S, A], opts Options, r *Report[S, A], props []Property[S, A], states int, edges int64, rec *recorder[S, A], recorded *graph[S, A]) (err error) {
	g := recorded
	if rec != nil && rec.stopped != "" {
		stopLiveness(r, 0, rec.stopped)
		return nil
	}
	at := int32(-1) // the state a property is evaluated on
	defer func() {
		if v := recover(); v != nil {
			if g == nil {
				panic(v)
			}
			err = g.panicError(m, v, at)
		}
	}()
	decided := decideRecorded(opts, props, rec, g)
	live := -1 // the index of prop among the liveness properties
	for p, prop := range props {
		if !prop.Kind.Liveness() {
			continue
		}
		live++
		if g == nil {
			if !lim.afford(graphBytes[S](states, edges), fmt.Sprintf("the state graph of %d states", states)) {
				stopLiveness(r, p, "liveness stopped before building the state graph: "+lim.why())
				return nil
			}
			var pe *PanicError[S, A]
			g, err = buildGraph(lim, m, opts.MaxStates, opts.Exact, states)
			if errors.As(err, &pe) {
				return err
			}
			if err != nil {
				reason := lim.why()
				var big *TooLargeError
				switch {
				case errors.As(err, &big) && big.Max == opts.MaxStates:
					reason = fmt.Sprintf("state limit %d reached", big.Max)
				case errors.As(err, &big):
					reason = fmt.Sprintf("the state graph can hold at most %d states", big.Max)
				case errors.Is(err, errTooManyClasses):
					reason = err.Error()
				}
				stopLiveness(r, p, fmt.Sprintf("liveness stopped while building the state graph (%d states so far): %s", g.n, reason))
				return nil
			}
		}
		// The semantics of Options.Stuttering and TLA, on the recorded
		// graph and the built one alike.
		g.stutter, g.tla = opts.Stuttering || opts.TLA, opts.TLA
		ninit := int32(len(g.init))                        // the initial states are numbered first
		trigger := func(i int32) bool { return i < ninit } // eventually: from an initial state
		goal := func(i int32) bool { at = i; return prop.State(g.states[i]) }
		if prop.Kind == KindLeadsTo {
			trigger = func(i int32) bool { at = i; return prop.State(g.states[i]) }
			goal = func(i int32) bool { at = i; return prop.Goal(g.states[i]) }
		}
		bad := func(i int32) bool { at = i; return !prop.State(g.states[i]) } // eventually-always
		if g.states == nil {                                                  // recorded by the search, with the predicates' values
			holds, goals := rec.holds[live], rec.goal[live]
			goal = holds.has
			bad = func(i int32) bool { return !holds.has(i) }
			if prop.Kind == KindLeadsTo {
				trigger = holds.has
				goal = goals.has
			}
		}
		var l *lasso
		var ok bool
		switch {
		case decided != nil:
			l, ok = decided[p].l, decided[p].ok
		case prop.Kind == KindEventuallyAlways:
			l, ok = g.persistence(bad)
		default:
			l, ok = g.leadsTo(trigger, goal)
		}
		if !ok {
			stopLiveness(r, p, fmt.Sprintf("liveness stopped while deciding %s: %s", prop.Name, lim.why()))
			return nil
		}
		at = -1
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
	return nil
}

// decision is a liveness property's lasso (nil: it holds), and whether
// the limits let it be decided.
type decision struct {
	l  *lasso
	ok bool
}

// decideRecorded decides the liveness properties of props on the graph the
// search recorded, several at once when the run has more than one worker,
// and returns their decisions by index in props; it returns nil when they
// are to be decided one by one in checkLiveness: on a graph built after
// the search (whose predicates call the properties), with one worker, or
// with a single liveness property. On a recorded graph the predicates are
// the recorder's bits, so deciding calls no code of the model's or the
// properties'; each property gets its own copy of the graph's header
// (whose polls and halted it alone updates) and its own buffers, so the
// decisions, and the lassos replayed from them in checkLiveness in the
// order of props, are the same as one by one. Running them at once costs
// each one's working memory at the same time (about 30 bytes a state and
// 4 an edge while it runs, see sccs and reachBackward).
func decideRecorded[S, A any](opts Options, props []Property[S, A], rec *recorder[S, A], g *graph[S, A]) []decision {
	workers := opts.workers()
	if g == nil || g.states != nil || workers < 2 {
		return nil
	}
	var todo []int // indices into props
	var live []int // their indices among the liveness properties
	k := -1
	for p, prop := range props {
		if prop.Kind.Liveness() {
			k++
			todo = append(todo, p)
			live = append(live, k)
		}
	}
	if len(todo) < 2 {
		return nil
	}
	out := make([]decision, len(props))
	var next atomic.Int64
	parallel(min(workers, len(todo)), func(int) {
		for {
			t := int(next.Add(1)) - 1
			if t >= len(todo) {
				return
			}
			p, prop := todo[t], props[todo[t]]
			h := *g
			h.polls, h.halted = 0, false
			h.stutter, h.tla = opts.Stuttering || opts.TLA, opts.TLA
			holds, goals := rec.holds[live[t]], rec.goal[live[t]]
			var d decision
			switch prop.Kind {
			case KindEventuallyAlways:
				d.l, d.ok = h.persistence(func(i int32) bool { return !holds.has(i) })
			case KindLeadsTo:
				d.l, d.ok = h.leadsTo(holds.has, goals.has)
			default: // eventually: from an initial state
				ninit := int32(len(h.init))
				d.l, d.ok = h.leadsTo(func(i int32) bool { return i < ninit }, holds.has)
			}
			out[p] = d
		}
	})
	return out
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
// edges edges, built by buildGraph, takes (see graph): per state the state
// itself, where its edges and blocked classes start, its parent and
// action, and the map entry of its fingerprint; per edge 8 bytes.
func graphBytes[S any](states int, edges int64) uint64 {
	var st S
	return uint64(states)*(uint64(unsafe.Sizeof(st))+8+8+4+4+16) + uint64(edges)*8
}
