package packetdrill

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Parse reads a script. The error, an [*Error], names the first line it
// cannot read, what is wrong there and the form it accepts.
func Parse(src string) (*Script, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	return p.script()
}

type parser struct {
	toks []token
	pos  int
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tEOF {
		p.pos++
	}
	return t
}

func (p *parser) fail(t token, format string, args ...any) error {
	return &Error{Line: t.line, Msg: fmt.Sprintf(format, args...)}
}

// expect takes the character c, or fails naming what stands there and the
// construct it belongs to.
func (p *parser) expect(c, in string) (token, error) {
	t := p.next()
	if !t.is(c) {
		return t, p.fail(t, "%s where %s needs %q", t.describe(), in, c)
	}
	return t, nil
}

func (p *parser) script() (*Script, error) {
	s := &Script{}
	for p.peek().kind == tOption {
		o, err := p.option()
		if err != nil {
			return nil, err
		}
		s.Options = append(s.Options, o)
	}
	if t := p.peek(); t.kind == tBack {
		p.next()
		s.Init, s.InitLine = t.text, t.line
		if s.Init == "" {
			return nil, p.fail(t, "an empty init command ``; want a shell command in backquotes, or none")
		}
	}
	for p.peek().kind != tEOF {
		e, err := p.event()
		if err != nil {
			return nil, err
		}
		s.Events = append(s.Events, e)
	}
	return s, nil
}

func (p *parser) option() (Option, error) {
	t := p.next()
	o := Option{Line: t.line, Name: t.text}
	if !p.peek().is("=") {
		return o, nil
	}
	p.next()
	v := p.next()
	switch v.kind {
	case tInt, tFloat, tHex, tWord, tString, tIPv4:
	default:
		return o, p.fail(v, "%s after --%s=; want a value: --%s=VALUE", v.describe(), o.Name, o.Name)
	}
	o.Value = v.text
	if v.kind == tWord && p.peek().is("=") && p.peek().line == v.line {
		// --define=NAME=VALUE
		p.next()
		w := p.next()
		switch w.kind {
		case tInt, tFloat, tHex, tWord, tString, tIPv4, tBack:
		default:
			return o, p.fail(w, "%s after --%s=%s=; want a value", w.describe(), o.Name, v.text)
		}
		o.Value += "=" + w.text
	}
	return o, nil
}

// timeForm is the accepted form of an event's time, for error messages.
const timeForm = "an event starts with its time: 0.1 (from the start), +0.1 (after the previous event), * (outbound packets), or a range 0.1~0.2 or +0.1~+0.2"

func (p *parser) event() (Event, error) {
	t := p.peek()
	e := Event{Line: t.line}
	var err error
	switch {
	case t.is("*"):
		p.next()
		e.Time = Time{Kind: AnyTime}
	case t.is("+"):
		p.next()
		if e.Time.Start, err = p.seconds(); err != nil {
			return e, err
		}
		e.Time.Kind = Relative
		if p.peek().is("~") {
			p.next()
			if _, err := p.expect("+", "a relative time range (+0.1~+0.2)"); err != nil {
				return e, err
			}
			if e.Time.End, err = p.seconds(); err != nil {
				return e, err
			}
			e.Time.Kind = RelativeRange
		}
	case t.kind == tInt || t.kind == tFloat:
		if e.Time.Start, err = p.seconds(); err != nil {
			return e, err
		}
		e.Time.Kind = Absolute
		if p.peek().is("~") {
			p.next()
			if e.Time.End, err = p.seconds(); err != nil {
				return e, err
			}
			e.Time.Kind = AbsoluteRange
		}
	case t.kind == tBack:
		return e, p.fail(t, "a shell command without a time; only the first line of the events may be one (the init command); want %s", strings.TrimPrefix(timeForm, "an event starts with its time: "))
	default:
		return e, p.fail(t, "%s; %s", t.describe(), timeForm)
	}
	if (e.Time.Kind == AbsoluteRange || e.Time.Kind == RelativeRange) && e.Time.End < e.Time.Start {
		return e, p.fail(t, "the time range %s is backwards; want the earlier time first", e.Time)
	}
	a := p.peek()
	switch {
	case a.is("<") || a.is(">"):
		if e.Packet, err = p.packet(); err != nil {
			return e, err
		}
	case a.kind == tWord || a.kind == tEllipsis:
		if e.Call, err = p.call(); err != nil {
			return e, err
		}
	case a.kind == tBack:
		p.next()
		e.Command = a.text
		if e.Command == "" {
			return e, p.fail(a, "an empty shell command ``; want a command in backquotes")
		}
	case a.kind == tCode:
		return e, p.fail(a, "an inline code block %%{ ... }%%; want a segment (< or >), a system call or a `shell command`")
	default:
		return e, p.fail(a, "%s after the time; want a segment (< or >), a system call name(...) = result, or a `shell command`", a.describe())
	}
	if e.Time.Kind == AnyTime || e.Time.Kind == AbsoluteRange || e.Time.Kind == RelativeRange {
		if e.Packet == nil || e.Packet.Dir != Outbound {
			return e, p.fail(t, "the time %s goes only with an outbound packet (>); want 0.1 or +0.1", e.Time)
		}
	}
	return e, nil
}

