package model

import (
	"fmt"
	"testing"
)

type callCase struct {
	state State
	how   CloseHow
	app   App             // the application's data units (How is set from how)
	prep  func(*Endpoint) // changes to the fixture, or nil
	opts  func(c *Config) // options, or nil
	want  State
	sent  string // the segments sent, as Segment.String prints them, comma-separated
	note  Note
	rule  string // the rule restated; Reference: the RFC section
}

func appClosed(e *Endpoint) { e.AppClosed = true }

// callCases are the CLOSE and ABORT calls in every state, on the fixture
// endpoint of arrive_test.go (ISS 10, IRS 30).
var callCases = []callCase{
	// RFC 9293 §3.10.4 CLOSE.
	{Closed, CallClose, App{}, nil, nil, Closed, "", NoteNoSuchConnection, "CLOSE without a connection: \"error: connection does not exist\". Reference: RFC 9293 §3.10.4 CLOSED"},
	{Listen, CallClose, App{}, nil, nil, Closed, "", NoteNone, "CLOSE in LISTEN: delete the TCB, enter CLOSED. Reference: RFC 9293 §3.10.4 LISTEN"},
	{SynSent, CallClose, App{}, nil, nil, Closed, "", NoteTCBDeleted, "CLOSE in SYN-SENT: delete the TCB, no segment. Reference: RFC 9293 §3.10.4 SYN-SENT"},
	{SynSent, CallShutdown, App{}, nil, nil, Closed, "", NoteTCBDeleted, "shutdown in SYN-SENT is the same CLOSE. Reference: RFC 9293 §3.10.4 SYN-SENT"},
	{SynReceived, CallClose, App{}, nil, nil, FinWait1, "FIN,ACK seq=11 ack=31", NoteNone, "CLOSE in SYN-RECEIVED with nothing queued: \"form a FIN segment and send it, and enter FIN-WAIT-1 state\". Reference: RFC 9293 §3.10.4 SYN-RECEIVED"},
	{SynReceived, CallClose, App{}, nil, func(c *Config) { c.SendWindow = 1 }, FinWait1, "", NoteNone, "the same with a send window of one segment: the FIN is formed and leaves once the SYN,ACK is acknowledged. Reference: RFC 9293 §3.10.4 SYN-RECEIVED"},
	{SynReceived, CallClose, App{Data: 1}, nil, nil, SynReceived, "", NoteNone, "CLOSE in SYN-RECEIVED with data pending: queued until ESTABLISHED. Reference: RFC 9293 §3.10.4 SYN-RECEIVED"},
	{Established, CallClose, App{}, nil, nil, FinWait1, "FIN,ACK seq=12 ack=32", NoteNone, "CLOSE in ESTABLISHED: send a FIN, enter FIN-WAIT-1. Reference: RFC 9293 §3.10.4 ESTABLISHED"},
	{Established, CallClose, App{Data: 1}, nil, nil, FinWait1, "FIN,ACK+DATA seq=12 ack=32", NoteNone, "CLOSE in ESTABLISHED behind unsent data: the FIN rides on the last data segment (Linux's FIN|PSH|ACK, tcp_send_fin), FIN-WAIT-1. Reference: RFC 9293 §3.10.4 ESTABLISHED"},
	{Established, CallClose, App{}, nil, func(c *Config) { c.RSTOnUnread = true }, Closed, "RST seq=12", NoteUnreadReset, "close() with unread data (a unit received, the application closes first): \"its TCP SHOULD send a RST to show that data was lost\". Reference: RFC 9293 §3.6.1 SHLD-2; RFC 2525 §2.17; Linux tcp_close"},
	{Established, CallClose, App{}, nil, func(c *Config) { c.RSTOnUnread, c.AbortRSTACK = true, true }, Closed, "RST,ACK seq=12 ack=32", NoteUnreadReset, "Linux sends it as ABORT's RST,ACK. Reference: Linux tcp_close, tcp_send_active_reset"},
	{Established, CallShutdown, App{}, nil, func(c *Config) { c.RSTOnUnread = true }, FinWait1, "FIN,ACK seq=12 ack=32", NoteNone, "shutdown(SHUT_WR) keeps reading, so nothing is lost: a FIN. Reference: RFC 9293 §3.10.4"},
	{Established, CallClose, App{When: CloseAfterPeer}, nil, func(c *Config) { c.RSTOnUnread = true }, FinWait1, "FIN,ACK seq=12 ack=32", NoteNone, "an application that reads to the end has nothing unread: a FIN. Reference: RFC 9293 §3.10.4"},
	{Established, CallClose, App{Data: 1}, nil, func(c *Config) { c.Window = 1 }, FinWait1, "DATA seq=12 ack=32", NoteNone, "with a peer window of one number the FIN stays queued behind the data, FIN-WAIT-1 in any case. Reference: RFC 9293 §3.10.4 ESTABLISHED"},
	{FinWait1, CallClose, App{}, appClosed, nil, FinWait1, "", NoteClosing, "a second CLOSE in FIN-WAIT-1: \"error: connection closing\", no second FIN. Reference: RFC 9293 §3.10.4 FIN-WAIT-1"},
	{FinWait2, CallClose, App{}, appClosed, nil, FinWait2, "", NoteClosing, "a second CLOSE in FIN-WAIT-2: an error, no second FIN. Reference: RFC 9293 §3.10.4 FIN-WAIT-2"},
	{CloseWait, CallClose, App{}, nil, nil, LastAck, "FIN,ACK seq=12 ack=32", NoteNone, "CLOSE in CLOSE-WAIT: send a FIN, enter LAST-ACK. Reference: RFC 9293 §3.10.4 CLOSE-WAIT"},
	{CloseWait, CallShutdown, App{}, appClosed, nil, CloseWait, "", NoteClosing, "a second CLOSE after one is queued: an error, no second FIN. Reference: RFC 9293 §3.10.4"},
	{Closing, CallClose, App{}, appClosed, nil, Closing, "", NoteClosing, "CLOSE in CLOSING: \"error: connection closing\". Reference: RFC 9293 §3.10.4 CLOSING"},
	{LastAck, CallClose, App{}, appClosed, nil, LastAck, "", NoteClosing, "CLOSE in LAST-ACK: \"error: connection closing\". Reference: RFC 9293 §3.10.4 LAST-ACK"},
	{TimeWait, CallClose, App{}, appClosed, nil, TimeWait, "", NoteClosing, "CLOSE in TIME-WAIT: \"error: connection closing\". Reference: RFC 9293 §3.10.4 TIME-WAIT"},
	// §3.10.5 ABORT.
	{Closed, CallAbort, App{}, nil, nil, Closed, "", NoteNoSuchConnection, "ABORT without a connection: \"error: connection does not exist\". Reference: RFC 9293 §3.10.5 CLOSED"},
	{Listen, CallAbort, App{}, nil, nil, Closed, "", NoteTCBDeleted, "ABORT in LISTEN: delete the TCB, no segment. Reference: RFC 9293 §3.10.5 LISTEN"},
	{SynSent, CallAbort, App{}, nil, nil, Closed, "", NoteTCBDeleted, "ABORT in SYN-SENT: delete the TCB, no segment. Reference: RFC 9293 §3.10.5 SYN-SENT"},
	{SynReceived, CallAbort, App{}, nil, nil, Closed, "RST seq=11", NoteNone, "ABORT in SYN-RECEIVED: <SEQ=SND.NXT><CTL=RST>, CLOSED. Reference: RFC 9293 §3.10.5 SYN-RECEIVED"},
	{Established, CallAbort, App{}, nil, nil, Closed, "RST seq=12", NoteNone, "ABORT in ESTABLISHED: <SEQ=SND.NXT><CTL=RST>, CLOSED. Reference: RFC 9293 §3.10.5 ESTABLISHED"},
	{Established, CallAbort, App{}, nil, func(c *Config) { c.AbortRSTACK = true }, Closed, "RST,ACK seq=12 ack=32", NoteNone, "Linux's ABORT carries the ACK. Reference: Linux tcp_send_active_reset"},
	{FinWait1, CallAbort, App{}, appClosed, nil, Closed, "RST seq=12", NoteNone, "ABORT in FIN-WAIT-1: RST, CLOSED. Reference: RFC 9293 §3.10.5 FIN-WAIT-1"},
	{FinWait2, CallAbort, App{}, appClosed, nil, Closed, "RST seq=12", NoteNone, "ABORT in FIN-WAIT-2: RST, CLOSED. Reference: RFC 9293 §3.10.5 FIN-WAIT-2"},
	{CloseWait, CallAbort, App{}, nil, nil, Closed, "RST seq=12", NoteNone, "ABORT in CLOSE-WAIT: RST, CLOSED. Reference: RFC 9293 §3.10.5 CLOSE-WAIT"},
	{Closing, CallAbort, App{}, appClosed, nil, Closed, "", NoteTCBDeleted, "ABORT in CLOSING: \"ok\", delete the TCB, no RST. Reference: RFC 9293 §3.10.5 CLOSING"},
	{LastAck, CallAbort, App{}, appClosed, nil, Closed, "", NoteTCBDeleted, "ABORT in LAST-ACK: \"ok\", delete the TCB, no RST. Reference: RFC 9293 §3.10.5 LAST-ACK"},
	{TimeWait, CallAbort, App{}, appClosed, nil, Closed, "", NoteTCBDeleted, "ABORT in TIME-WAIT: \"ok\", delete the TCB, no RST. Reference: RFC 9293 §3.10.5 TIME-WAIT"},
}

