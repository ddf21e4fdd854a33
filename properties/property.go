package properties

import (
	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// Property is one named property of the TCP model.
type Property struct {
	Name      string
	Statement string       // one line, for people
	Kind      checker.Kind // always, always-step, sometimes, sometimes-step or eventually
	Source    string       // the RFC section or background claim behind it
	// Applies reports whether the property means anything under a
	// configuration; when it does not, reports show "n/a".
	Applies func(model.Config) bool
	// build returns the checker's property for a model.
	build func(m *model.Model) checker.Property[model.World, model.Action]
}

// For returns the checker property for model m.
func (p Property) For(m *model.Model) checker.Property[model.World, model.Action] {
	return p.build(m)
}

func always(name string, f func(w model.World) bool) func(*model.Model) checker.Property[model.World, model.Action] {
	return func(*model.Model) checker.Property[model.World, model.Action] {
		return checker.Always[model.World, model.Action](name, f)
	}
}

func sometimes(name string, f func(w model.World) bool) func(*model.Model) checker.Property[model.World, model.Action] {
	return func(*model.Model) checker.Property[model.World, model.Action] {
		return checker.Sometimes[model.World, model.Action](name, f)
	}
}

// step is one transition with what it did, as step predicates see it:
// pointers to the checker's copies, so that no state is copied for each
// property.
type step struct {
	m        *model.Model
	from, to *model.World
	a        model.Action
	eff      *model.Effect
}

// onSteps builds a step property from f. The checker hands f the effect of
// the step it took (model.Model is a checker.Effector); Step, for callers
// without one, takes the step again.
func onSteps(name string, kind checker.Kind, f func(s step) bool) func(*model.Model) checker.Property[model.World, model.Action] {
	return func(m *model.Model) checker.Property[model.World, model.Action] {
		pred := func(from model.World, a model.Action, to model.World) bool {
			_, eff, _ := m.Step(from, a)
			return f(step{m: m, from: &from, to: &to, a: a, eff: &eff})
		}
		p := checker.AlwaysStep[model.World, model.Action](name, pred)
		if kind == checker.KindSometimesStep {
			p = checker.SometimesStep[model.World, model.Action](name, pred)
		}
		p.StepEffect = func(from *model.World, a model.Action, to *model.World, eff any) bool {
			return f(step{m: m, from: from, to: to, a: a, eff: eff.(*model.Effect)})
		}
		return p
	}
}

func everywhere(model.Config) bool { return true }

// Liveness reports whether the property is a liveness property (eventually
// or leads-to), decided only by a run with liveness checking.
func (p Property) Liveness() bool { return p.Kind.Liveness() }

// Violations are the catalogue's safety properties that apply to a
// configuration, as predicates that say where they fail: in a state
// (always) or in a step (always-step). Drawings mark those states and
// steps.
type Violations struct {
	State func(w model.World) bool                                    // true where an always property fails
	Step  func(from model.World, a model.Action, to model.World) bool // true where an always-step property fails
}

// SafetyPredicates returns the places where m's applicable safety
// properties fail.
func SafetyPredicates(m *model.Model, c model.Config) Violations {
	var states []func(model.World) bool
	var steps []func(model.World, model.Action, model.World) bool
	for _, p := range All() {
		if !p.Applies(c) {
			continue
		}
		cp := p.For(m)
		switch p.Kind {
		case checker.KindAlways:
			states = append(states, cp.State)
		case checker.KindAlwaysStep:
			steps = append(steps, cp.Step)
		}
	}
	return Violations{
		State: func(w model.World) bool {
			for _, holds := range states {
				if !holds(w) {
					return true
				}
			}
			return false
		},
		Step: func(from model.World, a model.Action, to model.World) bool {
			for _, holds := range steps {
				if !holds(from, a, to) {
					return true
				}
			}
			return false
		},
	}
}
