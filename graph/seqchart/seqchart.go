// Package seqchart draws a trace of any checker.Model as a message
// sequence chart, in text and in SVG, when the model says what its steps
// send: it implements [Messenger]. It needs nothing but the engine: no TCP
// model, no Graphviz.
package seqchart

import (
	"fmt"
	"html"
	"strings"

	"github.com/timewait/timewait/checker"
)

// Messenger is implemented by models whose steps can be drawn as messages
// between named processes. It mentions no type of this package, so a
// model implements it without importing it.
type Messenger[S, A any] interface {
	// Processes names the chart's lifelines, left to right.
	Processes() []string
	// Message describes the step that takes a from `from` to `to`: the
	// message text that process receiver got from process sender, or, when
	// receiver is "", an event of sender alone (a decision, a timer).
	Message(from S, a A, to S) (sender, receiver, text string)
}

// message is one step as the chart draws it.
type message struct{ From, To, Text string }

func messageOf[S, A any](m Messenger[S, A], t *checker.Trace[S, A], i int) message {
	from, to, text := m.Message(t.Steps[i-1].State, t.Steps[i].Action, t.Steps[i].State)
	return message{From: from, To: to, Text: text}
}

// colWidth is the width of one process's column in the text chart.
const colWidth = 16

// Text renders t as a text chart: a column per process, one row per step,
// a message as an arrow from its sender's column to its receiver's
// (--Text--> or <--Text--), a local event as its text in its process's
// column. A lasso's cycle is marked where it starts. A process the model
// does not list, or a message too long for the columns it spans, is still
// printed, after the row.
func Text[S, A any](m Messenger[S, A], t *checker.Trace[S, A]) string {
	procs := m.Processes()
	col := map[string]int{}
	var b strings.Builder
	head := "step  "
	for i, p := range procs {
		col[p] = i
		head += fmt.Sprintf("%-*s", colWidth, p)
	}
	b.WriteString(strings.TrimRight(head, " ") + "\n")
	for i := 1; i < len(t.Steps); i++ {
		if t.Lasso && i == t.LoopAt+1 {
			fmt.Fprintf(&b, "      ---- from step %d, the steps below repeat forever ----\n", t.LoopAt)
		}
		msg := messageOf(m, t, i)
		fmt.Fprintf(&b, "%4d  %s\n", i, strings.TrimRight(row(col, len(procs), msg), " "))
	}
	if t.Lasso && t.LoopAt == t.Len() {
		fmt.Fprintf(&b, "      ---- from step %d on, nothing can happen: this state lasts forever ----\n", t.LoopAt)
	}
	return b.String()
}

// row draws one step across the columns.
func row(col map[string]int, n int, msg message) string {
	line := []byte(strings.Repeat(" ", n*colWidth))
	from, okFrom := col[msg.From]
	to, okTo := col[msg.To]
	if !okFrom || (msg.To != "" && !okTo) {
		return fmt.Sprintf("%s -> %s: %s", msg.From, msg.To, msg.Text)
	}
	if msg.To == "" || from == to {
		return string(line[:from*colWidth]) + msg.Text
	}
	lo, hi := min(from, to), max(from, to)
	// The arrow runs from the middle of the left column to the middle of
	// the right one.
	start, end := lo*colWidth+2, hi*colWidth+1
	text := msg.Text
	if len(text)+6 > end-start {
		return fmt.Sprintf("%s%s", string(line[:start]), arrowText(from < to, text))
	}
	for x := start; x <= end; x++ {
		line[x] = '-'
	}
	if from < to {
		line[end] = '>'
	} else {
		line[start] = '<'
	}
	mid := start + (end-start-len(text))/2
	copy(line[mid:], text)
	return string(line)
}

func arrowText(right bool, text string) string {
	if right {
		return "--" + text + "-->"
	}
	return "<--" + text + "--"
}

// The SVG chart's geometry, in user units.
const (
	svgCol = 160 // distance between lifelines
	svgRow = 28
	svgTop = 60
)

// SVG draws t as a sequence chart: a lifeline per process, each message an
// arrow from its sender's lifeline to its receiver's, labelled above, each
// local event a box on its process's lifeline, and a lasso's cycle
// bracketed on the right. Each row's hover text is the step's label. It is
// hand-written SVG, byte-stable, with no dependency.
func SVG[S, A any](title string, m Messenger[S, A], t *checker.Trace[S, A]) []byte {
	procs := m.Processes()
	col := map[string]int{}
	for i, p := range procs {
		col[p] = i
	}
	x := func(i int) int { return 60 + svgCol/2 + i*svgCol }
	width := 60 + len(procs)*svgCol + 60
	height := svgTop + len(t.Steps)*svgRow + 20
	var b strings.Builder
	text := func(x, y int, anchor, weight, colour, s string) {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="%s" font-weight="%s" fill="%s">%s</text>`+"\n", x, y, anchor, weight, colour, html.EscapeString(s))
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="monospace" font-size="11">`+"\n", width, height, width, height)
	b.WriteString(`<rect width="100%" height="100%" fill="white"/>` + "\n")
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>` + "\n")
	text(width/2, 20, "middle", "bold", "#000", title)
	bottom := svgTop + (len(t.Steps)-1)*svgRow + 10
	for i, p := range procs {
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999" stroke-width="1.5"/>`+"\n", x(i), svgTop-14, x(i), bottom)
		text(x(i), svgTop-20, "middle", "bold", "#000", p)
	}
	for i := 1; i < len(t.Steps); i++ {
		st := t.Steps[i]
		msg := messageOf(m, t, i)
		y := svgTop + i*svgRow - svgRow/2
		fmt.Fprintf(&b, "<g><title>%s</title>\n", html.EscapeString(fmt.Sprintf("step %d: %s", i, st.Label)))
		fmt.Fprintf(&b, `<rect x="0" y="%d" width="%d" height="%d" fill="white" fill-opacity="0"/>`+"\n", y-svgRow/2, width, svgRow)
		text(20, y+4, "middle", "normal", "#666", fmt.Sprint(i))
		from, okFrom := col[msg.From]
		to, okTo := col[msg.To]
		switch {
		case !okFrom || (msg.To != "" && !okTo):
			text(40, y+4, "start", "normal", "#000", fmt.Sprintf("%s -> %s: %s", msg.From, msg.To, msg.Text))
		case msg.To == "" || from == to:
			w := len(msg.Text)*7 + 10
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="18" rx="4" fill="#f4f4f4" stroke="#999"/>`+"\n", x(from)-w/2, y-9, w)
			text(x(from), y+4, "middle", "normal", "#000", msg.Text)
		default:
			fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000" stroke-width="1.4" marker-end="url(#arrow)"/>`+"\n", x(from), y, x(to), y)
			text((x(from)+x(to))/2, y-4, "middle", "normal", "#000", msg.Text)
		}
		b.WriteString("</g>\n")
	}
	if t.Lasso {
		top, bot := svgTop+t.LoopAt*svgRow-svgRow/2+4, bottom
		fmt.Fprintf(&b, `<path d="M%d,%d h10 V%d h-10" fill="none" stroke="#c0392b" stroke-width="2"/>`+"\n", width-30, top, bot)
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}
