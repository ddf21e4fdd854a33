package conform

import (
	"fmt"

	"github.com/timewait/timewait/model"
)

// Scenario is a conformance scenario: a model configuration and the model
// actions to replay on the kernel, step by step.
type Scenario struct {
	Name    string
	Summary string
	Setup   func(c *model.Config) // changes to the base configuration
	RFC1337 bool                  // tcp_rfc1337 in the lab, and the model's rfc1337
	Steps   []Step
	// RFCDivergence, when set, is the difference between RFC 9293 and
	// Linux that this scenario shows with the rfc profile: the model option
	// that covers it and why. With the linux profile the scenario agrees.
	RFCDivergence *Known
	// Sysctl holds further sysctls of the lab (under /proc/sys/net/ipv4).
	Sysctl map[string]string
	// Fix, when set, names the options (parameters) that made the linux
	// profile predict this scenario: with them turned off (false, or 0)
	// the linux profile differs from the kernel, as the model did before.
	Fix []string
}

// Known is a known difference between RFC 9293 and Linux.
type Known struct {
	Option string // the model option (a parameter name) that predicts Linux
	Why    string
}

var (
	abortRSTACK = &Known{Option: "abort-rst-ack",
		Why: "Linux's ABORT sends RST,ACK with ACK=RCV.NXT (tcp_send_active_reset, tcp_output.c); RFC 9293 §3.10.5 sends <SEQ=SND.NXT><CTL=RST>"}
	dataAfterCloseSegACK = &Known{Option: "data-after-close-seg-ack",
		Why: "Linux answers data after close() with a RST of SEQ=SEG.ACK (tcp_rcv_state_process, then tcp_v4_send_reset); the model's RFC form uses its own SND.NXT"}
	twRSTExact = &Known{Option: "tw-rst-exact",
		Why: "Linux acts on a RST in TIME-WAIT only at exactly RCV.NXT and drops any other without an answer (tcp_timewait_state_process, tcp_minisocks.c); RFC 9293 §3.10.7.4 ends TIME-WAIT on any RST in the window"}
	twMiniSocket = &Known{Option: "tw-mini-socket",
		Why: "Linux's TIME-WAIT and orphaned FIN-WAIT-2 are a mini-socket (tcp_timewait_state_process, tcp_minisocks.c), not RFC 9293's TCB"}
	rfc6191 = &Known{Option: "tw-reuse",
		Why: "Linux hands a SYN whose timestamp is newer than TIME-WAIT's TS.Recent to a listener even below RCV.NXT (tcp_timewait_state_process, TCP_TW_SYN), as RFC 6191 §2 allows; RFC 9293 has no TIME-WAIT reuse, and the model's rfc profile answers it with an ACK"}
	endAtRcvNxt = &Known{Option: "accept-end-at-rcv-nxt",
		Why: "Linux takes a segment that ends at RCV.NXT, a retransmission, because tcp_sequence tests its end against rcv_wup (tcp_input.c): tcp_ack processes its ACK field and TSval; RFC 9293 §3.10.7.4 finds it unacceptable and only ACKs it"}
	rstAtFinSeq = &Known{Option: "rst-at-fin-seq",
		Why: "Linux resets a connection in CLOSE-WAIT, CLOSING or LAST-ACK on a RST at RCV.NXT-1, the number of the peer's FIN (tcp_reset_check in tcp_validate_incoming, tcp_input.c); RFC 9293 §3.10.7.4 drops it, below the window"}
	pawsOldACK = &Known{Option: "paws-drop-old-ack",
		Why: "Linux 6.18 (commit 124c4c32e9f3, January 2025) drops a bare ACK below RCV.NXT that fails PAWS without a duplicate ACK (tcp_disordered_ack_check, SKB_DROP_REASON_TCP_RFC7323_PAWS_ACK, tcp_input.c); RFC 7323 §5.3 R1 ACKs every segment that fails PAWS"}
	tsRecentOldACK = &Known{Option: "ts-recent-needs-ack",
		Why: "Linux records a segment's TSval only when its ACK lies in [SND.UNA, SND.NXT]: tcp_ack's old_ack path and its refusal of an ACK beyond SND.NXT both come before tcp_replace_ts_recent (tcp_input.c); RFC 7323 §5.3 R3 records the TSval of any acceptable segment"}
	oooRST = &Known{Option: "data-after-close-ooo-rst",
		Why: "Linux answers any text or FIN beyond RCV.NXT after close() with a RST (tcp_rcv_state_process, tcp_input.c); RFC 9293 §3.6.1 (SHLD-2) asks a RST for new data only, so the model's RFC path treats a FIN beyond a gap as out of order"}
)

