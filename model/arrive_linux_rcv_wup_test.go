package model

import (
	"fmt"
	"strings"
	"testing"
)

// rcvWupCase is one segment that ends at (or near) RCV.NXT reaching the
// fixture endpoint (arrive_test.go: RCV.NXT 32, SND.NXT 12, window 2; our
// FIN, seq 11, unacknowledged in FIN-WAIT-1, CLOSING and LAST-ACK) under
// a profile, with timestamps when ts is set: TS.Recent recent ticks old,
// the segment sent age ticks ago. orphan: the application closed with
// close().
type rcvWupCase struct {
	profile     string
	state       State
	orphan      bool
	ts          bool
	recent, age uint8
	seg         Segment
	opts        func(c *Config)
	want        State
	sent        string
	note        Note
	tsRecent    uint8 // TS.Recent's age afterwards, with timestamps
	rule        string
}

var rcvWupCases = []rcvWupCase{
	// ESTABLISHED: old data ending at RCV.NXT.
	{"rfc", Established, false, false, 0, 0, seg(ACK, 31, 12, 1), nil, Established, "ACK seq=12 ack=32", NoteUnacceptable, 0,
		"RFC 9293 §3.10.7.4 first: the segment's last number, 31, is below RCV.NXT: unacceptable, an ACK"},
	{"linux", Established, false, false, 0, 0, seg(ACK, 31, 12, 1), nil, Established, "ACK seq=12 ack=32", NoteEndsAtRcvNxt, 0,
		"tcp_sequence: end_seq 32 is not before rcv_wup 32: taken; tcp_data_queue: \"!after(end_seq, rcv_nxt)\": a duplicate ACK"},
	{"linux", Established, false, false, 0, 0, seg(ACK, 30, 12, 1), nil, Established, "ACK seq=12 ack=32", NoteUnacceptable, 0,
		"a segment ending before RCV.NXT is old for Linux too (before(end_seq, rcv_wup)): an ACK"},
	{"linux", Established, false, false, 0, 0, seg(0, 31, 0, 1), nil, Established, "", NoteDropped, 0,
		"without ACK: tcp_rcv_established discards it before tcp_validate_incoming, no answer"},
	{"rfc", Established, false, false, 0, 0, seg(0, 31, 0, 1), nil, Established, "ACK seq=12 ack=32", NoteUnacceptable, 0,
		"the RFC's first step ACKs it"},
	{"linux", Established, false, false, 0, 0, seg(ACK, 31, 14, 1), nil, Established, "ACK seq=12 ack=32", NoteUnacceptable, 0,
		"an ACK of something not sent: tcp_ack's -SKB_DROP_REASON_TCP_ACK_UNSENT_DATA, with its challenge ACK (RFC 5961 §5.2)"},
	{"linux", Established, false, false, 0, 0, seg(SYN, 31, 0, 0), nil, Established, "ACK seq=12 ack=32", NoteUnacceptable, 0,
		"a SYN ending at RCV.NXT: tcp_validate_incoming's challenge ACK, the RFC's ACK"},
	// FIN-WAIT-1: the ACK field acknowledges our FIN.
	{"rfc", FinWait1, false, false, 0, 0, seg(ACK, 31, 12, 1), nil, FinWait1, "ACK seq=12 ack=32", NoteUnacceptable, 0,
		"RFC 9293: unacceptable, its ACK unread: FIN-WAIT-1 stays"},
	{"linux", FinWait1, false, false, 0, 0, seg(ACK, 31, 12, 1), nil, FinWait2, "ACK seq=12 ack=32", NoteEndsAtRcvNxt, 0,
		"after shutdown(): tcp_rcv_state_process enters FIN-WAIT-2, tcp_data_queue sends the duplicate ACK"},
	{"linux", FinWait1, true, false, 0, 0, seg(ACK, 31, 12, 1), nil, FinWait2, "", NoteEndsAtRcvNxt, 0,
		"after close(): \"tcp_time_wait(sk, TCP_FIN_WAIT2, tmo); goto consume\": the mini-socket, no answer"},
	{"linux", FinWait1, true, false, 0, 0, seg(ACK, 31, 12, 1), func(c *Config) { c.FinWait2 = -1 }, Closed, "RST seq=12", NoteOrphanReset, 0,
		"TCP_LINGER2 < 0: tcp_done, tcp_v4_send_reset"},
	{"linux", FinWait1, false, false, 0, 0, seg(ACK, 31, 11, 1), nil, FinWait1, "ACK seq=12 ack=32", NoteEndsAtRcvNxt, 0,
		"an ACK short of our FIN: FIN-WAIT-1 stays, a duplicate ACK"},
	// FIN-WAIT-2.
	{"linux", FinWait2, false, false, 0, 0, seg(ACK, 31, 12, 1), nil, FinWait2, "ACK seq=12 ack=32", NoteEndsAtRcvNxt, 0,
		"after shutdown(), a full socket: taken, a duplicate ACK"},
	{"linux", FinWait2, true, false, 0, 0, seg(ACK, 31, 12, 1), nil, FinWait2, "ACK seq=12 ack=32", NoteUnacceptable, 0,
		"after close(), the mini-socket: tcp_timewait_state_process's tcp_in_window refuses it, an ACK"},
	// CLOSING: B's retransmitted FIN.
	{"rfc", Closing, false, false, 0, 0, seg(FIN|ACK, 31, 12, 0), nil, Closing, "ACK seq=12 ack=32", NoteUnacceptable, 0,
		"RFC 9293: the retransmitted FIN is unacceptable even when it acknowledges our FIN: CLOSING stays"},
	{"linux", Closing, false, false, 0, 0, seg(FIN|ACK, 31, 12, 0), nil, TimeWait, "", NoteEndsAtRcvNxt, 0,
		"tcp_rcv_state_process, CLOSING: \"tcp_time_wait(sk, TCP_TIME_WAIT, 0); goto consume\": TIME-WAIT, nothing sent"},
	{"linux", Closing, false, false, 0, 0, seg(FIN|ACK, 31, 11, 0), nil, Closing, "ACK seq=12 ack=32", NoteEndsAtRcvNxt, 0,
		"the retransmitted FIN short of our FIN: step 7 falls through to tcp_data_queue, a duplicate ACK"},
	// LAST-ACK.
	{"rfc", LastAck, false, false, 0, 0, seg(FIN|ACK, 31, 12, 0), nil, LastAck, "ACK seq=12 ack=32", NoteUnacceptable, 0,
		"RFC 9293: unacceptable, LAST-ACK stays"},
	{"linux", LastAck, false, false, 0, 0, seg(FIN|ACK, 31, 12, 0), nil, Closed, "", NoteEndsAtRcvNxt, 0,
		"tcp_rcv_state_process, LAST-ACK: \"tcp_done(sk); goto consume\": CLOSED, nothing sent"},
	{"linux", LastAck, false, false, 0, 0, seg(FIN|ACK, 31, 11, 0), nil, LastAck, "ACK seq=12 ack=32", NoteEndsAtRcvNxt, 0,
		"short of our FIN: a duplicate ACK"},
	// CLOSE-WAIT.
	{"linux", CloseWait, false, false, 0, 0, seg(FIN|ACK, 31, 12, 0), nil, CloseWait, "ACK seq=12 ack=32", NoteEndsAtRcvNxt, 0,
		"CLOSE-WAIT: \"!before(seq, rcv_nxt)\" fails, step 7 falls through to tcp_data_queue: a duplicate ACK"},
	// SYN-RECEIVED (RCV.NXT 31, SND.NXT 11).
	{"linux", SynReceived, false, false, 0, 0, seg(ACK, 30, 11, 1), nil, SynReceived, "ACK seq=11 ack=31", NoteUnacceptable, 0,
		"passive SYN-RECEIVED is a request socket: tcp_check_req's tcp_in_window refuses it, an ACK"},
	// TIME-WAIT keeps its own rules.
	{"linux", TimeWait, false, false, 0, 0, seg(FIN|ACK, 31, 12, 0), nil, TimeWait, "ACK seq=12 ack=32", NoteFinReACKed, 0,
		"the mini-socket (tcp_timewait_state_process) ACKs the retransmitted FIN"},
	{"rfc", TimeWait, false, false, 0, 0, seg(FIN|ACK, 31, 12, 0), func(c *Config) { c.AcceptEndAtRcvNxt = true }, TimeWait, "ACK seq=12 ack=32", NoteFinReACKed, 0,
		"RFC 9293's TIME-WAIT with the option alone: the retransmitted FIN is ACKed and the timer restarted, as before"},
	// With timestamps (RFC 7323).
	{"rfc", Established, false, true, 2, 0, seg(ACK, 31, 12, 1), nil, Established, "ACK seq=12 ack=32", NoteUnacceptable, 2,
		"RFC 7323 R3 records TS.Recent only for an acceptable segment: the ACK echoes the old TS.Recent"},
	{"linux", Established, false, true, 2, 0, seg(ACK, 31, 12, 1), nil, Established, "ACK seq=12 ack=32", NoteEndsAtRcvNxt, 0,
		"tcp_ack's tcp_replace_ts_recent records the newer TSval (!after(seq, rcv_wup)), and the duplicate ACK echoes it"},
	{"linux", Established, false, true, 0, 1, seg(ACK, 31, 12, 1), nil, Established, "ACK seq=12 ack=32", NotePAWS, 0,
		"an older TSval: PAWS first (tcp_validate_incoming), an ACK"},
	{"linux", Established, false, true, 2, 0, seg(ACK, 31, 11, 1), nil, Established, "ACK seq=12 ack=32", NoteEndsAtRcvNxt, 2,
		"an ACK below SND.UNA: tcp_ack's old_ack comes before tcp_replace_ts_recent: TS.Recent stays"},
	{"linux", Closing, false, true, 2, 0, seg(FIN|ACK, 31, 12, 0), nil, TimeWait, "", NoteEndsAtRcvNxt, 0,
		"CLOSING: the TSval is recorded before tcp_time_wait copies ts_recent into the mini-socket"},
}

