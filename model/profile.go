package model

import "fmt"

// Profiles name sets of options: "rfc" keeps the defaults of RFC 9293 (and
// RFC 1337's fix, which the default scenario turns on); "linux" sets every
// option under which the model predicts the Linux kernel, each following
// the kernel function named below, as conform checks against a live
// kernel (docs/conformance.md).
var Profiles = []string{"rfc", "linux"}

// ApplyProfile sets the options of the named profile on c.
func ApplyProfile(c *Config, name string) error {
	switch name {
	case "rfc":
		return nil
	case "linux":
		// tcp_validate_incoming (tcp_input.c): RFC 5961 challenge ACKs for
		// a RST in the window but not at rcv_nxt, in synchronized states.
		c.RSTExact = true
		// tcp_timewait_state_process (tcp_minisocks.c): a RST acts in
		// TIME-WAIT only at exactly rcv_nxt; any ACK reschedules the
		// TIME-WAIT timer; a SYN beyond rcv_nxt reaches the listener.
		c.TWRSTExact, c.TWRestartOnACK, c.TWReuse = true, true, true
		// tcp_rfc1337 defaults to 0.
		c.RFC1337 = false
		// tcp_send_active_reset (tcp_output.c): ABORT sends RST,ACK.
		c.AbortRSTACK = true
		// tcp_rcv_state_process (tcp_input.c) refuses data after close(),
		// and tcp_v4_send_reset (tcp_ipv4.c) answers with SEQ=SEG.ACK.
		c.DataAfterCloseSegACK = true
		// tcp_rcv_state_process (tcp_input.c), step 7: any text that ends
		// beyond rcv_nxt after close() draws that RST, out of order too.
		c.DataAfterCloseOOORST = true
		// tcp_time_wait and tcp_timewait_state_process (tcp_minisocks.c):
		// TIME-WAIT and an orphan's FIN-WAIT-2 are mini-sockets.
		c.TWMiniSocket = true
		// tcp_sequence (tcp_input.c) tests a segment's end against
		// rcv_wup, not RCV.NXT: a retransmission ending at RCV.NXT is in
		// sequence, and its ACK field and TSval are processed.
		c.AcceptEndAtRcvNxt = true
		// tcp_validate_incoming's tcp_reset_check (tcp_input.c): after
		// the peer's FIN a RST at rcv_nxt - 1 resets.
		c.RSTAtFinSeq = true
		// tcp_validate_incoming's tcp_disordered_ack_check (tcp_input.c,
		// commit 124c4c32e9f3, in the lab's 6.18): a bare ACK below rcv_nxt that fails PAWS is
		// dropped without a duplicate ACK (TCP_RFC7323_PAWS_ACK).
		c.PAWSDropOldACK = true
		// tcp_ack (tcp_input.c): tcp_replace_ts_recent only for an ACK in
		// [snd_una, snd_nxt].
		c.TSRecentNeedsACK = true
		// tcp_close (tcp.c): an orphaned FIN-WAIT-2 lasts tcp_fin_timeout,
		// 60 s by default, as long as TIME-WAIT (TCP_TIMEWAIT_LEN, 60 s).
		// A configuration that chose TCP_LINGER2 < 0 (-1) keeps it.
		if c.FinWait2 == 0 {
			c.FinWait2 = c.TimeWait
		}
		return nil
	}
	return fmt.Errorf("profile %q: want rfc or linux", name)
}