func TestUserCallsFollowRFC9293(t *testing.T) {
	for _, tc := range callCases {
		t.Run(fmt.Sprintf("%s/%s", tc.state, tc.how), func(t *testing.T) {
			c := DefaultConfig()
			if tc.opts != nil {
				tc.opts(&c)
			}
			e := fixture(tc.state)
			if tc.prep != nil {
				tc.prep(&e)
			}
			app := tc.app
			app.How = tc.how
			var out outbox
			note := c.close(&e, app, &out)
			sent := ""
			for i, s := range out.list() {
				if i > 0 {
					sent += ", "
				}
				sent += s.String()
			}
			if e.State != tc.want || sent != tc.sent || note != tc.note {
				t.Errorf("%s\ngot  %s, sent %q, note %q\nwant %s, sent %q, note %q", tc.rule, e.State, sent, note, tc.want, tc.sent, tc.note)
			}
		})
	}
}

// Both calls have rows for every one of RFC 9293's eleven states.
func TestUserCallTableCoversEveryState(t *testing.T) {
	seen := map[bool]map[State]bool{false: {}, true: {}}
	for _, tc := range callCases {
		seen[tc.how == CallAbort][tc.state] = true
	}
	for _, abort := range []bool{false, true} {
		for _, s := range States() {
			if !seen[abort][s] {
				t.Errorf("no call case for %s (abort %v)", s, abort)
			}
		}
	}
}

