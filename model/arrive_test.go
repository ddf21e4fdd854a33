package model

import (
	"fmt"
	"testing"
)

// The fixture endpoint: ISS 10 and IRS 30 in a 64-number space, window 2.
// In a synchronized state everything sent so far is acknowledged except
// where a case says otherwise: SND.UNA = SND.NXT = 12, RCV.NXT = 32.
func fixture(s State) Endpoint {
	e := Endpoint{State: s, ISS: 10, SndUna: 12, SndNxt: 12, IRS: 30, RcvNxt: 32, Inc: 1}
	switch s {
	case SynSent:
		e.SndUna, e.SndNxt, e.IRS, e.RcvNxt = 10, 11, 0, 0
	case SynReceived:
		e.SndUna, e.SndNxt, e.RcvNxt, e.Passive = 10, 11, 31, true
	case FinWait1, Closing, LastAck:
		e.FinSent, e.SndUna = true, 11 // our FIN (seq 11) is unacknowledged
	case FinWait2:
		e.FinSent = true
	case TimeWait:
		e.FinSent, e.Passive = true, true // a server's connection: it has a listener
	}
	return e
}

type arrivalCase struct {
	state State
	seg   Segment
	opts  func(c *Config)
	want  State
	sent  string // the segments sent, as Segment.String prints them, comma-separated
	note  Note
	rule  string // the rule restated; Reference: the RFC section
}

func seg(flags Flags, seq, ack Seq, n uint8) Segment {
	return Segment{Seq: seq, Ack: ack, Flags: flags, Len: n}
}

