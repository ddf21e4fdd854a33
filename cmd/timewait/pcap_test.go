package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/conform"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/packetdrill"
	"github.com/timewait/timewait/properties"
)

// capture is a pcapng file read back: each packet decoded by gopacket, and
// each packet's comment.
type capture struct {
	packets  []gopacket.Packet
	comments []string
}

// readCapture reads a pcapng file with pcapgo, and the packets' comments
// (which pcapgo's reader does not return) by walking the blocks.
func readCapture(t *testing.T, path string) capture {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := pcapgo.NewNgReader(bytes.NewReader(data), pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatalf("%s: pcapgo cannot read it: %v", path, err)
	}
	if r.LinkType() != layers.LinkTypeRaw {
		t.Fatalf("link type %v; want raw IPv4", r.LinkType())
	}
	var c capture
	for {
		d, _, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: packet %d: %v", path, len(c.packets)+1, err)
		}
		p := gopacket.NewPacket(d, layers.LayerTypeIPv4, gopacket.Default)
		if el := p.ErrorLayer(); el != nil {
			t.Fatalf("packet %d does not decode: %v", len(c.packets)+1, el.Error())
		}
		c.packets = append(c.packets, p)
	}
	le := binary.LittleEndian
	for off := 0; off+12 <= len(data); {
		typ, n := le.Uint32(data[off:]), int(le.Uint32(data[off+4:]))
		if typ == 6 { // enhanced packet block: options after the padded data
			capLen := int(le.Uint32(data[off+20:]))
			o, comment := off+28+capLen+(4-capLen%4)%4, ""
			for o+4 <= off+n-4 {
				code, l := le.Uint16(data[o:]), int(le.Uint16(data[o+2:]))
				if code == 0 {
					break
				}
				if code == 1 {
					comment = string(data[o+4 : o+4+l])
				}
				o += 4 + l + (4-l%4)%4
			}
			c.comments = append(c.comments, comment)
		}
		off += n
	}
	if len(c.comments) != len(c.packets) {
		t.Fatalf("%d packets, %d packet blocks", len(c.packets), len(c.comments))
	}
	return c
}

