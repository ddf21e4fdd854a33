package model

import (
	"fmt"
	"strconv"
)

// CloseWhen says when an application closes its connection.
type CloseWhen uint8

const (
	// CloseFirst: as soon as the connection is established (after handing
	// its data to TCP): the active closer.
	CloseFirst CloseWhen = iota
	// CloseAfterPeer: once it has read the peer's FIN (end of file): the
	// passive closer, as a server that closes when its client does.
	CloseAfterPeer
	// CloseNever: never; the application leaks the socket (the CLOSE_WAIT
	// leak when the peer closes).
	CloseNever
	// CloseInHandshake: as early as it can, from the start of the
	// three-way handshake on: while its connection is in SYN-SENT (A) or
	// SYN-RECEIVED (B) (RFC 9293 §3.10.4), or, if the handshake completes
	// before the application closes, as CloseFirst does. An application
	// that gives up on a connection, or has nothing to say on it.
	CloseInHandshake
)

// CloseHow says which call the application uses to close.
type CloseHow uint8

const (
	// CallClose is close(2): no more sending and no more reading. New data
	// that arrives afterwards is answered with a reset (RFC 1122 §4.2.2.13).
	CallClose CloseHow = iota
	// CallShutdown is shutdown(SHUT_WR): a half-close that keeps reading,
	// the CLOSE call of RFC 9293 §3.10.4.
	CallShutdown
	// CallAbort is close(2) with SO_LINGER {on, 0}: the ABORT call of RFC
	// 9293 §3.10.5, which sends a reset and skips TIME-WAIT.
	CallAbort
)

// App is what one endpoint's application does in each connection.
type App struct {
	// Data is the number of data units it sends before closing (0 to 31).
	Data int
	When CloseWhen
	How  CloseHow
}

// ISNPolicy says how an endpoint chooses its initial sequence number.
type ISNPolicy uint8

const (
	// ISNClock: the value of the pair's ISN clock (World.Clock), as RFC
	// 9293 §3.4.1 describes it: RFC 6528's M plus a per-pair constant, a
	// number that "monotonically increases until it wraps". It advances
	// Config.ISNRate numbers per tick and, because the model's steps take
	// no time, also one number for every sequence number the pair consumes
	// (each SYN, data unit and FIN it sends for the first time). So the
	// clock never lags behind the numbers in use, and a new incarnation's
	// ISS lies beyond every number its predecessors used, as RFC 9293's
	// clock-driven ISN assumes of a real clock (docs/model.md).
	ISNClock ISNPolicy = iota
	// ISNAny: any value; the checker tries every one. Deliberately unsafe:
	// a stack whose ISN may land among an earlier incarnation's numbers.
	ISNAny
	// ISNConstant: the same value (0) for every connection: a broken stack,
	// deliberately unsafe.
	ISNConstant
)

