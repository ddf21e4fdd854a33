package properties

import "github.com/timewait/timewait/model"

// scenarioTable is the scenario catalogue. Each setup starts from
// model.DefaultConfig().
var scenarioTable = []scenarioDef{
	{Scenario: Scenario{Name: "default",
		Findings: "Every safety property holds: TIME-WAIT re-ACKs a retransmitted FIN (witness, 13 steps), and the second connection (witness, 20 steps) accepts nothing of the first, whose segments TIME-WAIT outlives and whose numbers the second connection's clock-driven ISN lies beyond. CLOSING is never reached, since B closes only after A's FIN arrives, and no RST ends TIME-WAIT, since RFC 1337's fix is on. A connect that A tries while its first connection holds the socket pair in TIME-WAIT is refused, as a step that changes nothing (connect-refused, 10 steps; RFC 9293 §3.10.1: \"connection already exists\").",
		Summary:  "A closes first; one loss, one duplicate, reordering; TIME-WAIT = 2*MSL; RFC 1337 on; a second connection"},
		setup: func(*model.Config) {}},
	{Scenario: Scenario{Name: "no-timewait",
		Findings: "orderly-close-no-reset fails (16 steps): A's final ACK is lost while B waits in LAST-ACK. A is already CLOSED and opens its next connection. Its SYN reaches B in LAST-ACK, which answers with an ACK that A's SYN-SENT rejects with a RST (RFC 9293 §3.10.7.3), and B's application sees \"connection reset\". With TIME-WAIT, A would still hold the pair and re-ACK B's retransmitted FIN.",
		Summary:  "TIME-WAIT lasts 0 ticks, so the active closer is CLOSED at once; the network may lose one segment but not duplicate or reorder, to isolate the lost final ACK"},
		setup: func(c *model.Config) { c.TimeWait, c.Duplicate, c.Reorder = 0, 0, false }},
	{Scenario: Scenario{Name: "short-timewait",
		Findings: "With TIME-WAIT = MSL the lost final ACK's reason for 2·MSL shows. orderly-close-no-reset fails (16): A's final ACK is still on its way when B's retransmission timer fires (RTO is shorter than the round trip), the retransmitted FIN arrives after A's TIME-WAIT has ended, and CLOSED A answers it with a RST that resets B in LAST-ACK. no-stale-accept holds: the old segments a short TIME-WAIT leaves alive cannot reach the second connection, whose clock-driven ISN lies beyond every number the first used (RFC 9293 §3.4.1: TIME-WAIT limits the rate of reuse \"while the initial sequence number selection ... further protects\"). With the same ISN for every connection (`--isn constant`) the same TIME-WAIT lets A's ACK of the first handshake complete the second (16 steps). `timewait sweep` shows TIME-WAIT must exceed RTO + MSL (docs/sweep.md).",
		Summary:  "as default, but TIME-WAIT lasts MSL ticks, half of 2*MSL"},
		setup: func(c *model.Config) { c.TimeWait = c.MSL }},
	{Scenario: Scenario{Name: "assassination",
		Findings: "RFC 1337's TIME-WAIT assassination, as in its §2 example: an old duplicate ACK reaches A in TIME-WAIT, A answers it with an ACK, B's listener answers that with a RST, and the RST ends TIME-WAIT early (witness, 13 steps). That RST is an acceptable RST after an orderly close, so orderly-close-no-reset fails in the same 13 steps. The hazards RFC 1337 lists for a connection reopened at once after the assassination (old data accepted, a desynchronized or killed new connection) need old segments that fall in the new connection's windows; the second connection's clock-driven ISN lies beyond the first's numbers, so no-stale-accept and data-integrity hold.",
		Summary:  "as default, but RFC 1337's fix is off: a RST may end TIME-WAIT"},
		setup: func(c *model.Config) { c.RFC1337 = false }},
	{Scenario: Scenario{Name: "linger0",
		Findings: "SO_LINGER 0 aborts with a RST and skips TIME-WAIT; orderly-close-no-reset does not apply, since an application aborts. A reconnects at once, but its clock-driven ISN lies beyond the aborted connection's numbers, so none of that connection's segments still in flight is accepted by the new one, and every safety property holds. With the same ISN for every connection (`--isn constant`), A's first data unit, still in flight, is delivered to the new connection (no-stale-accept and data-integrity, 9 steps).",
		Summary:  "A closes with SO_LINGER {on, 0}: an abortive close with a RST and no TIME-WAIT"},
		setup: func(c *model.Config) { c.A.How = model.CallAbort }},
	{Scenario: Scenario{Name: "close-wait-leak",
		Findings: "B never closes: B stays in CLOSE-WAIT and A in FIN-WAIT-2 with nothing pending, and no state change ever comes (TIME-WAIT is never reached). Every safety property holds. That the connection never ends is a liveness property: `timewait check --scenario close-wait-leak --liveness` finds eventually-closed violated by a lasso of 9 steps whose last state, B in CLOSE-WAIT and A in FIN-WAIT-2 with nothing pending, lasts forever (exit 4).",
		Summary:  "B's application never closes: B stays in CLOSE-WAIT and A in FIN-WAIT-2"},
		setup: func(c *model.Config) { c.B.When = model.CloseNever; c.Connections = 1 }},
	{Scenario: Scenario{Name: "simultaneous",
		Findings: "The FINs cross: both ends pass through CLOSING (witness, 7 steps) and both enter TIME-WAIT, and timewait-only-active-closer holds because both closed before the peer's FIN arrived. Every safety property holds. A duplicated SYN of A's may still reach B's listener after the close, but B's clock-driven ISS then lies beyond its old numbers, so A's TIME-WAIT answer to B's SYN,ACK acknowledges only the old numbers and cannot complete that handshake. (While the model's ISN clock moved with time alone, it could: docs/model.md, Initial sequence numbers.)",
		Summary:  "both applications close as soon as they can, with no data: the FINs may cross (simultaneous close)"},
		setup: func(c *model.Config) {
			c.A = model.App{Data: 0, When: model.CloseFirst, How: model.CallClose}
			c.B = model.App{Data: 0, When: model.CloseFirst, How: model.CallClose}
			c.Connections = 1
		}},
	{Scenario: Scenario{Name: "half-close",
		Findings: "A half-closes and still receives and acknowledges B's unit (data-integrity holds). orderly-close-no-reset fails (21), a hazard of the send window: B's FIN leaves behind its unacknowledged unit, A's ACK of the unit is delayed and A's ACK of the FIN is lost. The ACK of the unit reaches B one tick into A's TIME-WAIT and restarts B's retransmission timer (RFC 6298 §5.3: \"When an ACK is received that acknowledges new data, restart the retransmission timer\"), so B's FIN is retransmitted RTO after that ACK rather than RTO after the FIN. The retransmissions leave two and three ticks into A's TIME-WAIT, none arrives before its 2·MSL = 4 ticks are over, and CLOSED A answers the FIN with a RST that resets B in LAST-ACK. 2·MSL covers a FIN retransmitted RTO after it was sent (RTO + MSL < 2·MSL), not one whose timer a late ACK of earlier data restarted: that FIN may leave up to MSL + RTO into TIME-WAIT. With `--send-window 1` the FIN waits for the unit's ACK and the property holds. As in simultaneous, a duplicated SYN that reaches B's listener after the close gets a clock-driven ISS beyond B's old numbers, which A's TIME-WAIT answer cannot acknowledge.",
		Summary:  "A shuts down writing (SHUT_WR) and keeps reading; B sends a unit after A's FIN, then closes"},
		setup: func(c *model.Config) {
			c.A = model.App{Data: 0, When: model.CloseFirst, How: model.CallShutdown}
			c.B = model.App{Data: 1, When: model.CloseAfterPeer, How: model.CallClose}
			c.Connections = 1
		}},
	{Scenario: Scenario{Name: "tw-reuse",
		Findings: "B holds TIME-WAIT and accepts A's next SYN there when its sequence number is beyond RCV.NXT (RFC 1122 §4.2.2.13), reopening the connection from TIME-WAIT (new-incarnation-established, 14 steps, is such a reopening). A's clock-driven ISN lies beyond every number its first connection used, so its SYN passes that test, no old segment is accepted by the second connection (no-stale-accept holds), and every safety property holds: a monotonic ISN clock is what makes RFC 1122's reuse safe.",
		Summary:  "B, the server, sends a response and closes first, so it holds TIME-WAIT; it accepts A's new SYN there (RFC 1122 §4.2.2.13); ISN clock; no duplication"},
		setup: twReuse(model.ISNClock)},
	{Scenario: Scenario{Name: "tw-reuse-any-isn",
		Findings: "With any ISN, A's second connection may pick its old ISN again, and B's old SYN,ACK retransmission, still in flight, then answers the new SYN and establishes it (no-stale-accept, 16). A RST of the first connection can fall into the second's window too (orderly-close-no-reset, 23): B's TIME-WAIT answers A's delayed ACK with a second ACK, which reaches A after it has closed; CLOSED A answers it with a RST, sent two ticks into B's TIME-WAIT, so it outlives that TIME-WAIT and resets the connection B accepts at the old numbers once TIME-WAIT is over. Nothing keeps a new connection's numbers apart from old segments; RFC 1122 §4.2.2.13 allows TIME-WAIT reuse only with an ISN beyond the old connection's, which a monotonic ISN clock ensures.",
		Summary:  "tw-reuse with any initial sequence number, in a space of 8, without loss"},
		setup: func(c *model.Config) { twReuse(model.ISNAny)(c); c.SeqSpace, c.Loss = 8, 0 }},
	{Scenario: Scenario{Name: "tw-reuse-constant-isn",
		Findings: "With the same ISN every time, A's second connection accepts B's old SYN,ACK retransmission as the answer to its new SYN (no-stale-accept, 16): the reason ISNs are not constant (RFC 9293 §3.4.1). The stale RST of tw-reuse-any-isn, sent by CLOSED A to B's second ACK from TIME-WAIT, resets the second connection in the same way (orderly-close-no-reset, 23).",
		Summary:  "tw-reuse with the same initial sequence number for every connection"},
		setup: twReuse(model.ISNConstant)},
	{Scenario: Scenario{Name: "close-in-syn-sent",
		Findings: "A may close its connection in SYN-SENT, which deletes the TCB and sends nothing (RFC 9293 §3.10.4). The SYN already sent still reaches B; B's SYN,ACK then draws a RST from CLOSED A (§3.10.7.1), which sends B's half-made connection back to LISTEN, so no established connection is reset and orderly-close-no-reset holds. A connects again at once (new-incarnation-established, 6 steps: the abandoned connection's SYN arrives after the new one and, below B's RCV.NXT, draws only an ACK); the new connection's clock-driven ISN lies beyond the abandoned SYN's number, and every safety property holds. When the handshake completes before A closes, A closes as in default: TIME-WAIT (9), and the connect that A then tries is refused while TIME-WAIT holds the socket pair (connect-refused, 10).",
		Summary:  "A's application closes as early as it can, possibly while its SYN is unanswered: CLOSE in SYN-SENT deletes the TCB and sends nothing (RFC 9293 §3.10.4); no duplication"},
		setup: func(c *model.Config) { c.A.When, c.Duplicate = model.CloseInHandshake, 0 }},
	{Scenario: Scenario{Name: "close-in-syn-received",
		Findings: "orderly-close-no-reset fails (6): B closes with close(2) in SYN-RECEIVED and sends its FIN at once, behind its unacknowledged SYN,ACK (RFC 9293 §3.10.4: \"form a FIN segment and send it\"). A, established by the SYN,ACK, sends its unit at once; the unit reaches B after close(), and B answers data after close with a RST (RFC 1122 §4.2.2.13) that resets A. This is no artefact: a server that closes with close(2) before its client's request arrives resets the client. B's FIN may also cross A's (closing-reached, 8); when the handshake completes before B closes, B closes as A does, first.",
		Summary:  "B's application closes (close(2)) as early as it can, possibly while its connection is in SYN-RECEIVED, before A's request arrives (RFC 9293 §3.10.4); one connection"},
		setup: func(c *model.Config) { c.B.When, c.Connections = model.CloseInHandshake, 1 }},
	{Scenario: Scenario{Name: "linger0-keepalive",
		Findings: "linger0's half-open connection with keep-alives (RFC 9293 §3.8.4; Linux SO_KEEPALIVE), on one connection: A aborts and its RST may be lost, leaving B ESTABLISHED with nothing to send. B's keep-alive timer then probes with <SEQ=SND.UNA-1><ACK=RCV.NXT>, CLOSED A answers with a RST at exactly B's RCV.NXT, and B is reset. Every safety property holds; with liveness on, eventually-closed holds (without keep-alives, the same configuration violates it with a lasso of 8 steps, the lost RST). One connection, because linger0's liveness graph with two connections and keep-alives did not fit this machine's time and memory (stopped after 25 minutes at 5 GB).",
		Summary:  "linger0 with one connection and a keep-alive timer of 4 ticks (2 unanswered probes abort)"},
		setup: func(c *model.Config) { c.A.How, c.Connections, c.Keepalive = model.CallAbort, 1, 4 }},
	{Scenario: Scenario{Name: "tw-reuse-constant-isn-keepalive",
		Findings: "tw-reuse-constant-isn with keep-alives and Linux's FIN-WAIT-2 timer. The stale segments still reach the second connection (no-stale-accept, 16, as there). The FIN-WAIT-2 timer brings its own reset (orderly-close-no-reset, 17): B, the active closer, closed with close(), its orphaned FIN-WAIT-2 times out while A waits in CLOSE-WAIT, and A's late FIN then reaches B's listener, whose RST resets A in LAST-ACK, the known price of tcp_fin_timeout. With liveness on, eventually-closed holds: the half-open connection that the stale RST leaves (A ESTABLISHED, B back in LISTEN) is found by A's keep-alive probe, which draws a RST from B's listener. Keep-alives alone do not suffice: with `--fin-wait-2 0` eventually-closed is violated by a lasso of 29 steps in which B's orphaned FIN-WAIT-2, which has no keep-alive (Linux keeps it as a mini-socket), waits forever for a FIN that was lost while A, fooled by a stale ACK, is CLOSED.",
		Summary:  "tw-reuse-constant-isn with a keep-alive timer of 4 ticks and an orphaned FIN-WAIT-2 timer of 4 ticks"},
		setup: func(c *model.Config) { twReuse(model.ISNConstant)(c); c.Keepalive, c.FinWait2 = 4, 4 }},
	{Scenario: Scenario{Name: "tw-reuse-constant-isn-timestamps",
		Findings: "Timestamps do not repair a constant ISN; they make it worse. no-stale-accept fails as in tw-reuse-constant-isn (16): B's old SYN,ACK retransmission answers A's new SYN, and PAWS cannot reject it, since SYN-SENT has no TS.Recent yet (RFC 7323 §5.3 compares with the TS.Recent of a synchronized connection). orderly-close-no-reset fails sooner (19 instead of 23): CLOSED A answers B's second ACK from TIME-WAIT with a RST, and RFC 6191 lets A's new SYN at SEQ 0, below B's RCV.NXT, reopen TIME-WAIT because its timestamp is newer (RFC 1122's test alone would refuse it), so the stale RST, which carries no timestamp and so is acceptable \"regardless\" of PAWS, lands in the new connection's window and resets it. data-integrity fails (25), which it does not without timestamps: the same RST from A's new SYN-SENT (answering B's old ACK) sends B's reopened connection back to LISTEN, A's first SYN retransmission, still in flight, opens a connection of the old incarnation there, and A's new SYN-SENT, whose ISS is again 0, accepts its SYN,ACK and is then given B's unit for the old incarnation: RFC 9293 Figure 8's old duplicate SYN, which only distinct ISNs could expose. RFC 6191 relies on timestamps for the SYN and on the ISN for everything the handshake does not check.",
		Summary:  "tw-reuse-constant-isn with timestamps: a SYN reaching TIME-WAIT is decided by RFC 6191, and PAWS guards the synchronized states"},
		setup: func(c *model.Config) { twReuse(model.ISNConstant)(c); c.Timestamps = true }},
	{Scenario: Scenario{Name: "connect-in-timewait-any-isn",
		Findings: "A reconnects from its own TIME-WAIT at once (connect-in-timewait, what RFC 1122 §4.2.2.13 allows only the passive side), and the ISNs may land among the old numbers (any ISN: what a clock lagging behind a fast sender gives). no-stale-accept fails (13): A's delayed ACK of the first handshake completes B's handshake for the second. orderly-close-no-reset fails (14): A's final ACK is still in flight, so B is still in LAST-ACK, when A connects again; B's earlier ACK of A's FIN, delayed, reaches A's new SYN-SENT, which answers it with a RST <SEQ=SEG.ACK> that lands at B's RCV.NXT and resets B's LAST-ACK: what TIME-WAIT, by outliving the old connection's segments, prevents. data-integrity fails (17): A's old data retransmission, its sequence number inside B's new window, completes B's handshake and is delivered to the new connection: an old duplicate that the sequence test accepts. With `--timestamps` the same configuration still fails data-integrity (17): the reuse is immediate, so the old retransmission and the new SYN leave in the same tick, their TSvals are equal, and PAWS rejects only older ones.",
		Summary:  "A connects again while its old connection is in TIME-WAIT, dropping it; any ISN, in a space of 8; no loss, no duplication"},
		setup: func(c *model.Config) { connectAnyISN(c); c.ConnectInTimeWait = true }},
	{Scenario: Scenario{Name: "linux-tw-reuse-any-isn",
		Findings: "Linux's tcp_tw_reuse with timestamps: A's connect is refused (connect-refused, 10) until TIME-WAIT has lasted tw-reuse-delay = 2 ticks, and then takes the pair over with ISS = SND.NXT + RCV.WND + 1 (tcp_twsk_unique: tw_snd_nxt + 65535 + 2). data-integrity holds, where connect-in-timewait-any-isn fails it: A's new ISS lies beyond every number of the old connection, so no old data segment of A's falls in B's new window (and every segment of the old connection left at least two ticks before the new SYN, so PAWS would drop it too; only B could have sent data in the old numbers the new ISS does not move, and B sends none here). What PAWS cannot drop remains. no-stale-accept fails (18): A's delayed ACK of the first handshake reaches B's listener, whose RST (a RST carries no timestamp) is still in flight two ticks later and resets A's new connection, whose SYN,ACK took an ISS among the old numbers. orderly-close-no-reset fails (18): A's final ACK is still in flight when A reuses the pair, so B is in LAST-ACK; it answers the new SYN with an ACK, which A's SYN-SENT answers with a RST that resets B's LAST-ACK: a delay shorter than MSL + RTO does not cover a FIN that B may still retransmit, which is the risk tcp_tw_reuse takes (Linux's tcp_tw_reuse_delay is 1 s, its TIME-WAIT 60 s). The delay is that of a port connect() chooses; for a port the application bound, Linux reuses the pair at once with timestamps alone (__inet_hash_connect gives tcp_twsk_unique no twp; docs/conformance.md, ts-connect-tw-reuse).",
		Summary:  "Linux tcp_tw_reuse (tcp_twsk_unique): with timestamps, A's connect takes over its TIME-WAIT after 2 ticks; any ISN, in a space of 8; no loss, no duplication"},
		setup: func(c *model.Config) { connectAnyISN(c); c.Timestamps, c.TWReuseDelay = true, 2 }},
}

// connectAnyISN is the base of the connect-in-TIME-WAIT scenarios: the
// default applications (A closes first and holds TIME-WAIT), any ISN in a
// space of 8, no loss and no duplication, to keep the state space small.
func connectAnyISN(c *model.Config) {
	c.ISN, c.SeqSpace, c.Loss, c.Duplicate = model.ISNAny, 8, 0, 0
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
