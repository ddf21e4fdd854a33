package model_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// Every move of both endpoints in a small configuration (one connection,
// no data, no faults, one segment in flight each way), as RFC 9293's
// Figure 5 labels them, with the endpoint that made it. With one segment
// in flight B's ACK of A's FIN always leaves before B's own FIN, so A never
// goes from FIN-WAIT-1 straight to TIME-WAIT here.
func TestTransitionsOfAnOrderlyCloseReadLikeTheRFCFigure(t *testing.T) {
	c := model.DefaultConfig()
	c.Connections, c.Loss, c.Duplicate, c.Capacity = 1, 0, 0, 1
	c.A.Data = 0
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	g, err := checker.Explore(context.Background(), m, checker.Options{MaxStates: 1000, Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := range g.Len() {
		for _, e := range g.Edges(i) {
			tr, ok := m.Transition(g.State(i), e.Action)
			if e.Action.Kind == model.ActTick {
				if ok {
					t.Fatalf("a tick was described as %v", tr)
				}
				continue
			}
			if !ok {
				t.Fatalf("no transition for %v", e.Action)
			}
			if tr.From != tr.To || tr.Relisten {
				s := tr.Side.String() + " " + tr.String()
				if tr.Relisten {
					s += " (listener)"
				}
				seen[s] = true
			}
		}
	}
	var got []string
	for s := range seen {
		got = append(got, s)
	}
	slices.Sort(got)
	want := []string{
		"A CLOSED -> SYN-SENT: active OPEN / snd SYN",
		"A ESTABLISHED -> FIN-WAIT-1: CLOSE / snd FIN",
		"A FIN-WAIT-1 -> FIN-WAIT-2: rcv ACK of FIN",
		"A FIN-WAIT-2 -> TIME-WAIT: rcv FIN / snd ACK",
		"A SYN-SENT -> ESTABLISHED: rcv SYN,ACK / snd ACK",
		"A TIME-WAIT -> CLOSED: Timeout=2MSL",
		"B CLOSE-WAIT -> LAST-ACK: CLOSE / snd FIN",
		"B ESTABLISHED -> CLOSE-WAIT: rcv FIN / snd ACK",
		"B LAST-ACK -> CLOSED: rcv ACK of FIN (listener)",
		"B LISTEN -> SYN-RECEIVED: rcv SYN / snd SYN,ACK",
		"B SYN-RECEIVED -> ESTABLISHED: rcv ACK of SYN",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("moves:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