// Config is a model configuration: the parameters and options of the two
// endpoints, the channel and time. DefaultConfig gives the default scenario.
type Config struct {
	SeqSpace int // size of the sequence space (4 to 128)
	Window   int // receive window RCV.WND in sequence numbers (1 to SeqSpace/2)
	// SendWindow is the most segments a sender keeps in flight (1 to
	// MaxSendWindow), within the peer's window: a sender may always send
	// less than the window allows. 1 is stop-and-wait; a FIN that rides on
	// a data segment takes no place of its own.
	SendWindow int
	// DropOutOfOrder drops segments that arrive beyond RCV.NXT, with their
	// FIN, after answering with an ACK; false: they are held until RCV.NXT
	// reaches them (RFC 9293 §3.10.7.4, SHLD-31; Linux's out-of-order
	// queue), up to MaxHeld of them.
	DropOutOfOrder bool

	MSL         int // maximum segment lifetime in ticks (1 to 15)
	TimeWait    int // TIME-WAIT length in ticks (0 to 255); RFC 9293: 2*MSL
	RTO         int // retransmission timeout in ticks (1 to 255)
	Retries     int // retransmissions before the connection is aborted (0 to 15)
	FinWait2    int // Linux's tcp_fin_timeout for an orphaned FIN-WAIT-2, in ticks; 0: no timer (RFC); -1: TCP_LINGER2 < 0, no orphaned FIN-WAIT-2 at all
	Connections int // connections A opens one after the other (1 to 15)

	Capacity  int  // segments in flight per direction (1 to MaxCapacity); a step that would exceed it is not taken
	Loss      int  // segments the network may lose in the whole run
	Duplicate int  // segments the network may duplicate in the whole run
	Reorder   bool // unordered channel; false: FIFO per direction

	A, B App

	ISN ISNPolicy
	// ISNRate is how many numbers the ISN clock advances per tick, on top
	// of the numbers the pair consumes (see ISNClock). It sets how soon the
	// clock comes round: its cycle is SeqSpace/ISNRate ticks at most.
	ISNRate int
	// RFC1337 ignores RST in TIME-WAIT (RFC 1337 §3, Linux tcp_rfc1337=1).
	RFC1337 bool
	// RSTExact accepts a RST only at exactly RCV.NXT and answers one that is
	// in the window elsewhere with a challenge ACK (RFC 5961 §3, as Linux
	// does); false: any RST in the window is accepted (RFC 9293 §3.10.7.4
	// for stacks without RFC 5961).
	RSTExact bool
	// TWReuse accepts a SYN in TIME-WAIT whose sequence number is beyond
	// RCV.NXT and opens a new connection with an ISN beyond the old SND.NXT
	// (RFC 1122 §4.2.2.13, as Linux does); false: TIME-WAIT answers it with
	// an ACK like any other unexpected segment.
	TWReuse bool
	// TWRestartOnACK restarts the TIME-WAIT timer for every ACK-bearing
	// segment other than a RST that reaches TIME-WAIT, as Linux does
	// (inet_twsk_reschedule in tcp_timewait_state_process); false: only a
	// retransmitted FIN and acceptable segments restart it (RFC 9293
	// §3.10.7.4 fifth), not an old duplicate below RCV.NXT.
	TWRestartOnACK bool
	// RSTOnUnread makes an application that closes first (or in the
	// handshake) close without reading what has arrived, and close(2) then
	// answers the unread data with a RST instead of a FIN, and deletes the
	// TCB: RFC 9293 §3.6.1 (SHLD-2) and RFC 2525 §2.17 say so for a close
	// that can read no more, and Linux's tcp_close does it ("data was
	// lost"). False: every application reads all that has arrived before it
	// closes, so no data is ever unread and close(2) sends its FIN.
	RSTOnUnread bool
	// ConnectInTimeWait lets A's application open a new connection on the
	// same socket pair while A's previous one is in TIME-WAIT, dropping it
	// (what the socket-pair rule forbids, and SO_REUSEADDR does not allow).
	ConnectInTimeWait bool

	// TWRSTExact acts on a RST in TIME-WAIT only when its SEQ is exactly
	// RCV.NXT and drops any other RST there without an answer, as Linux does
	// (tcp_timewait_state_process, net/ipv4/tcp_minisocks.c); false: any
	// RST in the window acts (RFC 9293 §3.10.7.4, or a challenge ACK with
	// RSTExact).
	TWRSTExact bool
	// AbortRSTACK makes ABORT (SO_LINGER {on, 0}) send <SEQ=SND.NXT>
	// <ACK=RCV.NXT><CTL=RST,ACK>, as Linux does (tcp_send_active_reset,
	// net/ipv4/tcp_output.c); false: <SEQ=SND.NXT><CTL=RST> (RFC 9293
	// §3.10.5).
	AbortRSTACK bool
	// DataAfterCloseSegACK makes the RST that answers data after close()
	// carry <SEQ=SEG.ACK>, as Linux's tcp_v4_send_reset does for the
	// segment that tcp_rcv_state_process refuses (net/ipv4/tcp_input.c,
	// tcp_ipv4.c); false: <SEQ=SND.NXT>, the endpoint's own next number.
	DataAfterCloseSegACK bool
	// DataAfterCloseOOORST answers a FIN beyond RCV.NXT after close() with
	// the RST of data after close, as Linux's tcp_rcv_state_process does
	// for any text or FIN that ends beyond rcv_nxt once the socket is shut
	// for reading (net/ipv4/tcp_input.c, step 7, "RFC 1122 says we MUST
	// send a reset"); false: new data draws that RST (RFC 9293 §3.6.1,
	// SHLD-2) but a FIN beyond a gap is out of order, held and ACKed.
	DataAfterCloseOOORST bool
	// TWMiniSocket makes TIME-WAIT, and FIN-WAIT-2 after close(), Linux's
	// mini-socket: every segment is decided by the branches of
	// tcp_timewait_state_process (net/ipv4/tcp_minisocks.c) instead of
	// RFC 9293's full TCB (arrive_linux_timewait.go).
	TWMiniSocket bool
	// AcceptEndAtRcvNxt takes a segment that ends exactly at RCV.NXT (a
	// retransmission of text or a FIN that RCV.NXT has passed) as Linux's
	// tcp_sequence does, which tests its end against rcv_wup, the RCV.NXT
	// of the last window advertised (net/ipv4/tcp_input.c): the segment is
	// in sequence, tcp_ack processes its ACK field (and, with timestamps,
	// tcp_replace_ts_recent its TSval), tcp_rcv_state_process changes
	// the state as the ACK says, and tcp_data_queue answers the old text
	// with a duplicate ACK (arriveEndingAtRcvNxt). false: RFC 9293
	// §3.10.7.4's acceptability test refuses it, and it draws an ACK and
	// nothing else. TIME-WAIT, Linux's mini-socket (TWMiniSocket) or RFC
	// 9293's full TCB, keeps its own rules.
	AcceptEndAtRcvNxt bool
	// RSTAtFinSeq resets a connection in CLOSE-WAIT, CLOSING or LAST-ACK
	// on a RST whose SEQ is RCV.NXT-1, the number of the peer's FIN, as
	// Linux's tcp_reset_check does ("Accept RST for rcv_nxt - 1 after a
	// FIN", for a peer that sends a RST with its FIN's number;
	// tcp_validate_incoming, net/ipv4/tcp_input.c); false: the RST lies
	// below the window and is dropped (RFC 9293 §3.10.7.4 first).
	RSTAtFinSeq bool
	// PAWSDropOldACK drops, without the ACK that RFC 7323 §5.3 R1 asks
	// for, a bare ACK (no text, SYN, FIN or RST) whose SEQ is below
	// RCV.NXT and which fails PAWS, as Linux 6.18 does (commit 124c4c32e9f3, January 2025): "One common
	// source for these drops are ACK packets coming too late. A prior
	// packet with payload already changed tp->rcv_nxt" (tcp_validate_incoming,
	// tcp_disordered_ack_check's SKB_DROP_REASON_TCP_RFC7323_PAWS_ACK,
	// net/ipv4/tcp_input.c). Full sockets only: not TIME-WAIT, nor a
	// passive SYN-RECEIVED (Linux's request socket). false: RFC 7323's ACK.
	PAWSDropOldACK bool
	// TSRecentNeedsACK records a segment's TSval in TS.Recent only when
	// its ACK field lies in [SND.UNA, SND.NXT], as Linux's tcp_ack calls
	// tcp_replace_ts_recent only past its checks: an ACK older than
	// SND.UNA goes to old_ack, one beyond SND.NXT is refused, both before
	// "ts_recent update must be made after we are sure that the packet is
	// in window" (net/ipv4/tcp_input.c); a segment without ACK is
	// discarded before. false: RFC 7323 §5.3 R3, any acceptable segment.
	TSRecentNeedsACK bool
	// Keepalive is the keep-alive timer in ticks (RFC 9293 §3.8.4, RFC
	// 1122 §4.2.3.6; Linux SO_KEEPALIVE with TCP_KEEPIDLE and
	// TCP_KEEPINTVL both this long): an idle connection probes its peer
	// after this long without receiving anything, and again after as long
	// again while unanswered; 0: no keep-alives (keepalive.go).
	Keepalive int
	// KeepaliveProbes is how many unanswered probes abort the connection
	// (Linux TCP_KEEPCNT).
	KeepaliveProbes int
	// Timestamps turns on RFC 7323's Timestamps option on both endpoints
	// (Linux tcp_timestamps): every segment but a RST carries TSval, the
	// sender's timestamp clock, and TSecr; each TCB keeps TS.Recent; PAWS
	// (RFC 7323 §5.3) drops, with an ACK, a segment whose TSval is older
	// than TS.Recent; and with TWReuse a SYN reaching TIME-WAIT is decided
	// by RFC 6191 (timestamps.go). Off by default: RFC 9293 does not
	// require the option (it is RFC 7323's, which RFC 9293 §3.1 lists
	// among the options a TCP may implement).
	Timestamps bool
	// TWReuseDelay is Linux's tcp_tw_reuse on the connecting side, in
	// ticks (tcp_twsk_unique, net/ipv4/tcp_ipv4.c): with Timestamps, a
	// connect() of A's while its old connection holds the pair in
	// TIME-WAIT takes the pair over once TIME-WAIT has lasted this many
	// ticks (tcp_tw_reuse_delay), with ISS past the old SND.NXT; before
	// that, or without timestamps, it is refused. 0: off.
	TWReuseDelay int

	// IdleTime lets time pass while nothing is pending (no timer armed, no
	// segment in flight), when only the ISN clock moves. Off, the model
	// assumes what RFC 9293 §3.4.1 assumes: that the ISN clock does not come
	// round to a connection's numbers while its old segments may live (its
	// cycle is 4.55 hours, MSL 2 minutes). On, an idle connection may last a
	// whole clock cycle, and a new incarnation may pick an ISN among old
	// numbers: the wrap-around that RFC 7323's PAWS addresses.
	IdleTime bool

	// acceptAny breaks the model on purpose: every segment passes the
	// acceptability test. Tests set it (export_test.go) to show that random
	// walks catch a broken TCP.
	acceptAny bool

	// NoSymmetry turns off the symmetry reduction over sequence numbers
	// (symmetry.go). The verdicts are the same; only the state counts grow.
	NoSymmetry bool
}

