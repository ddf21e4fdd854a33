package seqchart_test

import (
	"context"
	"flag"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
	"github.com/timewait/timewait/graph/seqchart"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *rewrite {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./graph/seqchart -rewrite)", err)
	}
	if string(want) != got {
		t.Errorf("%s is stale: got\n%s\n(run go test ./graph/seqchart -rewrite after checking the change)", path, got)
	}
}

// TwoPhase's witness that every RM commits, drawn from the model's own
// Messenger methods: the package knows nothing of TwoPhase or TCP.
func TestTwoPhaseWitnessChart(t *testing.T) {
	m, _ := twophase.New(2)
	p := checker.For[twophase.State, twophase.Action](m)
	r, err := checker.Check(context.Background(), m, checker.Options{CollectAll: true}, p.Sometimes("all-committed", m.AllCommitted))
	if err != nil {
		t.Fatal(err)
	}
	tr := r.Results[0].Trace
	if tr == nil || tr.Len() != 7 {
		t.Fatalf("all-committed: want a witness of 7 steps, got %v", tr)
	}
	text := seqchart.Text[twophase.State, twophase.Action](m, tr)
	if n := strings.Count(text, "-Prepared-") + strings.Count(text, "-Commit-"); n != 4 {
		t.Errorf("want 2 Prepared and 2 Commit arrows, found %d:\n%s", n, text)
	}
	golden(t, "twophase-all-committed.txt", text)
	golden(t, "twophase-all-committed.svg", string(seqchart.SVG[twophase.State, twophase.Action]("TwoPhase, N=2: all-committed", m, tr)))
}

// The package imports the engine and the standard library only: no TCP
// model, no Graphviz.
func TestImportsNoModelAndNoGraphviz(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(path, ".") && path != "github.com/timewait/timewait/checker" {
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
}
