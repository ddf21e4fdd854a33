package checker

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime/debug"
	"slices"
	"unsafe"
)

// numBuckets partitions candidate successors by the top bits of their hash,
// so that deduplication of one bucket touches a small, cache-friendly table
// and buckets can be deduplicated in parallel.
const (
	bucketBits = 9
	numBuckets = 1 << bucketBits
)

// candidate is a successor that may be new: its hash and the key (parent,
// action) that produced it. Phase 1 does not look in the visited set;
// phase 2 does, one bucket at a time, where the probes are cache-local.
// recentSize is the number of entries of worker.recent (and of
// worker.recentWords): 256 KiB, to stay in a core's L2 cache.
const (
	recentBits = 15
	recentSize = 1 << recentBits
	recentMask = recentSize - 1
)

type candidate struct {
	h, key uint64
}

// worker holds one goroutine's reusable buffers and its share of a level's
// results. Nothing in it is shared while a phase runs.
type worker[S, A any] struct {
	acts []A
	enc  []byte
	self []byte // the encoding of the state being expanded (plainSuccessors)
	// effect is where the model writes each step's effect, when the search
	// reads effects (see [Effector]); nil otherwise.
	effect any
	// to is the successor being checked, where step properties read it.
	to S
	// recent is a direct-mapped cache of fingerprints for which this worker
	// already made a candidate: in an earlier level (so the state is now
	// visited) or in this one with a smaller key (a worker's keys only
	// increase within a level). Either way a new candidate would be dropped
	// by deduplication. Sibling states share most successors, so it saves
	// most candidates. Fingerprint mode only: in exact mode equal hashes
	// prove nothing.
	recent []uint64
	// recentWords is recent for the successors that have a word
	// (wordSuccessors): it holds each one's word plus one (0 marks an empty
	// entry), indexed by a multiplication of the word, so that a successor
	// already seen is dropped before its fingerprint is computed. Every
	// entry is exact, so keeping the two caches apart loses nothing.
	recentWords []uint64
	buckets     [numBuckets][]candidate
	// Exact mode only: each candidate's encoding, as an offset into encs.
	encs  [numBuckets][]byte
	offs  [numBuckets][]uint32
	dedup dedupTable
	// wins are the new states of the buckets this worker deduplicated in
	// this level (dedup.go), and in exact mode winSrc where each one's
	// candidate lies.
	wins    []candidate
	winSrc  []uint64
	gen     int64
	maxActs int      // the most actions a state of this level had, in this worker
	first   []uint64 // per property: the smallest key (or index) of a discovery
	overrun string   // a model error: too many actions
	// caught is the first panic of the model in this worker in this phase,
	// after which the worker stops.
	caught *caught
	// notes: the level's enabled actions, when the search records the
	// liveness graph (record.go).
	notes workerNotes
}

func (w *worker[S, A]) reset(nprops int) {
	for b := range w.buckets {
		w.buckets[b] = w.buckets[b][:0]
		w.encs[b] = w.encs[b][:0]
		w.offs[b] = w.offs[b][:0]
	}
	w.gen, w.maxActs = 0, 0
	w.caught = nil
	w.notes.reset()
	w.first = w.first[:0]
	for range nprops {
		w.first = append(w.first, noKey)
	}
}

func (w *worker[S, A]) note(p int, k uint64) {
	if k < w.first[p] {
		w.first[p] = k
	}
}

func (w *worker[S, A]) encodingOf(b, i int) []byte {
	start := w.offs[b][i]
	end := uint32(len(w.encs[b]))
	if i+1 < len(w.offs[b]) {
		end = w.offs[b][i+1]
	}
	return w.encs[b][start:end]
}

// expand computes the next level from s.level: the states first found at
// depth s.depth+1, in key order. It returns an empty level when there are no
// new states, and nil, nil when the run was stopped during the level (by the
// context, a budget, or a level too large): the partial level is then
// discarded whole, and the counts and discoveries are those of the levels
// before it, the same for any number of workers.
func (s *search[S, A]) expand() ([]S, error) {
	findings, generated := slices.Clone(s.findings), s.generated
	s.tallies()
	next, err := s.expandLevel()
	if next == nil && err == nil {
		s.findings, s.generated = findings, generated
	}
	if next != nil {
		s.mergeTallies()
	}
	return next, err
}

