package tcpgraph

import (
	"context"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// traceOf is the trace of a property in a scenario, adjusted by set.
func traceOf(t *testing.T, scenario, property string, set func(*model.Config)) (*model.Model, *checker.Trace[model.World, model.Action]) {
	t.Helper()
	sc, _ := properties.ScenarioByName(scenario)
	cfg := sc.Config
	if set != nil {
		set(&cfg)
	}
	m, err := model.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := properties.ByName(property)
	r, err := checker.Check(context.Background(), m, checker.Options{CollectAll: true}, p.For(m))
	if err != nil || r.Results[0].Trace == nil {
		t.Fatalf("%s in %s: no trace (%v)", property, scenario, err)
	}
	return m, r.Results[0].Trace
}

var endText = regexp.MustCompile(`<text x="(\d+)" y="\d+" text-anchor="end"[^>]*>([^<]*)</text>`)

// The charts the issue found glitches in: no arrow's label lies on another
// (two in-flight labels overprinted each other, and in linger0 they
// covered the red DATA label), and no note left of A's lifeline runs into
// the step numbers (the step-13 note of fin-reacked-in-timewait did).
func TestChartLabelsKeepApart(t *testing.T) {
	cases := []struct {
		name, scenario, property string
		set                      func(*model.Config)
	}{
		{"fin-reacked-in-timewait", "default", "fin-reacked-in-timewait", nil},
		{"linger0 --isn constant", "linger0", "no-stale-accept", func(c *model.Config) { c.ISN = model.ISNConstant }},
	}
	for _, tc := range cases {
		m, tr := traceOf(t, tc.scenario, tc.property, tc.set)
		c := drawChart(tc.name, m, tr, true)
		for i := range c.labels {
			for j := range i {
				other := &chart{labels: []label{c.labels[j]}}
				if other.overlaps(c.labels[i]) {
					t.Errorf("%s: labels %d and %d overlap", tc.name, j, i)
				}
			}
		}
		notes := 0
		for _, mt := range endText.FindAllStringSubmatch(c.b.String(), -1) {
			x, _ := strconv.Atoi(mt[1])
			text := html.UnescapeString(mt[2])
			notes++
			if start := float64(x) - float64(len(text))*charWidth; start < localMargin {
				t.Errorf("%s: %q starts at x=%.0f, over the step numbers (which end at %d)", tc.name, text, start, localMargin)
			}
		}
		if notes == 0 {
			t.Errorf("%s: no note left of A's lifeline to check", tc.name)
		}
	}
}

var selfLoop = regexp.MustCompile(`(?m)^\s*"?(\w+)"?\s*->\s*"?(\w+)"?\s*\[`)

// With --loops, each state has one loop listing its moves, and the
// legend's lines are solid bars, as the edges are drawn.
func TestEndpointLoopsAreOneLoopAState(t *testing.T) {
	sc, _ := properties.ScenarioByName("no-timewait")
	m, err := model.New(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Endpoint(context.Background(), m, checker.Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	moves := map[model.State]int{}
	for _, e := range v.Edges {
		if e.From == e.To {
			moves[e.From]++
		}
	}
	text, err := v.DOT("loops", nil)
	if err != nil {
		t.Fatal(err)
	}
	loops := map[string]int{}
	for _, mt := range selfLoop.FindAllStringSubmatch(text, -1) {
		if mt[1] == mt[2] {
			loops[mt[1]]++
		}
	}
	several := 0
	for s, n := range moves {
		if n > 1 {
			several++
		}
		if loops[stateID(s)] != 1 {
			t.Errorf("%s keeps its state in %d moves, drawn as %d loops; want 1", s, n, loops[stateID(s)])
		}
	}
	if several == 0 {
		t.Error("no state has several moves that keep it: the test shows nothing")
	}
	if strings.Contains(text, "&#8212;") {
		t.Error("the legend draws its lines with dashes")
	}
}
