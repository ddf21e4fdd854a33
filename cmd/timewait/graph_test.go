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
		{[]string{"graph", "--model", "tla", "-o", out}, `--model "tla": want tcp or twophase`},
		{[]string{"graph", "--rms", "2", "-o", out}, "--rms does not go with --model tcp"},
		{[]string{"graph", "--model", "twophase", "--rms", "0"}, `--rms "0": want a whole number from 1 to `},
		{[]string{"graph", "--model", "twophase", "--view", "endpoint", "-o", out}, "--view endpoint draws TCP states: with --model twophase want one of full, trace, chart"},
		{[]string{"graph", "--model", "twophase", "--scenario", "default", "-o", out}, "--scenario does not go with --model twophase"},
		{[]string{"graph", "--model", "twophase", "--loss", "1", "-o", out}, "--loss does not go with --model twophase"},
		{[]string{"graph", "--model", "twophase", "--property", "all-committed", "-o", out}, "--property goes with --view trace or chart"},
		{[]string{"graph", "--model", "twophase", "--view", "trace", "--property", "data-integrity", "-o", out}, `--property "data-integrity": with --model twophase want one of consistent, all-committed`},
		{[]string{"graph", "--model", "twophase", "--view", "trace", "--property", "consistent", "-o", out}, "--property consistent has no trace in twophase rms=3 (its verdict: holds)"},
		{[]string{"graph", "--model", "twophase", "--view", "trace", "-o", out}, "no property of twophase rms=3 is violated"},
		{[]string{"graph", "--model", "twophase", "--rms", "5", "-o", out}, "twophase rms=5 has more than 300 states, too many to draw whole"},
	}
	for _, tc := range cases {
		wantUsageError(t, tc.args, tc.want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("refused commands left %d files behind", len(entries))
	}
}

// graph --model twophase draws the engine's example model with the generic
// views: every state (56 with two RMs, as check --model twophase counts),
// and the witness that every RM commits, as a chain and as a sequence
// chart, with nothing of TCP in them.
func TestGraphDrawsTwoPhaseWithTheGenericViews(t *testing.T) {
	code, out, errs := runCLI(t, "graph", "--model", "twophase", "--rms", "2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if err := graph.Parse(out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `label="twophase rms=2: all 56 states"`) || !strings.Contains(out, "s55 [") || strings.Contains(out, "s56 [") {
		t.Fatalf("the full graph of twophase rms=2 does not have 56 states:\n%.500s", out)
	}
	if n := strings.Count(out, `fillcolor="white"`); n != 56 {
		t.Errorf("%d states drawn as consistent, want all 56", n)
	}
	code, out, errs = runCLI(t, "graph", "--model", "twophase", "--rms", "1", "--view", "trace", "--property", "all-committed")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if err := graph.Parse(out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"witness of all-committed (4 steps)", `label="1. RMPrepare(rm1)"`, `label="3. TMCommit"`, `label="4: rm1=committed\ntm=committed prepared=1 msgs=1+commit"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the trace view lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "#d62728") {
		t.Error("a witness is drawn in red, as a violation would be")
	}
	code, out, errs = runCLI(t, "graph", "--model", "twophase", "--rms", "2", "--view", "chart", "--format", "svg", "--property", "all-committed")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "<svg") || strings.Count(out, ">Commit</text>") != 2 || strings.Count(out, ">Prepared</text>") != 2 {
		t.Fatalf("the chart of twophase rms=2 does not show 2 Prepared and 2 Commit messages:\n%.600s", out)
	}
}
