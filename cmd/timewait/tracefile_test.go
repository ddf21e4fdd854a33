package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An ITF round trip: check --trace-out writes the no-timewait
// counterexample (a golden file), check --replay takes every step again and
// prints the same chart check printed, and graph --trace draws the same
// trace view as graph does after its own search.
func TestATraceFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "no-timewait.itf.json")
	code, checked, _ := runCLI(t, "check", "--scenario", "no-timewait", "--trace-out", file)
	if code != exitViolation {
		t.Fatalf("check: exit %d", code)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "trace-no-timewait.itf.json", string(data))

	code, replayed, errs := runCLI(t, "check", "--replay", file)
	chart := checked[strings.Index(checked, "\ncounterexample to"):]
	if code != exitOK || !strings.HasPrefix(replayed, "replayed "+file+": 16 steps of scenario no-timewait, each one the model takes\n") || !strings.HasSuffix(replayed, chart) {
		t.Fatalf("replay: exit %d (%s):\n%s\nwant the chart check printed:\n%s", code, errs, replayed, chart)
	}
	_, drawn, _ := runCLI(t, "graph", "--trace", file, "--view", "trace")
	_, searched, _ := runCLI(t, "graph", "--scenario", "no-timewait", "--view", "trace")
	if drawn != searched || !strings.HasPrefix(drawn, "digraph") {
		t.Fatalf("graph --trace differs from graph's own search:\n%s", drawn)
	}
}

// A trace file the model cannot follow is refused in one line that names
// the state where it stops being a behaviour of the model.
func TestABrokenTraceFileNamesTheStep(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "trace-no-timewait.itf.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// State 5's label is the step's; make state 5 claim another step.
	text := string(data)
	i := strings.Index(text, `"index": 5,`)
	j := strings.Index(text[i:], `"label": "`) + i + len(`"label": "`)
	tampered := write("tampered.json", text[:j]+"X"+text[j:])
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--replay", tampered}, `state 5: no step of the model labelled "X`},
		{[]string{"check", "--replay", write("empty.json", "{}")}, "not an ITF trace: no states"},
		{[]string{"check", "--replay", write("junk.json", "junk")}, "not an ITF trace: invalid character"},
		{[]string{"check", "--replay", filepath.Join(dir, "missing.json")}, "cannot read it (no such file or directory)"},
		{[]string{"check", "--replay", tampered, "--msl", "3"}, "--msl does not go with --replay"},
		{[]string{"check", "--trace-out", "-"}, `--trace-out "-": want a file name`},
		{[]string{"check", "--trace-out", filepath.Join(dir, "no", "such", "dir.json")}, "(no such directory)"},
		{[]string{"graph", "--trace", tampered, "--view", "endpoint"}, "want --view trace or chart with it"},
	} {
		wantUsageError(t, tc.args, tc.want)
	}
}
