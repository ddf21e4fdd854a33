// Package graph draws the state space of any [checker.Model] with
// Graphviz. It imports the engine, gographviz and the standard library
// only, so a model of another protocol draws its state graph without the
// TCP model; the TCP views (RFC 9293's diagram, the pairs of states, the
// TCP sequence chart) are built on it in package tcpgraph, and a message
// sequence chart of any model is package seqchart.
//
// The views, for any model:
//
//   - [Full]: every state and step, for small configurations only, with
//     the states and steps that a [Style] marks bad in red.
//   - [TraceDOT]: a counterexample or witness as a chain, its violation
//     (and a lasso's cycle) in red.
//   - [Project] and [ProjectEffects]: a projection of every step of the
//     state space by a function of the caller's, counted, for views too
//     large to draw whole (tcpgraph's endpoint and pair views are two).
//
// A view whose exploration stopped early is an [*IncompleteError] rather
// than a partial drawing that would look complete.
//
// Every view is DOT built with github.com/awalterschulze/gographviz
// ([DOT], which a model's own views can use too), with byte-stable output,
// which needs nothing installed. [SVG] lays DOT out by running Graphviz's
// dot (dot -Tsvg) as a child process, so it needs Graphviz installed
// ([ErrNoDot] otherwise), costs nothing until an SVG is drawn, and is
// killed when its context is cancelled.
package graph
