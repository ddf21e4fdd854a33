package rapidwalk_test

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/rapidwalk"
	"github.com/timewait/timewait/checker/twophase"
)

// A buggy TwoPhase whose TM may commit before every RM is prepared.
type hastyTM struct{ twophase.Model }

func (m hastyTM) Actions(s twophase.State, buf []twophase.Action) []twophase.Action {
	buf = m.Model.Actions(s, buf)
	if s.TM == twophase.TMInit && s.TMPrepared != 0 {
		buf = append(buf, twophase.Action{Kind: twophase.TMCommit})
	}
	return buf
}

// Example: test your own model with random walks inside a rapid test.
// (Examples cannot run rapid; TestWalksFindAndShrinkABug runs this.)
func Example() {
	var t *testing.T // your test's t
	m, _ := twophase.New(5)
	rapid.Check(t, func(rt *rapid.T) {
		rapidwalk.Check(rt, m, rapidwalk.Options[twophase.State, twophase.Action]{Depth: 30}, m.Properties()...)
	})
}

func TestWalksPassACorrectModel(t *testing.T) {
	m, _ := twophase.New(5)
	rapid.Check(t, func(rt *rapid.T) {
		rapidwalk.Check(rt, m, rapidwalk.Options[twophase.State, twophase.Action]{Depth: 30}, m.Properties()...)
	})
}

// The bug needs one RM to prepare, the TM to receive it and commit early,
// that RM to receive the commit and another RM to abort: 5 steps, which is
// also BFS's shortest counterexample. rapid must find it and shrink it to
// at most 2 steps more.
func TestWalksFindAndShrinkABug(t *testing.T) {
	base, _ := twophase.New(3)
	m := checker.Model[twophase.State, twophase.Action](hastyTM{base})
	consistent := base.Properties()[0]
	r, err := checker.Check(t.Context(), m, checker.Options{}, consistent)
	if err != nil || r.Results[0].Verdict != checker.Violated {
		t.Fatalf("BFS: %v %v", err, r.Results[0].Verdict)
	}
	shortest := r.Results[0].Trace.Len()

	out, failed := rapidwalk.Catch(func(rt *rapid.T) {
		rapidwalk.Check(rt, m, rapidwalk.Options[twophase.State, twophase.Action]{Depth: 20}, consistent)
	})
	if !failed {
		t.Fatal("random walks did not find the bug")
	}
	steps := -1
	if i := strings.Index(out, "consistent violated after "); i >= 0 {
		fmt.Sscanf(out[i:], "consistent violated after %d steps", &steps)
	}
	t.Logf("shortest %d, shrunk walk %d", shortest, steps)
	if steps < shortest || steps > shortest+2 {
		t.Fatalf("BFS's shortest counterexample has %d steps; want the walk shrunk to %d..%d steps, got %d:\n%s", shortest, shortest, shortest+2, steps, out)
	}
}
