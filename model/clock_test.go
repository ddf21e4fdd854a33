package model

import "testing"

// The ISN clock moves isn-rate numbers a tick and one for every sequence
// number a step consumes: a SYN, a data unit or a FIN sent for the first
// time. A retransmission and a bare ACK consume none; TIME-WAIT reuse
// consumes the gap it skips before its new ISS, and its SYN,ACK.
func TestTheClockMovesWithTheNumbersConsumed(t *testing.T) {
	c := DefaultConfig()
	c.ISNRate, c.Capacity = 3, 4
	w := World{}
	w.B.become(&c, Listen)
	take := func(what string, a Action, want Seq) {
		t.Helper()
		next, _, ok := c.step(w, a)
		if !ok || next.Clock != want {
			t.Fatalf("%s: clock %d (ok %v); want %d", what, next.Clock, ok, want)
		}
		w = next
	}
	take("A's SYN", Action{Kind: ActConnect, Side: A}, 1)
	take("a tick", Action{Kind: ActTick}, 4)
	take("A's SYN retransmitted", Action{Kind: ActRetx, Side: A}, 4)
	take("B's SYN,ACK", Action{Kind: ActDeliver, Side: A}, 5)
	take("A's ACK and data unit", Action{Kind: ActDeliver, Side: B}, 6)
	take("A's FIN", Action{Kind: ActClose, Side: A}, 7) // it leaves behind the unacknowledged data

	c.TWReuse = true
	w = World{Clock: 20, A: Endpoint{State: Closed, Conns: 1}, B: fixture(TimeWait)}
	w.AB.add(&c, seg(SYN, 40, 0, 0))
	take("a SYN reopening TIME-WAIT", Action{Kind: ActDeliver, Side: A}, Seq(20+c.Window+1+1))
}
