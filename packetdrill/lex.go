package packetdrill

import (
	"fmt"
	"strings"
)

// tokKind is the kind of a token, as packetdrill's lexer (lexer.l) names
// them.
type tokKind uint8

const (
	tEOF      tokKind = iota
	tInt              // 12, -1
	tFloat            // .01, 0.011
	tHex              // 0x1f
	tWord             // SOCK_STREAM, S, ack, ...
	tString           // "text"
	tBack             // `command`
	tOption           // --mss
	tEllipsis         // ...
	tCode             // %{ python }%
	tIPv4             // 192.0.2.1
	tChar             // any other single character
)

// token is one token and the line it starts on.
type token struct {
	kind tokKind
	text string // the token's text; for tString and tBack, without the quotes
	line int
}

func (t token) is(c string) bool { return t.kind == tChar && t.text == c }

// describe names a token for an error message.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "the end of the file"
	case tString:
		return fmt.Sprintf("%q", t.text)
	case tBack:
		return "`" + t.text + "`"
	}
	return fmt.Sprintf("%q", t.text)
}

// lex splits src into tokens, dropping white space and comments (// to the
// end of the line, /* ... */), as packetdrill's lexer does.
func lex(src string) ([]token, error) {
	var out []token
	line := 1
	i := 0
	for i < len(src) {
		c := src[i]
		start := line
		switch {
		case c == '\n':
			line++
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, &Error{Line: start, Msg: "a /* comment that never ends; want */ to close it"}
			}
			line += strings.Count(src[i:i+2+end], "\n")
			i += 2 + end + 2
			continue
		case strings.HasPrefix(src[i:], "%{"):
			end := strings.Index(src[i+2:], "}%")
			if end < 0 {
				return nil, &Error{Line: start, Msg: "a %{ code block that never ends; want }% to close it"}
			}
			text := src[i+2 : i+2+end]
			line += strings.Count(src[i:i+2+end], "\n")
			i += 2 + end + 2
			out = append(out, token{tCode, text, start})
			continue
		case c == '"' || c == '`':
			j := i + 1
			for j < len(src) && src[j] != c {
				if src[j] == '\\' && j+1 < len(src) {
					j++
				}
				j++
			}
			if j >= len(src) {
				return nil, &Error{Line: start, Msg: fmt.Sprintf("a %c quote that never ends; want a closing %c", c, c)}
			}
			text := src[i+1 : j]
			line += strings.Count(text, "\n")
			kind := tString
			if c == '`' {
				kind = tBack
			}
			out = append(out, token{kind, text, start})
			i = j + 1
			continue
		case strings.HasPrefix(src[i:], "..."):
			out = append(out, token{tEllipsis, "...", start})
			i += 3
			continue
		case strings.HasPrefix(src[i:], "--") && i+2 < len(src) && isWordByte(src[i+2]):
			j := i + 2
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			out = append(out, token{tOption, src[i+2 : j], start})
			i = j
			continue
		case strings.HasPrefix(src[i:], "0x") && i+2 < len(src) && isHex(src[i+2]):
			j := i + 2
			for j < len(src) && isHex(src[j]) {
				j++
			}
			out = append(out, token{tHex, src[i:j], start})
			i = j
			continue
		case isDigit(c) || c == '.' && i+1 < len(src) && isDigit(src[i+1]) || c == '-' && i+1 < len(src) && (isDigit(src[i+1]) || src[i+1] == '.' && i+2 < len(src) && isDigit(src[i+2])):
			t, n := lexNumber(src[i:])
			t.line = start
			out = append(out, t)
			i += n
			continue
		case isWordByte(c):
			j := i
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			out = append(out, token{tWord, src[i:j], start})
			i = j
			continue
		}
		if c >= 0x80 || c < 0x20 {
			return nil, &Error{Line: start, Msg: fmt.Sprintf("byte %#x is not part of packetdrill's syntax; want ASCII", c)}
		}
		out = append(out, token{tChar, string(c), start})
		i++
	}
	return append(out, token{tEOF, "", line}), nil
}

// lexNumber reads a number at the start of s: an IPv4 address, a float
// ([-]digits.digits), an integer ([-]digits), or, when letters follow the
// digits, a word (as flex's longest match makes of "1a").
func lexNumber(s string) (token, int) {
	i := 0
	if s[0] == '-' {
		i++
	}
	digits := func(j int) int {
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		return j
	}
	j := digits(i)
	// An IPv4 address: four groups of digits.
	if s[0] != '-' && j > 0 {
		k, groups := j, 1
		for groups < 4 && k+1 < len(s) && s[k] == '.' && isDigit(s[k+1]) {
			k = digits(k + 1)
			groups++
		}
		if groups == 4 && (k == len(s) || !isWordByte(s[k]) && s[k] != '.') {
			return token{kind: tIPv4, text: s[:k]}, k
		}
	}
	if j < len(s) && s[j] == '.' && j+1 < len(s) && isDigit(s[j+1]) && !strings.HasPrefix(s[j:], "...") {
		k := digits(j + 1)
		return token{kind: tFloat, text: s[:k]}, k
	}
	if s[0] != '-' && j < len(s) && isWordByte(s[j]) {
		k := j
		for k < len(s) && isWordByte(s[k]) {
			k++
		}
		return token{kind: tWord, text: s[:k]}, k
	}
	return token{kind: tInt, text: s[:j]}, j
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isWordByte(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}
