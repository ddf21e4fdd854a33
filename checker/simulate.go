package checker

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime/debug"
	"time"
)

// SimReport is the outcome of [Simulate]. A walk that ends in a deadlock or
// reaches Options.MaxDepth ends; the next walk starts from an initial state again.
type SimReport[S, A any] struct {
	Runs  int   // walks completed
	Steps int64 // steps taken over all walks
	// Results holds one entry per property: Violated with the walk's trace
	// for a violated safety property, Reached with a witness for a sometimes
	// property that was reached, and Incomplete otherwise (a random walk
	// never proves that a property holds).
	Results []Result[S, A]
	// Seed of the walk that found the first violation, to reproduce it with
	// Options.Runs 1; zero when none was found.
	FailingSeed uint64
	Outcome     Outcome
}

// walkDepth is the number of steps of a walk: opts.MaxDepth, or 100.
func walkDepth(opts Options) int {
	if opts.MaxDepth > 0 {
		return opts.MaxDepth
	}
	return 100
}

// simulate is [Simulate].
func simulate[S, A any](ctx context.Context, m Model[S, A], opts Options, props []Property[S, A]) (_ *SimReport[S, A], err error) {
	defer recovered[S, A](&err)
	depth, runs := walkDepth(opts), opts.Runs
	if runs <= 0 {
		runs = 100
	}
	r := &SimReport[S, A]{Results: make([]Result[S, A], len(props))}
	for p, prop := range props {
		r.Results[p] = Result[S, A]{Name: prop.Name, Kind: prop.Kind, Verdict: Incomplete}
		if prop.Kind.Liveness() {
			r.Results[p].Verdict = NotChecked
		}
	}
	inits := m.Init()
	var ender Ender[S]
	if e, ok := m.(Ender[S]); ok {
		ender = e
	}
	start, last := time.Now(), time.Now()
	for run := 0; run < runs && ctx.Err() == nil; run++ {
		if opts.Progress != nil && time.Since(last) >= opts.progressEvery() {
			last = time.Now()
			opts.Progress(Progress{Walks: run, Generated: r.Steps, Elapsed: last.Sub(start)})
		}
		seed := opts.Seed + uint64(run)
		violated, _, _, err := walk(m, ender, inits, seed, depth, opts.Swarm, props, r)
		if err != nil {
			return nil, err
		}
		if violated {
			r.FailingSeed = seed
			r.Runs++
			r.Outcome = Fail
			return r, nil
		}
		r.Runs++
	}
	r.Outcome = Unknown
	return r, nil
}