// MaxCapacity is the largest channel capacity a configuration may ask for.
const MaxCapacity = 6

// MaxSendWindow is the largest send window: no more segments can be in
// flight than a channel holds.
const MaxSendWindow = MaxCapacity

// MaxHeld is how many out-of-order segments a receiver holds at most.
const MaxHeld = 3

// DefaultConfig is the default scenario: A sends one unit and closes first,
// B reads to the end and closes; the network may lose one segment, duplicate
// one and reorder; TIME-WAIT lasts 2*MSL; RFC 1337 is on; A opens a second
// connection after the first.
func DefaultConfig() Config {
	return Config{
		SeqSpace:    64,
		Window:      2,
		SendWindow:  2,
		MSL:         2,
		TimeWait:    4,
		RTO:         1,
		Retries:     5,
		Connections: 2,
		Capacity:    2,
		Loss:        1,
		Duplicate:   1,
		Reorder:     true,
		A:           App{Data: 1, When: CloseFirst, How: CallClose},
		B:           App{Data: 0, When: CloseAfterPeer, How: CallClose},
		ISN:         ISNClock,
		ISNRate:     1,
		RFC1337:     true,

		KeepaliveProbes: 2,
	}
}

// RangeError is a parameter whose value is outside its range.
type RangeError struct {
	Param  string // the parameter's name, as Params lists it
	Value  int
	Lo, Hi int
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("%s %q: want a whole number from %d to %d", e.Param, strconv.Itoa(e.Value), e.Lo, e.Hi)
}

