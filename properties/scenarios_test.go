package properties_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

var rewrite = flag.Bool("rewrite", false, "rewrite golden files and generated docs")

var (
	allOnce    sync.Once
	allReports []*properties.Report
)

// reports checks every scenario once per test binary (about a minute on 2
// cores) and shares the reports between the tests below.
func reports(t *testing.T) []*properties.Report {
	t.Helper()
	if testing.Short() {
		t.Skip("checks every scenario")
	}
	allOnce.Do(func() {
		for _, sc := range properties.Scenarios() {
			r, err := properties.Check(context.Background(), sc.Name, sc.Config, checker.Options{CollectAll: true})
			if err != nil {
				t.Fatal(err)
			}
			allReports = append(allReports, r)
		}
	})
	return allReports
}

func TestScenarioVerdicts(t *testing.T) {
	for _, r := range reports(t) {
		sc, _ := properties.ScenarioByName(r.Scenario)
		if !r.Engine.Complete {
			t.Errorf("%s: incomplete (%s)", r.Scenario, r.Engine.StopReason)
		}
		for _, v := range r.Verdicts {
			if got, want := v.Short(), sc.Expect[v.Property.Name]; got != want {
				t.Errorf("%s: %s is %q; want %q", r.Scenario, v.Property.Name, got, want)
			}
		}
	}
}

// The default scenario is the textbook: every safety property holds.
func TestDefaultScenarioPasses(t *testing.T) {
	r := reports(t)[0]
	if r.Scenario != "default" || r.Failed() || r.Incomplete() {
		t.Fatalf("%s: failed %v, incomplete %v", r.Scenario, r.Failed(), r.Incomplete())
	}
}

func TestResultsMarkdownIsCurrent(t *testing.T) {
	golden(t, filepath.Join("..", "docs", "results.md"), properties.ResultsMarkdown(reports(t)))
}

func TestCatalogueMarkdownIsCurrent(t *testing.T) {
	golden(t, filepath.Join("..", "docs", "properties.md"), properties.CatalogueMarkdown())
}

// Sequence charts of three traces the docs rely on.
func TestChartGoldens(t *testing.T) {
	byName := map[string]*properties.Report{}
	for _, r := range reports(t) {
		byName[r.Scenario] = r
	}
	cases := []struct {
		file, scenario, property string
		verbose                  bool
	}{
		{"no-timewait-reset.txt", "no-timewait", "orderly-close-no-reset", false},
		{"stale-accept.txt", "tw-reuse-constant-isn", "no-stale-accept", false},
		{"simultaneous-witness.txt", "simultaneous", "closing-reached", false},
		{"no-timewait-reset-verbose.txt", "no-timewait", "orderly-close-no-reset", true},
		{"stale-accept-verbose.txt", "tw-reuse-constant-isn", "no-stale-accept", true},
	}
	for _, tc := range cases {
		r := byName[tc.scenario]
		var trace *checker.Trace[model.World, model.Action]
		for _, v := range r.Verdicts {
			if v.Property.Name == tc.property {
				trace = v.Result.Trace
			}
		}
		if trace == nil {
			t.Fatalf("%s: %s has no trace", tc.scenario, tc.property)
		}
		chart := properties.Chart(r.Model, trace)
		if tc.verbose {
			chart = properties.ChartVerbose(r.Model, trace)
		}
		for i, line := range strings.Split(chart, "\n") {
			if len(line) > 100 {
				t.Errorf("%s: line %d is %d columns wide, more than 100: %q", tc.file, i+1, len(line), line)
			}
		}
		golden(t, filepath.Join("testdata", tc.file), chart)
	}
}

// golden compares got with the file, or rewrites it with -rewrite.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *rewrite {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./properties -rewrite to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s is stale; run go test ./properties -rewrite and review the diff\n%s", path, firstDiff(string(want), got))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "want: " + al[i] + "\ngot:  " + bl[i]
		}
	}
	return "lengths differ"
}