func TestSegmentEndingAtRcvNxt(t *testing.T) {
	for _, tc := range rcvWupCases {
		t.Run(fmt.Sprintf("%s/%s/orphan=%v/ts=%v/%s", tc.profile, tc.state, tc.orphan, tc.ts, tc.seg), func(t *testing.T) {
			c := DefaultConfig()
			if err := ApplyProfile(&c, tc.profile); err != nil {
				t.Fatal(err)
			}
			c.Timestamps = tc.ts
			if tc.opts != nil {
				tc.opts(&c)
			}
			e := fixture(tc.state)
			if tc.orphan {
				e.AppClosed, e.RcvShut = true, true
			}
			e.TSRecent = tc.recent
			s := tc.seg
			s.Age = tc.age
			var out outbox
			r := c.arrive(&e, App{}, s, 40, &out)
			var sent []string
			for _, x := range out.list() {
				sent = append(sent, x.String())
			}
			got := strings.Join(sent, ", ")
			if e.State != tc.want || got != tc.sent || r.note != tc.note || tc.ts && hasTCB(e.State) && e.TSRecent != tc.tsRecent {
				t.Errorf("%s\ngot  %s, sent %q, note %q, TS.Recent %d\nwant %s, sent %q, note %q, TS.Recent %d",
					tc.rule, e.State, got, r.note, e.TSRecent, tc.want, tc.sent, tc.note, tc.tsRecent)
			}
		})
	}
}