var arrivalCases = []arrivalCase{
	// RFC 9293 §3.10.7.1 CLOSED.
	{Closed, seg(RST|ACK, 5, 6, 0), nil, Closed, "", NoteDropped, "an incoming RST is discarded. Reference: RFC 9293 §3.10.7.1"},
	{Closed, seg(ACK, 5, 6, 1), nil, Closed, "RST seq=6", NoteNoConnection, "with ACK: <SEQ=SEG.ACK><CTL=RST>. Reference: RFC 9293 §3.10.7.1"},
	{Closed, seg(SYN, 5, 0, 0), nil, Closed, "RST,ACK seq=0 ack=6", NoteNoConnection, "without ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Reference: RFC 9293 §3.10.7.1"},
	// §3.10.7.2 LISTEN.
	{Listen, seg(RST, 5, 0, 0), nil, Listen, "", NoteDropped, "an incoming RST should be ignored. Reference: RFC 9293 §3.10.7.2"},
	{Listen, seg(ACK, 5, 7, 0), nil, Listen, "RST seq=7", NoteBadACK, "any ACK is bad in LISTEN: <SEQ=SEG.ACK><CTL=RST>. Reference: RFC 9293 §3.10.7.2"},
	{Listen, seg(SYN, 5, 0, 0), nil, SynReceived, "SYN,ACK seq=40 ack=6", NoteNone, "a SYN: IRS=SEG.SEQ, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. Reference: RFC 9293 §3.10.7.2"},
	{Listen, seg(FIN, 5, 0, 0), nil, Listen, "", NoteDropped, "other control or text: drop. Reference: RFC 9293 §3.10.7.2"},
	// §3.10.7.3 SYN-SENT (ISS 10, SND.NXT 11).
	{SynSent, seg(SYN|ACK, 30, 10, 0), nil, SynSent, "RST seq=10", NoteBadACK, "SEG.ACK =< ISS: send <SEQ=SEG.ACK><CTL=RST>. Reference: RFC 9293 §3.10.7.3"},
	{SynSent, seg(RST|ACK, 0, 12, 0), nil, SynSent, "", NoteDropped, "an unacceptable ACK with RST: drop. Reference: RFC 9293 §3.10.7.3"},
	{SynSent, seg(RST|ACK, 0, 11, 0), nil, Closed, "", NoteReset, "RST with an acceptable ACK: connection reset, CLOSED. Reference: RFC 9293 §3.10.7.3"},
	{SynSent, seg(RST, 0, 0, 0), nil, SynSent, "", NoteDropped, "RST without ACK: drop. Reference: RFC 9293 §3.10.7.3"},
	{SynSent, seg(SYN|ACK, 30, 11, 0), nil, Established, "ACK seq=11 ack=31", NoteNone, "SYN with an acceptable ACK: ESTABLISHED, send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. Reference: RFC 9293 §3.10.7.3"},
	// §3.10.7.4 SYN-RECEIVED (ISS 10, SND.NXT 11, RCV.NXT 31).
	{SynReceived, seg(ACK, 31, 11, 0), nil, Established, "", NoteNone, "SND.UNA < SEG.ACK =< SND.NXT: ESTABLISHED. Reference: RFC 9293 §3.10.7.4 fifth"},
	{SynReceived, seg(ACK, 31, 15, 0), nil, SynReceived, "RST seq=15", NoteBadACK, "an unacceptable ACK: <SEQ=SEG.ACK><CTL=RST>. Reference: RFC 9293 §3.10.7.4 fifth"},
	{SynReceived, seg(RST, 31, 0, 0), nil, Listen, "", NoteBackToListen, "RST after a passive OPEN: back to LISTEN. Reference: RFC 9293 §3.10.7.4 second"},
	{SynReceived, seg(SYN, 30, 0, 0), nil, SynReceived, "ACK seq=11 ack=31", NoteUnacceptable, "a retransmitted SYN is below RCV.NXT: unacceptable, ACK. Reference: RFC 9293 §3.10.7.4 first"},
	// ESTABLISHED (RCV.NXT 32, window 2: 32 and 33 are acceptable).
	{Established, seg(ACK, 40, 12, 0), nil, Established, "ACK seq=12 ack=32", NoteUnacceptable, "an unacceptable segment draws <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. Reference: RFC 9293 §3.10.7.4 first"},
	{Established, seg(RST, 40, 0, 0), nil, Established, "", NoteDropped, "an unacceptable RST is dropped. Reference: RFC 9293 §3.10.7.4 first"},
	{Established, seg(RST, 33, 0, 0), nil, Closed, "", NoteReset, "a RST in the window resets the connection. Reference: RFC 9293 §3.10.7.4 second"},
	{Established, seg(RST, 33, 0, 0), func(c *Config) { c.RSTExact = true }, Established, "ACK seq=12 ack=32", NoteChallengeACK, "RFC 5961: a RST in the window but not at RCV.NXT draws a challenge ACK. Reference: RFC 9293 §3.10.7.4 second, RFC 5961 §3.2"},
	{Established, seg(RST, 32, 0, 0), func(c *Config) { c.RSTExact = true }, Closed, "", NoteReset, "RFC 5961: a RST at RCV.NXT resets. Reference: RFC 9293 §3.10.7.4 second"},
	{Established, seg(SYN, 32, 0, 0), nil, Established, "ACK seq=12 ack=32", NoteChallengeACK, "a SYN draws a challenge ACK. Reference: RFC 9293 §3.10.7.4 fourth"},
	{Established, seg(0, 32, 0, 1), nil, Established, "", NoteDropped, "a segment without ACK is dropped. Reference: RFC 9293 §3.10.7.4 fifth"},
	{Established, seg(ACK, 32, 14, 0), nil, Established, "ACK seq=12 ack=32", NoteUnacceptable, "an ACK of something not yet sent draws an ACK. Reference: RFC 9293 §3.10.7.4 fifth"},
	{Established, seg(ACK, 32, 12, 1), nil, Established, "ACK seq=12 ack=33", NoteNone, "in-order text is delivered and acknowledged. Reference: RFC 9293 §3.10.7.4 seventh"},
	{Established, seg(ACK, 33, 12, 1), nil, Established, "ACK seq=12 ack=32", NoteHeld, "\"Segments with higher beginning sequence numbers SHOULD be held for later processing (SHLD-31)\": held, a duplicate ACK sent. Reference: RFC 9293 §3.10.7.4 first"},
	{Established, seg(ACK, 33, 12, 1), func(c *Config) { c.DropOutOfOrder = true }, Established, "ACK seq=12 ack=32", NoteOutOfOrder, "with drop-out-of-order, text beyond RCV.NXT is dropped, an ACK sent. Reference: RFC 9293 §3.10.7.4 first (a SHOULD)"},
	{Established, seg(FIN|ACK, 33, 12, 0), nil, Established, "ACK seq=12 ack=32", NoteHeld, "a FIN that overtook data is held, not acted on, until RCV.NXT reaches it. Reference: RFC 9293 §3.10.7.4 first and eighth"},
	{Established, seg(FIN|ACK, 32, 12, 0), nil, CloseWait, "ACK seq=12 ack=33", NoteNone, "a FIN: CLOSE-WAIT and ACK. Reference: RFC 9293 §3.10.7.4 eighth"},
	// FIN-WAIT-1 (our FIN, seq 11, unacknowledged: SND.UNA 11, SND.NXT 12).
	{FinWait1, seg(ACK, 32, 12, 0), nil, FinWait2, "", NoteNone, "our FIN acknowledged: FIN-WAIT-2. Reference: RFC 9293 §3.10.7.4 fifth"},
	{FinWait1, seg(FIN|ACK, 32, 11, 0), nil, Closing, "ACK seq=12 ack=33", NoteNone, "a FIN before our FIN is acknowledged: CLOSING. Reference: RFC 9293 §3.10.7.4 eighth"},
	{FinWait1, seg(FIN|ACK, 32, 12, 0), nil, TimeWait, "ACK seq=12 ack=33", NoteNone, "a FIN that also acknowledges ours: TIME-WAIT. Reference: RFC 9293 §3.10.7.4 eighth"},
	// FIN-WAIT-2.
	{FinWait2, seg(FIN|ACK, 32, 12, 0), nil, TimeWait, "ACK seq=12 ack=33", NoteNone, "a FIN: TIME-WAIT. Reference: RFC 9293 §3.10.7.4 eighth"},
	{FinWait2, seg(ACK, 32, 12, 1), func(c *Config) {}, FinWait2, "ACK seq=12 ack=33", NoteNone, "FIN-WAIT-2 still receives text (half-close). Reference: RFC 9293 §3.10.7.4 seventh"},
	// CLOSE-WAIT.
	{CloseWait, seg(FIN|ACK, 31, 12, 0), nil, CloseWait, "ACK seq=12 ack=32", NoteUnacceptable, "a retransmitted FIN lies below RCV.NXT: ACK. Reference: RFC 9293 §3.10.7.4 first"},
	{CloseWait, seg(RST, 32, 0, 0), nil, Closed, "", NoteReset, "a RST in the window: reset. Reference: RFC 9293 §3.10.7.4 second"},
	{CloseWait, seg(ACK, 32, 12, 1), nil, CloseWait, "", NoteNone, "text after the peer's FIN: \"This should not occur since a FIN has been received from the remote side. Ignore the segment text.\" Reference: RFC 9293 §3.10.7.4 seventh"},
	{CloseWait, seg(FIN|ACK, 32, 12, 0), nil, CloseWait, "ACK seq=12 ack=32", NoteFinAgain, "a FIN in the window: \"send an acknowledgment for the FIN\" and \"Remain in the CLOSE-WAIT state\". Reference: RFC 9293 §3.10.7.4 eighth"},
	{Closing, seg(FIN|ACK, 32, 11, 0), nil, Closing, "", NoteNone, "a FIN in the window in CLOSING that does not acknowledge ours: \"if the ACK acknowledges our FIN, then enter the TIME-WAIT state; otherwise, ignore the segment\". Reference: RFC 9293 §3.10.7.4 fifth"},
	{LastAck, seg(FIN|ACK, 32, 11, 0), nil, LastAck, "", NoteNone, "a FIN in the window in LAST-ACK: \"The only thing that can arrive in this state is an acknowledgment of our FIN\"; it is not, and the segment goes no further. Reference: RFC 9293 §3.10.7.4 fifth"},
	// CLOSING (our FIN unacknowledged).
	{Closing, seg(ACK, 32, 12, 0), nil, TimeWait, "", NoteNone, "our FIN acknowledged: TIME-WAIT. Reference: RFC 9293 §3.10.7.4 fifth"},
	{Closing, seg(ACK, 32, 11, 0), nil, Closing, "", NoteNone, "otherwise the segment is ignored. Reference: RFC 9293 §3.10.7.4 fifth"},
	// LAST-ACK.
	{LastAck, seg(ACK, 32, 12, 0), nil, Closed, "", NoteNone, "our FIN acknowledged: delete the TCB, CLOSED. Reference: RFC 9293 §3.10.7.4 fifth"},
	{LastAck, seg(RST, 32, 0, 0), nil, Closed, "", NoteReset, "a RST: CLOSED. Reference: RFC 9293 §3.10.7.4 second"},
	// TIME-WAIT.
	{TimeWait, seg(FIN|ACK, 31, 12, 0), nil, TimeWait, "ACK seq=12 ack=32", NoteFinReACKed, "a retransmitted FIN is acknowledged and the 2 MSL timer restarted. Reference: RFC 9293 §3.10.7.4 TIME-WAIT"},
	{TimeWait, seg(ACK, 30, 11, 0), nil, TimeWait, "ACK seq=12 ack=32", NoteUnacceptable, "an old duplicate draws an ACK (RFC 1337's first step). Reference: RFC 9293 §3.10.7.4 first; RFC 1337 §2"},
	{TimeWait, seg(RST, 32, 0, 0), func(c *Config) { c.RFC1337 = false }, Closed, "", NoteReset, "without RFC 1337 a RST ends TIME-WAIT. Reference: RFC 9293 §3.10.7.4 second; RFC 1337 §2 H1"},
	{TimeWait, seg(RST, 32, 0, 0), func(c *Config) { c.RFC1337 = true }, TimeWait, "", NoteRSTIgnored, "with RFC 1337's fix a RST in TIME-WAIT is ignored. Reference: RFC 1337 §3"},
	{TimeWait, seg(SYN, 40, 0, 0), nil, TimeWait, "ACK seq=12 ack=32", NoteUnacceptable, "a new SYN draws an ACK when reuse is off. Reference: RFC 9293 §3.10.7.4 first"},
	{TimeWait, seg(ACK, 30, 11, 0), func(c *Config) { c.TWRestartOnACK = true }, TimeWait, "ACK seq=12 ack=32", NoteUnacceptable, "Linux restarts TIME-WAIT for an ACK-bearing segment, then answers it. Reference: Linux tcp_timewait_state_process"},
	{TimeWait, seg(SYN, 40, 0, 0), func(c *Config) { c.TWReuse = true }, SynReceived, "SYN,ACK seq=15 ack=41", NoteReopened, "with reuse a SYN beyond RCV.NXT reopens, ISS beyond the old SND.NXT. Reference: RFC 1122 §4.2.2.13"},
	{TimeWait, seg(SYN, 31, 0, 0), func(c *Config) { c.TWReuse = true }, TimeWait, "ACK seq=12 ack=32", NoteUnacceptable, "with reuse a SYN at or below RCV.NXT is refused. Reference: RFC 1122 §4.2.2.13"},
	{TimeWait, seg(ACK, 33, 12, 1), nil, TimeWait, "ACK seq=12 ack=32", NoteTimeWaitACKed, "an acceptable segment with text: \"The only thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout.\" Reference: RFC 9293 §3.10.7.4 fifth, TIME-WAIT"},
	{TimeWait, seg(ACK, 32, 12, 0), nil, TimeWait, "", NoteDropped, "an acceptable bare ACK occupies no sequence number: nothing to acknowledge, no restart (answering it would start an ACK war between two TIME-WAITs). Reference: RFC 9293 §3.10.7.4 fifth, TIME-WAIT; Linux tcp_timewait_state_process, TCP_TW_SUCCESS"},
	{TimeWait, seg(FIN|ACK, 32, 12, 0), nil, TimeWait, "ACK seq=12 ack=32", NoteTimeWaitACKed, "an acceptable FIN: \"Remain in the TIME-WAIT state. Restart the 2 MSL time-wait timeout.\" Reference: RFC 9293 §3.10.7.4 eighth, TIME-WAIT"},
	{TimeWait, seg(RST, 33, 0, 0), func(c *Config) { c.RFC1337 = false }, Closed, "", NoteReset, "any RST in the window ends TIME-WAIT without RFC 1337. Reference: RFC 9293 §3.10.7.4 second"},
	{TimeWait, seg(RST, 33, 0, 0), func(c *Config) { c.RFC1337, c.TWRSTExact = false, true }, TimeWait, "", NoteDropped, "Linux drops a RST in TIME-WAIT that is not at exactly RCV.NXT, with no answer. Reference: Linux tcp_timewait_state_process"},
	{TimeWait, seg(RST, 32, 0, 0), func(c *Config) { c.RFC1337, c.TWRSTExact = false, true }, Closed, "", NoteReset, "and acts on one at exactly RCV.NXT. Reference: Linux tcp_timewait_state_process"},
}

