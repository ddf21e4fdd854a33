package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Param is one configuration parameter by name, as the CLI's flags, config
// files and `timewait list` know it.
type Param struct {
	Name  string
	Usage string
	// Form describes the accepted values, for error messages.
	Form string
	// Bool reports whether the parameter is true or false, so that a flag
	// may name it alone to mean true.
	Bool bool
	// Values lists the accepted values of an enumeration, in order; nil for
	// other parameters.
	Values []string
	get    func(c *Config) string
	set    func(c *Config, v string) error
}

// Get returns the parameter's value in c, as Set accepts it.
func (p Param) Get(c Config) string { return p.get(&c) }

// Params lists every parameter, in the order `timewait list` prints them.
func Params() []Param {
	return []Param{
		intParam("seq-space", "size of the sequence space", func(c *Config) *int { return &c.SeqSpace }),
		intParam("window", "receive window RCV.WND", func(c *Config) *int { return &c.Window }),
		intParam("send-window", "segments a sender keeps in flight (1: stop-and-wait)", func(c *Config) *int { return &c.SendWindow }),
		boolParam("drop-out-of-order", "drop segments beyond RCV.NXT (RFC 9293 SHLD-31 and Linux hold them)", func(c *Config) *bool { return &c.DropOutOfOrder }),
		intParam("msl", "maximum segment lifetime, in ticks", func(c *Config) *int { return &c.MSL }),
		intParam("time-wait", "TIME-WAIT length in ticks (RFC 9293: 2*MSL)", func(c *Config) *int { return &c.TimeWait }),
		intParam("rto", "retransmission timeout, in ticks", func(c *Config) *int { return &c.RTO }),
		intParam("retries", "retransmissions before a connection is aborted", func(c *Config) *int { return &c.Retries }),
		intParam("fin-wait-2", "Linux's orphaned FIN-WAIT-2 timer in ticks (0: none, as RFC 9293; -1: TCP_LINGER2 < 0, none at all)", func(c *Config) *int { return &c.FinWait2 }),
		intParam("connections", "connections A opens one after another", func(c *Config) *int { return &c.Connections }),
		intParam("capacity", "segments in flight per direction", func(c *Config) *int { return &c.Capacity }),
		intParam("loss", "segments the network may lose in a run", func(c *Config) *int { return &c.Loss }),
		intParam("duplicate", "segments the network may duplicate in a run", func(c *Config) *int { return &c.Duplicate }),
		boolParam("reorder", "the network may reorder segments (false: FIFO)", func(c *Config) *bool { return &c.Reorder }),
		intParam("a-data", "data units A's application sends per connection", func(c *Config) *int { return &c.A.Data }),
		enumParam("a-close", "when A's application closes", closeWhenNames, func(c *Config) *uint8 { return (*uint8)(&c.A.When) }),
		enumParam("a-call", "how A's application closes", closeHowNames, func(c *Config) *uint8 { return (*uint8)(&c.A.How) }),
		intParam("b-data", "data units B's application sends per connection", func(c *Config) *int { return &c.B.Data }),
		enumParam("b-close", "when B's application closes", closeWhenNames, func(c *Config) *uint8 { return (*uint8)(&c.B.When) }),
		enumParam("b-call", "how B's application closes", closeHowNames, func(c *Config) *uint8 { return (*uint8)(&c.B.How) }),
		enumParam("isn", "initial sequence numbers", isnNames, func(c *Config) *uint8 { return (*uint8)(&c.ISN) }),
		intParam("isn-rate", "numbers the ISN clock advances per tick", func(c *Config) *int { return &c.ISNRate }),
		boolParam("rfc1337", "ignore RST in TIME-WAIT (RFC 1337; Linux tcp_rfc1337)", func(c *Config) *bool { return &c.RFC1337 }),
		boolParam("rst-exact", "accept RST only at RCV.NXT, challenge ACK otherwise (RFC 5961, as Linux)", func(c *Config) *bool { return &c.RSTExact }),
		boolParam("tw-reuse", "accept a SYN beyond RCV.NXT in TIME-WAIT (RFC 1122 §4.2.2.13, as Linux)", func(c *Config) *bool { return &c.TWReuse }),
		boolParam("tw-restart-on-ack", "restart TIME-WAIT for any ACK-bearing segment, as Linux does", func(c *Config) *bool { return &c.TWRestartOnACK }),
		boolParam("tw-rst-exact", "in TIME-WAIT act on a RST only at RCV.NXT, drop others silently, as Linux does", func(c *Config) *bool { return &c.TWRSTExact }),
		boolParam("abort-rst-ack", "ABORT (SO_LINGER 0) sends RST,ACK, as Linux does (RFC 9293: RST)", func(c *Config) *bool { return &c.AbortRSTACK }),
		boolParam("data-after-close-seg-ack", "the RST for data after close carries SEQ=SEG.ACK, as Linux (RFC: SND.NXT)", func(c *Config) *bool { return &c.DataAfterCloseSegACK }),
		boolParam("rst-on-unread", "first closers leave received data unread, and close() then sends RST (RFC 9293 SHLD-2, Linux tcp_close)", func(c *Config) *bool { return &c.RSTOnUnread }),
		boolParam("data-after-close-ooo-rst", "a FIN beyond RCV.NXT after close draws a RST, as Linux (RFC: new data only; the FIN is held, ACKed)", func(c *Config) *bool { return &c.DataAfterCloseOOORST }),
		boolParam("tw-mini-socket", "TIME-WAIT and orphaned FIN-WAIT-2 are Linux's mini-socket (tcp_timewait_state_process)", func(c *Config) *bool { return &c.TWMiniSocket }),
		boolParam("accept-end-at-rcv-nxt", "take a segment that ends at RCV.NXT (a retransmission): its ACK and TSval count, then a duplicate ACK, as Linux's tcp_sequence (RFC 9293: unacceptable, an ACK only)", func(c *Config) *bool { return &c.AcceptEndAtRcvNxt }),
		boolParam("paws-drop-old-ack", "drop a bare ACK below RCV.NXT that fails PAWS without an ACK, as Linux 6.18 does (TCP_RFC7323_PAWS_ACK; RFC 7323: ACK it)", func(c *Config) *bool { return &c.PAWSDropOldACK }),
		boolParam("ts-recent-needs-ack", "record a TSval in TS.Recent only from a segment whose ACK lies in [SND.UNA, SND.NXT], as Linux's tcp_ack (RFC 7323 R3: any acceptable segment)", func(c *Config) *bool { return &c.TSRecentNeedsACK }),
		boolParam("rst-at-fin-seq", "in CLOSE-WAIT, CLOSING and LAST-ACK a RST at RCV.NXT-1, the peer's FIN's number, resets, as Linux's tcp_reset_check (RFC 9293: below the window, dropped)", func(c *Config) *bool { return &c.RSTAtFinSeq }),
		intParam("keepalive", "keep-alive timer in ticks: idle time before a probe, and between probes (0: off)", func(c *Config) *int { return &c.Keepalive }),
		intParam("keepalive-probes", "unanswered keep-alive probes that abort a connection", func(c *Config) *int { return &c.KeepaliveProbes }),
		boolParam("timestamps", "RFC 7323 timestamps on both ends: TS.Recent, PAWS, and RFC 6191 for a SYN in TIME-WAIT (RFC 9293 does not require them)", func(c *Config) *bool { return &c.Timestamps }),
		intParam("tw-reuse-delay", "Linux tcp_tw_reuse: with timestamps, A's connect takes over its TIME-WAIT pair after this many ticks in TIME-WAIT (0: off)", func(c *Config) *int { return &c.TWReuseDelay }),
		boolParam("connect-in-timewait", "A may connect while its old connection is in TIME-WAIT", func(c *Config) *bool { return &c.ConnectInTimeWait }),
		boolParam("idle-time", "time may pass while nothing is pending (lets the ISN clock wrap)", func(c *Config) *bool { return &c.IdleTime }),
		boolParam("no-symmetry", "turn off the symmetry reduction (same verdicts, more states)", func(c *Config) *bool { return &c.NoSymmetry }),
	}
}

