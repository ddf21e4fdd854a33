package properties_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	fuzz "github.com/google/gofuzz"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// FuzzChart walks a scenario along fuzzed choices and renders the trace:
// rendering never panics, gives one numbered line per state in order (an
// event too long for its column goes on on the next lines), and fits 100
// columns.
func FuzzChart(f *testing.F) {
	f.Add([]byte("a walk"))
	f.Add([]byte{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9})
	scenarios := properties.Scenarios()
	f.Fuzz(func(t *testing.T, data []byte) {
		var in struct {
			Scenario uint8
			Choices  []uint16
		}
		fuzz.NewFromGoFuzz(data).NilChance(0).NumElements(0, 60).Fuzz(&in)
		m, err := model.New(scenarios[int(in.Scenario)%len(scenarios)].Config)
		if err != nil {
			t.Fatal(err)
		}
		w := m.Init()[0]
		tr := &checker.Trace[model.World, model.Action]{Steps: []checker.Step[model.World, model.Action]{{Label: "init", State: w}}}
		for _, ch := range in.Choices {
			acts := m.Actions(w, nil)
			if len(acts) == 0 {
				break
			}
			a := acts[int(ch)%len(acts)]
			next, ok := m.Next(w, a)
			if !ok {
				continue
			}
			tr.Steps = append(tr.Steps, checker.Step[model.World, model.Action]{Action: a, Label: m.Label(w, a, next), State: next})
			w = next
		}
		lines := strings.Split(strings.TrimSuffix(properties.Chart(m, tr), "\n"), "\n")
		step := 0
		for i, l := range lines {
			if len(l) > 100 {
				t.Fatalf("line %d is %d columns wide; the chart fits 100: %q", i, len(l), l)
			}
			if i == 0 || strings.HasPrefix(l, "      ") { // the header, or an event's next line
				continue
			}
			if fields := strings.Fields(l); len(fields) == 0 || fields[0] != strconv.Itoa(step) {
				t.Fatalf("line %d is %q; want step %d", i, l, step)
			}
			step++
		}
		if step != len(tr.Steps) {
			t.Fatalf("%d numbered chart lines for %d states", step, len(tr.Steps))
		}
	})
}

// FuzzAcceptedConfig draws a value for every parameter of the table (so a
// new parameter is fuzzed without editing this test), and runs each
// configuration that Validate accepts through model.New and a bounded
// search of the whole catalogue: an accepted configuration never fails to
// build, never breaks the engine's contract, never panics, and a search cut
// short by its bound is never reported as a pass.
func FuzzAcceptedConfig(f *testing.F) {
	f.Add([]byte("default"))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	params := model.Params()
	f.Fuzz(func(t *testing.T, data []byte) {
		var in struct {
			Scenario uint8
			Values   []int8
		}
		fuzz.NewFromGoFuzz(data).NilChance(0).NumElements(len(params), len(params)).Fuzz(&in)
		scenarios := properties.Scenarios()
		c := scenarios[int(in.Scenario)%len(scenarios)].Config
		for i, p := range params {
			v := int(in.Values[i%len(in.Values)])
			var text string
			switch {
			case p.Bool:
				text = strconv.FormatBool(v%2 == 0)
			case strings.HasPrefix(p.Form, "one of "):
				choices := strings.Split(strings.TrimPrefix(p.Form, "one of "), ", ")
				text = choices[(v%len(choices)+len(choices))%len(choices)]
			default:
				text = strconv.Itoa(v % 20) // small values, near the edges of every range
			}
			if v%3 != 0 { // leave about a third of the parameters at the scenario's value
				continue
			}
			if err := c.Set(p.Name, text); err != nil {
				t.Fatalf("Set(%s, %q): %v", p.Name, text, err)
			}
		}
		if c.Validate() != nil {
			return
		}
		if _, err := model.New(c); err != nil {
			t.Fatalf("model.New refused a configuration Validate accepted: %v\n%+v", err, c)
		}
		r, err := properties.Check(context.Background(), "fuzz", c, checker.Options{Workers: 1, MaxStates: 2000, CollectAll: true})
		if err != nil {
			t.Fatalf("search: %v\n%+v", err, c)
		}
		if !r.Engine.Complete && r.Engine.Outcome == checker.Pass {
			t.Fatalf("an incomplete search passed: %s\n%+v", r.Engine.StopReason, c)
		}
	})
}
