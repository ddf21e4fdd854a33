package tcpgraph

import (
	"strings"

	"github.com/timewait/timewait/graph"
	"github.com/timewait/timewait/model"
)

// The colours of every TCP view, chosen to read in print and for the
// common forms of colour blindness (blue and orange, never red against
// green alone; the trace is also drawn thicker). The trace's colour and
// the fonts are the generic views' (graph.ColourTrace and the others).
const (
	colourA         = "#1f5fa8" // A's moves
	colourB         = "#b35900" // B's moves
	colourBoth      = "#333333" // moves both endpoints made
	colourTrace     = graph.ColourTrace
	fillTimeWait    = "#ffd8a8"
	fillCloseWait   = "#c5e3f6"
	fillViolation   = graph.FillViolation
	fontName        = graph.FontName
	traceWidth      = graph.TraceWidth
	defaultEdgeFont = "10"
)

// rank places each state on a row as RFC 9293's Figure 5 does: CLOSED at
// the top, then LISTEN, the synchronizing states, ESTABLISHED, and the
// closing states, with TIME-WAIT (and a second CLOSED) at the bottom.
func rank(s model.State) int {
	switch s {
	case model.Closed:
		return 0
	case model.Listen:
		return 1
	case model.SynSent, model.SynReceived:
		return 2
	case model.Established:
		return 3
	case model.FinWait1, model.CloseWait:
		return 4
	case model.FinWait2, model.Closing, model.LastAck:
		return 5
	}
	return 6 // TIME-WAIT
}

// fill is the background of a state's node: TIME-WAIT and CLOSE-WAIT, the
// states this project is about, are coloured.
func fill(s model.State) string {
	switch s {
	case model.TimeWait:
		return fillTimeWait
	case model.CloseWait:
		return fillCloseWait
	}
	return "white"
}

// stateID is the DOT identifier of a state's node: "FIN_WAIT_1".
func stateID(s model.State) string { return strings.ReplaceAll(s.String(), "-", "_") }

// sideColour is the colour of an edge taken by A only, B only, or both.
func sideColour(a, b int64) string {
	switch {
	case a > 0 && b > 0:
		return colourBoth
	case a > 0:
		return colourA
	}
	return colourB
}

// legend adds a box explaining the colours of a TCP view.
func legend(d *graph.DOT, parent string, trace bool) {
	rows := []string{
		row(fillTimeWait, "", "TIME-WAIT"),
		row(fillCloseWait, "", "CLOSE-WAIT"),
		row("white", "", "<B>bold</B>: initial state"),
		row("", colourA, "A's moves (the client)"),
		row("", colourB, "B's moves (the server)"),
		row("", colourBoth, "moves of both"),
	}
	if trace {
		rows = append(rows, row("", colourTrace, "the trace, [step numbers]"))
	}
	label := `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2">` + strings.Join(rows, "") + `</TABLE>>`
	d.Sub(parent, "cluster_legend", map[string]string{"label": "legend", "fontname": fontName, "color": "#999999"})
	d.Node("cluster_legend", "legend", map[string]string{"shape": "plaintext", "label": label, "fontname": fontName, "fontsize": "10"})
}

// row is one line of the legend: a swatch of fill colour or a line of edge
// colour, and its meaning.
func row(fillColour, lineColour, text string) string {
	swatch := `<TD BGCOLOR="` + fillColour + `" BORDER="1" WIDTH="24"> </TD>`
	if lineColour != "" {
		// A solid bar, as the edges are drawn: a row of dashes (em dashes
		// in a monospace font) drew them as dashed.
		swatch = `<TD><TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD BGCOLOR="` + lineColour + `" WIDTH="24" HEIGHT="2" FIXEDSIZE="TRUE"></TD></TR></TABLE></TD>`
	}
	return `<TR>` + swatch + `<TD ALIGN="LEFT">` + text + `</TD></TR>`
}
