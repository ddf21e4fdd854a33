package properties

import "github.com/timewait/timewait/model"

// scenarioTable is the scenario catalogue. Each setup starts from
// model.DefaultConfig().
var scenarioTable = []scenarioDef{
	{Scenario: Scenario{Name: "default",
		Findings: "Every safety property holds: TIME-WAIT re-ACKs a retransmitted FIN (witness, 13 steps) and outlives every old segment, so the second connection (witness, 20 steps) accepts nothing of the first. CLOSING is never reached, since B closes only after A's FIN arrives, and no RST ends TIME-WAIT, since RFC 1337's fix is on.",
		Summary:  "A closes first; one loss, one duplicate, reordering; TIME-WAIT = 2*MSL; RFC 1337 on; a second connection"},
		setup: func(*model.Config) {}},
	{Scenario: Scenario{Name: "no-timewait",
		Findings: "orderly-close-no-reset fails (16 steps): A's final ACK is lost while B waits in LAST-ACK. A is already CLOSED and opens its next connection. Its SYN reaches B in LAST-ACK, which answers with an ACK that A's SYN-SENT rejects with a RST (RFC 9293 §3.10.7.3), and B's application sees \"connection reset\". With TIME-WAIT, A would still hold the pair and re-ACK B's retransmitted FIN.",
		Summary:  "TIME-WAIT lasts 0 ticks, so the active closer is CLOSED at once; the network may lose one segment but not duplicate or reorder, to isolate the lost final ACK"},
		setup: func(c *model.Config) { c.TimeWait, c.Duplicate, c.Reorder = 0, 0, false }},
	{Scenario: Scenario{Name: "short-timewait",
		Findings: "With TIME-WAIT = MSL both reasons for 2·MSL show. no-stale-accept fails (18): B's delayed ACK outlives A's TIME-WAIT; CLOSED A answers it with a RST, which reaches B's handshake for the second connection at exactly RCV.NXT and sends it back to LISTEN. orderly-close-no-reset fails (16): B's retransmitted FIN arrives after TIME-WAIT has ended and draws a RST. `timewait sweep` shows TIME-WAIT must exceed MSL for the first and reach 2·MSL for the second.",
		Summary:  "as default, but TIME-WAIT lasts MSL ticks, half of 2*MSL"},
		setup: func(c *model.Config) { c.TimeWait = c.MSL }},
	{Scenario: Scenario{Name: "assassination",
		Findings: "RFC 1337's hazard H1: an old duplicate ACK reaches A in TIME-WAIT, A answers it with an ACK, B's listener answers that with a RST, and the RST ends TIME-WAIT early (witness, 13 steps). What TIME-WAIT protected is then lost: old segments are accepted by the next connection (no-stale-accept, 16; data-integrity, 18) and a retransmitted FIN meets a CLOSED endpoint (orderly-close-no-reset, 13).",
		Summary:  "as default, but RFC 1337's fix is off: a RST may end TIME-WAIT"},
		setup: func(c *model.Config) { c.RFC1337 = false }},
	{Scenario: Scenario{Name: "linger0",
		Findings: "SO_LINGER 0 aborts with a RST and skips TIME-WAIT. A reconnects at once, and since no time has passed its clock-driven ISN is the same as before, so A's first data unit, still in flight, is delivered to the new connection (no-stale-accept and data-integrity, 9 steps). orderly-close-no-reset does not apply: an application aborts.",
		Summary:  "A closes with SO_LINGER {on, 0}: an abortive close with a RST and no TIME-WAIT"},
		setup: func(c *model.Config) { c.A.How = model.CallAbort }},
	{Scenario: Scenario{Name: "close-wait-leak",
		Findings: "B never closes: B stays in CLOSE-WAIT and A in FIN-WAIT-2 with nothing pending, and no state change ever comes (TIME-WAIT is never reached). Every safety property holds. That the connection never ends is a liveness property: `timewait check --scenario close-wait-leak --liveness` finds eventually-closed violated by a lasso of 9 steps whose last state, B in CLOSE-WAIT and A in FIN-WAIT-2 with nothing pending, lasts forever (exit 4).",
		Summary:  "B's application never closes: B stays in CLOSE-WAIT and A in FIN-WAIT-2"},
		setup: func(c *model.Config) { c.B.When = model.CloseNever; c.Connections = 1 }},
	{Scenario: Scenario{Name: "simultaneous",
		Findings: "The FINs cross: both ends pass through CLOSING (witness, 7 steps) and both enter TIME-WAIT, and timewait-only-active-closer holds because both closed before the peer's FIN arrived. orderly-close-no-reset fails (22) through a hazard of the model's time: A's SYN, duplicated, reaches B's listener after the close. B's new clock ISN lies right after its old numbers, since the old connection used them faster than the clock moved (steps take no time; RFC 9293 §3.4.1 assumes the clock outpaces the data). A's TIME-WAIT answers B's SYN,ACK with an ACK that completes this bogus handshake, and when A's TIME-WAIT ends, A answers B's FIN with a RST. With a clock four times faster in a space twice as large (`--isn-rate 4 --seq-space 128`) every safety property holds: the finding is about the clock's speed, not about closing.",
		Summary:  "both applications close as soon as they can, with no data: the FINs may cross (simultaneous close)"},
		setup: func(c *model.Config) {
			c.A = model.App{Data: 0, When: model.CloseFirst, How: model.CallClose}
			c.B = model.App{Data: 0, When: model.CloseFirst, How: model.CallClose}
			c.Connections = 1
		}},
	{Scenario: Scenario{Name: "half-close",
		Findings: "A half-closes and still receives and acknowledges B's unit (data-integrity holds). orderly-close-no-reset fails (22) through the same clock-outrun hazard as simultaneous: a duplicated SYN makes a half-open connection at B's listener, A's TIME-WAIT ACK completes it, and A later answers it with a RST. With `--isn-rate 4 --seq-space 128` every safety property holds.",
		Summary:  "A shuts down writing (SHUT_WR) and keeps reading; B sends a unit after A's FIN, then closes"},
		setup: func(c *model.Config) {
			c.A = model.App{Data: 0, When: model.CloseFirst, How: model.CallShutdown}
			c.B = model.App{Data: 1, When: model.CloseAfterPeer, How: model.CallClose}
			c.Connections = 1
		}},
	{Scenario: Scenario{Name: "tw-reuse",
		Findings: "B holds TIME-WAIT and accepts A's next SYN there when its sequence number is beyond RCV.NXT. With the clock ISN no old segment is accepted (no-stale-accept holds), which is RFC 1122's condition for reuse. orderly-close-no-reset fails (29): A's whole first connection took no time, so its second SYN carries the same ISN and is refused in TIME-WAIT (RFC 1122: the sequence number must be beyond RCV.NXT). The refusal exchange leaves a RST of A's in flight, and it resets the connection B accepts after TIME-WAIT.",
		Summary:  "B, the server, sends a response and closes first, so it holds TIME-WAIT; it accepts A's new SYN there (RFC 1122 §4.2.2.13); ISN clock; no duplication"},
		setup: twReuse(model.ISNClock)},
	{Scenario: Scenario{Name: "tw-reuse-any-isn",
		Findings: "With any ISN, A's second connection may pick its old ISN again, and B's old SYN,ACK retransmission, still in flight, then answers the new SYN (no-stale-accept, 16). Nothing keeps a new connection's numbers apart from old segments; RFC 1122 §4.2.2.13 allows TIME-WAIT reuse only with an ISN beyond the old connection's, which a monotonic ISN clock ensures. The reset (23) follows from the same overlap.",
		Summary:  "tw-reuse with any initial sequence number, in a space of 8, without loss"},
		setup: func(c *model.Config) { twReuse(model.ISNAny)(c); c.SeqSpace, c.Loss = 8, 0 }},
	{Scenario: Scenario{Name: "tw-reuse-constant-isn",
		Findings: "With the same ISN every time, A's second connection accepts B's old SYN,ACK retransmission as the answer to its new SYN (no-stale-accept, 16): the reason ISNs are not constant (RFC 9293 §3.4.1).",
		Summary:  "tw-reuse with the same initial sequence number for every connection"},
		setup: twReuse(model.ISNConstant)},
}

func twReuse(isn model.ISNPolicy) func(c *model.Config) {
	return func(c *model.Config) {
		c.A = model.App{Data: 0, When: model.CloseAfterPeer, How: model.CallClose}
		c.B = model.App{Data: 1, When: model.CloseFirst, How: model.CallClose}
		c.TWReuse = true
		c.ISN = isn
		c.Duplicate = 0
	}
}
