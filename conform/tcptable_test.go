package conform

import (
	"strings"
	"testing"

	"github.com/timewait/timewait/model"
)

// The lab's TCP table while the kernel's SYN waited for an answer, as
// Linux 6.18 printed it.
const sampleTable = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 01004D7F:9C40 02004D7F:1388 02 00000001:00000000 01:00000063 00000000     0        0 88665 2 00000000a06f097d 100 0 0 10 -1
   1: 01004D7F:9C41 02004D7F:1388 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
`

func TestParseTCPTable(t *testing.T) {
	socks, err := ParseTCPTable(strings.NewReader(sampleTable))
	if err != nil {
		t.Fatal(err)
	}
	if len(socks) != 2 {
		t.Fatalf("%d sockets, want 2", len(socks))
	}
	s := socks[0]
	if s.Local != KernelAddr || s.LocalPort != 40000 || s.Remote != HarnessAddr || s.RemotePort != 5000 || s.State != model.SynSent {
		t.Fatalf("first socket %+v", s)
	}
	if socks[1].State != model.TimeWait {
		t.Fatalf("second socket in %s, want TIME-WAIT", socks[1].State)
	}
	for _, bad := range []string{"", "garbage\n", sampleTable + "   2: 01004D7F 02004D7F:1388 06\n", sampleTable + "   2: 01004D7F:9C41 02004D7F:1388 FF\n"} {
		if _, err := ParseTCPTable(strings.NewReader(bad)); err == nil && bad != "" {
			t.Errorf("no error for %q", bad)
		}
	}
}

func FuzzParseTCPTable(f *testing.F) {
	f.Add(sampleTable)
	f.Fuzz(func(t *testing.T, text string) {
		socks, err := ParseTCPTable(strings.NewReader(text))
		if err == nil {
			for _, s := range socks {
				if s.State.String() == "INVALID" {
					t.Fatalf("parsed an invalid state from %q", text)
				}
			}
		}
	})
}
