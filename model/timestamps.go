package model

// RFC 7323 timestamps, PAWS, and RFC 6191 (Config.Timestamps).
//
// Each endpoint has a timestamp clock that ticks once a model tick and is
// never reset: one clock per host, shared by all incarnations, as RFC 6191
// assumes and as Linux keeps it (tcp_timestamps=1 offsets each host's
// clock by secure_tcp_ts_off of the address pair, not of the ports, so a
// new connection between the same hosts continues the old one's clock).
// The model keeps no clock values, only ages, so that it stays finite
// without letting a clock wrap:
//
//   - A segment's TSval is its sender's clock when the segment was formed.
//     Every segment is formed at the moment it is sent (a retransmission
//     and an answer from TIME-WAIT too, as Linux's tcp_transmit_skb and
//     tcp_v4_timewait_ack stamp them), and a network copy keeps its
//     original's, so the age of SEG.TSval is the segment's Age: its ticks
//     in the network. No field holds it.
//   - TS.Recent is held as its age (Endpoint.TSRecent) and grows by one a
//     tick, up to tsAgeMax: MSL+1, older than any segment in flight can
//     be, so every comparison between a TSval in flight and TS.Recent
//     stays exact.
//
// So "SEG.TSval < TS.Recent" is "Age > TSRecent": the segment was sent
// before the one whose TSval TS.Recent holds, by at least a tick. Segments
// sent in the same tick have the same TSval, and PAWS tells them apart no
// better than a real clock tells apart two segments of the same
// millisecond. A segment's TSecr echoes its sender's TS.Recent; no
// decision of the model reads it (the model measures no round-trip time),
// so it is not held either (conform compares the kernel's TSecr with the
// model's TS.Recent instead).
//
// RSTs carry no timestamp, as RFC 7323 §3.2 allows ("the TSopt MUST be
// sent in every non-<RST> segment") and as Linux's tcp_v4_send_reset
// sends them; PAWS never drops one.

// tsAgeMax is the age at which TS.Recent stops growing: older than any
// segment in flight (a segment lives at most MSL ticks).
func (c *Config) tsAgeMax() int { return c.MSL + 1 }

// hasTS reports whether seg carries a Timestamps option.
func (c *Config) hasTS(seg Segment) bool { return c.Timestamps && !seg.Has(RST) }

// tsValid reports whether e's TS.Recent holds a value: it has received its
// peer's SYN or SYN,ACK.
func (c *Config) tsValid(e *Endpoint) bool {
	return c.Timestamps && hasTCB(e.State) && e.State != SynSent
}

// pawsReject is RFC 7323 §5.3, R1: "If there is a Timestamps option in the
// arriving segment, SEG.TSval < TS.Recent, TS.Recent is valid ..., and the
// RST bit is not set, then treat the arriving segment as not acceptable".
// Linux tests the same (tcp_paws_discard in tcp_validate_incoming,
// tcp_paws_reject in tcp_timewait_state_process); its one-millisecond
// tolerance outside TIME-WAIT (TCP_PAWS_WINDOW) is below a tick.
func (c *Config) pawsReject(e *Endpoint, seg Segment) bool {
	return c.hasTS(seg) && c.tsValid(e) && int(seg.Age) > int(e.TSRecent)
}

// pawsOldACK reports whether seg, which failed PAWS at e, is a bare ACK
// below RCV.NXT that Linux drops without an answer (Config.PAWSDropOldACK):
// tcp_disordered_ack_check, "1. Is this not a pure ACK ?" (SEQ = end_seq,
// no SYN, FIN or RST), "2. Is its sequence not the expected one ?" and
// before(seq, rcv_nxt): SKB_DROP_REASON_TCP_RFC7323_PAWS_ACK, "do not
// generate a DUPACK for such old ACK". Only in the full sockets that
// tcp_validate_incoming serves.
func (c *Config) pawsOldACK(e *Endpoint, seg Segment) bool {
	if !c.PAWSDropOldACK || e.State == TimeWait || e.State == SynReceived && e.Passive {
		return false
	}
	return seg.Has(ACK) && seg.Flags&(SYN|FIN|RST) == 0 && seg.Len == 0 && c.Space().Lt(seg.Seq, e.RcvNxt)
}

