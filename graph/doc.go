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
//   - [ProjectStates]: every state drawn as the node a function of the
//     caller's maps it to, the steps between nodes counted ([Projection]),
//     for spaces too large to draw whole; with the identity, a small space
//     whole. [TraceHighlight] draws a trace on it in red, with its step
//     numbers.
//   - [Project] and [ProjectEffects]: the counts beneath, of any key a step
//     projects to (tcpgraph's endpoint view is one such projection).
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
