package tcpgraph

import (
	"fmt"
	"strings"
)

// FigureMarkdown prints [RFCFigure] and [BeyondFigure] as the two tables
// of docs/graphs.md: each edge of RFC 9293's Figure 5 with where the model
// shows it or why it never does, and each kind of move beyond the figure
// with the rule that allows it.
func FigureMarkdown() string {
	var b strings.Builder
	b.WriteString("| Figure 5 edge | RFC label | in the model |\n|---|---|---|\n")
	for _, f := range RFCFigure {
		where := fmt.Sprintf("shown in `%s`", f.Scenario)
		if f.Scenario == "" {
			where = "never taken: " + f.Why
		}
		fmt.Fprintf(&b, "| %s → %s | %s | %s |\n", f.From, f.To, f.RFC, where)
	}
	b.WriteString("\n| move beyond the figure | label (starts with) | why the model makes it |\n|---|---|---|\n")
	for _, e := range BeyondFigure {
		from := e.From.String()
		if e.AnyFrom {
			from = "any state"
		}
		fmt.Fprintf(&b, "| %s → %s | %s | %s |\n", from, e.To, e.Match, e.Why)
	}
	return b.String()
}
