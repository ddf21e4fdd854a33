package explore_test

import (
	"go/build"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/timewait/timewait"

// The explorer imports the engine and the standard library only, and
// nothing it depends on is the TCP model or its properties: a model of
// another protocol is served without them. The TCP views are package
// explore/tcpview.
func TestImportsOnlyTheEngine(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if std := !strings.Contains(strings.Split(imp, "/")[0], "."); !std && imp != module+"/checker" {
			t.Errorf("package explore imports %s; want only %s/checker and the standard library", imp, module)
		}
	}
	forbidden := []string{module + "/model", module + "/properties", module + "/graph/tcpgraph"}
	seen := map[string]bool{}
	var walk func(path string, imports []string)
	walk = func(path string, imports []string) {
		for _, imp := range imports {
			if seen[imp] || !strings.HasPrefix(imp, module+"/") {
				continue
			}
			seen[imp] = true
			if slices.Contains(forbidden, imp) {
				t.Errorf("package explore depends on %s (through %s)", imp, path)
				continue
			}
			dep, err := build.ImportDir(filepath.Join("..", strings.TrimPrefix(imp, module+"/")), 0)
			if err != nil {
				t.Fatal(err)
			}
			walk(imp, dep.Imports)
		}
	}
	walk(module+"/explore", pkg.Imports)
	if !seen[module+"/checker"] {
		t.Error("package explore does not import the engine: the walk shows nothing")
	}
}
