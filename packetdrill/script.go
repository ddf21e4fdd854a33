// Package packetdrill reads and writes scripts in the language of
// packetdrill (github.com/google/packetdrill), as the Linux kernel's tests
// under tools/testing/selftests/net/packetdrill write them: command-line
// options, then events, each a time and an action. The actions are TCP
// segments injected into the stack under test (<) or expected from it
// (>), and system calls with their expected results.
//
// The parser follows packetdrill's grammar (parser.y) for TCP segments,
// system calls and their expressions, times and options. It reads what
// the grammar says and nothing more: UDP and ICMP packets, IP-level
// markings (ECN, TOS, TTL), encapsulation and explicit ports are refused
// with the line they are on, as are inline code blocks. Shell commands
// (`...`) are read and kept, never run. What a script means is left to
// its player (conform plays scripts against the model and the kernel).
//
// The package imports nothing of the project's.
package packetdrill

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Script is a parsed packetdrill script.
type Script struct {
	Options []Option // --name or --name=value lines before the events
	// Init is the shell command before the first event (the Linux tests'
	// `./defaults.sh`), InitLine its line; "" when there is none.
	Init     string
	InitLine int
	Events   []Event
}

// Option is a command-line option written in the script, such as
// --mss=1000.
type Option struct {
	Line  int
	Name  string // without the leading --
	Value string // "" when none is given
}

// TimeKind says how an event's time is given.
type TimeKind uint8

// The forms of an event's time (packetdrill's time_type).
const (
	Absolute      TimeKind = iota // 0.1: seconds from the start of the script
	Relative                      // +0.1: seconds after the previous event
	AnyTime                       // *: any time (outbound packets only)
	AbsoluteRange                 // 0.1~0.2
	RelativeRange                 // +0.1~+0.2
)

// Time is an event's time.
type Time struct {
	Kind       TimeKind
	Start, End time.Duration // End only for ranges
}

// String writes the time as a script does.
func (t Time) String() string {
	switch t.Kind {
	case Relative:
		return "+" + seconds(t.Start)
	case AnyTime:
		return "*"
	case AbsoluteRange:
		return seconds(t.Start) + "~" + seconds(t.End)
	case RelativeRange:
		return "+" + seconds(t.Start) + "~+" + seconds(t.End)
	}
	return seconds(t.Start)
}

// seconds writes d in seconds, as few digits as need be: 0, .1, 1.5.
func seconds(d time.Duration) string {
	s := strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
	if strings.HasPrefix(s, "0.") {
		s = s[1:]
	}
	return s
}

// Event is one line of a script (an event may span lines; Line is the
// line its time is on). Exactly one of Packet, Call and Command is set.
type Event struct {
	Line    int
	Time    Time
	Packet  *Packet
	Call    *Call
	Command string // a shell command in backquotes, never run here
}

// Direction is a segment's direction, seen from the stack under test.
type Direction uint8

// The two directions.
const (
	Inbound  Direction = iota // <: injected into the stack under test
	Outbound                  // >: expected from it
)

// TCP flags, as packetdrill writes them: F S R P . U E W A.
const (
	FIN = 1 << iota
	SYN
	RST
	PSH
	ACK
	URG
	ECE
	CWR
	AE // AccECN's flag, the ninth bit
)

// flagLetters are packetdrill's letters for the flags, in the order it
// prints them (tcp_flags_to_string: F S R P . U E W A), ACK's being ".".
var flagLetters = []struct {
	bit    uint16
	letter byte
}{{FIN, 'F'}, {SYN, 'S'}, {RST, 'R'}, {PSH, 'P'}, {ACK, '.'}, {URG, 'U'}, {ECE, 'E'}, {CWR, 'W'}, {AE, 'A'}}

// FlagsString writes flags as packetdrill does: "S.", "F.", "R", "." and
// "-" for none.
func FlagsString(flags uint16) string {
	var b strings.Builder
	for _, f := range flagLetters {
		if flags&f.bit != 0 {
			b.WriteByte(f.letter)
		}
	}
	if b.Len() == 0 {
		return "-"
	}
	return b.String()
}

// Packet is a TCP segment line: direction, flags, SEQ:END(LEN), and the
// optional ack, win, urg and options.
type Packet struct {
	Dir     Direction
	Flags   uint16 // FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE
	Seq     uint32 // the start sequence number, as written
	Len     int    // payload bytes (END - SEQ)
	Ack     uint32 // as written after "ack"; 0 when absent
	HasAck  bool   // "ack N" was written
	Win     int    // the window; -1 when not written
	Urg     int    // the urgent pointer; -1 when not written
	Options []TCPOption
	// AnyOptions is <...>: any options (outbound segments only).
	AnyOptions bool
}

// TCPOption is one TCP option in a segment's <...> list.
type TCPOption struct {
	Kind string // nop, eol, mss, wscale, sackOK, sack, TS, md5, FO, FOEXP, ECN
	// Values are the option's numbers: mss's value, wscale's shift, TS's
	// val and ecr, sack's block edges (left, right, ...).
	Values []uint32
	Text   string // md5's and FO's hex blob, ECN's fields as written
}

