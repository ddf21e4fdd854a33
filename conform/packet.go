package conform

import (
	"encoding/binary"
	"fmt"
)

// TCP control bits, as on the wire.
const (
	FIN = 1 << iota
	SYN
	RST
	PSH
	ACK
)

// Packet is one TCP segment in an IPv4 packet, as the harness writes it to
// the kernel or reads it from the kernel.
type Packet struct {
	Src, Dst         [4]byte // IPv4 addresses
	SrcPort, DstPort uint16
	Seq, Ack         uint32
	Flags            uint8  // FIN, SYN, RST, PSH, ACK
	Window           uint16 // the receive window
	MSS              uint16 // the MSS option, 0 for none
	// TS says the segment carries RFC 7323's Timestamps option, with
	// TSval and TSecr (the only other option the harness sends).
	TS           bool
	TSval, TSecr uint32
	Payload      []byte
}

// String prints the segment in the model's words: "SYN,ACK seq=100 ack=7",
// with "len=N" for data.
func (p Packet) String() string {
	s := modelFlags(p.Flags).String() + fmt.Sprintf(" seq=%d", p.Seq)
	if p.Flags&ACK != 0 {
		s += fmt.Sprintf(" ack=%d", p.Ack)
	}
	if len(p.Payload) > 0 {
		s += fmt.Sprintf(" len=%d", len(p.Payload))
	}
	return s
}

// Encode returns the IPv4 packet with correct header and TCP checksums.
func (p Packet) Encode() []byte {
	tcpLen := 20
	if p.MSS != 0 {
		tcpLen += 4
	}
	if p.TS {
		tcpLen += 12 // NOP, NOP, kind 8, length 10, TSval, TSecr
	}
	total := 20 + tcpLen + len(p.Payload)
	b := make([]byte, total)
	b[0] = 0x45 // IPv4, 20-byte header
	binary.BigEndian.PutUint16(b[2:], uint16(total))
	b[6] = 0x40 // don't fragment
	b[8] = 64   // TTL
	b[9] = 6    // TCP
	copy(b[12:16], p.Src[:])
	copy(b[16:20], p.Dst[:])
	binary.BigEndian.PutUint16(b[10:], checksum(b[:20], 0))
	t := b[20:]
	binary.BigEndian.PutUint16(t[0:], p.SrcPort)
	binary.BigEndian.PutUint16(t[2:], p.DstPort)
	binary.BigEndian.PutUint32(t[4:], p.Seq)
	binary.BigEndian.PutUint32(t[8:], p.Ack)
	t[12] = byte(tcpLen/4) << 4
	t[13] = p.Flags
	binary.BigEndian.PutUint16(t[14:], p.Window)
	if p.MSS != 0 {
		t[20], t[21] = 2, 4 // kind MSS, length 4
		binary.BigEndian.PutUint16(t[22:], p.MSS)
	}
	if p.TS {
		o := t[tcpLen-12:]
		o[0], o[1], o[2], o[3] = 1, 1, 8, 10
		binary.BigEndian.PutUint32(o[4:], p.TSval)
		binary.BigEndian.PutUint32(o[8:], p.TSecr)
	}
	copy(t[tcpLen:], p.Payload)
	binary.BigEndian.PutUint16(t[16:], checksum(t, pseudoHeader(p.Src, p.Dst, len(t))))
	return b
}

// Decode parses an IPv4 packet carrying TCP. It checks lengths and the
// protocol, not checksums: packets come from the local kernel.
func Decode(b []byte) (Packet, error) {
	var p Packet
	if len(b) < 20 || b[0]>>4 != 4 {
		return p, fmt.Errorf("not an IPv4 packet (%d bytes)", len(b))
	}
	ihl := int(b[0]&0x0f) * 4
	total := int(binary.BigEndian.Uint16(b[2:]))
	if ihl < 20 || total < ihl+20 || total > len(b) {
		return p, fmt.Errorf("bad IPv4 lengths: header %d, total %d, have %d", ihl, total, len(b))
	}
	if b[9] != 6 {
		return p, fmt.Errorf("IP protocol %d, not TCP", b[9])
	}
	copy(p.Src[:], b[12:16])
	copy(p.Dst[:], b[16:20])
	t := b[ihl:total]
	off := int(t[12]>>4) * 4
	if off < 20 || off > len(t) {
		return p, fmt.Errorf("bad TCP data offset %d in %d bytes", off, len(t))
	}
	p.SrcPort = binary.BigEndian.Uint16(t[0:])
	p.DstPort = binary.BigEndian.Uint16(t[2:])
	p.Seq = binary.BigEndian.Uint32(t[4:])
	p.Ack = binary.BigEndian.Uint32(t[8:])
	p.Flags = t[13] & (FIN | SYN | RST | PSH | ACK)
	p.Window = binary.BigEndian.Uint16(t[14:])
	for opts := t[20:off]; len(opts) > 0; {
		switch kind := opts[0]; {
		case kind == 0: // end of options
			opts = nil
		case kind == 1: // no-op
			opts = opts[1:]
		case len(opts) < 2 || int(opts[1]) < 2 || int(opts[1]) > len(opts):
			return p, fmt.Errorf("bad TCP option %d", kind)
		default:
			if kind == 2 && opts[1] == 4 {
				p.MSS = binary.BigEndian.Uint16(opts[2:])
			}
			if kind == 8 && opts[1] == 10 {
				p.TS, p.TSval, p.TSecr = true, binary.BigEndian.Uint32(opts[2:]), binary.BigEndian.Uint32(opts[6:])
			}
			opts = opts[opts[1]:]
		}
	}
	if off < len(t) {
		p.Payload = append([]byte(nil), t[off:]...)
	}
	return p, nil
}

// pseudoHeader is the sum of the TCP pseudo-header (RFC 9293 §3.1).
func pseudoHeader(src, dst [4]byte, tcpLen int) uint32 {
	var sum uint32
	for _, a := range [][4]byte{src, dst} {
		sum += uint32(a[0])<<8 | uint32(a[1])
		sum += uint32(a[2])<<8 | uint32(a[3])
	}
	return sum + 6 + uint32(tcpLen)
}

// checksum is the Internet checksum of b, starting from sum.
func checksum(b []byte, sum uint32) uint16 {
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		sum += uint32(b[len(b)-1]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}