func TestSegmentArrivalFollowsRFC9293(t *testing.T) {
	for _, tc := range arrivalCases {
		t.Run(fmt.Sprintf("%s/%s", tc.state, tc.seg), func(t *testing.T) {
			c := DefaultConfig()
			if tc.opts != nil {
				tc.opts(&c)
			}
			e := fixture(tc.state)
			var out outbox
			r := c.arrive(&e, App{}, tc.seg, 40, &out) // an application with nothing to send
			sent := ""
			for i, s := range out.list() {
				if i > 0 {
					sent += ", "
				}
				sent += s.String()
			}
			if e.State != tc.want || sent != tc.sent || r.note != tc.note {
				t.Errorf("%s\ngot  %s, sent %q, note %q\nwant %s, sent %q, note %q", tc.rule, e.State, sent, r.note, tc.want, tc.sent, tc.note)
			}
		})
	}
}

// Every one of RFC 9293's eleven states has rows in the table above.
func TestArrivalTableCoversEveryState(t *testing.T) {
	seen := map[State]bool{}
	for _, tc := range arrivalCases {
		seen[tc.state] = true
	}
	for _, s := range States() {
		if !seen[s] {
			t.Errorf("no arrival case for %s", s)
		}
	}
}

// Which segments restart the TIME-WAIT timer. RFC 9293 §3.10.7.4: a
// retransmission of the remote FIN, and any acceptable segment with text
// (fifth step), not a bare ACK, which occupies no sequence number, nor an
// old duplicate below RCV.NXT. Linux
// (tcp_timewait_state_process, option tw-restart-on-ack): any ACK-bearing
// segment that is not a RST.
func TestTimeWaitRestart(t *testing.T) {
	cases := []struct {
		name    string
		linux   bool
		seg     Segment
		restart bool
	}{
		{"RFC: retransmitted FIN", false, seg(FIN|ACK, 31, 12, 0), true},
		{"RFC: old duplicate ACK", false, seg(ACK, 30, 11, 0), false},
		{"RFC: acceptable bare ACK", false, seg(ACK, 32, 12, 0), false},
		{"RFC: acceptable text", false, seg(ACK, 32, 12, 1), true},
		{"Linux: bare ACK at RCV.NXT", true, seg(ACK, 32, 12, 0), true},
		{"Linux: old duplicate ACK", true, seg(ACK, 30, 11, 0), true},
		{"Linux: RST", true, seg(RST|ACK, 40, 12, 0), false},
	}
	for _, tc := range cases {
		c := DefaultConfig()
		c.TWRestartOnACK = tc.linux
		e := fixture(TimeWait)
		e.TimeWait.Arm(1) // one tick left before the segment arrives
		var out outbox
		c.arrive(&e, App{}, tc.seg, 0, &out)
		if restarted := e.TimeWait.Left() == c.TimeWait; restarted != tc.restart || e.State != TimeWait {
			t.Errorf("%s: %s with %d ticks left; want restarted=%v", tc.name, e.State, e.TimeWait.Left(), tc.restart)
		}
	}
}

