package itf

import (
	"encoding/json"
	"fmt"

	"github.com/timewait/timewait/checker"
)

// StepError is a step of a trace file that the model cannot take.
type StepError struct {
	Step   int    // index of the state that no step reaches (0: no initial state matches)
	Reason string // what is wrong
}

func (e *StepError) Error() string { return fmt.Sprintf("state %d: %s", e.Step, e.Reason) }

// Replay checks t against m step by step: its first state must be an
// initial state of m, and each next state one that m reaches in one step
// from the state before (with that step's label, when the file names
// one). It returns the trace as the model takes it, or a [*StepError]
// naming the first state that does not follow.
func Replay[S, A any](m checker.Model[S, A], t *Trace, vars Vars[S]) (*checker.Trace[S, A], error) {
	want := make([]string, len(t.States))
	for i, s := range t.States {
		want[i] = canonical(s)
	}
	var cur S
	found := false
	for _, st := range m.Init() {
		if canonical(vars(st)) == want[0] {
			cur, found = st, true
			break
		}
	}
	if !found {
		return nil, &StepError{Step: 0, Reason: "it is not an initial state of the model with this configuration"}
	}
	out := &checker.Trace[S, A]{Steps: []checker.Step[S, A]{{Label: "init", State: cur}}}
	var acts []A
	for i := 1; i < len(t.States); i++ {
		label := labelOf(t.States[i])
		acts = m.Actions(cur, acts[:0])
		matched := false
		for _, a := range acts {
			next, ok := m.Next(cur, a)
			if !ok || canonical(vars(next)) != want[i] {
				continue
			}
			l := stepLabel(m, cur, a, next)
			if label != "" && l != label {
				continue // another step to the same state: keep looking for the one named
			}
			out.Steps = append(out.Steps, checker.Step[S, A]{Action: a, Label: l, State: next})
			cur, matched = next, true
			break
		}
		if !matched {
			reason := "no step of the model reaches it from the state before"
			if label != "" {
				reason = fmt.Sprintf("no step of the model labelled %q reaches it from the state before", label)
			}
			return nil, &StepError{Step: i, Reason: reason}
		}
	}
	if loop, ok := t.Meta["loop"].(float64); ok {
		out.Lasso, out.LoopAt = true, int(loop)
	}
	return out, nil
}

// canonical is a state's variables as JSON with sorted keys and without
// its "#meta", so that a state read from a file and one computed compare
// equal exactly when their variables do.
func canonical(s map[string]any) string {
	vars := make(map[string]any, len(s))
	for k, v := range s {
		if k != "#meta" {
			vars[k] = v
		}
	}
	b, _ := json.Marshal(vars)
	return string(b)
}

func labelOf(s map[string]any) string {
	meta, _ := s["#meta"].(map[string]any)
	l, _ := meta["label"].(string)
	return l
}

func stepLabel[S, A any](m checker.Model[S, A], from S, a A, to S) string {
	if l, ok := m.(checker.Labeler[S, A]); ok {
		return l.Label(from, a, to)
	}
	return fmt.Sprint(a)
}
