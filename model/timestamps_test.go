package model

import (
	"strings"
	"testing"
)

// tsCase is one arrival with timestamps on: the endpoint of fixture(state)
// whose TS.Recent is recent ticks old receives seg, sent age ticks ago
// (its TSval is that old).
type tsCase struct {
	state    State
	recent   uint8
	seg      Segment
	age      uint8
	opts     func(c *Config)
	want     State
	sent     string
	note     Note
	tsRecent uint8 // TS.Recent's age afterwards (when the endpoint keeps a TCB)
	rule     string
}

func linuxProfile(c *Config) {
	if err := ApplyProfile(c, "linux"); err != nil {
		panic(err)
	}
}

var tsCases = []tsCase{
	// RFC 7323 §5.3 in a full TCB (ESTABLISHED: RCV.NXT 32, window 2).
	{Established, 0, seg(ACK, 32, 12, 1), 1, nil, Established, "ACK seq=12 ack=32", NotePAWS, 0,
		"R1: \"If there is a Timestamps option in the arriving segment, SEG.TSval < TS.Recent, TS.Recent is valid ..., and the RST bit is not set, then treat the arriving segment as not acceptable: Send an acknowledgment in reply\": in-window data older than TS.Recent is dropped with an ACK. Reference: RFC 7323 §5.3"},
	{Established, 1, seg(ACK, 32, 12, 1), 1, nil, Established, "ACK seq=12 ack=33", NoteNone, 1,
		"R1 passes for a TSval equal to TS.Recent (sent in the same tick): the data is delivered. Reference: RFC 7323 §5.3"},
	{Established, 2, seg(ACK, 32, 12, 1), 0, nil, Established, "ACK seq=12 ack=33", NoteNone, 0,
		"R3: \"If an arriving segment satisfies SEG.TSval >= TS.Recent and SEG.SEQ <= Last.ACK.sent ..., then record its timestamp in TS.Recent.\" Reference: RFC 7323 §5.3"},
	{Established, 2, seg(ACK, 33, 12, 1), 0, nil, Established, "ACK seq=12 ack=32", NoteHeld, 2,
		"R3: a segment beyond Last.ACK.sent (RCV.NXT) does not update TS.Recent. Reference: RFC 7323 §5.3, §4.3"},
	{Established, 0, seg(RST, 32, 0, 0), 2, nil, Closed, "", NoteReset, 0,
		"a RST carries no timestamp and is not subject to PAWS (R1: \"and the RST bit is not set\"). Reference: RFC 7323 §3.2, §5.3"},
	{Established, 0, seg(SYN, 32, 0, 0), 1, nil, Established, "ACK seq=12 ack=32", NotePAWS, 0,
		"R1 comes before every other check: an old SYN draws the ACK of PAWS. Reference: RFC 7323 §5.3"},
	{Established, 0, seg(ACK, 40, 12, 0), 0, nil, Established, "ACK seq=12 ack=32", NoteUnacceptable, 0,
		"R2: a segment that passes PAWS still faces the acceptability test. Reference: RFC 7323 §5.3, RFC 9293 §3.10.7.4 first"},
	// Linux 6.18 (paws-drop-old-ack): a bare ACK below RCV.NXT that
	// fails PAWS draws no ACK.
	{Established, 0, seg(ACK, 31, 12, 0), 1, nil, Established, "ACK seq=12 ack=32", NotePAWS, 0,
		"RFC 7323 R1: a late bare ACK, older than TS.Recent, is ACKed like any segment that fails PAWS. Reference: RFC 7323 §5.3"},
	{Established, 0, seg(ACK, 31, 12, 0), 1, linuxProfile, Established, "", NotePAWSOldACK, 0,
		"Linux: tcp_disordered_ack_check, a pure ACK whose SEQ is before rcv_nxt: SKB_DROP_REASON_TCP_RFC7323_PAWS_ACK, \"do not generate a DUPACK for such old ACK\". Reference: tcp_input.c"},
	{FinWait1, 0, seg(ACK, 31, 11, 0), 1, linuxProfile, FinWait1, "", NotePAWSOldACK, 0,
		"Linux: the same in FIN-WAIT-1, through tcp_rcv_state_process's tcp_validate_incoming. Reference: tcp_input.c"},
	{Established, 0, seg(ACK, 32, 12, 0), 1, linuxProfile, Established, "ACK seq=12 ack=32", NotePAWS, 0,
		"Linux: a bare ACK at RCV.NXT that fails PAWS is not an old ACK: the duplicate ACK (tcp_disordered_ack's replay window is below a tick). Reference: tcp_input.c"},
	{Established, 0, seg(ACK, 31, 12, 1), 1, linuxProfile, Established, "ACK seq=12 ack=32", NotePAWS, 0,
		"Linux: data that fails PAWS, below RCV.NXT too, draws the duplicate ACK. Reference: tcp_input.c"},
	{Established, 0, seg(FIN|ACK, 31, 12, 0), 1, linuxProfile, Established, "ACK seq=12 ack=32", NotePAWS, 0,
		"Linux: a FIN is no pure ACK (SEQ != end_seq): the duplicate ACK. Reference: tcp_input.c"},
	// Linux's tcp_ack (ts-recent-needs-ack): TS.Recent from a segment whose
	// ACK is in [SND.UNA, SND.NXT] only.
	{Established, 2, seg(ACK, 32, 11, 1), 0, nil, Established, "ACK seq=12 ack=33", NoteNone, 0,
		"R3: data at RCV.NXT with a newer TSval sets TS.Recent, whatever its ACK field. Reference: RFC 7323 §5.3"},
	{Established, 2, seg(ACK, 32, 11, 1), 0, linuxProfile, Established, "ACK seq=12 ack=33", NoteNone, 2,
		"Linux: an ACK older than SND.UNA goes to tcp_ack's old_ack, past tcp_replace_ts_recent: the data is delivered, TS.Recent stays and the ACK echoes it. Reference: tcp_input.c"},
	{Established, 2, seg(ACK, 32, 12, 1), 0, linuxProfile, Established, "ACK seq=12 ack=33", NoteNone, 0,
		"Linux: an ACK at SND.UNA (a duplicate) passes tcp_ack's checks: TS.Recent takes the TSval. Reference: tcp_input.c"},
	// TIME-WAIT with a full TCB (rfc profile): RFC 6191 with tw-reuse.
	{TimeWait, 1, seg(SYN, 20, 0, 0), 0, func(c *Config) { c.TWReuse = true }, SynReceived, "SYN,ACK seq=15 ack=21", NoteReopened, 0,
		"\"the timestamp contained in the incoming SYN segment is greater than the last timestamp seen on the previous incarnation\": honor it, even with SEQ below RCV.NXT; ISS past the old SND.NXT. Reference: RFC 6191 §2"},
	{TimeWait, 1, seg(SYN, 40, 0, 0), 1, func(c *Config) { c.TWReuse = true }, SynReceived, "SYN,ACK seq=15 ack=41", NoteReopened, 1,
		"an equal timestamp and a sequence number greater than the last seen: honor it. Reference: RFC 6191 §2"},
	{TimeWait, 1, seg(SYN, 20, 0, 0), 1, func(c *Config) { c.TWReuse = true }, TimeWait, "", NoteDropped, 1,
		"an equal timestamp and SEQ below RCV.NXT: \"Otherwise, silently drop the incoming SYN segment\". Reference: RFC 6191 §2"},
	{TimeWait, 0, seg(SYN, 40, 0, 0), 1, func(c *Config) { c.TWReuse = true }, TimeWait, "", NoteDropped, 0,
		"an older timestamp: silently dropped, even with SEQ beyond RCV.NXT (RFC 1122's test alone would take it). Reference: RFC 6191 §2"},
	{TimeWait, 0, seg(SYN, 40, 0, 0), 1, nil, TimeWait, "ACK seq=12 ack=32", NotePAWS, 0,
		"without tw-reuse a SYN in TIME-WAIT is an ordinary segment: PAWS drops an old one with an ACK. Reference: RFC 7323 §5.3"},
	{TimeWait, 0, seg(FIN|ACK, 31, 12, 0), 1, nil, TimeWait, "ACK seq=12 ack=32", NotePAWS, 0,
		"an old copy of the peer's FIN fails PAWS, and draws the same ACK. Reference: RFC 7323 §5.3"},
	// Linux's TIME-WAIT mini-socket (tcp_timewait_state_process).
	{TimeWait, 1, seg(SYN, 20, 0, 0), 0, linuxProfile, SynReceived, "SYN,ACK seq=15 ack=21", NoteReopened, 0,
		"Linux: \"th->syn && !th->rst && !th->ack && !paws_reject && (after(seq, rcv_nxt) || (tmp_opt.saw_tstamp && (s32)(tcptw->tw_ts_recent - tmp_opt.rcv_tsval) < 0))\": TCP_TW_SYN. Reference: RFC 6191 §2; tcp_minisocks.c"},
	{TimeWait, 1, seg(SYN, 20, 0, 0), 1, linuxProfile, TimeWait, "ACK seq=12 ack=32", NoteUnacceptable, 1,
		"Linux: a SYN below RCV.NXT with an equal timestamp is ACKed (TCP_TW_ACK), where RFC 6191 drops it silently. Reference: tcp_minisocks.c"},
	{TimeWait, 0, seg(SYN, 40, 0, 0), 1, linuxProfile, TimeWait, "ACK seq=12 ack=32", NotePAWS, 0,
		"Linux: paws_reject: no TCP_TW_SYN, the timer rescheduled (\"if (paws_reject || th->ack)\"), TCP_TW_ACK. Reference: RFC 7323 §5.3; tcp_minisocks.c"},
	{TimeWait, 0, seg(ACK, 32, 12, 0), 1, linuxProfile, TimeWait, "ACK seq=12 ack=32", NotePAWS, 0,
		"Linux: a bare ACK at RCV.NXT that fails PAWS is not \"in window\" (!paws_reject): ACKed. Reference: tcp_minisocks.c"},
	{TimeWait, 2, seg(ACK, 32, 12, 0), 1, linuxProfile, TimeWait, "", NoteDropped, 1,
		"Linux: a bare ACK at RCV.NXT that passes PAWS: tw_ts_recent = rcv_tsval, TCP_TW_SUCCESS. Reference: tcp_minisocks.c"},
	{TimeWait, 0, seg(RST, 32, 0, 0), 3, linuxProfile, Closed, "", NoteReset, 0,
		"Linux: a RST carries no timestamp (tcp_v4_send_reset), so saw_tstamp is 0 and PAWS does not apply: TIME-WAIT assassination at RCV.NXT. Reference: tcp_minisocks.c"},
	{FinWait2, 0, seg(FIN|ACK, 32, 12, 0), 1, func(c *Config) { linuxProfile(c) }, FinWait2, "ACK seq=12 ack=32", NotePAWS, 0,
		"Linux orphaned FIN-WAIT-2: \"if (paws_reject || !tcp_in_window(...))\": ACKed. Reference: tcp_minisocks.c"},
	{FinWait2, 2, seg(FIN|ACK, 32, 12, 0), 1, func(c *Config) { linuxProfile(c) }, TimeWait, "ACK seq=12 ack=33", NoteNone, 1,
		"Linux orphaned FIN-WAIT-2: the FIN enters TIME-WAIT and sets tw_ts_recent. Reference: tcp_minisocks.c"},
}

