package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"runtime"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/conform"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// A trace as a packet capture (check --pcap, conform --pcap): pcapng, the
// format of Wireshark and tshark, because pcapng, unlike pcap, gives each
// packet a comment, which here says which step of the trace the packet is.
// The packets are raw IPv4 (link type 101), A at pcapAddrA:pcapPortA and B
// at pcapAddrB:pcapPortB, both in 127.0.0.0/8.
var (
	pcapAddrA = net.IPv4(127, 77, 0, 1)
	pcapAddrB = net.IPv4(127, 77, 0, 2)
)

const (
	pcapPortA = 40000
	pcapPortB = 80
)

// pcapPacket is one packet of a capture: raw IPv4 bytes, when it was seen,
// and its comment.
type pcapPacket struct {
	data    []byte
	when    time.Time
	comment string
}

// pcapEpoch is the time of a capture's first step: the model has ticks, not
// dates, so a capture starts at the Unix epoch and each tick is a second.
var pcapEpoch = time.Unix(0, 0).UTC()

// seqScale is the factor from the model's sequence numbers to 32-bit ones:
// floor(2^32 / seq-space), so that comparisons modulo 2^32 order the
// numbers as the model's comparisons modulo seq-space do.
func seqScale(c model.Config) uint32 { return uint32((uint64(1) << 32) / uint64(c.SeqSpace)) }

// tracePackets is a trace as the packets a capture point between A and B
// sees: one packet for each step that delivers a segment, in the direction
// it travels, at the moment it arrives (so a lost segment, which never
// arrives, is omitted, and a duplicate arrives twice). Each packet's comment
// is its step's number and label, after the labels of the steps since the
// previous packet that moved no packet (a connect, a timer, a tick, a loss).
// rest holds those after the last packet.
func tracePackets(m *model.Model, tr *checker.Trace[model.World, model.Action]) (pkts []pcapPacket, rest string, err error) {
	scale := seqScale(m.Config())
	ticks := 0
	pending := ""
	for i := 1; i < len(tr.Steps); i++ {
		st := tr.Steps[i]
		line := fmt.Sprintf("step %d: %s", i, st.Label)
		if tr.Lasso && i == tr.LoopAt+1 {
			line += " (the lasso repeats from here)"
		}
		if st.Action.Kind == model.ActTick {
			ticks++
		}
		if st.Action.Kind != model.ActDeliver {
			pending += line + "\n"
			continue
		}
		_, eff, ok := m.Step(tr.Steps[i-1].State, st.Action)
		if !ok {
			return nil, "", fmt.Errorf("step %d (%s) is not a step of the model", i, st.Label)
		}
		data, err := segmentPacket(st.Action.Side, eff.Seg, scale, uint16(len(pkts)+1))
		if err != nil {
			return nil, "", err
		}
		when := pcapEpoch.Add(time.Duration(ticks)*time.Second + time.Duration(i)*time.Millisecond)
		pkts = append(pkts, pcapPacket{data: data, when: when, comment: pending + line})
		pending = ""
	}
	return pkts, pending, nil
}

// segmentPacket is seg, sent by from, as an IPv4 packet with correct
// checksums: sequence numbers scaled, one byte of payload per data unit
// (the byte is the unit's index in its connection), the window field at
// its largest (the model's segments carry no window).
func segmentPacket(from model.Side, seg model.Segment, scale uint32, id uint16) ([]byte, error) {
	src, dst, sport, dport := pcapAddrA, pcapAddrB, layers.TCPPort(pcapPortA), layers.TCPPort(pcapPortB)
	if from == model.B {
		src, dst, sport, dport = dst, src, dport, sport
	}
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Id: id, Flags: layers.IPv4DontFragment, Protocol: layers.IPProtocolTCP, SrcIP: src, DstIP: dst}
	tcp := &layers.TCP{SrcPort: sport, DstPort: dport, Seq: uint32(seg.Seq) * scale, Window: 65535,
		SYN: seg.Has(model.SYN), FIN: seg.Has(model.FIN), RST: seg.Has(model.RST), ACK: seg.Has(model.ACK), PSH: seg.Len > 0}
	if tcp.ACK {
		tcp.Ack = uint32(seg.Ack) * scale
	}
	if err := tcp.SetNetworkLayerForChecksum(ip); err != nil {
		return nil, err
	}
	payload := bytes.Repeat([]byte{seg.Data}, int(seg.Len))
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if err := gopacket.SerializeLayers(buf, opts, ip, tcp, gopacket.Payload(payload)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pcapng is the capture file of pkts: a section header (whose comment is
// header), one raw-IPv4 interface, and one enhanced packet block per packet
// with its comment. pcapgo writes the header and the interface; the
// packets are written here because pcapgo's writer gives packets no
// options, and a comment is an option (pcapng, section 4.3, opt_comment).
func pcapng(header string, pkts []pcapPacket) ([]byte, error) {
	var b bytes.Buffer
	w, err := pcapgo.NewNgWriterInterface(&b,
		pcapgo.NgInterface{Name: "timewait", Description: "a model trace, both directions", LinkType: layers.LinkTypeRaw, SnapLength: 65535, TimestampResolution: 9},
		pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: "timewait", OS: runtime.GOOS, Comment: header}})
	if err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	for _, p := range pkts {
		writeEPB(&b, p)
	}
	return b.Bytes(), nil
}

