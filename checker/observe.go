package checker

import "context"

// Observe explores every state of m reachable from its initial states, as
// [Check] does, and calls visit once for every step (from, a, to) the model
// can take from a reachable state: once per reachable state and enabled
// action whose Next is ok. It is the way to compute aggregates of a state
// space too large to keep, such as a projection of it onto fewer states.
//
// visit is called from opts.Workers goroutines at once; worker is the
// caller's index, in [0, Workers), so that visit can keep one tally per
// worker without locks and merge them when Observe returns. An aggregate
// that does not depend on order (a count, a set, a maximum) is then the
// same for any number of workers. Limits in opts apply as for Check: a run
// cut short is reported incomplete, and visit has then seen only part of
// the space. In fingerprint mode a state hidden by a collision, if any, is
// not visited (see Report.CollisionProbability).
func Observe[S, A any](ctx context.Context, m Model[S, A], opts Options, visit func(worker int, from S, a A, to S)) (*Report[S, A], error) {
	opts.Liveness = false
	lim := newLimits(ctx, opts)
	defer lim.applyMemoryLimit()()
	s := &search[S, A]{m: m, opts: opts, workers: opts.workers(), visit: visit, lim: lim}
	if err := s.run(); err != nil {
		return nil, err
	}
	s.progress(true)
	return s.report(), nil
}
