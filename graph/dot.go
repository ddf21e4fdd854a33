package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awalterschulze/gographviz"
)

// dot builds one DOT graph with gographviz. Attribute values are quoted
// here (see quote), so callers pass plain text; the first error gographviz
// reports (an unknown attribute name, a programming error) is kept and
// returned by String.
type dot struct {
	g   *gographviz.Graph
	err error
}

func newDot(name string, attrs map[string]string) *dot {
	d := &dot{g: gographviz.NewGraph()}
	d.keep(d.g.SetName(name))
	d.keep(d.g.SetDir(true))
	for _, k := range sortedKeys(attrs) {
		d.keep(d.g.AddAttr(name, k, quote(attrs[k])))
	}
	return d
}

func (d *dot) keep(err error) {
	if d.err == nil && err != nil {
		d.err = err
	}
}

// node adds node id (an identifier: letters, digits, _) to graph parent.
func (d *dot) node(parent, id string, attrs map[string]string) {
	d.keep(d.g.AddNode(parent, id, quoteAll(attrs)))
}

func (d *dot) edge(from, to string, attrs map[string]string) {
	d.keep(d.g.AddEdge(from, to, true, quoteAll(attrs)))
}

// sub adds a subgraph; a name that starts with "cluster" draws a box.
func (d *dot) sub(parent, name string, attrs map[string]string) {
	d.keep(d.g.AddSubGraph(parent, name, quoteAll(attrs)))
}

// String returns the DOT text, ending in a newline.
func (d *dot) String() (string, error) {
	if d.err != nil {
		return "", fmt.Errorf("graph: building DOT: %w", d.err)
	}
	return d.g.String(), nil
}

// quote makes a DOT string literal of s, unless s is an HTML-like label
// (<...>), which DOT takes as it is.
func quote(s string) string {
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func quoteAll(attrs map[string]string) map[string]string {
	out := make(map[string]string, len(attrs))
	for k, v := range attrs {
		out[k] = quote(v)
	}
	return out
}

// Parse checks that text is DOT that gographviz reads back.
func Parse(text string) error {
	if _, err := gographviz.Read([]byte(text)); err != nil {
		return fmt.Errorf("graph: DOT does not parse: %w", err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
