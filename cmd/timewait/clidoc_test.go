package main

import (
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
	golden(t, filepath.Join("..", "..", "docs", "cli.md"), cliReference(t))
}
