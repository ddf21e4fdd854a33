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

// step is one transition with what it did, as step predicates see it.
type step struct {
	m        *model.Model
	from, to model.World
	a        model.Action
	eff      model.Effect
}

func onSteps(name string, kind checker.Kind, f func(s step) bool) func(*model.Model) checker.Property[model.World, model.Action] {
	return func(m *model.Model) checker.Property[model.World, model.Action] {
		pred := func(from model.World, a model.Action, to model.World) bool {
			_, eff, _ := m.Step(from, a)
			return f(step{m: m, from: from, to: to, a: a, eff: eff})
		}
		if kind == checker.KindSometimesStep {
			return checker.SometimesStep[model.World, model.Action](name, pred)
		}
		return checker.AlwaysStep[model.World, model.Action](name, pred)
	}
}

func everywhere(model.Config) bool { return true }
