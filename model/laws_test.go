package model_test

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/timewait/timewait/model"
)

// smallConfig draws a configuration small enough to walk quickly. Every
// true-or-false option and every enumeration (close timings and calls, ISN
// policy) is drawn from the parameter table, model.Params, so a new option
// is tested here without editing this function; the whole numbers that
// size the state space are drawn by hand, small.
func smallConfig(t *rapid.T) model.Config {
	c := model.DefaultConfig()
	for _, p := range model.Params() {
		var v string
		switch {
		case p.Bool:
			v = strconv.FormatBool(rapid.Bool().Draw(t, p.Name))
		case p.Values != nil:
			v = rapid.SampledFrom(p.Values).Draw(t, p.Name)
		default:
			continue
		}
		if err := c.Set(p.Name, v); err != nil {
			t.Fatal(err)
		}
	}
	c.SeqSpace = rapid.SampledFrom([]int{8, 16, 64}).Draw(t, "seq-space")
	c.TimeWait = rapid.IntRange(0, 4).Draw(t, "time-wait")
	c.B.Data = rapid.IntRange(0, 1).Draw(t, "b-data")
	c.A.Data = rapid.IntRange(0, 3).Draw(t, "a-data")
	c.Window = rapid.IntRange(1, 4).Draw(t, "window")
	c.SendWindow = rapid.IntRange(1, 3).Draw(t, "send-window")
	return c
}

// walk draws a reachable world by taking up to 40 random enabled steps.
func walk(t *rapid.T, m *model.Model) model.World {
	w := m.Init()[0]
	steps := rapid.IntRange(0, 40).Draw(t, "steps")
	for i := 0; i < steps; i++ {
		acts := m.Actions(w, nil)
		if len(acts) == 0 {
			break
		}
		a := acts[rapid.IntRange(0, len(acts)-1).Draw(t, "action")]
		if next, ok := m.Next(w, a); ok {
			w = next
		}
	}
	return w
}

// scrambleGhosts rewrites every ghost field of w with drawn values.
func scrambleGhosts(t *rapid.T, w model.World) model.World {
	for _, e := range []*model.Endpoint{&w.A, &w.B} {
		e.Inc = uint8(rapid.IntRange(0, 15).Draw(t, "inc"))
		e.ClosedFirst = rapid.Bool().Draw(t, "closed-first")
		for i := 0; i < int(e.HeldN); i++ {
			e.Held[i].Inc = uint8(rapid.IntRange(0, 15).Draw(t, "held-inc"))
			e.Held[i].Data = uint8(rapid.IntRange(0, 31).Draw(t, "held-data"))
		}
	}
	for _, ch := range []*model.Channel{&w.AB, &w.BA} {
		for i := 0; i < int(ch.N); i++ {
			ch.Segs[i].Inc = uint8(rapid.IntRange(0, 15).Draw(t, "seg-inc"))
			ch.Segs[i].Data = uint8(rapid.IntRange(0, 31).Draw(t, "seg-data"))
		}
	}
	return w
}

// stripGhosts zeroes every ghost field, leaving what protocol logic may read,
// and puts unordered channels back in a ghost-free order.
func stripGhosts(c model.Config, w model.World) model.World {
	for _, e := range []*model.Endpoint{&w.A, &w.B} {
		e.Inc, e.ClosedFirst = 0, false
		for i := range e.Held {
			e.Held[i].Inc, e.Held[i].Data = 0, 0
		}
	}
	for _, ch := range []*model.Channel{&w.AB, &w.BA} {
		segs := ch.List()
		for i := range segs {
			segs[i].Inc, segs[i].Data = 0, 0
		}
		if c.Reorder {
			sort.Slice(segs, func(i, j int) bool { return fmt.Sprint(segs[i]) < fmt.Sprint(segs[j]) })
		}
	}
	return w
}

// protocolSteps is the set of ghost-free outcomes of every enabled step:
// the next world, the note and the segments sent.
func protocolSteps(m *model.Model, w model.World) map[string]bool {
	out := map[string]bool{}
	for _, a := range m.Actions(w, nil) {
		next, eff, ok := m.Step(w, a)
		sent := make([]model.Segment, len(eff.Sent))
		for i, s := range eff.Sent {
			s.Inc, s.Data = 0, 0
			sent[i] = s
		}
		out[fmt.Sprintf("%v %v %v %v", ok, stripGhosts(m.Config(), next), eff.Note, sent)] = true
	}
	return out
}

// Ghost fields exist for properties only: rewriting them leaves the
// protocol's transition relation unchanged: the same ghost-free successors,
// reached with the same notes, sending the same segments. (Two segments in
// flight that differ only in ghost fields are two items of the multiset, so
// the number of delivery actions may differ; what they can lead to may not.)
func TestGhostFieldsNeverChangeProtocolDecisions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m, err := model.New(smallConfig(t))
		if err != nil {
			t.Fatal(err)
		}
		w := walk(t, m)
		g := scrambleGhosts(t, w)
		if !reflect.DeepEqual(protocolSteps(m, w), protocolSteps(m, g)) {
			t.Fatalf("ghost fields changed the protocol's steps from %v", w)
		}
	})
}

