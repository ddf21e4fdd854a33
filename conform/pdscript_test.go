package conform

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// scriptRFC is what each of the project's scripts does against the model
// under the rfc profile; under the linux profile, and on the kernel,
// every one passes. A script differs under rfc exactly where Linux and
// RFC 9293 differ, on the option named.
var scriptRFC = map[string]string{
	"active-close":        "passes",
	"tw-fin-retransmit":   "passes",
	"passive-close":       "passes",
	"simultaneous-close":  "passes",
	"tw-rst":              "passes",
	"linger0":             "line 11: the script expects > R. 1:1(0) ack 1; the model sends > R 1:1(0)", // abort-rst-ack
	"data-after-close":    "passes",
	"half-close":          "passes",
	"tw-rst-in-window":    "line 17: the script expects > . 2:2(0) ack 2; the model sends > R 2:2(0)",        // tw-rst-exact
	"fw2-syn":             "line 15: the script expects > R. 0:0(0) ack 2; the model sends > . 2:2(0) ack 1", // tw-mini-socket
	"linger2-negative":    "passes",                                                                          // fin-wait-2 -1 under both profiles
	"server-active-close": "passes",
	"rst-challenge-ack":   "line 11: the script expects > . 1:1(0) ack 1; the model sends nothing",                           // rst-exact
	"tw-reuse":            "line 19: the script expects > S. 0:0(0) ack 100001 <mss 1460>; the model sends > . 2:2(0) ack 2", // tw-reuse
	"close-unread":        "line 12: the script expects > R. 1:1(0) ack 2; the model sends > R 1:1(0)",                       // abort-rst-ack
	"old-data-ack-unsent": "passes",                                                                                          // accept-end-at-rcv-nxt's challenge ACK is the RFC's ACK
}

func loadScripts(t *testing.T) map[string]*Script {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "packetdrill", "*.pkt"))
	if err != nil || len(paths) != len(scriptRFC) {
		t.Fatalf("%d scripts under testdata/packetdrill (%v); want %d", len(paths), err, len(scriptRFC))
	}
	out := map[string]*Script{}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := LoadScript(filepath.Base(path), src)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(path), ".pkt")] = s
	}
	return out
}

func TestScriptsAgainstTheModel(t *testing.T) {
	for name, s := range loadScripts(t) {
		want, ok := scriptRFC[name]
		if !ok {
			t.Errorf("%s: no expectation for the rfc profile", name)
			continue
		}
		for _, profile := range []string{"linux", "rfc"} {
			v, err := PlayModel(s, profile)
			if err != nil {
				t.Fatalf("%s, %s: %v", name, profile, err)
			}
			w := want
			if profile == "linux" {
				w = "passes"
			}
			if v.String() != w {
				t.Errorf("%s against the model, %s profile: %s\nwant %s", name, profile, v, w)
			}
		}
	}
}