// An active SYN-RECEIVED (simultaneous open; the fixture's RCV.NXT 31,
// SND.UNA 10, SND.NXT 11) is a full socket, which the option reaches: an
// acceptable ACK on a segment ending at RCV.NXT enters ESTABLISHED and
// draws tcp_data_queue's duplicate ACK; a bad one draws RFC 9293's
// <SEQ=SEG.ACK><CTL=RST> (tcp_rcv_state_process's "send one RST"), with
// processACK's note, and SYN-RECEIVED stays.
func TestSegmentEndingAtRcvNxtInActiveSynReceived(t *testing.T) {
	for _, tc := range []struct {
		profile string
		ack     Seq
		want    State
		sent    string
		note    Note
	}{
		{"rfc", 11, SynReceived, "ACK seq=11 ack=31", NoteUnacceptable},
		{"linux", 11, Established, "ACK seq=11 ack=31", NoteEndsAtRcvNxt},
		{"linux", 13, SynReceived, "RST seq=13", NoteBadACK},
		{"linux", 10, SynReceived, "RST seq=10", NoteBadACK},
	} {
		c := DefaultConfig()
		if err := ApplyProfile(&c, tc.profile); err != nil {
			t.Fatal(err)
		}
		e := fixture(SynReceived)
		e.Passive = false
		var out outbox
		r := c.arrive(&e, App{}, seg(ACK, 30, tc.ack, 1), 40, &out)
		var sent []string
		for _, x := range out.list() {
			sent = append(sent, x.String())
		}
		if got := strings.Join(sent, ", "); e.State != tc.want || got != tc.sent || r.note != tc.note {
			t.Errorf("%s, ack %d: %s, sent %q, note %q; want %s, sent %q, note %q", tc.profile, tc.ack, e.State, got, r.note, tc.want, tc.sent, tc.note)
		}
	}
}

