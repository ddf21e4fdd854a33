package checker

import (
	"context"
	"math"
	"runtime/debug"
	"slices"
	"time"
)

// check is [Check].
func check[S, A any](ctx context.Context, m Model[S, A], opts Options, props []Property[S, A]) (_ *Report[S, A], err error) {
	defer recovered[S, A](&err)
	lim := newLimits(ctx, opts)
	defer lim.applyMemoryLimit()()
	s := &search[S, A]{m: m, props: props, opts: opts, workers: opts.workers(), lim: lim}
	if opts.Liveness && !opts.Exact && slices.ContainsFunc(props, func(p Property[S, A]) bool { return p.Kind.Liveness() }) {
		// The search records the liveness graph (record.go): large slices
		// without pointers, cheap for the collector to scan, so that
		// collecting at a tenth more than the live heap, not twice it,
		// costs little and keeps the garbage (the slices' old arrays as
		// they grow, the visited set's shards as they double) from
		// doubling the footprint.
		defer debug.SetGCPercent(debug.SetGCPercent(10))
	}
	if err := s.run(); err != nil {
		return nil, err
	}
	s.progress(true)
	r := s.report()
	if opts.Liveness {
		if s.complete {
			if opts.Progress != nil && slices.ContainsFunc(props, func(p Property[S, A]) bool { return p.Kind.Liveness() }) {
				opts.Progress(Progress{Depth: s.depth, Distinct: s.distinct, Generated: s.generated, Elapsed: r.Elapsed, Liveness: true})
			}
			var recorded *graph[S, A]
			if s.rec != nil && s.rec.stopped == "" {
				recorded = s.recordedGraph()
			}
			// The search's tables and buffers are garbage now. The analyses
			// allocate few, large slices without pointers, each garbage after
			// its property: collecting at a tenth more than the live heap
			// costs a few collections and keeps the footprint near it.
			s.seen, s.ws, s.level = nil, nil, nil
			defer debug.SetGCPercent(debug.SetGCPercent(10))
			debug.FreeOSMemory()
			if err := checkLiveness(lim, m, opts, r, props, s.distinct, max(0, s.generated-s.cut), s.rec, recorded); err != nil {
				return nil, err
			}
		} else {
			stopLiveness(r, 0, "liveness not started: the search stopped first")
		}
		r.PeakMemory = max(r.PeakMemory, lim.sample())
	}
	return r, nil
}

func (s *search[S, A]) report() *Report[S, A] {
	r := &Report[S, A]{
		Distinct:   s.distinct,
		Generated:  s.generated,
		Depth:      s.depth,
		Complete:   s.complete,
		StopReason: s.stopReason,
		Cut:        s.cut,
		Coverage:   s.coverageReport(),
		Elapsed:    time.Since(s.start),
		Workers:    s.workers,
		Exact:      s.opts.Exact,
		TableBytes: s.seen.bytes(),
		PeakHeap:   max(s.peakHeap, s.heapInUse()),
		PeakMemory: s.lim.sample(),
	}
	for _, ln := range s.links {
		r.LinkBytes += uint64(len(ln.parent))*4 + uint64(len(ln.action))*2
	}
	if !s.opts.Exact {
		// Probability that some pair of n fingerprints of 64 bits collides.
		n := float64(s.distinct)
		r.CollisionProbability = -math.Expm1(-n * (n - 1) / 2 / math.Pow(2, 64))
	}
	anyViolated, anyOpen := false, false
	for p, prop := range s.props {
		res := Result[S, A]{Name: prop.Name, Kind: prop.Kind, Verdict: s.verdict(p)}
		if f := s.findings[p]; f != nil {
			res.Trace = s.trace(*f)
		}
		switch {
		case res.Verdict == Violated:
			anyViolated = true
		case res.Verdict == Incomplete && !prop.Kind.Witness():
			anyOpen = true
		}
		r.Results = append(r.Results, res)
	}
	switch {
	case anyViolated:
		r.Outcome = Fail
	case anyOpen || (!s.complete && !s.allDecided):
		r.Outcome = Unknown
	default:
		r.Outcome = Pass
	}
	return r
}

func (s *search[S, A]) verdict(p int) Verdict {
	prop, f := s.props[p], s.findings[p]
	switch {
	case prop.Kind.Liveness():
		return NotChecked // until checkLiveness decides it
	case prop.Kind.Witness() && f != nil:
		return Reached
	case f != nil:
		return Violated
	case !s.complete:
		return Incomplete
	case prop.Kind.Witness():
		return Unreached
	}
	return Holds
}
