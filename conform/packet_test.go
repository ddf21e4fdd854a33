package conform

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

// A SYN that Linux 6.18 sent from the lab (captured from the TUN device,
// before the lab turned timestamps, SACK and window scaling off).
const kernelSYN = "4500003cc6d7400040067547" + "7f4d00017f4d0002" + "9c4013882b0c33ac00000000a002faf082c60000" + "020405b40402080aa5ff1728000000000103030a"

func TestDecodeAKernelSYNAndVerifyItsChecksum(t *testing.T) {
	raw, err := hex.DecodeString(strings.ReplaceAll(kernelSYN, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.String() != "SYN seq=722219948" || p.SrcPort != 40000 || p.DstPort != 5000 || p.MSS != 1460 || p.Src != KernelAddr || p.Dst != HarnessAddr {
		t.Fatalf("decoded %v from %d:%d, MSS %d, %v -> %v", p, p.SrcPort, p.DstPort, p.MSS, p.Src, p.Dst)
	}
	// Its Timestamps option (RFC 7323 §3: kind 8, length 10): the kernel's
	// TSval, and TSecr 0 on a SYN.
	if !p.TS || p.TSval != 0xa5ff1728 || p.TSecr != 0 {
		t.Fatalf("timestamps %v TSval %#x TSecr %d; want TSval 0xa5ff1728, TSecr 0", p.TS, p.TSval, p.TSecr)
	}
	// The kernel's TCP checksum must be what ours computes over the same
	// bytes (the options other than MSS included).
	tcp := raw[20:]
	want := uint16(tcp[16])<<8 | uint16(tcp[17])
	zeroed := append([]byte(nil), tcp...)
	zeroed[16], zeroed[17] = 0, 0
	if got := checksum(zeroed, pseudoHeader(p.Src, p.Dst, len(tcp))); got != want {
		t.Fatalf("TCP checksum %04x, the kernel's %04x", got, want)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	p := Packet{Src: HarnessAddr, Dst: KernelAddr, SrcPort: 5000, DstPort: 40000, Seq: 1000, Ack: 722220973,
		Flags: SYN | ACK, Window: 65535, MSS: 1460, TS: true, TSval: 1 << 20, TSecr: 0xa5ff1728, Payload: []byte("x")}
	b := p.Encode()
	q, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if q.String() != p.String() || q.MSS != p.MSS || q.Window != p.Window || q.TS != p.TS || q.TSval != p.TSval || q.TSecr != p.TSecr || !bytes.Equal(q.Payload, p.Payload) {
		t.Fatalf("round trip: %+v, want %+v", q, p)
	}
	if checksum(b[:20], 0) != 0 {
		t.Fatal("the IPv4 header checksum does not verify")
	}
	if checksum(b[20:], pseudoHeader(p.Src, p.Dst, len(b)-20)) != 0 {
		t.Fatal("the TCP checksum does not verify")
	}
}

func FuzzDecode(f *testing.F) {
	raw, _ := hex.DecodeString(strings.ReplaceAll(kernelSYN, " ", ""))
	f.Add(raw)
	f.Add(Packet{Flags: FIN | ACK, Seq: 1, Ack: 2, Payload: []byte("ab")}.Encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Decode(b)
		if err != nil {
			return
		}
		// What decodes re-encodes into something that decodes alike.
		q, err := Decode(p.Encode())
		if err != nil || q.String() != p.String() || !bytes.Equal(q.Payload, p.Payload) {
			t.Fatalf("%v re-decoded as %v (%v)", p, q, err)
		}
	})
}