func (s *search[S, A]) expandLevel() ([]S, error) {
	ws := s.workerStates()
	// Phase 1: generate every successor, check step properties and deadlock,
	// and sort the successors into hash buckets as candidates.
	work := &chunks{n: len(s.level), size: 256}
	parallel(s.workers, func(w int) { s.generate(work, w, ws[w]) })
	if c := firstCaught(ws); c != nil {
		c.at = found{level: s.depth, index: c.at.index, step: -1}
		return nil, s.panicError(c)
	}
	if s.lim.stopped.Load() {
		return nil, nil
	}
	s.shedGraph()
	for _, w := range ws {
		if w.overrun != "" {
			return nil, fmt.Errorf("checker: %s", w.overrun)
		}
		s.generated += w.gen
	}
	s.mergeFirst(ws, func(p int, k uint64) found {
		if s.props[p].Kind == KindDeadlock {
			return found{level: s.depth, index: int(k), step: -1}
		}
		return found{level: s.depth, index: keyParent(k), step: keyAction(k)}
	})

	// Phase 2: deduplicate each bucket's candidates, keeping for each state
	// the smallest key that reached it, drop those visited in an earlier
	// level, and add the rest to the visited set.
	keys, locs, sorted, ok := s.dedupAndAdd(ws)
	if !ok {
		return nil, nil
	}
	if !sorted {
		s.sortKeys(keys, locs)
	}
	if s.lim.poll() {
		return nil, nil
	}

	// Phase 3: rebuild the new states in key order, which is the order a
	// sequential breadth-first search would find them in, and check them.
	if s.rec != nil && s.rec.stopped == "" {
		s.rec.base = append(s.rec.base, s.distinct)
		s.rec.grow(len(keys))
	}
	next, err := s.rebuild(ws, keys, locs)
	if next == nil {
		return nil, err
	}
	s.shedGraph()
	if s.rec != nil && s.rec.stopped == "" {
		s.join(s.depth)
	}
	s.distinct += len(next)
	return next, nil
}

// levelBytes is what phases 2 and 3 allocate for n new states, beyond the
// growth of the visited set: their keys and the radix sort's copy (8 bytes
// each), the states themselves and their links (6 bytes).
func (s *search[S, A]) levelBytes(n int) uint64 {
	var st S
	return uint64(n) * (8 + 8 + uint64(unsafe.Sizeof(st)) + 6)
}

// workerStates returns the workers, reset for a new level. They are made
// once per run so that their buffers and recent caches carry over.
func (s *search[S, A]) workerStates() []*worker[S, A] {
	if s.ws == nil {
		s.ws = make([]*worker[S, A], s.workers)
		for i := range s.ws {
			s.ws[i] = &worker[S, A]{}
			if !s.opts.Exact {
				s.ws[i].recent = make([]uint64, recentSize)
				if s.word != nil {
					s.ws[i].recentWords = make([]uint64, recentSize)
				}
			}
		}
	}
	for _, w := range s.ws {
		w.reset(len(s.props))
	}
	return s.ws
}

// keyBits is the number of significant bits in this level's keys.
func (s *search[S, A]) keyBits() int {
	bits := actionBits
	for n := len(s.level); n > 0; n >>= 1 {
		bits++
	}
	return bits
}

// generate expands chunks of the level until none is left, the limits stop
// the run, or the model panics. Chunks are handed out in increasing order
// and a chunk once taken is expanded whole unless it panics, so the
// smallest index at which any worker caught a panic is the first state of
// the level that panics, whatever the number of workers.
func (s *search[S, A]) generate(work *chunks, id int, w *worker[S, A]) {
	for !s.lim.poll() && !s.panicked.Load() {
		lo, hi, ok := work.take()
		if !ok || !s.generateChunk(lo, hi, id, w) {
			return
		}
	}
}

// generateChunk expands states [lo, hi) of the level. It returns false
// when the model panicked, after recording where in w.caught.
func (s *search[S, A]) generateChunk(lo, hi, id int, w *worker[S, A]) (ok bool) {
	i := lo
	defer s.catch(w, &i, &ok)
	if s.recording() {
		w.notes.noteStart(lo)
		defer w.notes.noteEnd(hi)
	}
	for ; i < hi; i++ {
		s.successors(i, id, w)
	}
	return true
}

// recording reports whether the search records the liveness graph: it
// stops noting edges as soon as the memory readings ask for the graph to
// be given up (limits.shed).
func (s *search[S, A]) recording() bool {
	return s.rec != nil && s.rec.stopped == "" && !s.lim.shed.Load()
}

// catch, deferred, records a panic at index *at in w and stops the other
// workers from taking more work.
func (s *search[S, A]) catch(w *worker[S, A], at *int, ok *bool) {
	if v := recover(); v != nil {
		w.caught = &caught{value: v, stack: debug.Stack(), at: found{index: *at, step: -1}}
		s.panicked.Store(true)
		*ok = false
	}
}

