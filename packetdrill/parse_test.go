package packetdrill

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A client script in the style of the Linux tree's tests: options, the
// init command, a blocking connect, segments with options, a write, a
// close with its FIN.
const client = `// A comment
--mss=1000
--define=PROTO=IPPROTO_TCP

` + "`./defaults.sh`" + `

    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
 +.01...0.011 connect(3, ..., ...) = 0
   +0 >  S 0:0(0) <...>
   +0 < S. 0:0(0) ack 1 win 32768 <mss 1000,nop,wscale 6,nop,nop,sackOK>
   +0 >  . 1:1(0) ack 1
   /* a C comment
      over two lines */
   +0 write(3, ..., 1000) = 1000
   +0 >  P. 1:1001(1000) ack 1
   +0 < . 1:1(0) ack 1001 win 257
   +0 close(3) = 0
 +0~+.04 > F. 1001:1001(0) ack 1
    * > R 1002:1002(0)
  1.5 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = -1 EBADF (Bad file descriptor)
  +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
  +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
  +0 < - 5:5(0) win 0 urg 3 <TS val 100 ecr 7,sack 1:2 3:4,eol>
`

func TestParseClient(t *testing.T) {
	s, err := Parse(client)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Options) != 2 || s.Options[0] != (Option{Line: 2, Name: "mss", Value: "1000"}) || s.Options[1].Value != "PROTO=IPPROTO_TCP" {
		t.Errorf("options %+v", s.Options)
	}
	if s.Init != "./defaults.sh" || s.InitLine != 5 {
		t.Errorf("init %q on line %d", s.Init, s.InitLine)
	}
	if len(s.Events) != 15 {
		t.Fatalf("%d events, want 15", len(s.Events))
	}
	for _, tc := range []struct {
		i    int
		line int
		want string
	}{
		{0, 7, "    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3"},
		{1, 8, " +.01 ...0.011 connect(3, ..., ...) = 0"},
		{2, 9, "   +0 > S 0:0(0) <...>"},
		{3, 10, "   +0 < S. 0:0(0) ack 1 win 32768 <mss 1000,nop,wscale 6,nop,nop,sackOK>"},
		{5, 14, "   +0 write(3, ..., 1000) = 1000"},
		{6, 15, "   +0 > P. 1:1001(1000) ack 1"},
		{9, 18, "+0~+.04 > F. 1001:1001(0) ack 1"},
		{10, 19, "    * > R 1002:1002(0)"},
		{11, 20, "  1.5 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = -1 EBADF (Bad file descriptor)"},
		{12, 21, "   +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0"},
		{13, 22, "   +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0"},
		{14, 23, "   +0 < - 5:5(0) win 0 urg 3 <TS val 100 ecr 7,sack 1:2 3:4,eol>"},
	} {
		e := s.Events[tc.i]
		if e.Line != tc.line || e.String() != tc.want {
			t.Errorf("event %d: line %d %q; want line %d %q", tc.i, e.Line, e.String(), tc.line, tc.want)
		}
	}
	c := s.Events[1].Call
	if !c.Blocking || c.End != 11*time.Millisecond || s.Events[1].Time != (Time{Kind: Relative, Start: 10 * time.Millisecond}) {
		t.Errorf("blocking connect: %+v at %+v", c, s.Events[1].Time)
	}
	p := s.Events[3].Packet
	if p.Dir != Inbound || p.Flags != SYN|ACK || p.Seq != 0 || p.Len != 0 || !p.HasAck || p.Ack != 1 || p.Win != 32768 || len(p.Options) != 6 || p.Options[0].Values[0] != 1000 {
		t.Errorf("SYN,ACK: %+v", p)
	}
	if d := s.Events[6].Packet; d.Dir != Outbound || d.Flags != PSH|ACK || d.Len != 1000 || d.Win != -1 {
		t.Errorf("data: %+v", d)
	}
	if r := s.Events[9].Time; r.Kind != RelativeRange || r.Start != 0 || r.End != 40*time.Millisecond {
		t.Errorf("range %+v", r)
	}
	linger := s.Events[11].Call.Args[3]
	if on, ok := linger.Field("onoff"); !ok || on.Int != 1 {
		t.Errorf("linger %+v", linger)
	}
	if c := s.Events[11].Call; c.Result.Int != -1 || c.Errno != "EBADF" || c.Note != "Bad file descriptor" {
		t.Errorf("result %+v", c)
	}
}