// walk takes one random walk and records discoveries in r. It reports
// whether a safety property was violated, and returns a *PanicError with
// the walk up to the state the model panicked on, if it did.
func walk[S, A any](m Model[S, A], ender Ender[S], inits []S, seed uint64, depth int, swarm bool, props []Property[S, A], r *SimReport[S, A]) (violated bool, root int, taken []int, err error) {
	if len(inits) == 0 {
		return false, 0, nil, nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x74696d6577616974)) // "timewait"
	root = rng.IntN(len(inits))
	var weights *swarmWeights[A]
	if swarm {
		weights = newSwarmWeights[A](seed)
	}
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError[S, A]{Value: v, Stack: debug.Stack(), Trace: safeReplay(m, inits[root], taken)}
		}
	}()
	st := inits[root]
	var acts []A
	type succ struct {
		j    int
		next S
	}
	var succs []succ
	trace := func(extra ...int) *Trace[S, A] {
		return replay(m, inits[root], append(append([]int(nil), taken...), extra...))
	}
	checkState := func() {
		for p, prop := range props {
			if r.Results[p].Verdict != Incomplete {
				continue
			}
			if stateHit(prop, st) {
				r.Results[p].Trace = trace()
				if prop.Kind.Witness() {
					r.Results[p].Verdict = Reached
				} else {
					r.Results[p].Verdict, violated = Violated, true
				}
			}
		}
	}
	checkState()
	cutStep, cutState := constraintsOf(m) // a walk ends at a state outside them, once checked
	if cutState != nil && cutState(st) {
		return violated, root, taken, nil
	}
	for step := 0; step < depth && !violated; step++ {
		acts = m.Actions(st, acts[:0])
		succs = succs[:0]
		for j, a := range acts {
			if next, ok := m.Next(st, a); ok {
				succs = append(succs, succ{j, next})
				for p, prop := range props {
					if r.Results[p].Verdict != Incomplete || prop.Step == nil || !stepHit(prop, st, a, next) {
						continue
					}
					r.Results[p].Trace = trace(j)
					if prop.Kind == KindSometimesStep {
						r.Results[p].Verdict = Reached
					} else {
						r.Results[p].Verdict, violated = Violated, true
					}
				}
			}
		}
		if violated {
			break
		}
		if len(succs) == 0 {
			if ender == nil || !ender.AllowedEnd(st) {
				for p, prop := range props {
					if prop.Kind == KindDeadlock && r.Results[p].Verdict == Incomplete {
						r.Results[p].Verdict, r.Results[p].Trace, violated = Violated, trace(), true
					}
				}
			}
			break
		}
		var pick succ
		if weights == nil {
			pick = succs[rng.IntN(len(succs))]
		} else {
			total := 0.0
			for _, sc := range succs {
				total += weights.of(acts[sc.j])
			}
			x := rng.Float64() * total
			pick = succs[len(succs)-1]
			for _, sc := range succs {
				if x -= weights.of(acts[sc.j]); x < 0 {
					pick = sc
					break
				}
			}
		}
		taken = append(taken, pick.j)
		from := st
		st = pick.next
		r.Steps++
		checkState()
		if cutStep != nil && cutStep(from, acts[pick.j], st) {
			break
		}
	}
	return violated, root, taken, nil
}

// randomWalk is [RandomWalk].
func randomWalk[S, A any](m Model[S, A], opts Options) (_ *Trace[S, A], err error) {
	defer recovered[S, A](&err)
	inits := m.Init()
	if len(inits) == 0 {
		return nil, nil
	}
	_, root, taken, err := walk(m, nil, inits, opts.Seed, walkDepth(opts), opts.Swarm, nil, &SimReport[S, A]{})
	if err != nil {
		return nil, err
	}
	return replay(m, inits[root], taken), nil
}

// swarmWeights are one swarm walk's weights of actions, as SPIN's swarm
// verification diversifies its searches: each distinct action (by value
// when the action type is comparable, otherwise by fmt.Sprint) gets a
// weight the first time the walk meets it, drawn from the walk's seed (see
// draw), and the walk takes each enabled step with a probability
// proportional to its action's weight. A walk thus mostly leaves out some
// actions, as swarm testing leaves out features, but never blocks on them.
type swarmWeights[A any] struct {
	rng        *rand.Rand
	comparable bool
	byValue    map[any]float64
	byName     map[string]float64
}

func newSwarmWeights[A any](seed uint64) *swarmWeights[A] {
	return &swarmWeights[A]{
		rng:        rand.New(rand.NewPCG(seed, 0x737761726d)), // "swarm"
		comparable: reflect.TypeFor[A]().Comparable(),
		byValue:    map[any]float64{},
		byName:     map[string]float64{},
	}
}

// draw returns a new weight: log-normal, e^N(0, 3^2), so that one walk's
// weights of two actions commonly differ a hundredfold and the walks
// differ from each other as much.
func (w *swarmWeights[A]) draw() float64 { return math.Exp(3 * w.rng.NormFloat64()) }

// of returns the weight of a.
func (w *swarmWeights[A]) of(a A) float64 {
	if w.comparable {
		v, ok := w.byValue[any(a)]
		if !ok {
			v = w.draw()
			w.byValue[any(a)] = v
		}
		return v
	}
	name := fmt.Sprint(a)
	v, ok := w.byName[name]
	if !ok {
		v = w.draw()
		w.byName[name] = v
	}
	return v
}