// firstCaught returns the panic at the smallest index any worker caught,
// or nil.
func firstCaught[S, A any](ws []*worker[S, A]) *caught {
	var first *caught
	for _, w := range ws {
		if c := w.caught; c != nil && (first == nil || c.at.index < first.at.index) {
			first = c
		}
	}
	return first
}

// plain reports whether the search takes steps with nothing but Next,
// step properties and fingerprints: no effects, coverage, observer,
// recorded graph, step constraint or exact encodings. successors then
// takes the short loop of plainSuccessors, where a transition costs the
// least.
func (s *search[S, A]) plain() bool {
	return s.effector == nil && s.name == nil && s.visit == nil && s.visitEffect == nil &&
		s.cutStep == nil && !s.opts.Exact && !s.recording()
}

func (s *search[S, A]) successors(i, id int, w *worker[S, A]) {
	st := s.level[i]
	w.acts = s.m.Actions(st, w.acts[:0])
	w.maxActs = max(w.maxActs, len(w.acts))
	if len(w.acts) > maxActions {
		w.overrun = fmt.Sprintf("a state has %d enabled actions; at most %d are supported", len(w.acts), maxActions)
		return
	}
	var succ int
	if s.plain() {
		if s.word != nil {
			succ = s.wordSuccessors(i, st, w)
		} else {
			succ = s.plainSuccessors(i, st, w)
		}
	} else {
		succ = s.allSuccessors(i, id, st, w)
	}
	w.gen += int64(succ)
	if succ == 0 && (s.ender == nil || !s.ender.AllowedEnd(st)) {
		for p, prop := range s.props {
			if prop.Kind == KindDeadlock && s.findings[p] == nil {
				w.note(p, uint64(i))
			}
		}
	}
}

// plainSuccessors is allSuccessors when s.plain(): the same candidates and
// discoveries, without the branches for what the search does not do. A
// successor that encodes like st itself, a self-loop (a third of TwoPhase's
// steps: receiving a message a second time), is visited: it is counted
// and its step checked, but not hashed.
func (s *search[S, A]) plainSuccessors(i int, st S, w *worker[S, A]) int {
	succ := 0
	m, recent := s.m, w.recent
	w.self = m.Encode(w.self[:0], st)
	self, word := w.self, len(w.self) == 8
	var selfWord uint64
	if word {
		selfWord = binary.LittleEndian.Uint64(self)
	}
	for j, a := range w.acts {
		next, ok := m.Next(st, a)
		if !ok {
			continue
		}
		succ++
		k := makeKey(i, j)
		if len(s.stepProps) > 0 {
			s.noteStepHits(w, i, a, next, k, nil)
		}
		w.enc = m.Encode(w.enc[:0], next)
		var h uint64
		if word && len(w.enc) == 8 { // hashOf, inlined for the commonest length
			v := binary.LittleEndian.Uint64(w.enc)
			if v == selfWord {
				continue
			}
			h = mix64(v)
		} else {
			if bytes.Equal(w.enc, self) {
				continue
			}
			h = hashOf(w.enc)
		}
		if recent[h&recentMask] == h {
			continue
		}
		recent[h&recentMask] = h
		b := h >> (64 - bucketBits)
		w.buckets[b] = append(w.buckets[b], candidate{h: h, key: k})
	}
	return succ
}