// writeEPB appends an enhanced packet block on interface 0, timestamp in
// nanoseconds (the interface's resolution), with the packet's comment.
func writeEPB(b *bytes.Buffer, p pcapPacket) {
	pad := func(n int) int { return (4 - n%4) % 4 }
	comment := []byte(p.comment)
	opts := 0
	if len(comment) > 0 {
		opts = 4 + len(comment) + pad(len(comment)) + 4 // opt_comment, then opt_endofopt
	}
	length := 28 + len(p.data) + pad(len(p.data)) + opts + 4
	le := binary.LittleEndian
	u32 := func(v uint32) { b.Write(le.AppendUint32(nil, v)) }
	u16 := func(v uint16) { b.Write(le.AppendUint16(nil, v)) }
	ts := uint64(p.when.UnixNano())
	u32(6) // enhanced packet block
	u32(uint32(length))
	u32(0) // interface
	u32(uint32(ts >> 32))
	u32(uint32(ts))
	u32(uint32(len(p.data)))
	u32(uint32(len(p.data)))
	b.Write(p.data)
	b.Write(make([]byte, pad(len(p.data))))
	if len(comment) > 0 {
		u16(1) // opt_comment
		u16(uint16(len(comment)))
		b.Write(comment)
		b.Write(make([]byte, pad(len(comment))))
		u16(0) // opt_endofopt
		u16(0)
	}
	u32(uint32(length))
}

// maxComment is the longest comment an option can hold, less a margin.
const maxComment = 65000

func clip(s string) string {
	if len(s) > maxComment {
		return s[:maxComment] + "..."
	}
	return s
}

// writePcapFile writes the trace check chose (chosenTrace) to path as a
// pcapng capture. With no trace to write, it says so on stderr and writes
// nothing.
func writePcapFile(f *flags, path string, r *properties.Report, show string) int {
	v, found := chosenTrace(r, show)
	if !found {
		fmt.Fprintf(f.stderr, "timewait check: --pcap %q: this run has no trace to write (name one with --show); nothing was written\n", path)
		return exitOK
	}
	pkts, rest, err := tracePackets(r.Model, v.Result.Trace)
	if err != nil {
		return f.fail("--pcap %q: %v", path, err)
	}
	what := "counterexample to"
	if v.Result.Verdict == checker.Reached {
		what = "witness for"
	}
	header := fmt.Sprintf("timewait: %s %s in scenario %s, %d steps, one packet for each segment delivered (a lost one is omitted); "+
		"A is %s:%d, B is %s:%d; sequence numbers are the model's times %d (seq-space %d)",
		what, v.Property.Name, r.Scenario, v.Result.Trace.Len(), pcapAddrA, pcapPortA, pcapAddrB, pcapPortB, seqScale(r.Config), r.Config.SeqSpace)
	if rest != "" {
		header += "; after the last packet:\n" + rest
	}
	for i := range pkts {
		pkts[i].comment = clip(pkts[i].comment)
	}
	data, err := pcapng(clip(header), pkts)
	if err != nil {
		return f.fail("--pcap %q: %v", path, err)
	}
	if err := writeOutput(path, data, f.stdout); err != nil {
		return f.fail("%v", err)
	}
	return exitOK
}

// conformCapture gathers the packets conform exchanged with the kernel, one
// recorder per scenario or random trace.
type conformCapture struct {
	packets []pcapPacket
	runs    int
}

// recorder is a new recorder when capturing, nil otherwise.
func (c *conformCapture) recorder(capturing bool) *conform.Recorder {
	if !capturing {
		return nil
	}
	return &conform.Recorder{}
}

// add appends rec's packets: the scenario's or trace's run number is the
// second of their timestamps, and each packet a millisecond after the one
// before (the recorder keeps the order, not the time).
func (c *conformCapture) add(rec *conform.Recorder, name string) {
	if rec == nil {
		return
	}
	c.runs++
	data, fromKernel := rec.Packets()
	for i, d := range data {
		who := "the harness sent it to the kernel"
		if fromKernel[i] {
			who = "the kernel sent it"
		}
		when := pcapEpoch.Add(time.Duration(c.runs)*time.Second + time.Duration(i)*time.Millisecond)
		c.packets = append(c.packets, pcapPacket{data: d, when: when, comment: fmt.Sprintf("%s, packet %d: %s", name, i+1, who)})
	}
}

// write writes the packets gathered to path as a pcapng capture whose
// section comment is header, whole or not at all (writeOutput); a failure
// is one line and exit 2.
func (c *conformCapture) write(f *flags, path, header string) (int, bool) {
	data, err := pcapng(header, c.packets)
	if err == nil {
		err = writeOutput(path, data, f.stdout)
	}
	if err != nil {
		return f.fail("--pcap: %v", err), true
	}
	return exitOK, false
}

func ipv4(a [4]byte) string { return net.IP(a[:]).String() }
