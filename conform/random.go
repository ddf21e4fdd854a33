package conform

import (
	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// RandomConfig is the configuration random traces are drawn from: A sends
// a unit of data and closes first, B sends a unit, the network may lose one
// segment and duplicate one. A's FIN leaves behind its unacknowledged data
// (the model's send window), as Linux sends it. Delivery is FIFO per
// direction (docs/conformance.md says why).
func RandomConfig() model.Config {
	c := BaseConfig()
	c.A.Data, c.B.Data = 1, 1
	c.Loss, c.Duplicate = 1, 1
	return c
}

// RandomSteps draws random trace seed of m with the engine's random walk
// (checker.RandomWalk, as `timewait simulate` takes them): up to depth
// steps, each chosen uniformly among the enabled actions the kernel can
// mirror. A's timers are left out (the kernel's own clock runs them), so
// a trace ends early where only those remain; so is the loss of A's only
// SYN in flight, after which only A's timer could go on (lostSYNOfA). Its only error is the
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
		if a.Kind == model.ActLose && lostSYNOfA(w, a) {
			continue
		}
		kept = append(kept, a)
	}
	return kept
}

// lostSYNOfA reports whether a, a loss, takes the last copy of A's SYN
// off the network. Only A's retransmission timer, which random traces
// never fire, would send it again, so such a trace would end there, at
// its second step; it is left out, and the trace goes on.
func lostSYNOfA(w model.World, a model.Action) bool {
	if a.Side != model.A {
		return false
	}
	segs := w.Channel(model.A).List()
	seg := segs[a.Index]
	if !seg.Has(model.SYN) || seg.Has(model.ACK) {
		return false
	}
	for i, o := range segs {
		if i != int(a.Index) && o.Has(model.SYN) && !o.Has(model.ACK) && o.Seq == seg.Seq {
			return false // a copy (the network's duplicate) is still in flight
		}
	}
	return true
}

// RandomTimestampsConfig is RandomConfig with RFC 7323 timestamps on,
// in the model and in the lab.
func RandomTimestampsConfig() model.Config {
	c := RandomConfig()
	c.Timestamps = true
	return c
}

// CheckRandom replays random trace number i of seed against the kernel.
func CheckRandom(profile string, seed uint64, i, depth int) (*Result, error) {
	return CheckRandomRecorded(profile, seed, i, depth, nil)
}

// CheckRandomRecorded is CheckRandom that also records, in rec when it is
// not nil, every call made to the kernel and every packet exchanged.
func CheckRandomRecorded(profile string, seed uint64, i, depth int, rec *Recorder) (*Result, error) {
	return CheckRandomWith(RandomConfig(), profile, seed, i, depth, rec)
}

// CheckRandomWith is CheckRandomRecorded drawing the trace from c, a
// variant of RandomConfig (with Reorder, for one, or Timestamps, as
// RandomTimestampsConfig: then the lab runs with tcp_timestamps=1, the
// harness sends timestamps, and the Result says so).
func CheckRandomWith(c model.Config, profile string, seed uint64, i, depth int, rec *Recorder) (*Result, error) {
	res, _, err := checkRandom(c, profile, seed, i, depth, rec)
	return res, err
}

// randomScenario is random trace seed of c under profile as a scenario
// (named random, or random-timestamps with c.Timestamps, whose Sysctls
// then turn on tcp_timestamps; either with a -reorder suffix with
// c.Reorder), and the twin to replay it with.
func randomScenario(c model.Config, profile string, seed uint64, depth int) (Scenario, *Twin, error) {
	if err := model.ApplyProfile(&c, profile); err != nil {
		return Scenario{}, nil, err
	}
	sc := Scenario{Name: "random", RFC1337: c.RFC1337}
	if c.Timestamps {
		sc.Name, sc.Setup = "random-timestamps", timestamps
	}
	if c.Reorder {
		sc.Name += "-reorder"
	}
	tw, err := NewTwin(c)
	if err != nil {
		return sc, nil, err
	}
	sc.Steps, err = RandomSteps(tw.M, seed, depth)
	return sc, tw, err
}

// checkRandom is CheckRandomWith that also returns the trace's steps.
func checkRandom(c model.Config, profile string, seed uint64, i, depth int, rec *Recorder) (*Result, []Step, error) {
	sc, tw, err := randomScenario(c, profile, seed+uint64(i), depth)
	if err != nil {
		return nil, nil, err
	}
	res := &Result{Scenario: sc.Name, Profile: profile, Timestamps: tw.WireTimestamps}
	err = Run(sc.Sysctls(), func(l *Lab) error {
		d, err := Replay(recorded(l, rec), tw, sc.Steps)
		res.Divergence = d
		return err
	})
	if err != nil {
		return res, sc.Steps, err
	}
	ran := len(sc.Steps)
	if res.Divergence != nil {
		ran = res.Divergence.Step
	}
	res.Steps, err = CountSteps(tw.M, sc.Steps, ran)
	return res, sc.Steps, err
}
