package conform

import (
	"fmt"

	"github.com/timewait/timewait/model"
)

// Twin runs the model alongside the kernel: the same steps, taken in the
// model, give the model's prediction of what the kernel (endpoint A) does.
type Twin struct {
	M *model.Model
	W model.World
	// WireTimestamps says that the harness's B sends RFC 7323 timestamps
	// (the lab's tcp_timestamps=1): NewTwin takes the model's option, and
	// a test of a scenario's Fix keeps it on while the model's is off, to
	// show the model's prediction without timestamps against a kernel
	// that has them.
	WireTimestamps bool
}

// NewTwin starts the model of c in its initial state.
func NewTwin(c model.Config) (*Twin, error) {
	m, err := model.New(c)
	if err != nil {
		return nil, err
	}
	return &Twin{M: m, W: m.Init()[0], WireTimestamps: c.Timestamps}, nil
}

// Take takes the first enabled action of the given kind and side (for
// network actions, the side that sent the segment) and returns what it
// did.
func (t *Twin) Take(kind model.ActionKind, side model.Side) (model.Effect, error) {
	for _, a := range t.M.Actions(t.W, nil) {
		if a.Kind != kind || a.Side != side {
			continue
		}
		next, eff, ok := t.M.Step(t.W, a)
		if !ok {
			return eff, fmt.Errorf("model: %v is beyond the model's bounds", a)
		}
		t.W = next
		return eff, nil
	}
	return model.Effect{}, fmt.Errorf("model: no %v enabled in %v", model.Action{Kind: kind, Side: side}, t.W)
}

// take takes s's exact action if it has one, else the first of its kind.
func (t *Twin) take(s Step) (model.Effect, error) {
	if s.Exact == nil {
		return t.Take(s.Kind, s.Side)
	}
	next, eff, ok := t.M.Step(t.W, *s.Exact)
	if !ok {
		return eff, fmt.Errorf("model: %v is beyond the model's bounds", *s.Exact)
	}
	t.W = next
	return eff, nil
}

// Receive delivers a segment the harness made to A and returns A's
// reaction, leaving the twin in the world after it.
func (t *Twin) Receive(seg model.Segment) (model.Effect, error) {
	next, eff, ok := t.M.Receive(t.W, model.A, seg)
	if !ok {
		return eff, fmt.Errorf("model: A's answer to %v does not fit in the channel", seg)
	}
	t.W = next
	return eff, nil
}
