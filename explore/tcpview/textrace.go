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
	scenarioLine  = regexp.MustCompile(`^scenario (\S+): `)
)

// parseChart reads the sequence chart that timewait check prints (with
// --show, or for the shortest counterexample): the rows after the "step A
// B" header, up to the first empty line. It returns the scenario the
// output names, if any.
func parseChart(text string) (scenario string, rows []chartRow, err error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	start := -1
	for i, l := range lines {
		if m := scenarioLine.FindStringSubmatch(l); m != nil && scenario == "" {
			scenario = m[1]
		}
		if chartHeader.MatchString(strings.TrimRight(l, " ")) {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return "", nil, fmt.Errorf("not a trace file: neither JSON (ITF, from check --trace-out) nor a sequence chart (check --show) with its \"step  A  B\" header")
	}
	for _, l := range lines[start:] {
		l = strings.TrimRight(l, " ")
		switch {
		case l == "":
			return scenario, rows, checkRows(rows)
		case strings.HasPrefix(strings.TrimSpace(l), "----"):
			continue // a lasso's mark
		}
		if m := chartStepLine.FindStringSubmatch(l); m != nil {
			if want := fmt.Sprint(len(rows)); m[1] != want {
				return "", nil, fmt.Errorf("the chart's row %q is numbered %s; want %s", clip(l), m[1], want)
			}
			rows = append(rows, chartRow{m[2]})
			continue
		}
		if len(rows) == 0 {
			return "", nil, fmt.Errorf("the chart's line %q is not a step", clip(l))
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], l)
	}
	return scenario, rows, checkRows(rows)
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
	_, rows, _ := parseChart("step  A  B\n" + strings.SplitN(properties.Chart(m, t), "\n", 2)[1])
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