// The no-timewait counterexample as a capture: one packet per segment
// delivered, so the lost final ACK is missing; the RST is the packet of the
// step where B takes it and resets, from A to B, with its real sequence
// number; every step is in a comment. The step and the segment come from
// the checker's trace, not from this test.
func TestPcapOfTheNoTimewaitCounterexampleHasTheRSTAtItsStep(t *testing.T) {
	sc, _ := properties.ScenarioByName("no-timewait")
	r, err := properties.Check(context.Background(), sc.Name, sc.Config, checker.Options{CollectAll: true})
	if err != nil {
		t.Fatal(err)
	}
	v, ok := r.Shortest()
	if !ok {
		t.Fatal("no-timewait has no counterexample")
	}
	tr := v.Result.Trace
	resetStep, resetPacket, deliveries, lost := 0, 0, 0, 0
	var rst model.Segment
	for i := 1; i < len(tr.Steps); i++ {
		_, eff, _ := r.Model.Step(tr.Steps[i-1].State, tr.Steps[i].Action)
		switch tr.Steps[i].Action.Kind {
		case model.ActDeliver:
			deliveries++
			if eff.Reset && resetStep == 0 {
				resetStep, resetPacket, rst = i, deliveries, eff.Seg
			}
		case model.ActLose:
			lost++
		}
	}
	if resetStep == 0 || lost == 0 {
		t.Fatalf("the counterexample has no reset or no loss:\n%s", tr)
	}

	path := filepath.Join(t.TempDir(), "nt.pcapng")
	if code, _, errs := runCLI(t, "check", "--scenario", "no-timewait", "--pcap", path, "-q"); code != exitViolation || errs != "" {
		t.Fatalf("exit %d, stderr %q; want 1 and nothing", code, errs)
	}
	c := readCapture(t, path)
	if len(c.packets) != deliveries {
		t.Fatalf("%d packets; want one per delivery, %d (the %d lost are not on the wire)", len(c.packets), deliveries, lost)
	}
	scale := uint32((1 << 32) / r.Config.SeqSpace)
	p := c.packets[resetPacket-1]
	ip := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
	tcp := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
	wantSrc := pcapAddrA
	if tr.Steps[resetStep].Action.Side == model.B {
		wantSrc = pcapAddrB
	}
	wantDst := pcapAddrB
	if wantSrc.Equal(pcapAddrB) {
		wantDst = pcapAddrA
	}
	if !tcp.RST || tcp.Seq != uint32(rst.Seq)*scale || !ip.SrcIP.Equal(wantSrc) || !ip.DstIP.Equal(wantDst) {
		t.Errorf("packet %d: %v %v -> %v seq %d; want the RST of step %d, %v -> %v seq %d (%d x %d)",
			resetPacket, tcp.RST, ip.SrcIP, ip.DstIP, tcp.Seq, resetStep, wantSrc, wantDst, uint32(rst.Seq)*scale, rst.Seq, scale)
	}
	for i, p := range c.packets {
		if i != resetPacket-1 && p.Layer(layers.LayerTypeTCP).(*layers.TCP).RST {
			t.Errorf("packet %d is an RST too; want only packet %d", i+1, resetPacket)
		}
	}
	wantComment := "step " + strconv.Itoa(resetStep) + ": " + tr.Steps[resetStep].Label
	if !strings.HasSuffix(c.comments[resetPacket-1], wantComment) {
		t.Errorf("packet %d's comment %q; want it to end with %q", resetPacket, c.comments[resetPacket-1], wantComment)
	}
	all := strings.Join(c.comments, "\n")
	for i := 1; i < len(tr.Steps); i++ {
		if strings.Count(all, "step "+strconv.Itoa(i)+": "+tr.Steps[i].Label) != 1 {
			t.Errorf("step %d (%s) is not in exactly one comment", i, tr.Steps[i].Label)
		}
	}

	// tshark, where it is installed, reads the file and finds the RST at
	// the same frame, with the same comment.
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Log("tshark is not installed: the capture is checked with pcapgo only")
		return
	}
	out, err := exec.Command("tshark", "-r", path, "-Y", "tcp.flags.reset == 1", "-T", "fields", "-e", "frame.number", "-e", "frame.comment").Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	want := strconv.Itoa(resetPacket) + "\t" + strings.ReplaceAll(c.comments[resetPacket-1], "\n", "\\n") + "\n"
	if string(out) != want {
		t.Errorf("tshark finds the RST as %q; want %q", out, want)
	}
}

// --pcap is refused where there is no TCP trace to write, and with a file
// that cannot be written, before any search; no file is left behind.
func TestPcapRefusals(t *testing.T) {
	dir := t.TempDir()
	// A script outside the subset is refused (exit 2) before any run:
	// no capture either.
	outside := filepath.Join(t.TempDir(), "outside.pkt")
	if err := os.WriteFile(outside, []byte("--mss=1000\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--pcap", "-"}, `--pcap "-": want a file name`},
		{[]string{"check", "--all", "--pcap", filepath.Join(dir, "a.pcapng")}, "--pcap does not go with --all"},
		{[]string{"check", "--model", "twophase", "--pcap", filepath.Join(dir, "a.pcapng")}, "--pcap does not go with --model twophase"},
		{[]string{"check", "--pcap", filepath.Join(dir, "no", "such", "a.pcapng")}, "no such directory"},
		{[]string{"check", "--pcap", filepath.Join(dir, "a"), "--trace-out", filepath.Join(dir, "a")}, "--trace-out writes that file"},
		{[]string{"conform", "--packetdrill", activeClosePkt, "--against", "model", "--pcap", filepath.Join(dir, "a.pcapng")},
			"--pcap does not go with --against model: only the kernel's run has packets to capture; want --against kernel or both"},
		{[]string{"conform", "--packetdrill", activeClosePkt, "--pcap", "-"}, `--pcap "-": want a file name`},
		{[]string{"conform", "--packetdrill", activeClosePkt, "--pcap", filepath.Join(dir, "no", "such", "a.pcapng")}, "no such directory"},
		{[]string{"conform", "--packetdrill", outside, "--pcap", filepath.Join(dir, "a.pcapng")}, "outside.pkt:1: "},
	} {
		code, out, errs := runCLI(t, tc.args...)
		if code != exitUsage || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", tc.args, code, out, errs, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}

// conform --pcap writes what it exchanged with the kernel: every packet
// decodes, and its comment names its sender as its source address does.
// conform needs root and a network namespace: elsewhere the test skips.
func TestConformPcapHasBothDirections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.pcapng")
	code, _, errs := runCLI(t, "conform", "--scenario", "lost-final-ack", "--pcap", path, "-q")
	if code == exitUnavailable {
		t.Skipf("conform cannot run here: %s", strings.TrimSpace(errs))
	}
	if code != exitOK && code != exitViolation {
		t.Fatalf("exit %d: %s", code, errs)
	}
	c := readCapture(t, path)
	kernel, harness := 0, 0
	for i, p := range c.packets {
		src := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4).SrcIP.To4()
		fromKernel := strings.HasSuffix(c.comments[i], "the kernel sent it")
		if !strings.HasPrefix(c.comments[i], "lost-final-ack, packet "+strconv.Itoa(i+1)+": ") ||
			fromKernel != src.Equal(net.IP(conform.KernelAddr[:])) || p.Layer(layers.LayerTypeTCP) == nil {
			t.Errorf("packet %d from %v: comment %q", i+1, src, c.comments[i])
		}
		if fromKernel {
			kernel++
		} else {
			harness++
		}
	}
	if kernel == 0 || harness == 0 {
		t.Errorf("%d packets from the kernel, %d from the harness; want both directions", kernel, harness)
	}
}