// Writing a script and reading it back gives the same script.
func TestStringRoundTrip(t *testing.T) {
	s, err := Parse(client)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(s.String())
	if err != nil {
		t.Fatalf("%v in\n%s", err, s.String())
	}
	if again.String() != s.String() {
		t.Errorf("written:\n%s\nread back and written:\n%s", s, again)
	}
}

// Each line the parser cannot read gets its line number, what is wrong
// and the accepted form.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"0 < S 0:0(0)\n+0 < S 0:1(0)", "line 2: 0:1(0): END is not SEQ+LEN; want 0:0(0)"},
		{"0 < X 0:0(0)", `line 1: flags "X": want letters of F S R P U E W A, then . for ACK`},
		{"0 < S. 0:0(0) <...>", "line 1: <...> (any options) on an injected segment"},
		{"0 < S 0:0(0) <bogus 3>", `line 1: TCP option "bogus"; want nop, eol, mss N`},
		{"0 < S 0:0(0) <mss 70000>", "line 1: the mss value 70000; want a whole number from 0 to 65535"},
		{"0 < S 0:0(0) ack 4294967296", "line 1: ack 4294967296; want a whole number from 0 to 4294967295"},
		{"0 < S 0:0(0) window 5", `line 1: "window" after the sequence numbers; want ack N, win N, urg N or <options>`},
		{"0 < udp (1000)", "line 1: a udp packet: only TCP segments are read"},
		{"0 < [ect0] S 0:0(0)", "line 1: IP markings (ECN, TOS, flow label, TTL) before the flags"},
		{"0 < 5000>8080 S 0:0(0)", "line 1: ports (SRC>DST) before the flags"},
		{"socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", `line 1: "socket"; an event starts with its time`},
		{"\n\n0 %{ print(1) }%", "line 3: an inline code block"},
		{"0 close(3) 0", `line 1: "0" where a system call (name(ARG, ...) = RESULT`},
		{"0 close(3 4) = 0", `line 1: "4" in close's arguments; want arguments separated by commas`},
		{"* close(3) = 0", "line 1: the time * goes only with an outbound packet (>); want 0.1 or +0.1"},
		{"0~1 < S 0:0(0)", "line 1: the time 0~1 goes only with an outbound packet"},
		{"2~1 > S 0:0(0)", "line 1: the time range 2~1 is backwards"},
		{"0 > S 0:0(0)\n/* never closed", "line 2: a /* comment that never ends"},
		{"0 write(3, \"abc, 3) = 3", "line 1: a \" quote that never ends"},
		{"0 > S 0:0(0)\n`cleanup`", "line 2: a shell command without a time"},
		{"0 < S 0:0(0) <TS val 1 ecr>", "line 1: \">\" where TS ecr belongs"},
		{"0 close(3) = 0 EBADF (Bad, file)", `line 1: "," in a note`},
		{"+x close(3) = 0", `line 1: "x" where a time in seconds belongs`},
		{"0 < S 0:0(0) é", "line 1: byte 0xc3 is not part of packetdrill's syntax"},
	} {
		_, err := Parse(tc.src)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v; want %q", tc.src, err, tc.want)
		}
	}
}

func TestLexNumbers(t *testing.T) {
	toks, err := lex("+.01...0.011 1:1001(1000) -1 0x1F 192.0.2.1 1a .5")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range toks[:len(toks)-1] {
		got = append(got, map[tokKind]string{tInt: "int", tFloat: "float", tHex: "hex", tWord: "word", tIPv4: "ip", tEllipsis: "...", tChar: "char"}[tk.kind]+":"+tk.text)
	}
	want := "char:+ float:.01 ...:... float:0.011 int:1 char:: int:1001 char:( int:1000 char:) int:-1 hex:0x1F ip:192.0.2.1 word:1a float:.5"
	if strings.Join(got, " ") != want {
		t.Errorf("tokens\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(client)
	if paths, _ := filepath.Glob(filepath.Join("..", "conform", "testdata", "packetdrill", "*.pkt")); len(paths) > 0 {
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Add("0 < S 0:0(0) <mss 1460,sackOK,TS val 0 ecr 0,nop,wscale 8>\n* > S. 0:0(0) ack 1 <...>")
	f.Fuzz(func(t *testing.T, src string) {
		s, err := Parse(src)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			return
		}
		// What is read writes back to a script that reads the same.
		again, err := Parse(s.String())
		if err != nil {
			t.Fatalf("written script does not parse: %v\n%s", err, s)
		}
		if again.String() != s.String() {
			t.Fatalf("round trip differs:\n%s\n---\n%s", s, again)
		}
	})
}
