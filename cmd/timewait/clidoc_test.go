package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cliReference is docs/cli.md: the CLI's own help text for every command.
func cliReference(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("<!-- Generated from the CLI's help by `go test ./cmd/timewait -run CLIReference -rewrite`; do not edit. -->\n\n")
	b.WriteString("# timewait command reference\n\n```\n")
	_, out, _ := runCLI(t, "help")
	b.WriteString(out)
	b.WriteString("```\n")
	for _, c := range commands() {
		_, out, _ := runCLI(t, c.name, "-h")
		b.WriteString("\n## timewait " + c.name + "\n\n" + c.summary + ".\n\n```\n" + out + "```\n")
	}
	return b.String()
}

func TestCLIReferenceIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "cli.md")
	got := cliReference(t)
	if *rewrite {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != got {
		t.Fatalf("%s is stale; run go test ./cmd/timewait -run CLIReference -rewrite", path)
	}
}
