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
// byte-stable output; [SVG] renders DOT in-process with Graphviz compiled to
// WebAssembly (github.com/goccy/go-graphviz), so no Graphviz installation is
// needed.
package graph
