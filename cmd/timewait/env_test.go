package main

import (
	"context"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/timewait/timewait/graph"
)

// hostileTMPDIRs are temporary directories no command may trip over:
// one where everything a first run cached (go-graphviz kept compiled
// WebAssembly there) is overwritten with garbage, a TMPDIR that is a
// regular file (unwritable even by root), and one that does not exist.
func hostileTMPDIRs(t *testing.T) map[string]string {
	t.Helper()
	corrupt := t.TempDir()
	if code, _, errs := runChild(t, corrupt, "help"); code != exitOK {
		t.Fatalf("timewait help with a fresh TMPDIR: exit %d: %.600s", code, errs)
	}
	err := filepath.WalkDir(corrupt, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			err = os.WriteFile(path, []byte("garbage\n"), 0o600)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "tmpfile")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"corrupt-cache": corrupt,
		"a-file":        file,
		"missing":       filepath.Join(t.TempDir(), "missing"),
	}
}

// runChild starts the test binary again as the command line, with TMPDIR
// set to tmpdir, and returns its exit code and output.
func runChild(t *testing.T, tmpdir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildRunsTheCLI$")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmpdir, childArgsEnv+"="+strings.Join(args, " "))
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String()
}

// The environment variable that makes TestChildRunsTheCLI act as the
// command line: its value is the arguments, separated by spaces.
const childArgsEnv = "TIMEWAIT_TEST_CHILD_ARGS"

// TestChildRunsTheCLI is the command line when the test binary is started
// again by TestCommandsStartWithAHostileTMPDIR, and does nothing otherwise.
func TestChildRunsTheCLI(t *testing.T) {
	args, ok := os.LookupEnv(childArgsEnv)
	if !ok {
		t.Skip("runs only as the child of TestCommandsStartWithAHostileTMPDIR")
	}
	os.Exit(run(context.Background(), strings.Fields(args), os.Stdout, os.Stderr))
}

// Nothing runs before main that could fail on a faulty environment: the
// test binary, which links every package the command does, starts again
// with each hostile TMPDIR and runs help and list.
func TestCommandsStartWithAHostileTMPDIR(t *testing.T) {
	for kind, dir := range hostileTMPDIRs(t) {
		for _, args := range [][]string{{"help"}, {"list"}} {
			code, out, errs := runChild(t, dir, args...)
			if code != exitOK || errs != "" || !strings.Contains(out, commandHeading[args[0]]) {
				t.Errorf("TMPDIR %s (%s), timewait %s: exit %d\nstdout:\n%.300s\nstderr:\n%.600s", kind, dir, args[0], code, out, errs)
			}
		}
	}
}

// commandHeading is a line that help and list print.
var commandHeading = map[string]string{"help": "Usage: timewait <command>", "list": "Scenarios (and what each changes from default):\n"}

// In-process, help, list and (where Graphviz is installed) an SVG drawing
// work with each hostile TMPDIR.
func TestCommandsRunWithAHostileTMPDIR(t *testing.T) {
	_, noDot := graph.LookDot()
	for kind, dir := range hostileTMPDIRs(t) {
		t.Run(kind, func(t *testing.T) {
			t.Setenv("TMPDIR", dir)
			for _, args := range [][]string{{"help"}, {"list"}} {
				if code, out, errs := runCLI(t, args...); code != exitOK || errs != "" || !strings.Contains(out, commandHeading[args[0]]) {
					t.Errorf("%q: exit %d, stderr %q", args, code, errs)
				}
			}
			if noDot != nil {
				t.Skipf("%v: the SVG drawing is not tried", noDot)
			}
			code, out, errs := runCLI(t, "graph", "--view", "full", "--format", "svg", "--connections", "1", "--loss", "0", "--duplicate", "0", "--a-data", "0", "--capacity", "1")
			if code != exitOK || errs != "" || !strings.Contains(out, "</svg>") {
				t.Errorf("graph --format svg: exit %d, stderr %q", code, errs)
			}
		})
	}
}

// Without Graphviz's dot, --format svg is refused in one line with exit 5
// before any search (the full view of default would be refused as too
// large after one) and writes no file; the chart, which timewait draws
// itself, and DOT need nothing.
func TestGraphSVGWithoutDotExits5WithOneLine(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	dir := t.TempDir()
	for _, view := range []string{"endpoint", "full"} {
		out := filepath.Join(dir, view+".svg")
		code, stdout, errs := runCLI(t, "graph", "--view", view, "--format", "svg", "-o", out)
		want := "timewait graph: --format svg needs Graphviz's dot on PATH (Debian: apt-get install graphviz); --format dot needs nothing (exit 5)\n"
		if code != exitUnavailable || stdout != "" || errs != want {
			t.Errorf("--view %s without dot: exit %d, stdout %q, stderr %q; want exit 5 and %q", view, code, stdout, errs, want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("refused commands left %d files behind", len(entries))
	}
	chart := filepath.Join(dir, "chart.svg")
	if code, _, errs := runCLI(t, "graph", "--scenario", "no-timewait", "--view", "chart", "--format", "svg", "-o", chart); code != exitOK {
		t.Errorf("--view chart without dot: exit %d: %s", code, errs)
	}
	if code, out, errs := runCLI(t, "graph", "--scenario", "no-timewait", "--view", "trace"); code != exitOK || !strings.HasPrefix(out, "digraph") {
		t.Errorf("--format dot without dot: exit %d: %s", code, errs)
	}
}

// A layout cut short by Ctrl-C or SIGTERM (a cancelled context) is one
// INCOMPLETE line and exit 3; dot's own error stays a one-line exit 2.
func TestAnInterruptedLayoutIsIncomplete(t *testing.T) {
	if _, err := graph.LookDot(); err != nil {
		t.Skipf("%v; this test runs it", err)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(interruptedError{syscall.SIGINT})
	_, err := graph.SVG(ctx, "digraph { a -> b }")
	var errb strings.Builder
	g := &grapher{ctx: ctx, f: newFlags("graph", io.Discard, &errb), name: "no-timewait"}
	if code := g.failure(err); code != exitIncomplete || errb.String() != "timewait graph: INCOMPLETE: drawing no-timewait stopped early (interrupted: SIGINT); nothing was drawn (exit 3)\n" {
		t.Errorf("interrupted layout: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	_, err = graph.SVG(context.Background(), "digraph { a -> }")
	g.ctx = context.Background()
	if code := g.failure(err); code != exitUsage || strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), "syntax error in line 1") {
		t.Errorf("dot's error: exit %d, stderr %q", code, errb.String())
	}
}