// seconds reads a time in seconds: an integer or a decimal, not negative.
func (p *parser) seconds() (time.Duration, error) {
	t := p.next()
	if t.kind != tInt && t.kind != tFloat {
		return 0, p.fail(t, "%s where a time in seconds belongs; want a number such as 0, .1 or 1.5", t.describe())
	}
	v, err := strconv.ParseFloat(t.text, 64)
	if err != nil || v < 0 || v > 1e6 || math.IsNaN(v) {
		return 0, p.fail(t, "time %s; want seconds from 0 to 1000000", t.text)
	}
	return time.Duration(math.Round(v*1e6)) * time.Microsecond, nil
}

// segmentForm is the accepted form of a TCP segment, for error messages.
const segmentForm = "< or >, flags (S F R P . or -), SEQ:END(LEN), then optionally ack N, win N, urg N and <options>"

func (p *parser) packet() (*Packet, error) {
	d := p.next()
	pk := &Packet{Dir: Inbound, Win: -1, Urg: -1}
	if d.is(">") {
		pk.Dir = Outbound
	}
	t := p.peek()
	switch {
	case t.is("(") || t.is("["):
		return nil, p.fail(t, "IP markings (ECN, TOS, flow label, TTL) before the flags; want %s", segmentForm)
	case t.kind == tWord && (t.text == "udp" || t.text == "icmp" || t.text == "encap" || t.text == "ipv4" || t.text == "ipv6" || t.text == "GREv0" || t.text == "gre" || t.text == "mpls"):
		return nil, p.fail(t, "a %s packet: only TCP segments are read; want %s", t.text, segmentForm)
	case t.kind == tIPv4:
		return nil, p.fail(t, "an address before the flags; want %s", segmentForm)
	case t.kind == tInt && p.toks[p.pos+1].is(">"):
		return nil, p.fail(t, "ports (SRC>DST) before the flags; want %s", segmentForm)
	}
	var err error
	if pk.Flags, err = p.flags(); err != nil {
		return nil, err
	}
	if err := p.seq(pk); err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != tWord {
			break
		}
		var field *int
		switch t.text {
		case "ack":
			p.next()
			v, err := p.uint(math.MaxUint32, "ack")
			if err != nil {
				return nil, err
			}
			pk.Ack, pk.HasAck = uint32(v), true
			continue
		case "win":
			field = &pk.Win
		case "urg":
			field = &pk.Urg
		default:
			return pk, p.fail(t, "%q after the sequence numbers; want ack N, win N, urg N or <options>", t.text)
		}
		p.next()
		v, err := p.uint(math.MaxUint16, t.text)
		if err != nil {
			return nil, err
		}
		*field = int(v)
	}
	if p.peek().is("<") {
		p.next()
		if p.peek().kind == tEllipsis {
			o := p.next()
			if pk.Dir == Inbound {
				return nil, p.fail(o, "<...> (any options) on an injected segment; it goes only with an expected one (>): want <mss 1460,nop,...>")
			}
			pk.AnyOptions = true
			if _, err := p.expect(">", "<...>"); err != nil {
				return nil, err
			}
			return pk, nil
		}
		for {
			o, err := p.tcpOption()
			if err != nil {
				return nil, err
			}
			pk.Options = append(pk.Options, o)
			t := p.next()
			if t.is(">") {
				break
			}
			if !t.is(",") {
				return nil, p.fail(t, "%s in the option list; want options separated by commas and closed by >", t.describe())
			}
		}
	}
	return pk, nil
}

// flags reads the flags: letters of FSRPUEWA, then "." for ACK; "." alone;
// "-" for none.
func (p *parser) flags() (uint16, error) {
	t := p.next()
	var f uint16
	switch {
	case t.is("."):
		return ACK, nil
	case t.is("-"):
		return 0, nil
	case t.kind == tWord:
		for i := 0; i < len(t.text); i++ {
			var bit uint16
			for _, fl := range flagLetters {
				if fl.letter == t.text[i] {
					bit = fl.bit
				}
			}
			if bit == 0 || bit == ACK {
				return 0, p.fail(t, "flags %q: want letters of F S R P U E W A, then . for ACK (S, S., F., R, P., .), or - for none", t.text)
			}
			f |= bit
		}
		if p.peek().is(".") && p.peek().line == t.line {
			p.next()
			f |= ACK
		}
		return f, nil
	case t.kind == tFloat:
		return 0, p.fail(t, "AccECN flags %q; want %s", t.text, segmentForm)
	}
	return 0, p.fail(t, "%s where the flags belong; want %s", t.describe(), segmentForm)
}