// The option reaches every synchronized state that tcp_validate_incoming
// tests: a row under the linux profile for each (the active SYN-RECEIVED's
// rows are in TestSegmentEndingAtRcvNxtInActiveSynReceived; the table's
// passive one shows the option does not reach it).
func TestSegmentEndingAtRcvNxtCoversEachState(t *testing.T) {
	seen := map[State]bool{}
	for _, tc := range rcvWupCases {
		if tc.profile == "linux" && tc.state != SynReceived {
			seen[tc.state] = true
		}
	}
	for _, s := range []State{Established, FinWait1, FinWait2, Closing, LastAck, CloseWait, TimeWait} {
		if !seen[s] {
			t.Errorf("no linux row for %s", s)
		}
	}
}

// Linux's tcp_reset_check (rst-at-fin-seq): after the peer's FIN, a RST
// at RCV.NXT-1 (31 in the fixture), the FIN's own number, resets; the RFC
// drops it as below the window. Not in TIME-WAIT, nor before the FIN.
func TestRSTAtFinSeq(t *testing.T) {
	for _, tc := range []struct {
		profile string
		state   State
		seq     Seq
		want    State
		note    Note
	}{
		{"rfc", CloseWait, 31, CloseWait, NoteDropped},
		{"linux", CloseWait, 31, Closed, NoteReset},
		{"linux", Closing, 31, Closed, NoteReset},
		{"linux", LastAck, 31, Closed, NoteReset},
		{"linux", CloseWait, 30, CloseWait, NoteDropped},
		{"linux", Established, 31, Established, NoteDropped},
		{"linux", FinWait2, 31, FinWait2, NoteDropped},
		{"linux", TimeWait, 31, TimeWait, NoteDropped},
	} {
		c := DefaultConfig()
		if err := ApplyProfile(&c, tc.profile); err != nil {
			t.Fatal(err)
		}
		e := fixture(tc.state)
		var out outbox
		r := c.arrive(&e, App{}, seg(RST, tc.seq, 0, 0), 40, &out)
		if e.State != tc.want || r.note != tc.note || out.n != 0 {
			t.Errorf("%s: RST seq=%d in %s: %s, note %q, sent %v; want %s, %q, nothing", tc.profile, tc.seq, tc.state, e.State, r.note, out.list(), tc.want, tc.note)
		}
	}
	c := DefaultConfig()
	c.RSTAtFinSeq = true
	e := fixture(TimeWait)
	var out outbox
	if c.arrive(&e, App{}, seg(RST, 31, 0, 0), 40, &out); e.State != TimeWait {
		t.Errorf("RFC 9293's TIME-WAIT with rst-at-fin-seq: %s; want TIME-WAIT", e.State)
	}
}
