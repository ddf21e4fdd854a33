// Package graph draws state spaces with Graphviz.
//
// A TCP run has millions of states, so the value is in the views, all
// computed from the explored state space:
//
//   - [Endpoint]: nodes are TCP states, edges the "event / action" moves an
//     endpoint was seen to make. On the default scenario it redraws RFC 9293's
//     state diagram (Figure 5); [RFCFigure] is that figure as a table, and
//     docs/graphs.md lists every difference with its reason.
//   - [Pairs]: nodes are (A's state, B's state), edges counted.
//   - [Full]: every state and step, for small configurations only, for any
//     model of the checker.
//   - [TraceDOT]: a counterexample or witness as a chain, for any model; the
//     same path can be drawn in red on the endpoint and pair views.
//   - [ChartSVG]: a TCP trace as a message sequence chart.
//
// Every view is DOT built with github.com/awalterschulze/gographviz, with
// byte-stable output, which needs nothing installed. [SVG] lays DOT out by
// running Graphviz's dot (dot -Tsvg) as a child process, so it needs
// Graphviz installed ([ErrNoDot] otherwise), costs nothing until an SVG is
// drawn, and is killed when its context is cancelled. [ChartSVG] draws its
// SVG itself.
package graph