// seq reads SEQ:END(LEN).
func (p *parser) seq(pk *Packet) error {
	start := p.peek()
	seq, err := p.uint(math.MaxUint32, "the start sequence number")
	if err != nil {
		return err
	}
	if _, err := p.expect(":", "SEQ:END(LEN)"); err != nil {
		return err
	}
	end, err := p.uint(math.MaxUint32, "the end sequence number")
	if err != nil {
		return err
	}
	if _, err := p.expect("(", "SEQ:END(LEN)"); err != nil {
		return err
	}
	n, err := p.uint(math.MaxUint16, "the payload length")
	if err != nil {
		return err
	}
	if _, err := p.expect(")", "SEQ:END(LEN)"); err != nil {
		return err
	}
	if end != seq+n {
		return p.fail(start, "%d:%d(%d): END is not SEQ+LEN; want %d:%d(%d)", seq, end, n, seq, seq+n, n)
	}
	pk.Seq, pk.Len = uint32(seq), int(n)
	return nil
}

// uint reads a whole number from 0 to max.
func (p *parser) uint(max uint64, what string) (uint64, error) {
	t := p.next()
	if t.kind != tInt {
		return 0, p.fail(t, "%s where %s belongs; want a whole number from 0 to %d", t.describe(), what, max)
	}
	v, err := strconv.ParseUint(t.text, 10, 64)
	if err != nil || v > max {
		return 0, p.fail(t, "%s %s; want a whole number from 0 to %d", what, t.text, max)
	}
	return v, nil
}

// tcpOption reads one option of a segment's <...> list.
func (p *parser) tcpOption() (TCPOption, error) {
	t := p.next()
	if t.kind != tWord {
		return TCPOption{}, p.fail(t, "%s where a TCP option belongs; want nop, eol, mss N, wscale N, sackOK, sack L:R, TS val N ecr N, md5, FO or FOEXP", t.describe())
	}
	o := TCPOption{Kind: t.text}
	switch t.text {
	case "nop", "eol", "sackOK":
	case "mss":
		v, err := p.uint(math.MaxUint16, "the mss value")
		if err != nil {
			return o, err
		}
		o.Values = []uint32{uint32(v)}
	case "wscale":
		v, err := p.uint(math.MaxUint8, "the window scale")
		if err != nil {
			return o, err
		}
		o.Values = []uint32{uint32(v)}
	case "sack":
		for p.peek().kind == tInt {
			l, err := p.uint(math.MaxUint32, "a SACK block's left edge")
			if err != nil {
				return o, err
			}
			if _, err := p.expect(":", "a SACK block L:R"); err != nil {
				return o, err
			}
			r, err := p.uint(math.MaxUint32, "a SACK block's right edge")
			if err != nil {
				return o, err
			}
			o.Values = append(o.Values, uint32(l), uint32(r))
		}
		if len(o.Values) == 0 {
			return o, p.fail(t, "sack without blocks; want sack L:R [L:R ...]")
		}
	case "TS":
		for i, word := range []string{"val", "ecr"} {
			if w := p.next(); w.kind != tWord || w.text != word {
				return o, p.fail(w, "%s in a timestamp option; want TS val N ecr N", w.describe())
			}
			v, err := p.uint(math.MaxUint32, "TS "+word)
			if err != nil {
				return o, err
			}
			o.Values = append(o.Values, uint32(v))
			_ = i
		}
	case "md5", "FO", "FOEXP":
		if b := p.peek(); b.kind == tWord || b.kind == tInt {
			p.next()
			o.Text = b.text
		} else if t.text == "md5" {
			return o, p.fail(b, "md5 without its hex key; want md5 HEX")
		}
	case "ECN":
		var parts []string
		for b := p.peek(); b.kind == tWord || b.kind == tInt; b = p.peek() {
			parts = append(parts, p.next().text)
		}
		o.Text = strings.Join(parts, " ")
	default:
		return o, p.fail(t, "TCP option %q; want nop, eol, mss N, wscale N, sackOK, sack L:R, TS val N ecr N, md5, FO or FOEXP", t.text)
	}
	return o, nil
}

// callForm is the accepted form of a system call, for error messages.
const callForm = "name(ARG, ...) = RESULT, optionally followed by ERRNO (note)"

