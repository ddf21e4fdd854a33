package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the golden files under testdata/")

// runCLI runs the CLI in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares got with the file at path (testdata/NAME for a plain
// name), or rewrites the file with -rewrite.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if filepath.Base(path) == path {
		path = filepath.Join("testdata", path)
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != got {
		t.Fatalf("output differs from %s (run go test ./cmd/timewait -rewrite and review):\n%s", path, got)
	}
}

func TestBenchPrintsTheEngineFiguresOfTwoPhase(t *testing.T) {
	code, out, _ := runCLI(t, "bench", "--rms", "5", "--workers", "2")
	if code != exitOK {
		t.Fatalf("exit %d; want 0", code)
	}
	for _, want := range []string{"distinct     8832\n", "outcome      pass\n", "workers", "bytes/state", "states/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestALimitMakesTheRunIncompleteWithExitCode3(t *testing.T) {
	code, out, _ := runCLI(t, "bench", "--rms", "5", "--max-states", "100")
	if code != exitIncomplete || !strings.Contains(out, "outcome      incomplete\n") || !strings.Contains(out, "state limit 100 reached") {
		t.Fatalf("exit %d, output:\n%s\nwant exit 3 and an incomplete outcome", code, out)
	}
}

func TestBadInputGetsOneLineAndExitCode2(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"bench", "--rms", "x"}, `--rms "x": want a whole number from 1 to 16`},
		{[]string{"bench", "--rms", "0"}, `--rms "0": want a whole number from 1 to 16`},
		{[]string{"bench", "--model", "paxos"}, `--model "paxos": want twophase`},
		{[]string{"bench", "--workers", "-1"}, `--workers "-1": want a whole number from 0 to 256`},
		{[]string{"bench", "--time-budget", "soon"}, `--time-budget "soon": want a duration from 0 to 8760h, such as 30s`},
		{[]string{"bench", "--nope"}, `unknown flag "--nope"`},
		{[]string{"bench", "--model"}, `"--model" needs a value`},
		{[]string{"bench", "extra"}, `unexpected argument "extra"`},
	}
	for _, tc := range cases {
		wantUsageError(t, tc.args, tc.want)
	}
}

// wantUsageError checks that args are refused with exit 2, nothing on
// stdout, and one line on stderr that contains want. Progress lines of a
// search that ran before the refusal are not part of it.
func wantUsageError(t *testing.T, args []string, want string) {
	t.Helper()
	code, out, errs := runCLI(t, args...)
	errs = withoutProgress(errs)
	if code != exitUsage || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, want) {
		t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and one line containing %q", args, code, out, errs, want)
	}
}

func TestHelpListsCommandsAndExitCodes(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	if code != exitOK || !strings.Contains(out, "bench") || !strings.Contains(out, "3 incomplete") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "bench", "-h")
	if code != exitOK || !strings.Contains(out, "-max-states") {
		t.Fatalf("bench -h: exit %d:\n%s", code, out)
	}
}

// withoutProgress drops the progress lines a search prints about once a
// second ("  depth 27: 157275 states, ...").
func withoutProgress(stderr string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if !strings.HasPrefix(line, "  depth ") {
			b.WriteString(line)
		}
	}
	return b.String()
}
