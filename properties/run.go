package properties

import (
	"context"
	"strconv"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// Report is the outcome of checking one configuration against the
// catalogue.
type Report struct {
	Scenario string // scenario name, or "custom"
	Config   model.Config
	Model    *model.Model
	Engine   *checker.Report[model.World, model.Action]
	Verdicts []Verdict // one per catalogue property, in catalogue order
}

// Verdict is one catalogue property's outcome. A property that does not
// apply to the configuration has Applies false and no result.
type Verdict struct {
	Property Property
	Applies  bool
	Result   checker.Result[model.World, model.Action]
}

// Safety reports whether the property is a safety property (always or
// always-step): its violation is a failure. Witnesses (sometimes) and
// liveness properties only inform.
func (v Verdict) Safety() bool { return v.Property.Kind.Safety() }

// Check explores cfg and evaluates every applicable catalogue property.
func Check(ctx context.Context, scenario string, cfg model.Config, opts checker.Options) (*Report, error) {
	m, err := model.New(cfg)
	if err != nil {
		return nil, err
	}
	var props []checker.Property[model.World, model.Action]
	r := &Report{Scenario: scenario, Config: cfg, Model: m}
	for _, p := range All() {
		v := Verdict{Property: p, Applies: p.Applies(cfg)}
		if v.Applies {
			props = append(props, p.For(m))
		}
		r.Verdicts = append(r.Verdicts, v)
	}
	eng, err := checker.Check(ctx, m, opts, props...)
	if err != nil {
		return nil, err
	}
	r.Engine = eng
	for i := range r.Verdicts {
		if res, ok := eng.Result(r.Verdicts[i].Property.Name); ok {
			r.Verdicts[i].Result = res
		}
	}
	return r, nil
}

// Failed reports whether an applicable safety property is violated.
func (r *Report) Failed() bool {
	for _, v := range r.Verdicts {
		if v.Applies && v.Safety() && v.Result.Verdict == checker.Violated {
			return true
		}
	}
	return false
}

// LivenessFailed reports whether the run fails through a liveness property
// only: the outcome is a failure and no safety property is violated.
func (r *Report) LivenessFailed() bool {
	return r.Engine.Outcome == checker.Fail && !r.Failed()
}

// Incomplete reports whether the run stopped before deciding some
// applicable safety property or, when liveness was requested, some
// applicable liveness property (r.Engine.LivenessStopReason says why), and
// nothing was violated: the engine's outcome is unknown. A violation found
// outranks what is left undecided.
func (r *Report) Incomplete() bool { return r.Engine.Outcome == checker.Unknown }

// Undecided reports whether some applicable property was left incomplete,
// witnesses included: a matrix row with a "?" in it. Unlike Incomplete, a
// violation does not outrank it.
func (r *Report) Undecided() bool {
	for _, v := range r.Verdicts {
		if v.Applies && v.Result.Verdict == checker.Incomplete {
			return true
		}
	}
	return false
}

// StopReason says why the run left something undecided: the liveness
// phase's reason when that phase was stopped, else the search's.
func (r *Report) StopReason() string {
	if r.Engine.LivenessStopReason != "" {
		return r.Engine.LivenessStopReason
	}
	return r.Engine.StopReason
}

// Shortest returns the violated safety property with the shortest
// counterexample (the first in catalogue order on a tie); when no safety
// property is violated, the violated liveness property with the shortest
// lasso; or false.
func (r *Report) Shortest() (Verdict, bool) {
	if v, ok := r.shortest(Verdict.Safety); ok {
		return v, true
	}
	return r.shortest(func(v Verdict) bool { return v.Result.Trace != nil && v.Result.Trace.Lasso })
}

func (r *Report) shortest(kind func(Verdict) bool) (Verdict, bool) {
	var best Verdict
	found := false
	for _, v := range r.Verdicts {
		if !v.Applies || !kind(v) || v.Result.Verdict != checker.Violated || v.Result.Trace == nil {
			continue
		}
		if !found || v.Result.Trace.Len() < best.Result.Trace.Len() {
			best, found = v, true
		}
	}
	return best, found
}

// Short is the verdict as the matrix prints it: "holds", "VIOLATED (12)",
// "reached (9)", "never reached", "not checked", "incomplete" or "n/a".
func (v Verdict) Short() string {
	if !v.Applies {
		return "n/a"
	}
	steps := 0
	if v.Result.Trace != nil {
		steps = v.Result.Trace.Len()
	}
	if v.Result.Verdict == checker.Violated && v.Result.Trace != nil && v.Result.Trace.Lasso {
		return "VIOLATED (lasso " + strconv.Itoa(steps) + ")"
	}
	switch v.Result.Verdict {
	case checker.Reached:
		return "reached (" + strconv.Itoa(steps) + ")"
	case checker.Unreached:
		return "never reached"
	case checker.Violated:
		return "VIOLATED (" + strconv.Itoa(steps) + ")"
	}
	return v.Result.Verdict.String()
}
