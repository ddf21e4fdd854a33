package model

import (
	"fmt"
	"strings"
)

// Flags are the control bits of a segment that the model uses.
type Flags uint8

// The control bits (RFC 9293 §3.1).
const (
	SYN Flags = 1 << iota
	ACK
	FIN
	RST
)

// String lists the flags, for example "SYN,ACK".
func (f Flags) String() string {
	var parts []string
	for _, x := range []struct {
		f Flags
		n string
	}{{SYN, "SYN"}, {FIN, "FIN"}, {RST, "RST"}, {ACK, "ACK"}} {
		if f&x.f != 0 {
			parts = append(parts, x.n)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}

// Segment is a TCP segment in flight.
//
// Inc and Data are ghost fields: they exist for properties only, and no
// protocol decision reads them (TestGhostFieldsNeverChangeProtocolDecisions).
type Segment struct {
	Seq   Seq   // SEG.SEQ
	Ack   Seq   // SEG.ACK, meaningful when ACK is set
	Flags Flags // control bits
	Len   uint8 // data units carried: 0 or 1
	Age   uint8 // ticks spent in the network; a segment older than MSL is gone

	Inc  uint8 // ghost: the sender's incarnation (1 for the first connection)
	Data uint8 // ghost: for a data segment, the index of its unit within its incarnation
}

// Has reports whether every flag in f is set.
func (s Segment) Has(f Flags) bool { return s.Flags&f == f }

// SegLen is SEG.LEN: data units plus one for SYN and one for FIN (RFC 9293 §3.4).
func (s Segment) SegLen() int {
	n := int(s.Len)
	if s.Has(SYN) {
		n++
	}
	if s.Has(FIN) {
		n++
	}
	return n
}

// Kind is a short name for the segment: its most telling flags, with DATA
// for a data segment, such as "SYN,ACK", "FIN,ACK", "RST" or "DATA".
func (s Segment) Kind() string {
	f := s.Flags
	if s.Len > 0 {
		if f&^ACK == 0 {
			return "DATA"
		}
		return f.String() + "+DATA"
	}
	return f.String()
}

// String prints the segment as the labels do: kind, seq, ack when set.
func (s Segment) String() string {
	if s.Has(ACK) {
		return fmt.Sprintf("%s seq=%d ack=%d", s.Kind(), s.Seq, s.Ack)
	}
	return fmt.Sprintf("%s seq=%d", s.Kind(), s.Seq)
}

// pack returns the segment as a 32-bit value, used for the canonical order
// of segments in a channel and for the encoding.
func (s Segment) pack() uint32 {
	return uint32(s.Age)<<28 | uint32(s.Seq)<<21 | uint32(s.Ack)<<14 | uint32(s.Flags)<<10 |
		uint32(s.Len)<<9 | uint32(s.Inc)<<5 | uint32(s.Data)
}