// String writes the option as a script does.
func (o TCPOption) String() string {
	switch o.Kind {
	case "mss", "wscale":
		return fmt.Sprintf("%s %d", o.Kind, o.Values[0])
	case "TS":
		return fmt.Sprintf("TS val %d ecr %d", o.Values[0], o.Values[1])
	case "sack":
		s := "sack"
		for i := 0; i+1 < len(o.Values); i += 2 {
			s += fmt.Sprintf(" %d:%d", o.Values[i], o.Values[i+1])
		}
		return s
	case "md5", "FO", "FOEXP", "ECN":
		if o.Text == "" {
			return o.Kind
		}
		return o.Kind + " " + o.Text
	}
	return o.Kind
}

// String writes the segment as a script does, after the time:
// "> F. 1:1(0) ack 1".
func (p *Packet) String() string {
	dir := "<"
	if p.Dir == Outbound {
		dir = ">"
	}
	s := fmt.Sprintf("%s %s %d:%d(%d)", dir, FlagsString(p.Flags), p.Seq, p.Seq+uint32(p.Len), p.Len)
	if p.HasAck {
		s += fmt.Sprintf(" ack %d", p.Ack)
	}
	if p.Win >= 0 {
		s += fmt.Sprintf(" win %d", p.Win)
	}
	if p.Urg >= 0 {
		s += fmt.Sprintf(" urg %d", p.Urg)
	}
	switch {
	case p.AnyOptions:
		s += " <...>"
	case len(p.Options) > 0:
		parts := make([]string, len(p.Options))
		for i, o := range p.Options {
			parts[i] = o.String()
		}
		s += " <" + strings.Join(parts, ",") + ">"
	}
	return s
}

// Call is a system call with its expected result: name(args) = result
// [ERRNO (note)].
type Call struct {
	Name string
	Args []Expr
	// Result is the expected return value.
	Result Expr
	Errno  string // ERRNO after the result, "" when none
	Note   string // the words in parentheses after it
	// Blocking is set for "...T name(...)": the call blocks until time T
	// (End).
	Blocking bool
	End      time.Duration
}

// String writes the call as a script does, after the time.
func (c *Call) String() string {
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = a.String()
	}
	s := ""
	if c.Blocking {
		s = "..." + strconv.FormatFloat(c.End.Seconds(), 'f', -1, 64) + " "
	}
	s += fmt.Sprintf("%s(%s) = %s", c.Name, strings.Join(args, ", "), c.Result.String())
	if c.Errno != "" {
		s += " " + c.Errno + " (" + c.Note + ")"
	} else if c.Note != "" {
		s += " (" + c.Note + ")"
	}
	return s
}

// ExprKind is the kind of an expression in a system call.
type ExprKind uint8

// The kinds of expression.
const (
	ExprEllipsis ExprKind = iota // ...
	ExprInt                      // 3, -1, 0x10
	ExprWord                     // SOCK_STREAM
	ExprString                   // "text"
	ExprArray                    // [1], [a, b]
	ExprStruct                   // {onoff=1, linger=0}, {...}
	ExprOr                       // O_RDWR|O_NONBLOCK
)

// Expr is an argument or result of a system call.
type Expr struct {
	Kind ExprKind
	Int  int64
	Text string // the word, the integer as written, or the string as written between its quotes (escapes kept)
	// Elems are an array's elements, an OR's operands, a struct's values.
	Elems []Expr
	// Names are a struct's field names ("" for a value without one).
	Names []string
}

// String writes the expression as a script does.
func (e Expr) String() string {
	switch e.Kind {
	case ExprEllipsis:
		return "..."
	case ExprInt, ExprWord:
		return e.Text
	case ExprString:
		return `"` + e.Text + `"`
	case ExprArray:
		return "[" + joinExprs(e.Elems, nil, ", ") + "]"
	case ExprStruct:
		return "{" + joinExprs(e.Elems, e.Names, ", ") + "}"
	case ExprOr:
		return joinExprs(e.Elems, nil, "|")
	}
	return "?"
}

func joinExprs(es []Expr, names []string, sep string) string {
	parts := make([]string, len(es))
	for i, x := range es {
		parts[i] = x.String()
		if i < len(names) && names[i] != "" {
			parts[i] = names[i] + "=" + parts[i]
		}
	}
	return strings.Join(parts, sep)
}

// Field returns the value of a struct's field by name.
func (e Expr) Field(name string) (Expr, bool) {
	for i, n := range e.Names {
		if n == name {
			return e.Elems[i], true
		}
	}
	return Expr{}, false
}

// Error is a line of a script that cannot be read.
type Error struct {
	Line int
	Msg  string
}

// Error returns "line N: what, and the accepted form".
func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// String writes the script back in packetdrill's syntax, one event a
// line: Parse(s.String()) gives s again, but for line numbers.
func (s *Script) String() string {
	var b strings.Builder
	for _, o := range s.Options {
		if o.Value == "" {
			fmt.Fprintf(&b, "--%s\n", o.Name)
		} else {
			fmt.Fprintf(&b, "--%s=%s\n", o.Name, o.Value)
		}
	}
	if s.Init != "" {
		fmt.Fprintf(&b, "`%s`\n", s.Init)
	}
	for _, e := range s.Events {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// String writes the event as one line of a script.
func (e Event) String() string {
	t := e.Time.String()
	switch {
	case e.Packet != nil:
		return fmt.Sprintf("%5s %s", t, e.Packet)
	case e.Call != nil:
		return fmt.Sprintf("%5s %s", t, e.Call)
	}
	return fmt.Sprintf("%5s `%s`", t, e.Command)
}