// ParamByName returns the parameter with this name.
func ParamByName(name string) (Param, bool) {
	for _, p := range Params() {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Set assigns the parameter named key from its text form. The error names
// the bad value and the accepted form.
func (c *Config) Set(key, value string) error {
	p, ok := ParamByName(key)
	if !ok {
		var names []string
		for _, p := range Params() {
			names = append(names, p.Name)
		}
		return fmt.Errorf("unknown parameter %q; want one of %s", key, strings.Join(names, ", "))
	}
	if err := p.set(c, value); err != nil {
		if lo, hi, ok := c.rangeOf(key); ok {
			return fmt.Errorf("%s %q: want a whole number from %d to %d", key, value, lo, hi)
		}
		return fmt.Errorf("%s %q: want %s", key, value, p.Form)
	}
	return nil
}

var (
	closeWhenNames = []string{"first", "after-peer", "never", "handshake"}
	closeHowNames  = []string{"close", "shutdown", "abort"}
	isnNames       = []string{"clock", "any", "constant"}
)

func intParam(name, usage string, field func(c *Config) *int) Param {
	return Param{Name: name, Usage: usage, Form: "a whole number",
		get: func(c *Config) string { return strconv.Itoa(*field(c)) },
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil {
				return err
			}
			*field(c) = n
			return nil
		}}
}

func boolParam(name, usage string, field func(c *Config) *bool) Param {
	return Param{Name: name, Usage: usage, Form: "true or false", Bool: true,
		get: func(c *Config) string { return strconv.FormatBool(*field(c)) },
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return err
			}
			*field(c) = b
			return nil
		}}
}

func enumParam(name, usage string, names []string, field func(c *Config) *uint8) Param {
	return Param{Name: name, Usage: usage, Form: "one of " + strings.Join(names, ", "), Values: names,
		get: func(c *Config) string { return names[*field(c)] },
		set: func(c *Config, v string) error {
			for i, n := range names {
				if n == v {
					*field(c) = uint8(i)
					return nil
				}
			}
			return fmt.Errorf("unknown value")
		}}
}

// String returns the name of the close mode, as the a-close parameter takes it.
func (w CloseWhen) String() string { return closeWhenNames[w] }

// String returns the name of the call, as the a-call parameter takes it.
func (h CloseHow) String() string { return closeHowNames[h] }

// String returns the name of the policy, as the isn parameter takes it.
func (p ISNPolicy) String() string { return isnNames[p] }
