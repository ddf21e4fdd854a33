package tcpgraph

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// The geometry of the sequence chart, in SVG user units (pixels).
const (
	chartWidth = 1000
	chartTop   = 70  // y of step 0
	chartRow   = 30  // height of one step
	lifeA      = 300 // x of A's lifeline
	lifeB      = 700 // x of B's lifeline
	stateBoxW  = 118 // width of a state box on a lifeline
)

// ChartSVG draws a trace of m as a message sequence chart: A's and B's
// lifelines with their states, each segment an arrow from the step that
// sent it to the step that delivered it (a lost one ends in a cross half
// way), local events (application calls, timers) beside their lifeline,
// ticks of time as dotted lines. A lasso's cycle is bracketed on the
// right; when violation is true the last step is red. The SVG is
// hand-written, with no dependency, and byte-stable.
func ChartSVG(title string, m *model.Model, t *checker.Trace[model.World, model.Action], violation bool) []byte {
	return []byte(drawChart(title, m, t, violation).b.String())
}

// drawChart is ChartSVG, returning the drawing with the footprints of its
// labels.
func drawChart(title string, m *model.Model, t *checker.Trace[model.World, model.Action], violation bool) *chart {
	c := &chart{}
	n := len(t.Steps)
	last := t.Steps[n-1].State
	// Segments still in flight at the end get a line each below the last
	// row, so that their arrows and labels keep apart.
	height := chartTop + n*chartRow + 40 + int(last.AB.N+last.BA.N)*inFlightGap
	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="monospace" font-size="11">`+"\n",
		chartWidth, height, chartWidth, height)
	c.printf(`<rect width="100%%" height="100%%" fill="white"/>` + "\n")
	c.printf(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>` + "\n")
	c.text(chartWidth/2, 22, "middle", "bold", "#000", title)
	bottom := chartTop + (n-1)*chartRow + 20
	for _, side := range []model.Side{model.A, model.B} {
		x := lifeX(side)
		who := map[model.Side]string{model.A: "A (client)", model.B: "B (server)"}[side]
		c.printf(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999" stroke-width="1.5"/>`+"\n", x, chartTop-20, x, bottom)
		c.text(x, chartTop-28, "middle", "bold", "#000", who)
	}
	var flight [2][]inFlightSeg // per sending side
	c.row(0, properties.StepDetail(m, t, 0))
	c.stateBoxes(0, t.Steps[0].State, nil)
	c.printf("</g>\n")
	for i := 1; i < n; i++ {
		from, step := t.Steps[i-1].State, t.Steps[i]
		y := rowY(i)
		c.row(i, properties.StepDetail(m, t, i))
		colour := "#000"
		if violation && i == n-1 && !t.Lasso {
			colour = colourTrace
			c.printf(`<rect x="4" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", y-chartRow/2, chartWidth-8, chartRow, fillViolation)
		}
		c.text(16, y+4, "middle", "normal", "#666", fmt.Sprint(i))
		eff := m.EffectOf(from, step.Action, step.Effect)
		a := step.Action
		switch a.Kind {
		case model.ActTick:
			c.printf(`<line x1="40" y1="%d" x2="%d" y2="%d" stroke="#bbb" stroke-dasharray="2,3"/>`+"\n", y, chartWidth-40, y)
			c.text(44, y-4, "start", "normal", "#888", "tick")
		case model.ActLose, model.ActDuplicate:
			seg, k := take(&flight[a.Side], eff.Seg, a.Kind == model.ActLose)
			mid := (lifeA + lifeB) / 2
			if a.Kind == model.ActLose {
				c.arrow(seg, mid, y, "#888", true)
				c.cross(mid, y)
				c.text(mid, y+18, "middle", "normal", "#888", "lost")
			} else {
				c.printf(`<circle cx="%d" cy="%d" r="3" fill="#888"/>`+"\n", mid, y)
				c.text(mid+8, y+4, "start", "normal", "#888", "duplicated")
				flight[a.Side] = append(flight[a.Side], inFlightSeg{seg: flight[a.Side][k].seg, x: mid, y: y})
			}
		case model.ActDeliver:
			seg, _ := take(&flight[a.Side], eff.Seg, true)
			seg.seg = eff.Seg
			c.arrow(seg, portX(a.Side.Peer()), y, colour, false)
		default:
			c.local(eff.Side, y, colour, localEvent(m, a, eff))
		}
		if a.Kind == model.ActDeliver && eff.Note != model.NoteNone {
			c.local(eff.Side, y, colour, "("+eff.Note.String()+")")
		}
		for _, seg := range eff.Sent {
			flight[eff.Side] = append(flight[eff.Side], inFlightSeg{seg: seg, x: portX(eff.Side), y: y})
		}
		c.stateBoxes(i, step.State, &from)
		c.printf("</g>\n")
	}
	// Segments still in flight at the end point half way, dashed, each to
	// its own line below the last row, labelled near its end where the
	// chart is free.
	k := 0
	for side := range flight {
		for _, f := range flight[side] {
			end := (lifeA+lifeB)/2 + (lifeX(model.Side(side).Peer())-lifeX(model.Side(side)))/6
			k++
			c.arrowWith(f, end, rowY(n-1)+chartRow/2+k*inFlightGap, "#888", true, inFlightFracs)
		}
	}
	if t.Lasso {
		top, bot := rowY(t.LoopAt)-chartRow/2+4, rowY(n-1)+chartRow/2-4
		x := chartWidth - 20
		c.printf(`<path d="M%d,%d h10 V%d h-10" fill="none" stroke="%s" stroke-width="2"/>`+"\n", x-10, top, bot, colourTrace)
		label := fmt.Sprintf("steps %d-%d repeat forever", t.LoopAt+1, n-1)
		if t.LoopAt == n-1 {
			label = fmt.Sprintf("from step %d nothing can happen: this lasts forever", t.LoopAt)
		}
		c.text(x-14, bot+14, "end", "bold", colourTrace, label)
	}
	c.printf("</svg>\n")
	return c
}

// inFlightSeg is a segment on its way: where its arrow starts.
type inFlightSeg struct {
	seg  model.Segment
	x, y int
}

// take finds the oldest segment in flight equal to seg (ages aside: a
// segment ages while it flies) and, if remove, takes it out. Identical
// segments in flight are indistinguishable, so the oldest is as good as
// any.
func take(list *[]inFlightSeg, seg model.Segment, remove bool) (inFlightSeg, int) {
	seg.Age = 0
	for k, f := range *list {
		f.seg.Age = 0
		if f.seg == seg {
			got := (*list)[k]
			if remove {
				*list = append((*list)[:k:k], (*list)[k+1:]...)
			}
			return got, k
		}
	}
	return inFlightSeg{seg: seg, x: lifeA, y: chartTop}, 0 // not sent in this trace: cannot happen from an initial state
}

func lifeX(s model.Side) int {
	if s == model.A {
		return lifeA
	}
	return lifeB
}

// portX is where arrows leave and reach a lifeline: the edge of its state
// boxes that faces the other lifeline.
func portX(s model.Side) int {
	if s == model.A {
		return lifeA + stateBoxW/2
	}
	return lifeB - stateBoxW/2
}

func rowY(i int) int { return chartTop + i*chartRow }

type chart struct {
	b      strings.Builder
	labels []label // where arrow labels were put
}

func (c *chart) printf(format string, args ...any) { fmt.Fprintf(&c.b, format, args...) }

func (c *chart) text(x, y int, anchor, weight, colour, s string) {
	c.printf(`<text x="%d" y="%d" text-anchor="%s" font-weight="%s" fill="%s">%s</text>`+"\n", x, y, anchor, weight, colour, html.EscapeString(s))
}

// arrow draws a segment's arrow from where it was sent to (x, y), labelled
// with the segment along the line. The label goes at the first of a few
// places along the line where it overlaps no label drawn before it, so
// that arrows sent together or crossing keep their labels apart.
func (c *chart) arrow(f inFlightSeg, x, y int, colour string, dashed bool) {
	c.arrowWith(f, x, y, colour, dashed, arrowFracs)
}

// arrowFracs are the places along an arrow where its label may go, the
// first free one taken; inFlightFracs those of a segment still in flight
// at the end, whose arrow ends below the last row, where the chart is free.
var (
	arrowFracs    = []float64{0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.15, 0.85}
	inFlightFracs = []float64{0.85, 0.75, 0.65, 0.9, 0.55, 0.45, 0.35, 0.25}
)

// inFlightGap is the distance between the ends of the arrows of segments
// still in flight at the end of a trace.
const inFlightGap = 18

// row opens the group of step i's drawing, with title, the step's TCBs
// and segments (properties.StepDetail), as its hover text, over a
// transparent band across the row so that the whole row shows it.
func (c *chart) row(i int, title []string) {
	c.printf("<g><title>%s</title>\n", html.EscapeString(strings.Join(title, "\n")))
	c.printf(`<rect x="0" y="%d" width="%d" height="%d" fill="white" fill-opacity="0"/>`+"\n", rowY(i)-chartRow/2, chartWidth, chartRow)
}

func (c *chart) arrowWith(f inFlightSeg, x, y int, colour string, dashed bool, fracs []float64) {
	dash := ""
	if dashed {
		dash = ` stroke-dasharray="5,3"`
	}
	c.printf(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="1.4"%s marker-end="url(#arrow)"/>`+"\n", f.x, f.y, x, y, colour, dash)
	text := f.seg.String()
	dx, dy := float64(x-f.x), float64(y-f.y)
	length := math.Hypot(dx, dy)
	ux, uy := dx/length, dy/length
	var lx, ly float64
	for k, frac := range fracs {
		lx, ly = float64(f.x)+dx*frac, float64(f.y)+dy*frac-4
		l := labelAt(lx, ly, ux, uy, len(text))
		if !c.overlaps(l) || k == len(fracs)-1 {
			c.labels = append(c.labels, l)
			break
		}
	}
	if dx < 0 {
		dx, dy = -dx, -dy
	}
	angle := math.Atan2(dy, dx) * 180 / math.Pi
	c.printf(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s" transform="rotate(%.1f %.1f %.1f)">%s</text>`+"\n",
		lx, ly, colour, angle, lx, ly+4, html.EscapeString(text))
}

// label is the footprint of an arrow's label: points along its baseline,
// one every 6 units. Two labels overlap when points of each come closer
// than labelGap, a line's height and a margin; this works at any angle,
// unlike bounding boxes.
type label [][2]float64

// labelGap is the least distance between points of two labels' baselines.
const labelGap = 14

func labelAt(cx, cy, ux, uy float64, chars int) label {
	half := float64(chars) * 6.6 / 2
	var l label
	for t := -half; t <= half; t += 6 {
		l = append(l, [2]float64{cx + t*ux, cy + t*uy})
	}
	return l
}

func (c *chart) overlaps(l label) bool {
	for _, o := range c.labels {
		for _, p := range l {
			for _, q := range o {
				if math.Hypot(p[0]-q[0], p[1]-q[1]) < labelGap {
					return true
				}
			}
		}
	}
	return false
}

func (c *chart) cross(x, y int) {
	c.printf(`<path d="M%d,%d l8,8 M%d,%d l-8,8" stroke="#888" stroke-width="2"/>`+"\n", x-4, y-4, x+4, y-4)
}

// local writes an endpoint's own event beside its lifeline: left of A's,
// right of B's, clear of the state boxes.
// A text too wide for the room left of A's lifeline (it would run into the
// step numbers) goes on two lines.
func (c *chart) local(side model.Side, y int, colour, s string) {
	x, anchor := lifeB+stateBoxW/2+8, "start"
	if side == model.A {
		x, anchor = lifeA-stateBoxW/2-8, "end"
	}
	lines := []string{s}
	if side == model.A && float64(len(s))*charWidth > float64(x-localMargin) {
		lines = splitHalf(s)
	}
	if len(lines) == 1 {
		c.text(x, y+4, anchor, "normal", colour, s)
		return
	}
	c.text(x, y-2, anchor, "normal", colour, lines[0])
	c.text(x, y+10, anchor, "normal", colour, lines[1])
}

// charWidth is the width of a character of the chart's 11-unit monospace
// font; localMargin is where the step numbers end.
const (
	charWidth   = 6.6
	localMargin = 34
)

// splitHalf splits s at the space nearest its middle.
func splitHalf(s string) []string {
	best := -1
	for i := range len(s) {
		if s[i] == ' ' && (best < 0 || abs(i-len(s)/2) < abs(best-len(s)/2)) {
			best = i
		}
	}
	if best < 0 {
		return []string{s}
	}
	return []string{s[:best], s[best+1:]}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// stateBoxes draws each endpoint's state on its lifeline at step i: at step
// 0, and whenever it changed.
func (c *chart) stateBoxes(i int, w model.World, before *model.World) {
	for _, side := range []model.Side{model.A, model.B} {
		s := w.Endpoint(side).State
		if before != nil && before.Endpoint(side).State == s {
			continue
		}
		x, y := lifeX(side), rowY(i)
		c.printf(`<rect x="%d" y="%d" width="%d" height="18" rx="6" fill="%s" stroke="#333"/>`+"\n", x-stateBoxW/2, y-9, stateBoxW, fill(s))
		c.text(x, y+4, "middle", "bold", "#000", s.String())
	}
}

// localEvent names an application call or a timer, as the text chart does.
func localEvent(m *model.Model, a model.Action, eff *model.Effect) string {
	switch a.Kind {
	case model.ActConnect:
		return "connect()"
	case model.ActClose:
		return m.Config().App(eff.Side).How.String()
	case model.ActRetx:
		if eff.Note == model.NoteGaveUp {
			return "retransmissions exhausted"
		}
		return "retransmission timer"
	case model.ActTimeWait:
		return "TIME-WAIT timer"
	case model.ActFinWait2:
		return "FIN-WAIT-2 timer"
	case model.ActKeepalive:
		return "keep-alive timer"
	}
	return a.String()
}