// A CLOSE in SYN-RECEIVED with a send window of one segment: the FIN
// leaves once the SYN,ACK is acknowledged, and a retransmission before
// then is the SYN,ACK, not a FIN. With two, the FIN leaves at once and a
// retransmission is still the SYN,ACK, the head of the queue. With data
// pending, the CLOSE waits for ESTABLISHED and then enters FIN-WAIT-1
// ("queue for processing after entering ESTABLISHED state", RFC 9293
// §3.10.4 SYN-RECEIVED), the FIN on the data segment.
func TestCloseInSynReceived(t *testing.T) {
	for _, win := range []int{1, 2} {
		c := DefaultConfig()
		c.SendWindow = win
		e := fixture(SynReceived)
		var out outbox
		c.close(&e, App{How: CallClose}, &out)
		if e.FinSent != (win > 1) {
			t.Errorf("window %d: FIN sent at the close %v", win, e.FinSent)
		}
		out = outbox{}
		c.retransmit(&e, &out)
		if got := fmt.Sprint(out.list()); got != "[SYN,ACK seq=10 ack=31]" || e.State != FinWait1 {
			t.Errorf("window %d: retransmission in FIN-WAIT-1 with the SYN,ACK outstanding: %s in %s; want the SYN,ACK", win, got, e.State)
		}
		out = outbox{}
		c.arrive(&e, App{How: CallClose}, seg(ACK, 31, 11, 0), 0, &out)
		want := map[int]string{1: "[FIN,ACK seq=11 ack=31]", 2: "[]"}[win]
		if got := fmt.Sprint(out.list()); got != want || e.State != FinWait1 || !e.FinSent {
			t.Errorf("window %d: ACK of the SYN,ACK: sent %s, now %s; want %s, FIN-WAIT-1", win, got, e.State, want)
		}

		e = fixture(SynReceived)
		app := App{Data: 1, How: CallClose}
		out = outbox{}
		c.close(&e, app, &out)
		c.arrive(&e, app, seg(ACK, 31, 11, 0), 0, &out)
		if got := fmt.Sprint(out.list()); got != "[FIN,ACK+DATA seq=11 ack=31]" || e.State != FinWait1 {
			t.Errorf("window %d: ACK of the SYN,ACK with data queued: sent %s, now %s; want the data with the FIN, FIN-WAIT-1", win, got, e.State)
		}
	}
}

// A connect while A's old connection holds the socket pair in TIME-WAIT.
// RFC 9293 §3.10.1, OPEN in any other state than CLOSED: "Return "error:
// connection already exists"": the step is taken, visibly, and changes
// nothing. With connect-in-timewait the old connection is dropped and the
// new one opens.
func TestConnectInTimeWait(t *testing.T) {
	for _, reuse := range []bool{false, true} {
		c := DefaultConfig()
		c.ConnectInTimeWait = reuse
		var w World
		w.A = fixture(TimeWait)
		w.A.Conns, w.A.Passive = 1, false
		w.B.State = Listen
		var found bool
		for _, a := range c.actions(&w, nil) {
			if a.Kind != ActConnect {
				continue
			}
			found = true
			next, eff, ok := c.step(w, a)
			switch {
			case !ok:
				t.Errorf("reuse=%v: connect not taken", reuse)
			case !reuse && (next != w || eff.Note != NoteConnectRefused || len(eff.Sent) != 0):
				t.Errorf("connect in TIME-WAIT: now %s, note %q, sent %v; want TIME-WAIT unchanged, refused, nothing sent", next.A.State, eff.Note, eff.Sent)
			case reuse && (next.A.State != SynSent || eff.Note != NoteNone):
				t.Errorf("connect-in-timewait: now %s, note %q; want SYN-SENT", next.A.State, eff.Note)
			}
		}
		if !found {
			t.Errorf("reuse=%v: no connect enabled in TIME-WAIT", reuse)
		}
	}
}
