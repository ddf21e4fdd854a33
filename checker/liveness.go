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
		if prop.Kind == KindEventuallyAlways {
			l, ok = g.persistence(bad)
		} else {
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