// With neither loss nor duplication, one connection closes without a
// reset. While the model's ISN clock moved with time alone, a connection
// outran it: a retransmitted SYN reaching B's listener after the close got
// B's old FIN's number as its ISS, and A's TIME-WAIT ACK completed that
// bogus handshake (23 steps). The clock now moves with the numbers
// consumed, as RFC 9293's clock-driven ISN assumes (docs/model.md).
func TestNoResetWithoutLossOrDuplication(t *testing.T) {
	c := model.DefaultConfig()
	c.Connections, c.Loss, c.Duplicate, c.A.Data = 1, 0, 0, 0
	r, err := properties.Check(context.Background(), "no-faults", c, checker.Options{CollectAll: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed() || !r.Engine.Complete {
		t.Errorf("failed %v, complete %v; want every safety property to hold", r.Failed(), r.Engine.Complete)
	}
}

// livenessInEveryRun are the scenarios whose liveness graphs are small
// enough to build in every test run (together about 35 s on 2 cores); the
// others (about 3 minutes and up to 4 GB more) need -long.
var livenessInEveryRun = map[string]bool{
	"default": true, "no-timewait": true, "close-wait-leak": true, "simultaneous": true,
	"half-close": true, "tw-reuse-constant-isn": true, "linger0-keepalive": true,
	"tw-reuse-constant-isn-keepalive": true,
}

var long = flag.Bool("long", false, "also decide liveness in the scenarios whose explicit graphs take minutes")

// Every scenario's liveness verdicts, pinned in expected.go and explained
// in docs/results.md. Violations are lassos; in the CLOSE-WAIT leak the
// lasso ends in CLOSE-WAIT / FIN-WAIT-2 lasting forever (a golden chart).
func TestLivenessVerdicts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds explicit graphs of millions of states")
	}
	for _, sc := range properties.Scenarios() {
		if !livenessInEveryRun[sc.Name] && !*long {
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			r, err := properties.Check(context.Background(), sc.Name, sc.Config, checker.Options{CollectAll: true, Liveness: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range r.Verdicts {
				want, pinned := sc.ExpectLiveness[v.Property.Name]
				if !v.Property.Liveness() {
					continue
				}
				if !pinned || v.Short() != want {
					t.Errorf("%s: %s is %q; want %q", sc.Name, v.Property.Name, v.Short(), want)
				}
				tr := v.Result.Trace
				if v.Result.Verdict == checker.Violated && (tr == nil || !tr.Lasso) {
					t.Errorf("%s: %s violated without a lasso", sc.Name, v.Property.Name)
				}
				if sc.Name == "close-wait-leak" && v.Property.Name == "eventually-closed" && tr != nil {
					last := tr.Steps[tr.Len()].State
					if tr.LoopAt != tr.Len() || last.B.State != model.CloseWait || last.A.State != model.FinWait2 {
						t.Errorf("want a lasso ending in CLOSE-WAIT / FIN-WAIT-2 forever, got loop at %d of %d, %v", tr.LoopAt, tr.Len(), last)
					}
					golden(t, filepath.Join("testdata", "close-wait-lasso.txt"), properties.Chart(r.Model, tr))
				}
			}
		})
	}
}

// Every scenario has its liveness verdicts pinned, and every violation is
// explained.
func TestEveryLivenessViolationIsExplained(t *testing.T) {
	for _, sc := range properties.Scenarios() {
		for _, name := range []string{"eventually-closed", "timewait-ends"} {
			v, ok := sc.ExpectLiveness[name]
			if !ok {
				t.Errorf("%s: no pinned verdict for %s", sc.Name, name)
			}
			if strings.HasPrefix(v, "VIOLATED") && sc.LivenessFindings == "" {
				t.Errorf("%s: %s is violated but LivenessFindings is empty", sc.Name, name)
			}
		}
	}
}
