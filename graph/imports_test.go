package graph_test

import (
	"go/build"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/timewait/timewait"

// The generic views import the engine, gographviz and the standard library
// only, and nothing they import, directly or not, is the TCP model or its
// properties: a model of another protocol draws its graph without them.
// The views that know TCP are package tcpgraph.
func TestImportsOnlyTheEngineAndGographviz(t *testing.T) {
	allowed := []string{module + "/checker", "github.com/awalterschulze/gographviz"}
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if std := !strings.Contains(strings.Split(imp, "/")[0], "."); !std && !slices.Contains(allowed, imp) {
			t.Errorf("package graph imports %s; want only %s and the standard library", imp, strings.Join(allowed, ", "))
		}
	}
	// Every package of this module that graph depends on, read from its
	// directory (no go command needed).
	forbidden := []string{module + "/model", module + "/properties"}
	seen := map[string]bool{}
	var walk func(path string, imports []string)
	walk = func(path string, imports []string) {
		for _, imp := range imports {
			if seen[imp] || !strings.HasPrefix(imp, module+"/") {
				continue
			}
			seen[imp] = true
			if slices.Contains(forbidden, imp) {
				t.Errorf("package graph depends on %s (through %s)", imp, path)
				continue
			}
			dep, err := build.ImportDir(filepath.Join("..", strings.TrimPrefix(imp, module+"/")), 0)
			if err != nil {
				t.Fatal(err)
			}
			walk(imp, dep.Imports)
		}
	}
	walk(module+"/graph", pkg.Imports)
	if !seen[module+"/checker"] {
		t.Error("package graph does not import the engine: the walk shows nothing")
	}
}
