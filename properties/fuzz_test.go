package properties_test

import (
	"strconv"
	"strings"
	"testing"

	fuzz "github.com/google/gofuzz"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// FuzzChart walks a scenario along fuzzed choices and renders the trace:
// rendering never panics and gives one line per state plus a header, each
// numbered in order.
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
		if len(lines) != len(tr.Steps)+1 {
			t.Fatalf("%d chart lines for %d states", len(lines), len(tr.Steps))
		}
		for i, l := range lines[1:] {
			if fields := strings.Fields(l); len(fields) == 0 || fields[0] != strconv.Itoa(i) {
				t.Fatalf("line %d is %q", i+1, l)
			}
		}
	})
}