// conform --packetdrill --pcap writes the packets the kernel's run
// exchanged: those of the script's segment lines, one for one and in
// order, each from the side its line says (< from the harness, > from the
// kernel), with the line's flags, length and numbers (the kernel's own
// relative to its ISS, as the script writes them from its > S line), and
// a comment naming the script and the sender. It needs root and a network
// namespace: elsewhere the test skips.
func TestConformPacketdrillPcapHasTheScriptsPackets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pd.pcapng")
	code, out, errs := runCLI(t, "conform", "--packetdrill", activeClosePkt, "--against", "kernel", "--pcap", path, "-q")
	if code == exitUnavailable {
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("exit 5 left %s behind (%v)", path, err)
		}
		t.Skipf("conform cannot run here: %s", strings.TrimSpace(errs))
	}
	if code != exitOK {
		t.Fatalf("exit %d:\n%s%s", code, out, errs)
	}
	src, err := os.ReadFile(activeClosePkt)
	if err != nil {
		t.Fatal(err)
	}
	script, err := packetdrill.Parse(string(src))
	if err != nil {
		t.Fatal(err)
	}
	var lines []*packetdrill.Packet
	for _, e := range script.Events {
		if e.Packet != nil {
			lines = append(lines, e.Packet)
		}
	}
	c := readCapture(t, path)
	if len(c.packets) != len(lines) || len(lines) != 9 {
		t.Fatalf("%d packets, the script has %d segment lines; want 9 of each", len(c.packets), len(lines))
	}
	kernel := net.IP(conform.KernelAddr[:])
	var iss uint32
	for i, p := range c.packets {
		ip := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
		tcp := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
		want := lines[i]
		fromKernel := want.Dir == packetdrill.Outbound
		if fromKernel && want.Flags&packetdrill.SYN != 0 {
			iss = tcp.Seq - want.Seq
		}
		var flags uint16
		for _, f := range []struct {
			on  bool
			bit uint16
		}{{tcp.FIN, packetdrill.FIN}, {tcp.SYN, packetdrill.SYN}, {tcp.RST, packetdrill.RST}, {tcp.PSH, packetdrill.PSH}, {tcp.ACK, packetdrill.ACK}} {
			if f.on {
				flags |= f.bit
			}
		}
		seq, ack := tcp.Seq, tcp.Ack
		if fromKernel {
			seq -= iss
		} else {
			ack -= iss
		}
		who := "the harness sent it to the kernel"
		if fromKernel {
			who = "the kernel sent it"
		}
		if ip.SrcIP.Equal(kernel) != fromKernel || flags != want.Flags || len(tcp.Payload) != want.Len || seq != want.Seq || (want.HasAck && ack != want.Ack) ||
			c.comments[i] != fmt.Sprintf("%s, packet %d: %s", activeClosePkt, i+1, who) {
			t.Errorf("packet %d from %v: %s seq %d ack %d len %d, comment %q; the script's line: %v",
				i+1, ip.SrcIP, packetdrill.FlagsString(flags), seq, ack, len(tcp.Payload), c.comments[i], want)
		}
	}
}