func TestTimestampArrivals(t *testing.T) {
	for _, tc := range tsCases {
		c := DefaultConfig()
		c.Timestamps = true
		if tc.opts != nil {
			tc.opts(&c)
		}
		e := fixture(tc.state)
		if tc.state == FinWait2 && c.TWMiniSocket {
			e.RcvShut = true // an orphan: closed with close()
		}
		e.TSRecent = tc.recent
		s := tc.seg
		s.Age = tc.age
		var out outbox
		a := c.arrive(&e, c.B, s, 40, &out) // B's application: no data of its own to send
		var sent []string
		for _, x := range out.list() {
			sent = append(sent, x.String())
		}
		got := strings.Join(sent, ", ")
		if e.State != tc.want || got != tc.sent || a.note != tc.note || hasTCB(e.State) && e.TSRecent != tc.tsRecent {
			t.Errorf("%s, TS.Recent %d ticks old, %v sent %d ticks ago: got %s, sent %q, note %q, TS.Recent %d; want %s, %q, %q, %d\n  rule: %s",
				tc.state, tc.recent, tc.seg, tc.age, e.State, got, a.note, e.TSRecent, tc.want, tc.sent, tc.note, tc.tsRecent, tc.rule)
		}
	}
}

// TS.Recent ages one a tick, and stops at MSL+1, older than any segment in
// flight can be: a comparison with a TSval in flight stays exact.
func TestTSRecentAges(t *testing.T) {
	c := DefaultConfig()
	c.Timestamps = true
	e := fixture(Established)
	for range 10 {
		c.tickTS(&e)
	}
	if int(e.TSRecent) != c.MSL+1 {
		t.Fatalf("TS.Recent age %d after 10 ticks; want MSL+1 = %d", e.TSRecent, c.MSL+1)
	}
	s := seg(ACK, 32, 12, 1)
	s.Age = uint8(c.MSL)
	if c.pawsReject(&e, s) {
		t.Errorf("a segment MSL ticks old was rejected by a TS.Recent older than MSL")
	}
	syn := fixture(SynSent)
	syn.TSRecent = 0
	c.tickTS(&syn)
	if syn.TSRecent != 0 {
		t.Errorf("SYN-SENT has no TS.Recent, yet it aged to %d", syn.TSRecent)
	}
	off := DefaultConfig()
	old := fixture(Established)
	off.tickTS(&old)
	if old.TSRecent != 0 || off.pawsReject(&old, Segment{Age: 5}) {
		t.Errorf("without timestamps TS.Recent moved (%d) or PAWS rejected", old.TSRecent)
	}
}

