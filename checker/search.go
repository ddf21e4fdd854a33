package checker

import (
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zeebo/xxh3"
)

// The search keeps, for every state after the initial level, the index of its
// parent in the previous level and the index of the action (in the order
// Actions returned) that produced it. A key packs the two: parent<<16 | action.
const (
	actionBits = 16
	maxActions = 1 << actionBits
	noKey      = math.MaxUint64
)

func makeKey(parent int, action int) uint64 { return uint64(parent)<<actionBits | uint64(action) }
func keyParent(k uint64) int                { return int(k >> actionBits) }
func keyAction(k uint64) int                { return int(k & (maxActions - 1)) }

// links are the parent links of one level: state i of the level was reached
// from state parent[i] of the previous level by its action[i]-th action.
type links struct {
	parent []uint32
	action []uint16
}

// found locates a discovery: the state at index in level, optionally followed
// by the action with index step (for step properties), or step -1.
type found struct {
	level int
	index int
	step  int
}

// search is one run of the checker. Each level is expanded in three phases
// (expand.go: generate; dedup.go: deduplicate and add; expand.go: rebuild
// in order); this file holds the loop around them.
type search[S, A any] struct {
	m     Model[S, A]
	props []Property[S, A]
	// Indices into props of the step properties and of the state properties
	// (always and sometimes), so the hot loops visit only those.
	stepProps, stateProps []int
	opts                  Options
	workers               int
	ender                 Ender[S]
	// effector is the model when the search reads effects (see effects).
	effector Effector[S, A]
	// word is the model when it encodes its states in words, and nextWord
	// when it also steps to words (word.go).
	word     WordEncoder[S]
	nextWord WordStepper[S, A]
	// visit, if set, is called on every step (see [Observe]).
	visit func(worker int, from S, a A, to S)
	// visitEffect, if set, is called on every step with its effect (see
	// [ObserveEffects]).
	visitEffect func(worker int, from S, a A, to S, eff any)

	seen visited
	// rec records the liveness graph during the search (record.go), or is nil.
	rec   *recorder[S, A]
	ws    []*worker[S, A]
	init  []S
	links []links // links[d] for level d >= 1; links[0] is empty
	// Buffers of phases 2 and 3, reused from level to level: the new
	// states' keys, their locations in the visited set (when recording the
	// liveness graph) and the sort's scratch space; spare is the level
	// before the last, whose states the next level overwrites.
	keyBuf, locBuf, sortBuf []uint64
	spare                   []S

	level     []S // the level being expanded
	depth     int // the depth of its states
	distinct  int
	generated int64

	findings []*found // per property, the first discovery
	lim      *limits  // the context, time and memory budgets, polled within levels
	start    time.Time
	lastProg time.Time
	peakHeap uint64

	// panicked is set when a worker caught a panic of the model: the others
	// then take no more work (see generate).
	panicked atomic.Bool

	complete   bool
	allDecided bool // the run stopped because every property was decided
	stopReason string

	// The model's constraints (constraint.go), its action names for
	// coverage (coverage.go), and what they count: per worker within a
	// level, then for the run.
	cutStep  func(from S, a A, to S) bool
	cutState func(s S) bool
	name     func(a A) string
	tally    []levelTally
	cut      int64
	cutInit  []S // initial states outside the state constraint
	coverage map[string]*ActionCoverage
}

// hashOf is the fixed, seedless hash of an encoding: the same in every run,
// so fingerprint collisions, if any, are too. An encoding of 8 bytes, the
// commonest short form, is mixed by a bijection of its 64 bits (see mix64):
// several times faster than xxh3 there, and no two such encodings collide.
// Every other length is hashed by xxh3.
func hashOf(enc []byte) uint64 {
	if len(enc) == 8 {
		return mix64(binary.LittleEndian.Uint64(enc))
	}
	return hashLong(enc)
}

// hashLong is hashOf for encodings of any length but 8.
func hashLong(enc []byte) uint64 { return xxh3.Hash(enc) }