// intRange is the range of one whole-number parameter in c (some ranges
// depend on other parameters: window and isn-rate on seq-space).
type intRange struct {
	name   string
	v      int
	lo, hi int
}

func (c Config) intRanges() []intRange {
	return []intRange{
		{"seq-space", c.SeqSpace, 4, 128},
		{"window", c.Window, 1, c.SeqSpace / 2},
		{"send-window", c.SendWindow, 1, MaxSendWindow},
		{"msl", c.MSL, 1, 15},
		{"time-wait", c.TimeWait, 0, 254},
		{"rto", c.RTO, 1, 254},
		{"retries", c.Retries, 0, 15},
		{"fin-wait-2", c.FinWait2, -1, 254},
		{"connections", c.Connections, 1, 15},
		{"capacity", c.Capacity, 1, MaxCapacity},
		{"loss", c.Loss, 0, 255},
		{"duplicate", c.Duplicate, 0, 255},
		{"a-data", c.A.Data, 0, 31},
		{"b-data", c.B.Data, 0, 31},
		{"isn-rate", c.ISNRate, 1, c.SeqSpace - 1},
		{"keepalive", c.Keepalive, 0, 254},
		{"keepalive-probes", c.KeepaliveProbes, 1, 15},
		{"tw-reuse-delay", c.TWReuseDelay, 0, 254},
	}
}

// rangeOf returns the range of the whole-number parameter name in c.
func (c Config) rangeOf(name string) (lo, hi int, ok bool) {
	for _, r := range c.intRanges() {
		if r.name == name {
			return r.lo, r.hi, true
		}
	}
	return 0, 0, false
}

// Validate reports the first parameter out of its range as a [*RangeError],
// naming the value and the accepted range.
func (c Config) Validate() error {
	for _, r := range c.intRanges() {
		if r.v < r.lo || r.v > r.hi {
			return &RangeError{Param: r.name, Value: r.v, Lo: r.lo, Hi: r.hi}
		}
	}
	for _, a := range []App{c.A, c.B} {
		if a.When > CloseInHandshake || a.How > CallAbort {
			return fmt.Errorf("application %+v: unknown close mode", a)
		}
	}
	if c.ISN > ISNConstant {
		return fmt.Errorf("isn %d: want clock, any or constant", c.ISN)
	}
	return nil
}

// Space returns the configuration's sequence space.
func (c Config) Space() Space { return Space{N: uint8(c.SeqSpace)} }

// App returns the application of side.
func (c Config) App(side Side) App {
	if side == A {
		return c.A
	}
	return c.B
}
