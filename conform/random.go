package conform

import (
	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// RandomConfig is the configuration random traces are drawn from: B sends
// a unit of data, A closes first, the network may lose one segment and
// duplicate one. Two abstractions of the model keep it from more, and
// docs/conformance.md explains both: A sends no data, because the model's
// sender is stop-and-wait and holds its FIN back until its data is
// acknowledged, where Linux sends the FIN at once; and delivery is FIFO
// per direction, because Linux keeps segments that arrive beyond RCV.NXT
// in its out-of-order queue, where the model drops them (RFC 9293
// §3.10.7.4 allows both).
func RandomConfig() model.Config {
	c := BaseConfig()
	c.A.Data, c.B.Data = 0, 1
	c.Loss, c.Duplicate = 1, 1
	return c
}

// RandomSteps draws random trace seed of m with the engine's random walk
// (checker.RandomWalk, as `timewait simulate` takes them): up to depth
// steps, each chosen uniformly among the enabled actions the kernel can
// mirror. A's timers are left out (the kernel's own clock runs them), so
// a trace ends early where only those remain. Its only error is the
// model's panic (a *checker.PanicError).
func RandomSteps(m *model.Model, seed uint64, depth int) ([]Step, error) {
	t, err := checker.RandomWalk(mirrorable{m}, checker.Options{Seed: seed, MaxDepth: depth})
	if err != nil {
		return nil, err
	}
	out := make([]Step, 0, t.Len())
	for _, s := range t.Steps[1:] {
		a := s.Action
		out = append(out, Step{Exact: &a})
	}
	return out, nil
}

// mirrorable is the model without A's timers.
type mirrorable struct{ *model.Model }

func (m mirrorable) Actions(w model.World, buf []model.Action) []model.Action {
	buf = m.Model.Actions(w, buf)
	kept := buf[:0]
	for _, a := range buf {
		if a.Side == model.A && (a.Kind == model.ActRetx || a.Kind == model.ActTimeWait || a.Kind == model.ActFinWait2 || a.Kind == model.ActKeepalive) {
			continue
		}
		kept = append(kept, a)
	}
	return kept
}

// CheckRandom replays random trace number i of seed against the kernel.
func CheckRandom(profile string, seed uint64, i, depth int) (*Result, error) {
	c := RandomConfig()
	if err := model.ApplyProfile(&c, profile); err != nil {
		return nil, err
	}
	sc := Scenario{Name: "random", RFC1337: c.RFC1337}
	tw, err := NewTwin(c)
	if err != nil {
		return nil, err
	}
	if sc.Steps, err = RandomSteps(tw.M, seed+uint64(i), depth); err != nil {
		return nil, err
	}
	res := &Result{Scenario: sc.Name, Profile: profile}
	err = Run(sc.Sysctls(), func(l *Lab) error {
		d, err := Replay(l, tw, sc.Steps)
		res.Divergence = d
		return err
	})
	return res, err
}
