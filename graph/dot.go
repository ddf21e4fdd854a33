package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awalterschulze/gographviz"
)

// DOT builds one directed DOT graph with gographviz, for the views of
// this package and of packages that draw their own (such as tcpgraph).
// Attribute values are quoted here, so callers pass plain text, or an
// HTML-like label as "<...>"; the first error gographviz reports (an
// unknown attribute name, a programming error) is kept and returned by
// String.
type DOT struct {
	g   *gographviz.Graph
	err error
}

// NewDOT starts a directed graph called name (an identifier: letters,
// digits, _) with the graph attributes attrs.
func NewDOT(name string, attrs map[string]string) *DOT {
	d := &DOT{g: gographviz.NewGraph()}
	d.keep(d.g.SetName(name))
	d.keep(d.g.SetDir(true))
	for _, k := range sortedKeys(attrs) {
		d.keep(d.g.AddAttr(name, k, quote(attrs[k])))
	}
	return d
}

func (d *DOT) keep(err error) {
	if d.err == nil && err != nil {
		d.err = err
	}
}

// Node adds node id (an identifier: letters, digits, _) to graph parent:
// the graph's name, or a subgraph's.
func (d *DOT) Node(parent, id string, attrs map[string]string) {
	d.keep(d.g.AddNode(parent, id, quoteAll(attrs)))
}

// Edge adds an edge between the nodes from and to.
func (d *DOT) Edge(from, to string, attrs map[string]string) {
	d.keep(d.g.AddEdge(from, to, true, quoteAll(attrs)))
}

// Sub adds a subgraph to graph parent; a name that starts with "cluster"
// draws a box.
func (d *DOT) Sub(parent, name string, attrs map[string]string) {
	d.keep(d.g.AddSubGraph(parent, name, quoteAll(attrs)))
}

// String returns the DOT text, ending in a newline, or the first error
// met while building it.
func (d *DOT) String() (string, error) {
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
