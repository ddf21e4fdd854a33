package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/timewait/timewait/graph"
)

// Documents whose console blocks are commands with their real output.
// Every block fenced as ```console holds lines "$ timewait ARGS" (or
// "$ go run ./cmd/timewait ARGS"), each followed by its standard output
// and, when the exit status is not 0, a line "(exit status N)". A command
// with "-o FILE" writes a picture instead: FILE, relative to the
// repository, must hold exactly what the command writes. The test runs
// every command in-process and fails on any difference; -rewrite updates
// the documents and pictures.
var testedDocs = []string{"docs/graphs.md", "docs/tutorial.md"}

// skippedPictures says which Graphviz pictures of the document under test
// could not be compared here: dot is missing, or it is another version
// than the one that drew the picture (the SVG's opening comment names it).
// The document's subtest is skipped with these reasons once everything
// else is compared. The subtests run one after the other.
var skippedPictures []string

const repoRoot = "../.."

func TestDocumentedCommandsPrintWhatTheDocsShow(t *testing.T) {
	for _, doc := range testedDocs {
		t.Run(strings.ReplaceAll(doc, "/", "_"), func(t *testing.T) {
			skippedPictures = nil
			path := filepath.Join(repoRoot, doc)
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := runConsoleBlocks(t, string(text))
			if *rewrite {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(text) {
				t.Errorf("%s is stale: a documented command prints something else now.\n%s\nRun go test ./cmd/timewait -run DocumentedCommands -rewrite and read the diff.", doc, firstDifference(string(text), got))
			}
			if len(skippedPictures) > 0 && !t.Failed() {
				t.Skipf("everything else matches, but these pictures were not compared:\n%s", strings.Join(skippedPictures, "\n"))
			}
		})
	}
}

// runConsoleBlocks returns text with every console block's outputs
// replaced by what its commands print now.
func runConsoleBlocks(t *testing.T, text string) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	var out strings.Builder
	inBlock := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		switch {
		case !inBlock && trimmed == "```console":
			inBlock = true
			out.WriteString(line)
		case inBlock && trimmed == "```":
			inBlock = false
			out.WriteString(line)
		case inBlock && strings.HasPrefix(line, "$ "):
			out.WriteString(line)
			out.WriteString(runDocumented(t, strings.TrimSpace(line[2:])))
			// Skip the old output, up to the next command or the block's end.
			for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "$ ") && strings.TrimSpace(lines[i+1]) != "```" {
				i++
			}
		default:
			out.WriteString(line)
		}
	}
	if inBlock {
		t.Fatal("a console block is not closed")
	}
	return out.String()
}

// runDocumented runs one documented command line and returns the output
// the document should show after it.
func runDocumented(t *testing.T, cmdline string) string {
	t.Helper()
	args := strings.Fields(cmdline)
	switch {
	case len(args) > 0 && args[0] == "timewait":
		args = args[1:]
	case len(args) > 2 && args[0] == "go" && args[1] == "run" && args[2] == "./cmd/timewait":
		args = args[3:]
	default:
		t.Fatalf("documented command %q: want timewait ... or go run ./cmd/timewait ...", cmdline)
	}
	picture := ""
	for k := 0; k+1 < len(args); k++ {
		if args[k] == "-o" && args[k+1] != "-" {
			picture = args[k+1]
			args[k+1] = "-"
		}
	}
	code, stdout, stderr := runCLI(t, args...)
	if picture != "" {
		if _, err := graph.LookDot(); err != nil && code == exitUnavailable && !*rewrite {
			skippedPictures = append(skippedPictures, fmt.Sprintf("%s: %v", picture, err))
			return ""
		}
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", cmdline, code, stderr)
		}
		comparePicture(t, cmdline, filepath.Join(repoRoot, picture), []byte(stdout))
		return ""
	}
	if code != exitOK {
		stdout += fmt.Sprintf("(exit status %d)\n", code)
	}
	return stdout
}

func comparePicture(t *testing.T, cmdline, path string, got []byte) {
	t.Helper()
	if *rewrite {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if wv, gv := graph.GraphvizVersion(want), graph.GraphvizVersion(got); err == nil && wv != "" && gv != "" && wv != gv {
		rel, _ := filepath.Rel(repoRoot, path)
		skippedPictures = append(skippedPictures, fmt.Sprintf("%s: drawn by Graphviz %s; the dot here is Graphviz %s", rel, wv, gv))
		return
	}
	if err != nil || !bytes.Equal(want, got) {
		t.Errorf("%s is stale or missing: %q draws something else now (run go test ./cmd/timewait -run DocumentedCommands -rewrite)", path, cmdline)
	}
}

// firstDifference shows the first line where two texts differ.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  document: %s\n  command:  %s", i+1, wl, gl)
		}
	}
	return ""
}
