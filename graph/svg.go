package graph

import (
	"bytes"
	"context"
	"fmt"

	"github.com/goccy/go-graphviz"
)

// SVG lays out DOT text with Graphviz's dot and returns the drawing as SVG.
// Graphviz runs in-process, compiled to WebAssembly
// (github.com/goccy/go-graphviz), so nothing needs to be installed; its
// output is the same bytes for the same input.
func SVG(ctx context.Context, text string) ([]byte, error) {
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("graph: starting Graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("graph: Graphviz cannot read the DOT: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("graph: rendering SVG: %w", err)
	}
	return buf.Bytes(), nil
}