// tsNewer reports whether seg carries a TSval newer than e's TS.Recent.
func (c *Config) tsNewer(e *Endpoint, seg Segment) bool {
	return c.hasTS(seg) && c.tsValid(e) && int(seg.Age) < int(e.TSRecent)
}

// storeTS is RFC 7323 §5.3, R3, for a segment that passed R1 and the
// acceptability test: "If an arriving segment satisfies SEG.TSval >=
// TS.Recent and SEG.SEQ <= Last.ACK.sent ..., then record its timestamp in
// TS.Recent." The model ACKs every segment that moves RCV.NXT at once, so
// Last.ACK.sent is RCV.NXT before the segment (Linux: tcp_replace_ts_recent,
// !after(seq, rcv_wup)).
func (c *Config) storeTS(e *Endpoint, seg Segment) {
	sp := c.Space()
	if c.TSRecentNeedsACK && !(seg.Has(ACK) && sp.Le(e.SndUna, seg.Ack) && sp.Le(seg.Ack, e.SndNxt)) {
		return // Linux's tcp_ack: an old ACK, or one of something not sent
	}
	if c.hasTS(seg) && c.tsValid(e) && int(seg.Age) <= int(e.TSRecent) && sp.Le(seg.Seq, e.RcvNxt) {
		e.TSRecent = seg.Age
	}
}

// takeTS sets TS.Recent from the SYN or SYN,ACK that opens e's receive
// side (RFC 7323 §4.3: TS.Recent starts from the peer's first TSval).
func (c *Config) takeTS(e *Endpoint, seg Segment) {
	if c.hasTS(seg) {
		e.TSRecent = seg.Age
	}
}

// rfc6191Accepts reports whether a SYN reaching e in TIME-WAIT may open a
// new connection: RFC 6191 §2 with timestamps, "the timestamp contained in
// the incoming SYN segment is greater than the last timestamp seen on the
// previous incarnation", or equal to it with a sequence number "greater
// than the last sequence number seen on the previous incarnation"; without
// them, RFC 1122 §4.2.2.13's test, SEQ beyond RCV.NXT. Linux's test in
// tcp_timewait_state_process is the same: !paws_reject && (after(seq,
// rcv_nxt) || ts_recent - tsval < 0).
func (c *Config) rfc6191Accepts(e *Endpoint, seg Segment) bool {
	beyond := c.Space().Lt(e.RcvNxt, seg.Seq)
	if !c.hasTS(seg) {
		return beyond
	}
	return c.tsNewer(e, seg) || !c.pawsReject(e, seg) && beyond
}

// tickTS ages e's TS.Recent and counts its ticks in TIME-WAIT.
func (c *Config) tickTS(e *Endpoint) {
	if c.tsValid(e) && int(e.TSRecent) < c.tsAgeMax() {
		e.TSRecent++
	}
	if e.State == TimeWait && int(e.TWAge) < c.TWReuseDelay {
		e.TWAge++
	}
}

// twReuseConnect reports whether A's connect() may take over its pair in
// TIME-WAIT as Linux's tcp_twsk_unique (net/ipv4/tcp_ipv4.c) allows with
// tcp_tw_reuse: the TIME-WAIT socket has seen timestamps
// (tw_ts_recent_stamp), and tcp_tw_reuse_delay has passed since it
// entered TIME-WAIT (time_after32(tcp_clock_ms(), tw_entry_stamp +
// sysctl_tcp_tw_reuse_delay)).
func (c *Config) twReuseConnect(e *Endpoint) bool {
	return c.TWReuseDelay > 0 && c.Timestamps && e.State == TimeWait && int(e.TWAge) >= c.TWReuseDelay
}

// issAfter returns the initial sequence number of a connection that takes
// over e's pair from TIME-WAIT, and records in out the numbers it skips:
// past the old SND.NXT by more than a window, so that no number of the old
// connection falls in the new one's windows. Linux takes tw_snd_nxt +
// 65535 + 2 in both directions (tcp_timewait_state_process for a SYN,
// tcp_twsk_unique for a connect), past the largest unscaled window; the
// model takes SND.NXT + RCV.WND + 1.
func (c *Config) issAfter(e *Endpoint, out *outbox) Seq {
	out.skipped += c.Window + 1 // the numbers between the old SND.NXT and the new ISS
	return c.Space().Add(e.SndNxt, c.Window+1)
}