func (p *parser) call() (*Call, error) {
	c := &Call{}
	if p.peek().kind == tEllipsis {
		p.next()
		end, err := p.seconds()
		if err != nil {
			return nil, err
		}
		c.Blocking, c.End = true, end
	}
	name := p.next()
	if name.kind != tWord {
		return nil, p.fail(name, "%s where a system call's name belongs; want %s", name.describe(), callForm)
	}
	c.Name = name.text
	if _, err := p.expect("(", "a system call ("+callForm+")"); err != nil {
		return nil, err
	}
	if !p.peek().is(")") {
		for {
			e, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			c.Args = append(c.Args, e)
			t := p.next()
			if t.is(")") {
				break
			}
			if !t.is(",") {
				return nil, p.fail(t, "%s in %s's arguments; want arguments separated by commas and closed by )", t.describe(), c.Name)
			}
		}
	} else {
		p.next()
	}
	if _, err := p.expect("=", "a system call ("+callForm+")"); err != nil {
		return nil, err
	}
	var err error
	if c.Result, err = p.expr(0); err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tWord && t.line == name.line {
		p.next()
		c.Errno = t.text
	}
	if t := p.peek(); t.is("(") {
		p.next()
		var words []string
		for {
			w := p.next()
			if w.is(")") {
				break
			}
			if w.kind != tWord && w.kind != tInt {
				return nil, p.fail(w, "%s in a note; want words in parentheses, such as (Operation now in progress)", w.describe())
			}
			words = append(words, w.text)
		}
		c.Note = strings.Join(words, " ")
	}
	return c, nil
}

// maxDepth bounds the nesting of expressions.
const maxDepth = 32

// expr reads an expression: ..., a number, a word, a string, [array],
// {struct}, name(args), and ORs of them (A|B).
func (p *parser) expr(depth int) (Expr, error) {
	e, err := p.primary(depth)
	if err != nil {
		return e, err
	}
	if !p.peek().is("|") {
		return e, nil
	}
	or := Expr{Kind: ExprOr, Elems: []Expr{e}}
	for p.peek().is("|") {
		p.next()
		x, err := p.primary(depth)
		if err != nil {
			return x, err
		}
		or.Elems = append(or.Elems, x)
	}
	return or, nil
}

func (p *parser) primary(depth int) (Expr, error) {
	t := p.next()
	if depth > maxDepth {
		return Expr{}, p.fail(t, "expressions nested more than %d deep", maxDepth)
	}
	switch t.kind {
	case tEllipsis:
		return Expr{Kind: ExprEllipsis}, nil
	case tInt:
		v, err := strconv.ParseInt(t.text, 10, 64)
		if err != nil {
			return Expr{}, p.fail(t, "number %s; want a whole number that fits in 64 bits", t.text)
		}
		return Expr{Kind: ExprInt, Int: v, Text: t.text}, nil
	case tHex:
		v, err := strconv.ParseUint(t.text[2:], 16, 64)
		if err != nil {
			return Expr{}, p.fail(t, "number %s; want a hex number that fits in 64 bits", t.text)
		}
		return Expr{Kind: ExprInt, Int: int64(v), Text: t.text}, nil
	case tString:
		e := Expr{Kind: ExprString, Text: t.text}
		if p.peek().kind == tEllipsis {
			p.next()
		}
		return e, nil
	case tWord:
		e := Expr{Kind: ExprWord, Text: t.text}
		if p.peek().is("(") {
			// htons(8080), inet_addr("192.0.2.1"): kept as a word with
			// its arguments.
			p.next()
			for !p.peek().is(")") {
				x, err := p.expr(depth + 1)
				if err != nil {
					return x, err
				}
				e.Elems = append(e.Elems, x)
				if p.peek().is(",") {
					p.next()
				} else if !p.peek().is(")") {
					u := p.peek()
					return e, p.fail(u, "%s in %s(...); want arguments separated by commas and closed by )", u.describe(), t.text)
				}
			}
			p.next()
		}
		return e, nil
	case tChar:
		switch t.text {
		case "[", "{":
			closer, kind := "]", ExprArray
			if t.text == "{" {
				closer, kind = "}", ExprStruct
			}
			e := Expr{Kind: kind}
			for !p.peek().is(closer) {
				name := ""
				if kind == ExprStruct && p.peek().kind == tWord && p.toks[p.pos+1].is("=") {
					name = p.next().text
					p.next()
				}
				x, err := p.expr(depth + 1)
				if err != nil {
					return x, err
				}
				e.Elems = append(e.Elems, x)
				if kind == ExprStruct {
					e.Names = append(e.Names, name)
				}
				if p.peek().is(",") {
					p.next()
				} else if !p.peek().is(closer) {
					u := p.peek()
					return e, p.fail(u, "%s in %s...%s; want elements separated by commas and closed by %s", u.describe(), t.text, closer, closer)
				}
			}
			p.next()
			return e, nil
		}
	}
	return Expr{}, p.fail(t, "%s where an argument belongs; want ..., a number, a NAME, a \"string\", [array] or {struct}", t.describe())
}
