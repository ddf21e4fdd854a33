package checker

// Effector is implemented by models that return, with each successor, what
// the step did: its effect (the segment a TCP endpoint received, what it
// sent, why). Step properties that read the effect ([Property.StepEffect])
// and labels ([EffectLabeler]) then get it from the step the engine took,
// instead of taking the step again. A model without it is checked as
// before: the engine calls Next, and step properties get Step.
//
// The engine does not look inside an effect: it is whatever NewEffect
// returns, normally a pointer to the model's effect type, so that handing
// it over allocates nothing.
type Effector[S, A any] interface {
	// NewEffect returns a fresh place for StepEffect to write an effect
	// into. The engine makes one for each worker and reuses it for every
	// step that worker takes, and one for each step of a trace.
	NewEffect() any
	// StepEffect is Next that also writes what the step did into eff, a
	// value NewEffect returned; the effect is valid until the next
	// StepEffect into the same eff. It must agree with Next: same
	// successor, same ok.
	StepEffect(s S, a A, eff any) (next S, ok bool)
}

// EffectLabeler is implemented by Effectors that describe a step from its
// effect, without taking it again. It takes the place of [Labeler] in
// traces of an Effector.
type EffectLabeler[S, A any] interface {
	// LabelEffect describes the step that takes a from `from` to `to`
	// with effect eff.
	LabelEffect(from S, a A, to S, eff any) string
}

// effects returns m as an Effector when it is one and some property reads
// effects; nil otherwise, so that the search then calls Next alone.
func effects[S, A any](m Model[S, A], props []Property[S, A], observed bool) Effector[S, A] {
	e, ok := m.(Effector[S, A])
	if !ok {
		return nil
	}
	if observed {
		return e
	}
	for _, p := range props {
		if p.StepEffect != nil {
			return e
		}
	}
	return nil
}

// next takes a in st for worker w: with its effect into w.effect when the
// search reads effects, with Next otherwise.
func (s *search[S, A]) next(w *worker[S, A], st S, a A) (S, bool) {
	if s.effector == nil {
		return s.m.Next(st, a)
	}
	if w.effect == nil {
		w.effect = s.effector.NewEffect()
	}
	return s.effector.StepEffect(st, a, w.effect)
}

// stepHitEffect is stepHit for a step whose effect eff is known (nil when
// the search reads no effects): a property with StepEffect reads it.
// from and to point to states that outlive the call (a level's state, a
// worker's copy of the successor).
func stepHitEffect[S, A any](prop *Property[S, A], from *S, a A, to *S, eff any) bool {
	if eff == nil || prop.StepEffect == nil {
		return stepHit(*prop, *from, a, *to)
	}
	if prop.Kind == KindSometimesStep {
		return prop.StepEffect(from, a, to, eff)
	}
	return !prop.StepEffect(from, a, to, eff)
}

// takeStep takes a in st for a trace: with a fresh effect when m is an
// Effector, and the step's label, from the effect when m can label one.
func takeStep[S, A any](m Model[S, A], st S, a A) (next S, eff any, label string, ok bool) {
	e, isEff := m.(Effector[S, A])
	if !isEff {
		next, ok = m.Next(st, a)
		if ok {
			label = labelOf(m, st, a, next)
		}
		return next, nil, label, ok
	}
	eff = e.NewEffect()
	if next, ok = e.StepEffect(st, a, eff); !ok {
		return next, nil, "", false
	}
	if l, ok := m.(EffectLabeler[S, A]); ok {
		return next, eff, l.LabelEffect(st, a, next, eff), true
	}
	return next, eff, labelOf(m, st, a, next), true
}

// noteStepHits notes, in w, each step property not yet violated that the
// step a from level state i to next (key k, effect eff or nil) violates
// or, for a witness, reaches.
func (s *search[S, A]) noteStepHits(w *worker[S, A], i int, a A, next S, k uint64, eff any) {
	w.to = next
	for _, p := range s.stepProps {
		if s.findings[p] == nil && stepHitEffect(&s.props[p], &s.level[i], a, &w.to, eff) {
			w.note(p, k)
		}
	}
}
