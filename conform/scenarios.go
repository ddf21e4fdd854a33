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
			Steps: steps(activeClose, []Step{{Craft: &row.seg}}), RFCDivergence: row.known})
	}
	return out
}

// activeClose takes A to TIME-WAIT: the active-close scenario's steps.
var activeClose = steps(handshake, []Step{closeA, toB, toA, closeB, toA})

// timeWaitRows send one crafted segment to A in TIME-WAIT.
var timeWaitRows = []struct {
	name, summary string
	rfc1337       bool
	seg           Crafted
	known         *Known
}{
	{"tw-rst-at-rcv-nxt", "a RST at exactly RCV.NXT reaches A in TIME-WAIT (tcp_rfc1337=0)", false, Crafted{Flags: RST}, nil},
	{"tw-rst-at-rcv-nxt-rfc1337", "the same with tcp_rfc1337=1", true, Crafted{Flags: RST}, nil},
	{"tw-rst-in-window", "a RST in the window but after RCV.NXT (tcp_rfc1337=0)", false, Crafted{Flags: RST, KernelOffset: 1, ModelOffset: 1}, twRSTExact},
	{"tw-rst-in-window-rfc1337", "the same with tcp_rfc1337=1", true, Crafted{Flags: RST, KernelOffset: 1, ModelOffset: 1}, nil},
	{"tw-rst-outside-window", "a RST beyond the window (tcp_rfc1337=0)", false, Crafted{Flags: RST, KernelOffset: 100000, ModelOffset: 10}, nil},
	{"tw-rst-outside-window-rfc1337", "the same with tcp_rfc1337=1", true, Crafted{Flags: RST, KernelOffset: 100000, ModelOffset: 10}, nil},
	{"tw-old-data", "an old duplicate data segment (SEQ = RCV.NXT-2) reaches TIME-WAIT", false, Crafted{Flags: ACK, KernelOffset: -2, ModelOffset: -2, Len: 1}, nil},
	{"tw-syn-above", "a new SYN above RCV.NXT reaches TIME-WAIT (A does not listen)", false, Crafted{Flags: SYN, KernelOffset: 100000, ModelOffset: 10}, nil},
	{"tw-syn-below", "a new SYN below RCV.NXT reaches TIME-WAIT", false, Crafted{Flags: SYN, KernelOffset: -100, ModelOffset: -5}, nil},
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

// Sysctls are the lab's sysctls for sc.
func (sc Scenario) Sysctls() map[string]string {
	return map[string]string{"tcp_rfc1337": fmt.Sprint(map[bool]int{false: 0, true: 1}[sc.RFC1337])}
}