// allSuccessors takes the enabled actions w.acts of st, state i of the
// level, for worker id: it checks step properties, notes the liveness
// graph's edges and coverage, and makes a candidate of every successor not
// in w.recent. It returns the number of successors (steps whose Next is
// ok).
func (s *search[S, A]) allSuccessors(i, id int, st S, w *worker[S, A]) int {
	succ := 0
	rec := s.recording()
	notes := len(w.notes.notes)
	for j, a := range w.acts {
		next, ok := s.next(w, st, a)
		if s.name != nil {
			s.countAction(id, s.name(a), ok)
		}
		if rec {
			cls := int32(-1)
			if s.rec.classOf != nil {
				cls = w.notes.classOf(s.rec.classOf(st, a))
			}
			if !ok {
				if cls >= 0 {
					w.notes.notes = append(w.notes.notes, note{class: cls, act: uint16(j)})
				}
				continue
			}
			w.notes.notes = append(w.notes.notes, note{class: cls, act: uint16(j), ok: true})
		}
		if !ok {
			continue
		}
		succ++
		if s.visit != nil {
			s.visit(id, st, a, next)
		}
		if s.visitEffect != nil {
			s.visitEffect(id, st, a, next, w.effect)
		}
		k := makeKey(i, j)
		if len(s.stepProps) > 0 {
			s.noteStepHits(w, i, a, next, k, w.effect)
		}
		if s.cutStep != nil && s.cutStep(st, a, next) {
			s.cutSuccessor(id, k, next)
			if rec {
				// No edge, as in buildGraph: the step's class stays
				// enabled for fairness, as beyond the model's bounds.
				last := len(w.notes.notes) - 1
				if w.notes.notes[last].class >= 0 {
					w.notes.notes[last].ok = false
				} else {
					w.notes.notes = w.notes.notes[:last]
				}
			}
			continue
		}
		w.enc = s.m.Encode(w.enc[:0], next)
		h := hashOf(w.enc)
		if rec {
			w.notes.notes[len(w.notes.notes)-1].h = h
		}
		if w.recent != nil {
			if w.recent[h&recentMask] == h {
				continue
			}
			w.recent[h&recentMask] = h
		}
		b := h >> (64 - bucketBits)
		w.buckets[b] = append(w.buckets[b], candidate{h: h, key: k})
		if s.opts.Exact {
			w.offs[b] = append(w.offs[b], uint32(len(w.encs[b])))
			w.encs[b] = append(w.encs[b], w.enc...)
		}
	}
	if rec {
		w.notes.counts = append(w.notes.counts, uint32(len(w.notes.notes)-notes))
	}
	return succ
}

// mergeFirst records, for each property not yet decided, the smallest
// discovery any worker made in this phase.
func (s *search[S, A]) mergeFirst(ws []*worker[S, A], at func(p int, k uint64) found) {
	for p := range s.props {
		if s.findings[p] != nil {
			continue
		}
		best := uint64(noKey)
		for _, w := range ws {
			best = min(best, w.first[p])
			w.first[p] = noKey
		}
		if best != noKey {
			f := at(p, best)
			s.findings[p] = &f
		}
	}
}

// rebuild replays each new state from its parent and action, records its
// links, and checks state properties on it. It returns nil if the run was
// stopped meanwhile, and an error if the model panicked (as in generate,
// the first new state in key order whose rebuilding panicked).
func (s *search[S, A]) rebuild(ws []*worker[S, A], keys, locs []uint64) ([]S, error) {
	next := s.spare[:0]
	if next != nil && cap(next) >= len(keys) {
		next = next[:len(keys)]
	} else {
		next = make([]S, len(keys)) // never nil, which would mean stopped
	}
	s.spare = nil
	ln := links{parent: make([]uint32, len(keys)), action: make([]uint16, len(keys))}
	work := &chunks{n: len(keys), size: 1024}
	parallel(s.workers, func(wi int) {
		w := ws[wi]
		for !s.lim.poll() && !s.panicked.Load() {
			lo, hi, ok := work.take()
			if !ok || !s.rebuildChunk(w, keys, locs, next, ln, lo, hi) {
				return
			}
		}
	})
	if c := firstCaught(ws); c != nil {
		k := keys[c.at.index]
		c.at = found{level: s.depth, index: keyParent(k), step: keyAction(k)}
		return nil, s.panicError(c)
	}
	if s.lim.stopped.Load() {
		return nil, nil
	}
	s.links = append(s.links, ln)
	s.mergeFirst(ws, func(_ int, k uint64) found {
		return found{level: s.depth + 1, index: int(k), step: -1}
	})
	return next, nil
}

// rebuildChunk rebuilds the new states [lo, hi) of keys into next. It
// returns false when the model panicked, after recording where in w.caught.
func (s *search[S, A]) rebuildChunk(w *worker[S, A], keys, locs []uint64, next []S, ln links, lo, hi int) (ok bool) {
	i := lo
	defer s.catch(w, &i, &ok)
	last := -1 // the parent whose actions w.acts holds: keys are in parent order
	for ; i < hi; i++ {
		k := keys[i]
		p, j := keyParent(k), keyAction(k)
		st := s.level[p]
		if p != last {
			w.acts, last = s.m.Actions(st, w.acts[:0]), p
		}
		next[i], _ = s.m.Next(st, w.acts[j])
		ln.parent[i], ln.action[i] = uint32(p), uint16(j)
		if locs != nil && s.recording() {
			id := s.rec.base[len(s.rec.base)-1] + i
			s.rec.predicates(s.props, id, next[i])
			s.seen.(*fpTable).setIDAt(locs[i], id)
		}
		for _, p := range s.stateProps {
			if s.findings[p] == nil && stateHit(s.props[p], next[i]) {
				w.note(p, uint64(i))
			}
		}
	}
	return true
}