// Shorthands for steps.
var (
	connectA   = Step{Kind: model.ActConnect, Side: model.A}
	closeA     = Step{Kind: model.ActClose, Side: model.A}
	closeB     = Step{Kind: model.ActClose, Side: model.B}
	toB        = Step{Kind: model.ActDeliver, Side: model.A} // deliver A's oldest deliverable segment to B
	toA        = Step{Kind: model.ActDeliver, Side: model.B} // deliver B's segment to A (the harness writes it)
	loseFromA  = Step{Kind: model.ActLose, Side: model.A}
	tick       = Step{Kind: model.ActTick, Side: model.A}
	retransmtB = Step{Kind: model.ActRetx, Side: model.B}
	keepaliveB = Step{Kind: model.ActKeepalive, Side: model.B}
)

// handshake is the three-way handshake, A's ACK delivered.
var handshake = []Step{connectA, toB, toA, toB}

func steps(parts ...[]Step) []Step {
	var out []Step
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// BaseConfig is the configuration every scenario starts from: the default
// scenario with one connection, no data, no faults but the ones a scenario
// takes, and FIFO delivery, so that "deliver the oldest" is unambiguous.
func BaseConfig() model.Config {
	c := model.DefaultConfig()
	c.Connections, c.Loss, c.Duplicate, c.Reorder = 1, 1, 0, false
	c.A = model.App{Data: 0, When: model.CloseFirst, How: model.CallClose}
	c.B = model.App{Data: 0, When: model.CloseAfterPeer, How: model.CallClose}
	return c
}

// Scenarios returns the conformance scenarios, in the order of issue 11.
func Scenarios() []Scenario {
	out := []Scenario{
		{Name: "active-close", Summary: "A closes first: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT",
			Steps: activeClose},
		{Name: "passive-close", Summary: "B's FIN first: A in CLOSE-WAIT, then A closes through LAST-ACK",
			Setup: func(c *model.Config) {
				c.A.When, c.B.When = model.CloseAfterPeer, model.CloseFirst
			},
			Steps: steps(handshake, []Step{closeB, toA, closeA, toB, toB, toA})},
		{Name: "lost-final-ack", Summary: "A's final ACK is lost; B retransmits its FIN and A re-ACKs it in TIME-WAIT",
			Steps: steps(handshake, []Step{closeA, toB, toA, closeB, toA, loseFromA, tick, retransmtB, toA})},
		{Name: "simultaneous-close", Summary: "both close before either FIN arrives: the FINs cross, both pass CLOSING",
			Setup: func(c *model.Config) { c.B.When = model.CloseFirst },
			Steps: steps(handshake, []Step{closeA, closeB, toA, toB, toB, toA})},
		{Name: "linger0-established", Summary: "SO_LINGER {1, 0} in ESTABLISHED: close sends a RST and leaves no TIME-WAIT",
			Setup: func(c *model.Config) { c.A.How = model.CallAbort },
			Steps: steps(handshake, []Step{closeA}), RFCDivergence: abortRSTACK},
		{Name: "linger0-close-wait", Summary: "SO_LINGER {1, 0} in CLOSE-WAIT, after B's FIN",
			Setup: func(c *model.Config) {
				c.A.How, c.A.When, c.B.When = model.CallAbort, model.CloseAfterPeer, model.CloseFirst
			},
			Steps: steps(handshake, []Step{closeB, toA, closeA}), RFCDivergence: abortRSTACK},
		{Name: "half-close", Summary: "A shuts down writing and keeps receiving B's data, then B closes",
			Setup: func(c *model.Config) {
				c.A.How, c.B.Data = model.CallShutdown, 1
			},
			Steps: steps(handshake, []Step{closeA, toB, toA, toA, toB, closeB, toA})},
		{Name: "data-after-close", Summary: "B's data reaches A after close(): A answers with a RST (RFC 1122 §4.2.2.13)",
			Setup: func(c *model.Config) { c.B.Data = 1 },
			Steps: steps(handshake, []Step{closeA, toB, toA, toA}), RFCDivergence: dataAfterCloseSegACK},
	}
	for _, row := range timeWaitRows {
		out = append(out, Scenario{Name: row.name, Summary: row.summary, RFC1337: row.rfc1337,
			Steps: steps(activeClose, []Step{{Craft: &row.seg}}), RFCDivergence: row.known, Fix: row.fix})
	}
	for _, row := range orphanRows {
		out = append(out, Scenario{Name: row.name, Summary: row.summary,
			Steps: steps(orphanFinWait2, []Step{{Craft: &row.seg}}), RFCDivergence: row.known, Fix: row.fix})
	}
	return append(out,
		Scenario{Name: "fw1-ooo-fin-after-close", Summary: "after close(), in FIN-WAIT-1, a FIN beyond RCV.NXT (a gap before it, acknowledging A's FIN) reaches A: a RST, not an ACK",
			Steps:         steps(handshake, []Step{closeA, {Craft: &Crafted{Flags: FIN | ACK, KernelOffset: 1, ModelOffset: 1}}}),
			RFCDivergence: oooRST, Fix: []string{"data-after-close-ooo-rst"}},
		Scenario{Name: "closing-fin-acks-our-fin", Summary: "in CLOSING, B's retransmitted FIN (ending at RCV.NXT) acknowledges A's FIN: Linux enters TIME-WAIT and sends nothing, where RFC 9293 finds it unacceptable and only ACKs it",
			Setup:         func(c *model.Config) { c.B.When = model.CloseFirst },
			Steps:         steps(handshake, []Step{closeA, closeB, toA, toB, {Craft: &Crafted{Flags: FIN | ACK, KernelOffset: -1, ModelOffset: -1}}}),
			RFCDivergence: endAtRcvNxt, Fix: endAtRcvNxtFix},
		Scenario{Name: "last-ack-fin-acks-our-fin", Summary: "in LAST-ACK, B's retransmitted FIN acknowledges A's FIN: Linux deletes the connection and sends nothing (tcp_done)",
			Setup: func(c *model.Config) {
				c.A.When, c.B.When = model.CloseAfterPeer, model.CloseFirst
			},
			Steps:         steps(handshake, []Step{closeB, toA, closeA, toB, {Craft: &Crafted{Flags: FIN | ACK, KernelOffset: -1, ModelOffset: -1}}}),
			RFCDivergence: endAtRcvNxt, Fix: endAtRcvNxtFix},
		Scenario{Name: "fw1-old-data-acks-fin", Summary: "after close(), in FIN-WAIT-1, old data ending at RCV.NXT acknowledges A's FIN: Linux makes A the orphan's FIN-WAIT-2 mini-socket and sends nothing",
			Steps:         steps(handshake, []Step{closeA, {Craft: &Crafted{Flags: ACK, KernelOffset: -1, ModelOffset: -1, Len: 1}}}),
			RFCDivergence: endAtRcvNxt, Fix: endAtRcvNxtFix},
		Scenario{Name: "ts-old-data-echo", Summary: "with timestamps, after shutdown(), old data ending at RCV.NXT, a tick newer than TS.Recent, acknowledges A's FIN: Linux enters FIN-WAIT-2, records the TSval (tcp_replace_ts_recent), and its duplicate ACK echoes it",
			Setup: func(c *model.Config) {
				c.Timestamps, c.A.How = true, model.CallShutdown
			},
			Steps:         steps(handshake, []Step{closeA, tick, {Craft: &Crafted{Flags: ACK, KernelOffset: -1, ModelOffset: -1, Len: 1}}}),
			RFCDivergence: endAtRcvNxt, Fix: endAtRcvNxtFix},
		Scenario{Name: "close-wait-rst-at-fin", Summary: "in CLOSE-WAIT, a RST at RCV.NXT-1, the number of B's FIN, reaches A: Linux resets the connection (tcp_reset_check), where RFC 9293 drops it as below the window",
			Setup: func(c *model.Config) {
				c.A.When, c.B.When = model.CloseAfterPeer, model.CloseFirst
			},
			Steps:         steps(handshake, []Step{closeB, toA, {Craft: &Crafted{Flags: RST, KernelOffset: -1, ModelOffset: -1}}}),
			RFCDivergence: rstAtFinSeq, Fix: []string{"rst-at-fin-seq"}},
		Scenario{Name: "last-ack-rst-at-fin", Summary: "in LAST-ACK, a RST at RCV.NXT-1 reaches A: Linux deletes the connection (tcp_reset_check)",
			Setup: func(c *model.Config) {
				c.A.When, c.B.When = model.CloseAfterPeer, model.CloseFirst
			},
			Steps:         steps(handshake, []Step{closeB, toA, closeA, toB, {Craft: &Crafted{Flags: RST, KernelOffset: -1, ModelOffset: -1}}}),
			RFCDivergence: rstAtFinSeq, Fix: []string{"rst-at-fin-seq"}},
		Scenario{Name: "keepalive-half-open", Summary: "A aborts and its RST is lost; B's keep-alive probe reaches CLOSED A, which answers with a RST at B's RCV.NXT",
			Setup: func(c *model.Config) { c.A.How, c.Keepalive = model.CallAbort, 4 },
			Steps: steps(handshake, []Step{closeA, loseFromA, tick, tick, tick, tick, keepaliveB, toA}), RFCDivergence: abortRSTACK},
		Scenario{Name: "ts-active-close", Summary: "active-close with timestamps (RFC 7323, tcp_timestamps=1): each of A's segments but the SYN echoes, in TSecr, B's TSval that TS.Recent holds",
			Setup: timestamps, Steps: activeClose},
		Scenario{Name: "ts-paws-established", Summary: "with timestamps, data at RCV.NXT whose TSval is a tick older than TS.Recent reaches ESTABLISHED A: PAWS drops it with an ACK (RFC 7323 §5.3 R1)",
			Setup: timestamps, Steps: steps(handshake, []Step{{Craft: &Crafted{Flags: ACK, Len: 1, TSAge: 1}}}), Fix: []string{"timestamps"}},
		Scenario{Name: "ts-paws-old-ack", Summary: "with timestamps, a bare ACK below RCV.NXT whose TSval is a tick older than TS.Recent (a late ACK) reaches ESTABLISHED A: Linux drops it without an answer (TCP_RFC7323_PAWS_ACK), where RFC 7323 ACKs it",
			Setup: timestamps, Steps: steps(handshake, []Step{{Craft: &Crafted{Flags: ACK, KernelOffset: -1, ModelOffset: -1, TSAge: 1}}}),
			RFCDivergence: pawsOldACK, Fix: []string{"paws-drop-old-ack"}},
		Scenario{Name: "ts-recent-old-ack", Summary: "with timestamps, a tick after the handshake, data at RCV.NXT with a newer TSval but an ACK one below SND.UNA reaches ESTABLISHED A: Linux takes the data, and its ACK echoes the old TS.Recent (tcp_ack's old_ack comes before tcp_replace_ts_recent), where RFC 7323 R3 records the new TSval",
			Setup: func(c *model.Config) { c.Timestamps, c.IdleTime = true, true }, Steps: steps(handshake, []Step{tick, {Craft: &Crafted{Flags: ACK, Len: 1, AckOffset: -1}}}),
			RFCDivergence: tsRecentOldACK, Fix: []string{"ts-recent-needs-ack"}},
		Scenario{Name: "ts-paws-timewait", Summary: "with timestamps, a bare ACK at RCV.NXT whose TSval is a tick older than TS.Recent reaches TIME-WAIT: PAWS, an ACK (not the silent drop of an in-window bare ACK)",
			Setup: timestamps, Steps: steps(activeClose, []Step{{Craft: &Crafted{Flags: ACK, TSAge: 1}}}), Fix: []string{"timestamps"}},
		Scenario{Name: "ts-syn-newer-timewait", Summary: "with timestamps and a listener on A's port, a SYN below RCV.NXT whose TSval is newer than TS.Recent reaches TIME-WAIT: a new connection, its ISN past the old SND.NXT (RFC 6191 §2, TCP_TW_SYN)",
			Setup: timestamps, Steps: steps(activeClose, []Step{{Listen: true}, tick, {Craft: &Crafted{Flags: SYN, KernelOffset: -1, ModelOffset: -1}}}),
			RFCDivergence: rfc6191, Fix: []string{"timestamps"}},
		Scenario{Name: "ts-syn-older-timewait", Summary: "with timestamps and a listener on A's port, a SYN beyond RCV.NXT whose TSval is older than TS.Recent reaches TIME-WAIT: PAWS, an ACK, no new connection (RFC 1122's sequence test alone would open one)",
			Setup: timestamps, Steps: steps(activeClose, []Step{{Listen: true}, tick, {Craft: &Crafted{Flags: SYN, KernelOffset: 100000, ModelOffset: 10, TSAge: 2}}}),
			Fix: []string{"timestamps"}},
		Scenario{Name: "ts-connect-tw-reuse", Summary: "with timestamps, a tick into TIME-WAIT A connects again from its bound port and takes the pair over: its SYN at tw_snd_nxt + 65535 + 2, echoing the TS.Recent it inherits (tcp_twsk_unique)",
			Setup: connectTWReuse(true), Steps: steps(activeClose, []Step{toB, tick, connectA}), Fix: []string{"tw-reuse-delay"}},
		Scenario{Name: "connect-refused-no-timestamps", Summary: "without timestamps, the same connect is refused, tcp_tw_reuse=1 or not: EADDRNOTAVAIL (tcp_twsk_unique needs tw_ts_recent_stamp)",
			Setup: connectTWReuse(false), Sysctl: map[string]string{"tcp_tw_reuse": "1"}, Steps: steps(activeClose, []Step{toB, tick, connectA})},
		Scenario{Name: "linger2-negative", Summary: "TCP_LINGER2 < 0 (fin-wait-2 -1): the ACK of an orphan's FIN draws a RST and A skips FIN-WAIT-2",
			Setup: func(c *model.Config) { c.FinWait2 = -1 },
			Steps: steps([]Step{connectA, {Sockopt: &Sockopt{Name: "TCP_LINGER2", Value: -1}}}, handshake[1:], []Step{closeA, toB, toA}),
			Fix:   []string{"fin-wait-2"}},
	)
}

// connectTWReuse sets up a second connection that A opens from its
// TIME-WAIT a tick into it (tw-reuse-delay 1), with timestamps or without.
// The lab's A binds its port, so the kernel takes tcp_twsk_unique's path
// for a bound port (__inet_hash_connect calls check_established with no
// twp): it reuses the pair whenever it saw timestamps, without the
// tcp_tw_reuse sysctl or its delay, which apply to a port that connect()
// chooses. A tick is the least the model's delay can be, so the two
// agree; the delay itself is not compared.
func connectTWReuse(ts bool) func(c *model.Config) {
	return func(c *model.Config) {
		c.Connections, c.Timestamps, c.TWReuseDelay = 2, ts, 1
	}
}

// timestamps turns on RFC 7323 timestamps, in the model and (Sysctls)
// in the lab.
func timestamps(c *model.Config) { c.Timestamps = true }

// activeClose takes A to TIME-WAIT: the active-close scenario's steps.
var activeClose = steps(handshake, []Step{closeA, toB, toA, closeB, toA})

// timeWaitRows send one crafted segment to A in TIME-WAIT.
var timeWaitRows = []struct {
	name, summary string
	rfc1337       bool
	seg           Crafted
	known         *Known
	fix           []string
}{
	{"tw-rst-at-rcv-nxt", "a RST at exactly RCV.NXT reaches A in TIME-WAIT (tcp_rfc1337=0)", false, Crafted{Flags: RST}, nil, nil},
	{"tw-rst-at-rcv-nxt-rfc1337", "the same with tcp_rfc1337=1", true, Crafted{Flags: RST}, nil, nil},
	{"tw-rst-in-window", "a RST in the window but after RCV.NXT (tcp_rfc1337=0)", false, Crafted{Flags: RST, KernelOffset: 1, ModelOffset: 1}, twRSTExact, nil},
	{"tw-rst-in-window-rfc1337", "the same with tcp_rfc1337=1", true, Crafted{Flags: RST, KernelOffset: 1, ModelOffset: 1}, nil, nil},
	{"tw-rst-outside-window", "a RST beyond the window (tcp_rfc1337=0)", false, Crafted{Flags: RST, KernelOffset: 100000, ModelOffset: 10}, nil, nil},
	{"tw-rst-outside-window-rfc1337", "the same with tcp_rfc1337=1", true, Crafted{Flags: RST, KernelOffset: 100000, ModelOffset: 10}, nil, nil},
	{"tw-old-data", "an old duplicate data segment (SEQ = RCV.NXT-2) reaches TIME-WAIT", false, Crafted{Flags: ACK, KernelOffset: -2, ModelOffset: -2, Len: 1}, nil, nil},
	{"tw-syn-above", "a new SYN above RCV.NXT reaches TIME-WAIT (A does not listen)", false, Crafted{Flags: SYN, KernelOffset: 100000, ModelOffset: 10}, nil, nil},
	{"tw-syn-below", "a new SYN below RCV.NXT reaches TIME-WAIT", false, Crafted{Flags: SYN, KernelOffset: -100, ModelOffset: -5}, nil, nil},
	{"tw-ack-above-rcv-nxt", "an ACK at RCV.NXT+1, inside the window, reaches TIME-WAIT: ACKed at once", false, Crafted{Flags: ACK, KernelOffset: 1, ModelOffset: 1}, twMiniSocket, tw},
	{"tw-data-at-rcv-nxt", "data at exactly RCV.NXT reaches TIME-WAIT: ACKed, as RFC 9293 §3.10.7.4 fifth step and Linux (not a bare ACK) both do", false, Crafted{Flags: ACK, Len: 1}, nil, nil},
}

// endAtRcvNxtFix is the Fix of the scenarios whose segment ends at
// RCV.NXT.
var endAtRcvNxtFix = []string{"accept-end-at-rcv-nxt"}

// tw is the Fix of the mini-socket's scenarios.
var tw = []string{"tw-mini-socket"}

// orphanFinWait2 takes A to its orphaned FIN-WAIT-2: closed with close(),
// its FIN acknowledged.
var orphanFinWait2 = steps(handshake, []Step{closeA, toB, toA})

// orphanRows send one crafted segment to A in its orphaned FIN-WAIT-2,
// which Linux keeps as a mini-socket.
var orphanRows = []struct {
	name, summary string
	seg           Crafted
	known         *Known
	fix           []string
}{
	{"fw2-rst-in-window", "a RST in the window after RCV.NXT reaches A's orphaned FIN-WAIT-2: deleted, no challenge ACK", Crafted{Flags: RST, KernelOffset: 1, ModelOffset: 1}, nil, tw},
	{"fw2-rst-outside-window", "a RST beyond the window reaches A's orphaned FIN-WAIT-2: an ACK", Crafted{Flags: RST, KernelOffset: 100000, ModelOffset: 10}, twMiniSocket, tw},
	{"fw2-syn-at-rcv-nxt", "a SYN at RCV.NXT reaches A's orphaned FIN-WAIT-2: a RST, A deleted", Crafted{Flags: SYN}, twMiniSocket, tw},
	{"fw2-ooo-data", "data beyond RCV.NXT reaches A's orphaned FIN-WAIT-2: a RST, not an ACK", Crafted{Flags: ACK, KernelOffset: 1, ModelOffset: 1, Len: 1}, nil, nil},
}

// ScenarioByName returns the scenario with this name.
func ScenarioByName(name string) (Scenario, bool) {
	for _, sc := range Scenarios() {
		if sc.Name == name {
			return sc, true
		}
	}
	return Scenario{}, false
}

// Config returns the model configuration of sc under a profile ("rfc" or
// "linux"; see model.ApplyProfile). The model's rfc1337 follows the
// lab's tcp_rfc1337, which the scenario sets.
func (sc Scenario) Config(profile string) (model.Config, error) {
	c := BaseConfig()
	if sc.Setup != nil {
		sc.Setup(&c)
	}
	if err := model.ApplyProfile(&c, profile); err != nil {
		return c, err
	}
	c.RFC1337 = sc.RFC1337
	return c, c.Validate()
}

// WithoutFix returns c with the scenario's Fix options turned off (false,
// or 0): the model as it predicted the scenario before the fix.
func (sc Scenario) WithoutFix(c model.Config) (model.Config, error) {
	for _, name := range sc.Fix {
		p, ok := model.ParamByName(name)
		if !ok {
			return c, fmt.Errorf("scenario %s: no option %q", sc.Name, name)
		}
		off := "0"
		if p.Bool {
			off = "false"
		}
		if err := c.Set(name, off); err != nil {
			return c, err
		}
	}
	return c, nil
}

// Sysctls are the lab's sysctls for sc.
func (sc Scenario) Sysctls() map[string]string {
	bit := map[bool]string{false: "0", true: "1"}
	out := map[string]string{"tcp_rfc1337": bit[sc.RFC1337], "tcp_timestamps": bit[sc.LabTimestamps()]}
	for k, v := range sc.Sysctl {
		out[k] = v
	}
	return out
}

// LabTimestamps reports whether the scenario runs with RFC 7323
// timestamps in the lab (tcp_timestamps=1, and the harness sends them):
// when its setup turns on the model's timestamps option.
func (sc Scenario) LabTimestamps() bool {
	c := BaseConfig()
	if sc.Setup != nil {
		sc.Setup(&c)
	}
	return c.Timestamps
}