// A FIN queued behind unacknowledged data (a full send window, see
// sendNext) leaves as soon as the data is acknowledged, also when the
// peer's FIN has moved the endpoint on to CLOSING or LAST-ACK in the
// meantime. Found by liveness checking: the half-close scenario's B stayed
// in LAST-ACK forever with its FIN never sent.
func TestQueuedFINLeavesOnceTheDataIsAcknowledged(t *testing.T) {
	for _, s := range []State{FinWait1, Closing, LastAck} {
		c := DefaultConfig()
		c.SendWindow = 1
		e := fixture(s)
		// One data unit (seq 11) outstanding, the application closed, our
		// FIN not yet sent.
		e.FinSent, e.SndUna, e.SndNxt, e.Sent, e.AppClosed = false, 11, 12, 1, true
		var out outbox
		c.arrive(&e, App{Data: 1}, seg(ACK, 32, 12, 0), 0, &out)
		sent := fmt.Sprint(out.list())
		if !e.FinSent || sent != "[FIN,ACK seq=12 ack=32]" || e.State != s {
			t.Errorf("%s: ACK of the data: sent %s, FIN sent %v, now %s; want the FIN sent and still %s", s, sent, e.FinSent, e.State, s)
		}
	}
}

// ABORT's RST (RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST>; Linux's
// tcp_send_active_reset adds the ACK) and the RST for data after close
// (SEQ=SND.NXT; Linux's tcp_v4_send_reset uses SEG.ACK).
func TestLinuxResets(t *testing.T) {
	for _, linux := range []bool{false, true} {
		c := DefaultConfig()
		c.AbortRSTACK, c.DataAfterCloseSegACK = linux, linux
		e := fixture(Established)
		var out outbox
		c.close(&e, App{How: CallAbort}, &out)
		want := map[bool]string{false: "[RST seq=12]", true: "[RST,ACK seq=12 ack=32]"}[linux]
		if got := fmt.Sprint(out.list()); got != want || e.State != Closed {
			t.Errorf("linux=%v: abort sent %s, now %s; want %s, CLOSED", linux, got, e.State, want)
		}
		e = fixture(FinWait2)
		e.RcvShut, e.AppClosed = true, true
		out = outbox{}
		c.arrive(&e, App{}, seg(ACK, 32, 11, 1), 0, &out)
		want = map[bool]string{false: "[RST seq=12]", true: "[RST seq=11]"}[linux]
		if got := fmt.Sprint(out.list()); got != want || e.State != Closed {
			t.Errorf("linux=%v: data after close drew %s, now %s; want %s, CLOSED", linux, got, e.State, want)
		}
	}
}