// Every script on the live kernel (root): each passes.
func TestScriptsAgainstTheKernel(t *testing.T) {
	for name, s := range loadScripts(t) {
		t.Run(name, func(t *testing.T) {
			v, err := PlayScript(s, "the kernel", nil)
			var un *UnavailableError
			if errors.As(err, &un) {
				t.Skip(un.Reason)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !v.Passed() {
				t.Errorf("%s", v)
			}
		})
	}
}

func scriptLogPath(name string) string {
	return filepath.Join("testdata", "packetdrill", "logs", name+".jsonl")
}

// TestRecordScriptLogs plays every script on the live kernel and records
// what it did, for the playback test. It runs only with -record, as root.
func TestRecordScriptLogs(t *testing.T) {
	if !*record {
		t.Skip("records only with -record")
	}
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		t.Fatal(err)
	}
	for name, s := range loadScripts(t) {
		rec := &Recorder{}
		v, err := PlayScript(s, "the kernel", rec)
		var un *UnavailableError
		if errors.As(err, &un) {
			t.Skip(un.Reason)
		}
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		h := LogHeader{Kernel: unix.ByteSliceToString(u.Release[:]), Scenario: "packetdrill:" + name, Profile: "none", Result: v.String()}
		if err := rec.WriteLog(&buf, h); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(scriptLogPath(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(scriptLogPath(name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readScriptLog(t *testing.T, name string) *Playback {
	t.Helper()
	return readLogFile(t, scriptLogPath(name), "go test ./conform -run RecordScriptLogs -record, as root")
}

// The kernel's side without root: each script played back from what the
// live kernel did asks the same calls, writes the same bytes, uses every
// event and passes, as it did live.
func TestPlaybackOfScriptLogs(t *testing.T) {
	for name, s := range loadScripts(t) {
		t.Run(name, func(t *testing.T) {
			pb := readScriptLog(t, name)
			v, err := PlayKernel(pb, s, "the kernel")
			if err != nil {
				t.Fatal(err)
			}
			if v.String() != pb.Header.Result || !v.Passed() {
				t.Errorf("played back: %s\nrecorded live: %s", v, pb.Header.Result)
			}
			if !pb.Done() {
				t.Errorf("the replay left events of the log unused")
			}
		})
	}
}

// A script whose expectation is wrong fails at that line, on the model
// and on the kernel's recorded answers alike.
func TestWrongExpectationsFail(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "packetdrill", "tw-rst.pkt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ from, to, want string }{
		// TIME-WAIT's ACK expected one number off.
		{"   +0 > . 2:2(0) ack 2\n", "   +0 > . 2:2(0) ack 3\n", "line 13: the script expects > . 2:2(0) ack 3; %s sends > . 2:2(0) ack 2"},
		// After the RST, an ACK instead of the RST of a closed port.
		{"   +0 > R 2:2(0)\n", "   +0 > . 2:2(0) ack 2\n", "line 17: the script expects > . 2:2(0) ack 2; %s sends > R 2:2(0)"},
	} {
		bad := strings.Replace(string(src), tc.from, tc.to, 1)
		s, err := LoadScript("tw-rst.pkt", []byte(bad))
		if err != nil {
			t.Fatal(err)
		}
		v, err := PlayModel(s, "linux")
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Replace(tc.want, "%s", "the model", 1); v.String() != want {
			t.Errorf("model: %s\nwant %s", v, want)
		}
		v, err = PlayKernel(readScriptLog(t, "tw-rst"), s, "the kernel")
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Replace(tc.want, "%s", "the kernel", 1); v.String() != want {
			t.Errorf("kernel: %s\nwant %s", v, want)
		}
	}
}

// A model without the linux profile's TIME-WAIT options fails the script
// that shows them.
func TestScriptCatchesTheModelWithoutItsOption(t *testing.T) {
	s := loadScripts(t)["tw-rst-in-window"]
	c, err := ScriptConfig(s, "linux")
	if err != nil {
		t.Fatal(err)
	}
	c.TWMiniSocket, c.TWRSTExact = false, false
	v, err := playModel(s, c)
	if err != nil {
		t.Fatal(err)
	}
	// RFC 9293 with RFC 5961 answers the RST with a challenge ACK, and the
	// FIN that comes again with a second ACK: one more than Linux sends.
	if want := "after the last line: the script expects nothing more; the model also sends > . 2:2(0) ack 2"; v.String() != want {
		t.Errorf("%s\nwant %s", v, want)
	}
}

const scriptHead = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0 > S 0:0(0) <mss 1460>
+0 < S. 0:0(0) ack 1 win 65535 <mss 1460>
+0 > . 1:1(0) ack 1
`

// A script outside the subset gets one line: the file, the first line
// outside it, what is wrong there and the accepted form.
func TestUnsupportedScriptLines(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"--mss=1000\n" + scriptHead, "s.pkt:1: option --mss: command-line options are outside the subset (the lab sets addresses, MTU and sysctls itself); want none"},
		{"`./defaults.sh`\n" + scriptHead, "s.pkt:1: shell command `./defaults.sh`: the lab runs no commands (it sets its own sysctls: no timestamps, SACK or window scaling); want none"},
		{scriptHead + "+0 write(3, ..., 1000) = 1000\n", "s.pkt:6: write(3, ..., 1000) = 1000: the model sends data in units of one byte; want write(FD, ..., 1) = 1"},
		{scriptHead + "+0 < P. 1:1001(1000) ack 1 win 257\n", "s.pkt:6: 1000 bytes of data: the model's segments carry one data unit at most; want LEN 0 or 1 (1:2(1))"},
		{scriptHead + "+0 < . 1:1(0) ack 1 <TS val 1 ecr 0>\n", "s.pkt:6: option TS: the lab turns timestamps off (tcp_timestamps=0); want no TS option"},
		{scriptHead + "+0 > . 1:1(0) ack 1 <nop,nop,sackOK>\n", "s.pkt:6: option sackOK on an expected segment: the lab turns SACK and window scaling off, so the kernel never sends it; want <mss N> or <...>"},
		{scriptHead + "+0 < E. 1:1(0) ack 1\n", "s.pkt:6: flags .E: URG, ECE, CWR and AE are outside the subset; want S, F, R, P and . (ACK)"},
		{scriptHead + "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0\n", "s.pkt:6: system call getsockopt is outside the subset; want one of socket, bind, listen, accept, connect, setsockopt (SO_LINGER, SO_REUSEADDR, TCP_LINGER2), fcntl (O_NONBLOCK), write, send, read, recv, shutdown (SHUT_WR) and close"},
		{scriptHead + "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=5}, 8) = 0\n", "s.pkt:6: SO_LINGER {onoff=1, linger=5}: the model's close either sends its FIN at once or aborts; want {onoff=1, linger=0} or {onoff=0, linger=0}"},
		{scriptHead + "+0 shutdown(3, SHUT_RD) = 0\n", "s.pkt:6: shutdown(3, SHUT_RD) = 0: the model half-closes for writing only; want shutdown(FD, SHUT_WR) = 0"},
		{scriptHead + "+0 close(3) = 0\n+0 close(3) = 0\n", "s.pkt:7: a second close or shutdown: the model's application closes once (close, shutdown(SHUT_WR), or close with SO_LINGER {1, 0}); want one"},
		{scriptHead + "+0 close(4) = 0\n", "s.pkt:6: close on a descriptor the script has not opened; want the descriptor socket() or accept() returned"},
		{scriptHead + "+0 `sysctl -q net.ipv4.tcp_rfc1337=1`\n", "s.pkt:6: shell command `sysctl -q net.ipv4.tcp_rfc1337=1`: the lab runs no commands; want a segment or one of the system calls socket, bind, listen, accept, connect, setsockopt (SO_LINGER, SO_REUSEADDR, TCP_LINGER2), fcntl (O_NONBLOCK), write, send, read, recv, shutdown (SHUT_WR) and close"},
		{scriptHead + "+0 < . 1:1(0) ack 1 window 5\n", `s.pkt:6: "window" after the sequence numbers; want ack N, win N, urg N or <options>`},
		{scriptHead + "+0 < . 1:1(0) ack 1 win 0\n", "s.pkt:6: win 0: the model has no zero window; want win 1 to 65535, or none (65535)"},
		{scriptHead + "+0 > . 1:1(0)\n", "s.pkt:6: ACK (.) without ack N; want ack N after SEQ:END(LEN)"},
		{"0 < S 0:0(0)\n", "s.pkt:1: a segment injected before socket(); want socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 first"},
		{"0 socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3\n", "s.pkt:1: socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3: want socket(..., SOCK_STREAM, IPPROTO_TCP) = FD"},
		{"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n", "s.pkt: the socket neither connects nor listens; want connect(), or listen() and accept()"},
		{"1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n0.5 connect(3, ..., ...) = 0\n", "s.pkt:2: time .5 is before the previous event's (1); want times in order"},
		{scriptHead + "+0 close(3) = 0\n+0 write(3, ..., 1) = 1\n", "s.pkt:7: a write that does not follow the handshake directly: the model's application sends its data as the connection is established; want the write before any segment is injected after the handshake"},
		{scriptHead + "+0 close(3) = 0\n+0 read(3, ..., 10) = 0\n", "s.pkt:7: read after close(); want reads before it"},
		{"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 ...1 close(3) = 0\n", "s.pkt:2: a blocking close (...1): only connect may be written so, and it does not block here; want close(...) = RESULT"},
		{"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 udp(3) = 0\n+0 < udp (10)\n", "s.pkt:3: a udp packet: only TCP segments are read; want < or >, flags (S F R P . or -), SEQ:END(LEN), then optionally ack N, win N, urg N and <options>"},
	} {
		_, err := LoadScript("s.pkt", []byte(tc.src))
		var ue *UnsupportedError
		if !errors.As(err, &ue) || err.Error() != tc.want {
			t.Errorf("%q:\n got %v\nwant %s", tc.src, err, tc.want)
		}
	}
	// Places the model cannot give a segment are found as it plays.
	for _, tc := range []struct{ line, want string }{
		{"+0 < . 100:100(0) ack 1\n", "s.pkt:6: SEQ 100 lies at RCV.NXT+99, inside the kernel's window but beyond the model's (32): the model cannot place it so; want an offset from RCV.NXT-31 to RCV.NXT+31, or at least 65535 beyond RCV.NXT"},
		{"+0 < . 1:1(0) ack 1000\n", "s.pkt:6: ack 1000 lies at SND.NXT+999: the model places ACKs within 31 of SND.NXT; want ack 4294967266 to 32"},
	} {
		s, err := LoadScript("s.pkt", []byte(scriptHead+tc.line))
		if err != nil {
			t.Fatal(err)
		}
		_, err = PlayModel(s, "linux")
		var ue *UnsupportedError
		if !errors.As(err, &ue) || err.Error() != tc.want {
			t.Errorf("%q:\n got %v\nwant %s", tc.line, err, tc.want)
		}
	}
}

// Whatever a script holds, loading and playing it against the model
// never panics: it passes, fails at a line, or is refused with a line.
func FuzzScript(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "packetdrill", "*.pkt"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := LoadScript("f.pkt", src)
		if err != nil {
			var ue *UnsupportedError
			if !errors.As(err, &ue) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("%T %v: want one line, an *UnsupportedError", err, err)
			}
			return
		}
		for _, profile := range []string{"rfc", "linux"} {
			if _, err := PlayModel(s, profile); err != nil {
				var ue *UnsupportedError
				if !errors.As(err, &ue) && !strings.HasPrefix(err.Error(), "model: ") {
					t.Fatalf("%v", err)
				}
			}
		}
	})
}