// Linux's tcp_tw_reuse on the connecting side (tcp_twsk_unique): a connect
// while A's pair is in TIME-WAIT is refused until tcp_tw_reuse_delay has
// passed, and then takes the pair over with "tw_snd_nxt + 65535 + 2", in
// the model SND.NXT + RCV.WND + 1; without timestamps it is always refused.
func TestConnectReusesTimeWait(t *testing.T) {
	for _, tc := range []struct {
		name       string
		timestamps bool
		delay      int
		ticks      int
		want       Note
	}{
		{"before the delay", true, 2, 1, NoteConnectRefused},
		{"after the delay", true, 2, 2, NoteTWReused},
		{"without timestamps", false, 2, 3, NoteConnectRefused},
		{"tcp_tw_reuse off", true, 0, 3, NoteConnectRefused},
	} {
		c := DefaultConfig()
		c.Timestamps, c.TWReuseDelay = tc.timestamps, tc.delay
		w := World{A: fixture(TimeWait), B: Endpoint{State: Listen}}
		w.A.Conns = 1
		w.A.become(&c, TimeWait)
		for range tc.ticks {
			c.tick(&w)
		}
		next, eff, ok := c.step(w, Action{Kind: ActConnect, Side: A})
		if !ok || eff.Note != tc.want {
			t.Errorf("%s: note %q (ok %v); want %q", tc.name, eff.Note, ok, tc.want)
			continue
		}
		if tc.want == NoteTWReused {
			if next.A.State != SynSent || next.A.ISS != Seq(12+c.Window+1) || len(eff.Sent) != 1 || eff.Sent[0].String() != "SYN seq=15" {
				t.Errorf("%s: A %s ISS %d sent %v; want SYN-SENT, ISS = SND.NXT+RCV.WND+1 = %d", tc.name, next.A.State, next.A.ISS, eff.Sent, 12+c.Window+1)
			}
			if n := len(c.actions(&w, nil)); n == 0 {
				t.Errorf("%s: no action enabled", tc.name)
			}
		}
	}
}