// TIME-WAIT reuse needs a listener: a client's connection (not from
// LISTEN) answers a new SYN with an ACK, as Linux does when no socket
// listens on the port.
func TestTimeWaitReuseNeedsAListener(t *testing.T) {
	c := DefaultConfig()
	c.TWReuse = true
	e := fixture(TimeWait)
	e.Passive = false
	var out outbox
	c.arrive(&e, App{}, seg(SYN, 40, 0, 0), 0, &out)
	if got := fmt.Sprint(out.list()); e.State != TimeWait || got != "[ACK seq=12 ack=32]" {
		t.Fatalf("a client's TIME-WAIT: %s, sent %s; want TIME-WAIT and an ACK", e.State, got)
	}
}

// The sender keeps up to send-window segments in flight within the peer's
// window, a cumulative ACK acknowledges all it covers and restarts the
// timer for the rest (RFC 6298 §5.3), and the retransmission timer resends
// the segment at SND.UNA only (§5.4). A FIN queued behind the data rides on
// the last unit when they leave together.
func TestSlidingWindow(t *testing.T) {
	c := DefaultConfig()
	c.SendWindow, c.Window = 2, 4
	app := App{Data: 4, How: CallClose}
	e := fixture(Established)
	e.Sent = 1 // the unit at 11 was sent and acknowledged
	var out outbox
	c.close(&e, app, &out)
	if got := fmt.Sprint(out.list()); got != "[DATA seq=12 ack=32 DATA seq=13 ack=32]" || e.inFlight(c.Space()) != 2 {
		t.Fatalf("close with three units to send: sent %s, %d in flight; want two units", got, e.inFlight(c.Space()))
	}
	out = outbox{}
	c.retransmit(&e, &out)
	if got := fmt.Sprint(out.list()); got != "[DATA seq=12 ack=32]" {
		t.Errorf("retransmission: %s; want the unit at SND.UNA only", got)
	}
	out = outbox{}
	e.Retx.Arm(1)
	c.arrive(&e, app, seg(ACK, 32, 13, 0), 0, &out)
	if got := fmt.Sprint(out.list()); got != "[FIN,ACK+DATA seq=14 ack=32]" || !e.FinOnData || e.Retx.Left() != c.RTO || e.Retries != 0 {
		t.Errorf("ACK of the first unit: sent %s, FIN on data %v, timer %d, retries %d; want the last unit with the FIN, the timer restarted", got, e.FinOnData, e.Retx.Left(), e.Retries)
	}
	out = outbox{}
	c.arrive(&e, app, seg(ACK, 32, 14, 0), 0, &out)
	out = outbox{}
	c.retransmit(&e, &out)
	if got := fmt.Sprint(out.list()); got != "[FIN,ACK+DATA seq=14 ack=32]" {
		t.Errorf("retransmission of the last unit: %s; want it with its FIN", got)
	}
	out = outbox{}
	c.arrive(&e, app, seg(ACK, 32, 16, 0), 0, &out)
	if e.State != FinWait2 || e.Retx.Armed() || len(out.list()) != 0 {
		t.Errorf("ACK of everything: %s, timer armed %v, sent %v; want FIN-WAIT-2, the timer off", e.State, e.Retx.Armed(), out.list())
	}
}

