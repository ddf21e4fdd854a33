package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/timewait/timewait/graph"
)

func TestGraphTraceOfNoTimewaitIsTheCheckCounterexample(t *testing.T) {
	code, out, errs := runCLI(t, "graph", "--scenario", "no-timewait", "--view", "trace")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if err := graph.Parse(out); err != nil {
		t.Fatal(err)
	}
	golden(t, "graph-trace-no-timewait.dot", out)
}

func TestGraphWritesSVGToAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chart.svg")
	code, out, errs := runCLI(t, "graph", "--scenario", "no-timewait", "--view", "chart", "--format", "svg", "-o", path)
	if code != exitOK || out != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, out, errs)
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), "<svg") || !strings.Contains(string(data), "(connection reset)") {
		t.Fatalf("%s: %v\n%.300s", path, err, data)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("the output directory holds %d files, want only the chart (no temporary file left)", len(entries))
	}
}

func TestBadGraphInputGetsOneLineExitCode2AndNoFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.dot")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"graph", "--view", "circle"}, `--view "circle": want one of endpoint, pairs, full, trace, chart`},
		{[]string{"graph", "--format", "png"}, `--format "png": want dot or svg`},
		{[]string{"graph", "--view", "chart"}, "--view chart is drawn as SVG only"},
		{[]string{"graph", "--max-nodes", "0", "--view", "full"}, `--max-nodes "0": want a whole number from 1 to 5000`},
		{[]string{"graph", "--max-nodes", "10"}, "--max-nodes goes with --view full"},
		{[]string{"graph", "--loops", "--view", "pairs"}, "--loops goes with --view endpoint"},
		{[]string{"graph", "--workers", "2", "--view", "full"}, "--workers does not go with --view full"},
		{[]string{"graph", "--max-nodes", "100000", "--view", "full"}, `--max-nodes "100000": want a whole number from 1 to 5000`},
		{[]string{"graph", "--property", "liveliness"}, `--property "liveliness": want a property name`},
		{[]string{"graph", "--view", "full", "--property", "data-integrity"}, "--property goes with --view trace, chart, endpoint or pairs"},
		{[]string{"graph", "--view", "full", "-o", out}, "default has more than 300 states, too many to draw whole: draw a projection"},
		{[]string{"graph", "--scenario", "close-wait-leak", "--view", "trace", "--property", "closing-reached", "-o", out}, "--property closing-reached has no trace in close-wait-leak"},
		{[]string{"graph", "--view", "trace", "--scenario", "close-wait-leak", "-o", out}, "no safety property is violated in close-wait-leak"},
		{[]string{"graph", "--scenario", "close-wait-leak", "-o", filepath.Join(dir, "missing", "x.dot")}, "cannot write in"},
		{[]string{"sweep", "--time-wait", "4,x"}, `--time-wait "4,x": want comma-separated whole numbers from 0 to 254`},
	}
	for _, tc := range cases {
		wantUsageError(t, tc.args, tc.want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("refused commands left %d files behind", len(entries))
	}
}