// Next is a function: the same world and action give the same result.
func TestNextIsDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m, _ := model.New(smallConfig(t))
		w := walk(t, m)
		for _, a := range m.Actions(w, nil) {
			n1, ok1 := m.Next(w, a)
			n2, ok2 := m.Next(w, a)
			if n1 != n2 || ok1 != ok2 {
				t.Fatalf("Next(%v, %v) differs between calls", w, a)
			}
		}
	})
}

// StepEffect is Next and Step at once: the same successor and ok as Next,
// and the same effect as Step, even when one effect is reused for every
// step, as the checker's workers reuse theirs.
func TestStepEffectAgreesWithNextAndStep(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m, _ := model.New(smallConfig(t))
		w := walk(t, m)
		eff := m.NewEffect()
		for _, a := range m.Actions(w, nil) {
			next, ok := m.StepEffect(w, a, eff)
			n, nok := m.Next(w, a)
			s, seff, sok := m.Step(w, a)
			got := eff.(*model.Effect)
			if next != n || ok != nok || next != s || ok != sok {
				t.Fatalf("StepEffect(%v, %v) = %v, %v; Next %v, %v; Step %v, %v", w, a, next, ok, n, nok, s, sok)
			}
			if ok && fmt.Sprint(*got) != fmt.Sprint(seff) {
				t.Fatalf("StepEffect(%v, %v) wrote %+v; Step returned %+v", w, a, *got, seff)
			}
			if ok && m.LabelEffect(w, a, next, got) != m.Label(w, a, next) {
				t.Fatalf("LabelEffect and Label differ on %v, %v", w, a)
			}
		}
	})
}

// The encoding is canonical and injective: two reachable worlds encode
// alike exactly when they are equal, up to the rotation of sequence numbers
// that the symmetry reduction identifies (and only then).
func TestEncodingIsCanonicalAndInjective(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := smallConfig(t)
		c.NoSymmetry = true
		m, _ := model.New(c)
		w1, w2 := walk(t, m), walk(t, m)
		e1, e2 := m.Encode(nil, w1), m.Encode(nil, w2)
		if (w1 == w2) != bytes.Equal(e1, e2) {
			t.Fatalf("worlds equal %v but encodings equal %v:\n%v\n%v", w1 == w2, bytes.Equal(e1, e2), w1, w2)
		}
		if !bytes.Equal(e1, m.Encode(nil, w1)) {
			t.Fatal("encoding the same world twice differs")
		}
	})
}

// Sequence-number arithmetic obeys its laws across the wrap: a < b exactly
// when b is ahead by less than half the space, Add and Diff are inverse,
// and a window starting anywhere holds exactly its size of numbers.
func TestSequenceArithmeticAcrossTheWrap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(4, 128).Draw(t, "n")
		sp := model.Space{N: uint8(n)}
		a := model.Seq(rapid.IntRange(0, n-1).Draw(t, "a"))
		k := rapid.IntRange(-3*n, 3*n).Draw(t, "k")
		b := sp.Add(a, k)
		if int(b) >= n || sp.Diff(a, b) != ((k%n)+n)%n {
			t.Fatalf("Add/Diff: a=%d k=%d b=%d", a, k, b)
		}
		d := sp.Diff(a, b)
		if sp.Lt(a, b) != (d != 0 && 2*d < n) || (sp.Lt(a, b) && sp.Lt(b, a)) {
			t.Fatalf("Lt(%d, %d) in %d", a, b, n)
		}
		size := rapid.IntRange(1, n).Draw(t, "size")
		in := 0
		for s := 0; s < n; s++ {
			if sp.InWindow(model.Seq(s), a, size) {
				in++
			}
		}
		if in != size {
			t.Fatalf("window of %d at %d holds %d numbers", size, a, in)
		}
	})
}

// A new incarnation's ISS lies beyond every number its side used in the
// incarnations before it: at or after their last SND.NXT. This is what RFC
// 9293 §3.4.1's clock-driven ISN assumes of a clock that outruns the
// connections, and what the model's clock guarantees by moving with the
// numbers consumed (Config.ISNClock). In a space of 128 and without idle
// time, 60 steps cannot bring the clock round.
func TestANewIncarnationStartsBeyondTheNumbersUsed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := smallConfig(t)
		c.ISN, c.IdleTime, c.SeqSpace = model.ISNClock, false, 128
		c.Connections = rapid.IntRange(1, 3).Draw(t, "connections")
		m, _ := model.New(c)
		sp := c.Space()
		w := m.Init()[0]
		var last [2]model.Seq // each side's SND.NXT in its newest connection
		var used [2]bool
		for range 60 {
			acts := m.Actions(w, nil)
			if len(acts) == 0 {
				break
			}
			next, ok := m.Next(w, acts[rapid.IntRange(0, len(acts)-1).Draw(t, "action")])
			if !ok {
				continue
			}
			for _, s := range []model.Side{model.A, model.B} {
				before, after := w.Endpoint(s), next.Endpoint(s)
				opened := (after.State == model.SynSent || after.State == model.SynReceived) &&
					(before.State == model.Closed || before.State == model.Listen || before.State == model.TimeWait)
				if opened && used[s] && !sp.Le(last[s], after.ISS) {
					t.Fatalf("%s opened a connection with ISS %d, behind the SND.NXT %d of its previous one", s, after.ISS, last[s])
				}
				if after.State != model.Closed && after.State != model.Listen {
					last[s], used[s] = after.SndNxt, true
				}
			}
			w = next
		}
	})
}
