package tcpgraph

import (
	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// Highlight is a trace projected onto the endpoint and pair views, to be
// drawn on them in red.
type Highlight struct {
	initial   [2]model.State
	moves     map[moveKey][]int // endpoint moves, with the steps that made them
	pairs     map[pair]bool
	pairMoves map[[2]pair][]int
}

type moveKey struct {
	from, to model.State
	label    string
}

// pair is a node of the pair view: A's state and B's state.
type pair [2]model.State

func pairOf(w model.World) pair { return pair{w.A.State, w.B.State} }

// TraceHighlight projects t, a trace of m, for drawing on the endpoint
// and pair views.
func TraceHighlight(m *model.Model, t *checker.Trace[model.World, model.Action]) *Highlight {
	first := t.Steps[0].State
	h := &Highlight{initial: pairOf(first), moves: map[moveKey][]int{}, pairs: map[pair]bool{}, pairMoves: map[[2]pair][]int{}}
	h.pairs[pairOf(first)] = true
	for i := 1; i < len(t.Steps); i++ {
		from, to := t.Steps[i-1].State, t.Steps[i].State
		h.pairs[pairOf(to)] = true
		if p, q := pairOf(from), pairOf(to); p != q {
			h.pairMoves[[2]pair{p, q}] = append(h.pairMoves[[2]pair{p, q}], i)
		}
		tr, ok := m.TransitionEffect(from, t.Steps[i].Action, to, m.EffectOf(from, t.Steps[i].Action, t.Steps[i].Effect))
		if !ok {
			continue
		}
		k := moveKey{tr.From, tr.To, tr.Label()}
		h.moves[k] = append(h.moves[k], i)
	}
	return h
}
