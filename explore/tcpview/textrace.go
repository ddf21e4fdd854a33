package tcpview

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// chartRow is one step of a text chart: its first line without the step
// number, and its continuation lines.
type chartRow []string

var (
	chartHeader   = regexp.MustCompile(`^step  A +B$`)
	chartStepLine = regexp.MustCompile(`^ *(\d+)  (.*)$`)
)

// parseChart reads the sequence chart that timewait check prints (with
// --show, or for the shortest counterexample): the rows after the "step A
// B" header, up to the first empty line.
func parseChart(text string) (rows []chartRow, err error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	start := -1
	for i, l := range lines {
		if chartHeader.MatchString(strings.TrimRight(l, " ")) {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return nil, fmt.Errorf("not a trace file: neither JSON (ITF, from check --trace-out) nor a sequence chart (check --show) with its \"step  A  B\" header")
	}
	for _, l := range lines[start:] {
		l = strings.TrimRight(l, " ")
		switch {
		case l == "":
			return rows, checkRows(rows)
		case strings.HasPrefix(strings.TrimSpace(l), "----"):
			continue // a lasso's mark
		}
		if m := chartStepLine.FindStringSubmatch(l); m != nil {
			if want := fmt.Sprint(len(rows)); m[1] != want {
				return nil, fmt.Errorf("the chart's row %q is numbered %s; want %s", clip(l), m[1], want)
			}
			rows = append(rows, chartRow{m[2]})
			continue
		}
		if len(rows) == 0 {
			return nil, fmt.Errorf("the chart's line %q is not a step", clip(l))
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], l)
	}
	return rows, checkRows(rows)
}

func checkRows(rows []chartRow) error {
	if len(rows) == 0 {
		return fmt.Errorf("the chart has no steps")
	}
	return nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// rowsOf renders the chart of t and returns its rows, as parseChart reads
// them.
func rowsOf(m *model.Model, t *checker.Trace[model.World, model.Action]) []chartRow {
	rows, _ := parseChart("step  A  B\n" + strings.SplitN(properties.Chart(m, t), "\n", 2)[1])
	return rows
}

// textTrace finds the trace whose chart is rows: at each step an enabled
// action whose row reads the same, backtracking when two actions read
// alike and only one goes on as the chart does.
func (m *Model) textTrace(rows []chartRow) (*checker.Trace[model.World, model.Action], error) {
	init := m.Init()[0]
	t := &checker.Trace[model.World, model.Action]{Steps: []checker.Step[model.World, model.Action]{{Label: "init", State: init}}}
	if got := rowsOf(m.Model, t); !sameRow(got[0], rows[0]) {
		return nil, fmt.Errorf("the chart's step 0 (%s) is not the model's initial state (%s)", strings.Join(strings.Fields(rows[0][0]), " "), strings.Join(strings.Fields(got[0][0]), " "))
	}
	deepest := 0
	var walk func(i int) bool
	walk = func(i int) bool {
		deepest = max(deepest, i)
		if i == len(rows) {
			return true
		}
		cur := t.Steps[len(t.Steps)-1].State
		for _, a := range m.Actions(cur, nil) {
			next, ok := m.Next(cur, a)
			if !ok {
				continue
			}
			two := &checker.Trace[model.World, model.Action]{Steps: []checker.Step[model.World, model.Action]{{State: cur}, {Action: a, State: next}}}
			if !sameRow(rowsOf(m.Model, two)[1], rows[i]) {
				continue
			}
			t.Steps = append(t.Steps, checker.Step[model.World, model.Action]{Action: a, Label: m.Label(cur, a, next), State: next})
			if walk(i + 1) {
				return true
			}
			t.Steps = t.Steps[:len(t.Steps)-1]
		}
		return false
	}
	if !walk(1) {
		return nil, fmt.Errorf("the chart's step %d (%s) is no step the model takes there", deepest, strings.Join(strings.Fields(rows[deepest][0]), " "))
	}
	return t, nil
}

func sameRow(a, b chartRow) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.TrimRight(a[i], " ") != strings.TrimRight(b[i], " ") {
			return false
		}
	}
	return true
}

// CheckOutputConfig reads the configuration that timewait check's text
// names in its first line of the form "scenario NAME: SUMMARY" (the line
// after "checked in ..."; lines before it, such as a note, are passed
// over, and the first such line decides): a built-in scenario, or one
// changed by flags or a config file ("scenario B+flags: custom: B with k=v
// ..." or "custom: as B"). found is false when the text has no such line,
// as a chart cut out of it; err says why a line it has does not name a
// configuration.
func CheckOutputConfig(text string) (name string, c model.Config, found bool, err error) {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		rest, ok := strings.CutPrefix(line, "scenario ")
		if !ok {
			continue
		}
		name, summary, ok := strings.Cut(rest, ": ")
		if !ok || strings.ContainsAny(name, " \t") {
			continue
		}
		if sc, ok := properties.ScenarioByName(name); ok {
			return name, sc.Config, true, nil
		}
		base, _, _ := strings.Cut(name, "+")
		sc, ok := properties.ScenarioByName(base)
		if !ok {
			return name, c, true, fmt.Errorf("it names scenario %q, which is not built in; want one of %s", clip(name), strings.Join(properties.ScenarioNames(), ", "))
		}
		c = sc.Config
		if summary == "custom: as "+base {
			return name, c, true, nil
		}
		sets, ok := strings.CutPrefix(summary, "custom: "+base+" with ")
		if !ok {
			return name, c, true, fmt.Errorf("its line %q does not say how scenario %s was changed (want \"custom: %s with key=value ...\")", clip(line), base, base)
		}
		for _, kv := range strings.Fields(sets) {
			k, v, _ := strings.Cut(kv, "=")
			if err := c.Set(k, v); err != nil {
				return name, c, true, fmt.Errorf("its line %q: %v", clip(line), err)
			}
		}
		return name, c, true, c.Validate()
	}
	return "", c, false, nil
}
