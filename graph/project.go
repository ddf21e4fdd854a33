package graph

import (
	"context"
	"runtime"

	"github.com/timewait/timewait/checker"
)

// Project explores m with [checker.Observe] and counts the projected edges
// of its steps: edges is called on every step and calls emit for each key
// the step projects to (none, one or several). The counts do not depend on
// the number of workers: each worker keeps its own, and they are summed.
func Project[S, A any, K comparable](ctx context.Context, m checker.Model[S, A], opts checker.Options,
	edges func(from S, a A, to S, emit func(K))) (map[K]int64, *checker.Report[S, A], error) {
	return project(opts, func(opts checker.Options, emits []func(K)) (*checker.Report[S, A], error) {
		return checker.Observe(ctx, m, opts, func(w int, from S, a A, to S) { edges(from, a, to, emits[w]) })
	})
}

// ProjectEffects is [Project] for a model that is a [checker.Effector]:
// edges also gets each step's effect (valid during the call only), so
// that it need not take the step again.
func ProjectEffects[S, A any, K comparable](ctx context.Context, m checker.Model[S, A], opts checker.Options,
	edges func(from S, a A, to S, eff any, emit func(K))) (map[K]int64, *checker.Report[S, A], error) {
	return project(opts, func(opts checker.Options, emits []func(K)) (*checker.Report[S, A], error) {
		return checker.ObserveEffects(ctx, m, opts, func(w int, from S, a A, to S, eff any) { edges(from, a, to, eff, emits[w]) })
	})
}

// project runs observe with one tally per worker and sums them.
func project[S, A any, K comparable](opts checker.Options,
	observe func(opts checker.Options, emits []func(K)) (*checker.Report[S, A], error)) (map[K]int64, *checker.Report[S, A], error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0) // as Observe would choose
		opts.Workers = workers
	}
	tallies := make([]map[K]int64, workers)
	emits := make([]func(K), workers)
	for w := range tallies {
		tally := map[K]int64{}
		tallies[w] = tally
		emits[w] = func(k K) { tally[k]++ }
	}
	r, err := observe(opts, emits)
	if err != nil {
		return nil, nil, err
	}
	total := map[K]int64{}
	for _, tally := range tallies {
		for k, n := range tally {
			total[k] += n
		}
	}
	return total, r, nil
}