// Segments beyond RCV.NXT are held (RFC 9293 §3.10.7.4 first, SHLD-31) and
// processed when RCV.NXT reaches them: a FIN that overtook two units is
// acted on only after both, in one step, with one ACK; the step delivers
// the units in order.
func TestHeldSegmentsWaitForTheGap(t *testing.T) {
	c := DefaultConfig()
	c.Window = 4
	e := fixture(Established)
	var out outbox
	for _, s := range []Segment{seg(FIN|ACK, 34, 12, 0), seg(ACK, 33, 12, 1), seg(ACK, 33, 12, 1)} {
		r := c.arrive(&e, App{}, s, 0, &out)
		if r.note != NoteHeld || e.State != Established || e.RcvNxt != 32 {
			t.Fatalf("%s: note %q, %s, RCV.NXT %d; want it held", s, r.note, e.State, e.RcvNxt)
		}
	}
	if e.HeldN != 2 {
		t.Fatalf("held %d segments; want 2 (a copy is held once)", e.HeldN)
	}
	out = outbox{}
	d := seg(ACK, 32, 12, 1)
	d.Data = 0
	r := c.arrive(&e, App{}, d, 0, &out)
	if got := fmt.Sprint(out.list()); got != "[ACK seq=12 ack=35]" || e.State != CloseWait || r.units != 2 || e.HeldN != 0 {
		t.Errorf("the gap filled: sent %s, %s, %d units delivered, %d held; want one ACK of all, CLOSE-WAIT, 2 units", got, e.State, r.units, e.HeldN)
	}
}
