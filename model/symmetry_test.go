package model_test

import (
	"context"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// The model gives its actions fairness classes through the checker's one
// fairness interface; a changed signature would silently make every action
// unfair.
var _ checker.Fairness[model.World, model.Action] = (*model.Model)(nil)

// The symmetry reduction must not change any verdict: on configurations
// small enough to check both ways, every property gets the same verdict with
// and without it, and the reduction explores fewer states.
func TestSymmetryReductionKeepsEveryVerdict(t *testing.T) {
	base := model.DefaultConfig()
	base.SeqSpace, base.Retries, base.Duplicate = 8, 2, 0
	configs := map[string]func(c *model.Config){
		"no-timewait":   func(c *model.Config) { c.TimeWait = 0 },
		"assassination": func(c *model.Config) { c.RFC1337 = false },
		"isn-any":       func(c *model.Config) { c.ISN = model.ISNAny; c.Loss = 0 },
	}
	for name, f := range configs {
		t.Run(name, func(t *testing.T) {
			c := base
			f(&c)
			var counts [2]int
			var verdicts [2][]checker.Verdict
			for i, off := range []bool{false, true} {
				c.NoSymmetry = off
				m, _ := model.New(c)
				r, err := checker.Check(context.Background(), m, checker.Options{CollectAll: true}, safetyAndWitnesses()...)
				if err != nil {
					t.Fatal(err)
				}
				counts[i] = r.Distinct
				for _, res := range r.Results {
					verdicts[i] = append(verdicts[i], res.Verdict)
				}
			}
			if counts[0] >= counts[1] {
				t.Errorf("symmetry reduction explored %d states, without it %d", counts[0], counts[1])
			}
			for i := range verdicts[0] {
				if verdicts[0][i] != verdicts[1][i] {
					t.Errorf("property %d: %v with symmetry, %v without", i, verdicts[0][i], verdicts[1][i])
				}
			}
		})
	}
}

// safetyAndWitnesses are properties defined on the model alone (the catalogue
// lives in properties/, which imports this package).
func safetyAndWitnesses() []checker.Property[model.World, model.Action] {
	return []checker.Property[model.World, model.Action]{
		checker.Sometimes[model.World, model.Action]("time-wait", func(w model.World) bool { return w.A.State == model.TimeWait }),
		checker.Sometimes[model.World, model.Action]("second connection", func(w model.World) bool {
			return w.A.Conns == 2 && w.A.State == model.Established
		}),
		checker.Sometimes[model.World, model.Action]("B reset in LAST-ACK", func(w model.World) bool { return w.B.State == model.Listen && w.A.State == model.Closed && w.AB.N > 0 }),
		checker.Always[model.World, model.Action]("A's ISS moves on", func(w model.World) bool { return w.A.Conns < 2 || w.A.ISS != 0 }),
	}
}

// Liveness verdicts must not depend on the symmetry reduction either. The
// liveness graph keeps one rotation of each world, so a lasso through it
// must be replayed up to rotation (the assassination configuration's lasso
// made replay panic before), and a segment's fairness class must name it
// alike in every rotation.
func TestSymmetryReductionKeepsLivenessVerdicts(t *testing.T) {
	base := model.DefaultConfig()
	base.SeqSpace, base.Retries, base.Duplicate, base.Connections = 8, 2, 0, 1
	configs := map[string]func(c *model.Config){
		"default":         func(c *model.Config) {},
		"close-wait-leak": func(c *model.Config) { c.B.When = model.CloseNever },
		"assassination":   func(c *model.Config) { c.RFC1337 = false; c.Connections, c.Loss, c.A.Data = 2, 0, 0 },
	}
	established := func(w model.World) bool { return w.A.State == model.Established }
	closed := func(w model.World) bool {
		return w.A.State == model.Closed && (w.B.State == model.Closed || w.B.State == model.Listen)
	}
	inTimeWait := func(w model.World) bool { return w.A.State == model.TimeWait || w.B.State == model.TimeWait }
	notInTimeWait := func(w model.World) bool { return !inTimeWait(w) }
	for name, f := range configs {
		t.Run(name, func(t *testing.T) {
			c := base
			f(&c)
			var verdicts [2][]checker.Verdict
			for i, off := range []bool{false, true} {
				c.NoSymmetry = off
				m, _ := model.New(c)
				r, err := checker.Check(context.Background(), m, checker.Options{CollectAll: true, Liveness: true},
					checker.LeadsTo[model.World, model.Action]("closed", established, closed),
					checker.LeadsTo[model.World, model.Action]("time-wait ends", inTimeWait, notInTimeWait))
				if err != nil {
					t.Fatal(err)
				}
				for _, res := range r.Results {
					verdicts[i] = append(verdicts[i], res.Verdict)
				}
			}
			for i := range verdicts[0] {
				if verdicts[0][i] != verdicts[1][i] {
					t.Errorf("property %d: %v with symmetry, %v without", i, verdicts[0][i], verdicts[1][i])
				}
			}
			t.Log(verdicts[0])
		})
	}
}