// mix64 is a bijection of 64-bit words whose every output bit depends on
// every input bit: xor with a constant (so that 0 does not map to 0, the
// visited set's empty slot) and the finalizer of MurmurHash3.
func mix64(v uint64) uint64 {
	v ^= 0x9E3779B97F4A7C15
	v ^= v >> 33
	v *= 0xff51afd7ed558ccd
	v ^= v >> 33
	v *= 0xc4ceb9fe1a85ec53
	v ^= v >> 33
	return v
}

// maxLevel is the most states one level may hold: parent links are 32-bit
// indices into the previous level.
const maxLevel uint64 = math.MaxUint32

func (s *search[S, A]) run() error {
	defer s.lim.graphAt.Store(0) // the analyses after the search keep to the whole budget
	s.start = s.lim.start
	s.lastProg = s.start
	if e, ok := s.m.(Ender[S]); ok {
		s.ender = e
	}
	s.rec = newRecorder(s)
	s.effector = effects(s.m, s.props, s.visitEffect != nil)
	s.word, s.nextWord = wordsOf(s.m)
	s.cutStep, s.cutState = constraintsOf(s.m)
	if s.opts.Coverage {
		s.name = namerOf(s.m)
	}
	if s.opts.Exact {
		s.seen = newExactSet()
	} else {
		fp := newFPTable()
		if s.rec != nil {
			fp.numbered()
			s.lim.graphAt.Store(s.lim.memory / 4 * 3)
		}
		s.seen = fp
	}
	s.findings = make([]*found, len(s.props))
	for p, prop := range s.props {
		switch prop.Kind {
		case KindAlwaysStep, KindSometimesStep:
			s.stepProps = append(s.stepProps, p)
		case KindAlways, KindSometimes:
			s.stateProps = append(s.stateProps, p)
		}
	}
	s.links = []links{{}}
	s.tallies()
	if err := s.initLevel(); err != nil {
		return err
	}
	if s.stopAfterLevel() {
		return nil
	}
	for len(s.level) > 0 {
		if reason := s.limitReached(); reason != "" {
			s.stopReason = reason
			return nil
		}
		next, err := s.expand()
		if err != nil {
			return err
		}
		if next == nil { // stopped during the level: keep the counts of the levels before it
			s.stopReason = s.lim.why()
			return nil
		}
		if len(next) == 0 {
			break
		}
		if s.depth > 0 { // s.init, level 0, stays: traces start from it
			s.spare = s.level
		}
		s.level = next
		s.depth++
		s.progress(false)
		if s.stopAfterLevel() {
			return nil
		}
	}
	s.level = nil
	s.complete = true
	return nil
}

// initLevel deduplicates the initial states and checks them. It returns a
// *PanicError if the model panics, with the initial state it panicked on.
func (s *search[S, A]) initLevel() (err error) {
	var at *S
	defer func() {
		if v := recover(); v != nil {
			pe := &PanicError[S, A]{Value: v, Stack: debug.Stack()}
			if at != nil {
				pe.Trace = &Trace[S, A]{Steps: []Step[S, A]{{Label: "init", State: *at}}}
			}
			err = pe
		}
	}()
	var enc []byte
	for _, st := range s.m.Init() {
		at = &st
		if s.cutState != nil && s.cutState(st) {
			s.cutInitial(st)
			continue
		}
		if s.word != nil {
			if enc, err = s.checkWords(st, enc); err != nil {
				return err
			}
		}
		enc = s.m.Encode(enc[:0], st)
		h := hashOf(enc)
		if s.seen.contains(h, enc) {
			continue
		}
		s.seen.grow(1)
		s.seen.add(h, enc)
		s.init = append(s.init, st)
	}
	s.level = s.init
	s.distinct = len(s.init)
	if s.rec != nil {
		s.rec.base = append(s.rec.base, 0)
		s.rec.grow(len(s.init))
	}
	for i, st := range s.level {
		at = &s.level[i]
		s.checkState(0, i, st)
		if s.rec != nil {
			s.rec.predicates(s.props, i, st)
			enc = s.m.Encode(enc[:0], st)
			s.seen.(*fpTable).setID(hashOf(enc), i)
		}
	}
	return nil
}

