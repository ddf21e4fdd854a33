// Package tcpgraph draws the TCP model's state space with the generic
// views of package graph.
//
// A TCP run has millions of states, so the value is in the views, all
// computed from the explored state space:
//
//   - [Endpoint]: nodes are TCP states, edges the "event / action" moves an
//     endpoint was seen to make. On the default scenario it redraws RFC 9293's
//     state diagram (Figure 5); [RFCFigure] is that figure as a table, and
//     docs/graphs.md lists every difference with its reason.
//   - [Pairs]: nodes are (A's state, B's state), edges counted.
//   - [TCPStyle]: the labels and marks of TCP states and steps for the
//     generic graph.Full and graph.TraceDOT; [TraceHighlight] draws the same
//     trace in red on the endpoint and pair views.
//   - [ChartSVG]: a TCP trace as a message sequence chart, with both TCBs
//     as hover text; its SVG is drawn here, without Graphviz.
//
// The endpoint and pair views are DOT (graph.DOT), laid out as SVG by
// graph.SVG.
package tcpgraph
