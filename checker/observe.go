package checker

import "context"

// observe is [Observe] and, with visitEffect instead of visit, [ObserveEffects].
func observe[S, A any](ctx context.Context, m Model[S, A], opts Options, visit func(worker int, from S, a A, to S),
	visitEffect func(worker int, from S, a A, to S, eff any)) (_ *Report[S, A], err error) {
	defer recovered[S, A](&err)
	opts.Liveness = false
	lim := newLimits(ctx, opts)
	defer lim.applyMemoryLimit()()
	s := &search[S, A]{m: m, opts: opts, workers: opts.workers(), visit: visit, visitEffect: visitEffect, lim: lim}
	if err := s.run(); err != nil {
		return nil, err
	}
	s.progress(true)
	return s.report(), nil
}