// checkState evaluates state properties on state index of level depth and
// records the first discovery of each. Within a level, states are visited in
// index order by one goroutine only in initLevel; expand.go merges
// per-worker minima instead.
func (s *search[S, A]) checkState(depth, index int, st S) {
	for p, prop := range s.props {
		if s.findings[p] != nil {
			continue
		}
		if hit := stateHit(prop, st); hit {
			s.findings[p] = &found{level: depth, index: index, step: -1}
		}
	}
}

// stateHit reports whether st is a discovery for prop: a violating state for
// an always property, a witness for a sometimes property.
func stateHit[S, A any](prop Property[S, A], st S) bool {
	switch prop.Kind {
	case KindAlways:
		return !prop.State(st)
	case KindSometimes:
		return prop.State(st)
	}
	return false
}

// stepHit reports whether the step is a discovery for prop: a violating
// step for an always-step property, a witness for a sometimes-step one.
func stepHit[S, A any](prop Property[S, A], from S, a A, to S) bool {
	if prop.Kind == KindSometimesStep {
		return prop.Step(from, a, to)
	}
	return !prop.Step(from, a, to)
}

// stopAfterLevel reports whether the findings so far end the run.
func (s *search[S, A]) stopAfterLevel() bool {
	decided, violated := 0, false
	for p, f := range s.findings {
		if f == nil {
			if s.props[p].Kind.Liveness() && !s.opts.Liveness {
				decided++ // not checked in this run
			}
			continue
		}
		decided++
		if !s.props[p].Kind.Witness() {
			violated = true
		}
	}
	if violated && !s.opts.CollectAll {
		s.stopReason = "stopped at the first violation"
		return true
	}
	if s.opts.CollectAll && len(s.props) > 0 && decided == len(s.props) {
		s.stopReason = "every property decided"
		s.allDecided = true
		return true
	}
	return false
}

// limitReached checks the limits between levels and returns why the run must
// stop, or "". The context and the budgets are also polled within a level
// (see expand).
func (s *search[S, A]) limitReached() string {
	s.heapInUse() // for Report.PeakHeap, sampled once a level
	// A cancellation is named first: it is what the user asked for. The
	// budgets (time, memory) come after the depth and state limits, which
	// are exact.
	if s.lim.ctx.Err() != nil && s.lim.check() {
		return s.lim.why()
	}
	o := s.opts
	if o.MaxDepth > 0 && s.depth >= o.MaxDepth {
		return fmt.Sprintf("depth limit %d reached", o.MaxDepth)
	}
	if o.MaxStates > 0 && s.distinct >= o.MaxStates {
		return fmt.Sprintf("state limit %d reached", o.MaxStates)
	}
	if s.lim.check() {
		return s.lim.why()
	}
	return ""
}

func (s *search[S, A]) heapInUse() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapInuse > s.peakHeap {
		s.peakHeap = ms.HeapInuse
	}
	return ms.HeapInuse
}

func (s *search[S, A]) progress(final bool) {
	if s.opts.Progress == nil {
		return
	}
	now := time.Now()
	if !final && now.Sub(s.lastProg) < s.opts.progressEvery() {
		return
	}
	s.lastProg = now
	el := now.Sub(s.start)
	p := Progress{Depth: s.depth, Distinct: s.distinct, Generated: s.generated, Queue: len(s.level), Elapsed: el}
	if el > 0 {
		p.PerSecond = float64(s.distinct) / el.Seconds()
	}
	s.opts.Progress(p)
}

// parallel runs f(worker) on every worker and waits for all of them.
func parallel(workers int, f func(w int)) {
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w)
		}()
	}
	wg.Wait()
}

// chunks hands out [lo, hi) ranges of n items through an atomic counter.
type chunks struct {
	next atomic.Int64
	n    int
	size int
}

func (c *chunks) take() (lo, hi int, ok bool) {
	lo = int(c.next.Add(int64(c.size))) - c.size
	if lo >= c.n {
		return 0, 0, false
	}
	return lo, min(lo+c.size, c.n), true
}
