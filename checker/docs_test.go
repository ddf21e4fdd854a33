package checker_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// codeLines are the lines of Go source that are code: trimmed, without
// blank lines and lines that are only a comment.
func codeLines(src string) []string {
	var out []string
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "//") {
			out = append(out, l)
		}
	}
	return out
}

func containsRun(hay, needle []string) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		match := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// Every Go block of docs/engine.md is compiled, tested code: its lines
// (without comment lines and indentation) appear in that order in a Go
// file of checker/ or its packages, which go test compiles; the examples
// they come from run with their // Output. A snippet edited in the doc
// alone, or code changed without its snippet, fails here.
func TestEngineDocSnippetsAreCompiledCode(t *testing.T) {
	doc, err := os.ReadFile("../docs/engine.md")
	if err != nil {
		t.Fatal(err)
	}
	var files [][]string
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		files = append(files, codeLines(string(src)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(blocks) < 4 {
		t.Fatalf("%d Go blocks in docs/engine.md; want at least 4", len(blocks))
	}
	for _, b := range blocks {
		lines := codeLines(b[1])
		found := false
		for _, f := range files {
			if containsRun(f, lines) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("this block of docs/engine.md is in no Go file of checker/:\n%s", b[1])
		}
	}
}
