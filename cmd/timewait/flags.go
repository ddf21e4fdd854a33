package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// flags is a command's flag set with the writers its messages go to. Errors
// are returned by the flag package, not printed, so that each bad flag gets
// one line of ours that names the flag, the value and the accepted form.
type flags struct {
	*flag.FlagSet
	stdout, stderr io.Writer
	ranges         map[string]flagRange     // whole-number flags: the accepted range
	durations      map[string]time.Duration // duration flags: the longest accepted
	bad            string                   // the line about the first bad value, set by checkedValue
	quiet          *bool                    // -q, for the commands that print progress
}

func newFlags(name string, stdout, stderr io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flags{FlagSet: fs, stdout: stdout, stderr: stderr, ranges: map[string]flagRange{}, durations: map[string]time.Duration{}}
}

// flagRange is the range of a whole-number flag; note, if set, follows the
// upper bound in errors (a unit, where the bound comes from).
type flagRange struct {
	lo, hi int64
	note   string
}

// intIn defines an int flag that accepts only whole numbers from lo to hi.
// Its usage text must state the range: the table test reads it from -h.
func (f *flags) intIn(name string, value, lo, hi int, usage string) *int {
	p := new(int)
	f.intVarIn(p, name, value, lo, hi, "", usage)
	return p
}

// intVarIn is intIn storing into p, with a note after the upper bound in
// errors.
func (f *flags) intVarIn(p *int, name string, value, lo, hi int, note, usage string) {
	f.IntVar(p, name, value, usage)
	f.ranges[name] = flagRange{lo: int64(lo), hi: int64(hi), note: note}
}

// durationVarIn defines a duration flag that accepts 0 to longest.
func (f *flags) durationVarIn(p *time.Duration, name string, value, longest time.Duration, usage string) {
	f.DurationVar(p, name, value, usage)
	f.durations[name] = longest
}

// parse parses args. It returns ok when the command should go on; otherwise
// code is the exit status: exitOK after -h (the flags are printed to
// stdout), exitUsage after a bad flag or argument (one line on stderr).
// A flag given twice is refused: the second value would silently win.
func (f *flags) parse(args []string) (code int, ok bool) {
	originals := map[string]flag.Value{}
	f.VisitAll(func(fl *flag.Flag) {
		originals[fl.Name] = fl.Value
		fl.Value = &checkedValue{Value: fl.Value, name: fl.Name, f: f}
	})
	err := f.Parse(args)
	f.VisitAll(func(fl *flag.Flag) { fl.Value = originals[fl.Name] })
	switch {
	case err == nil && f.NArg() > 0:
		return f.fail("unexpected argument %q; this command takes flags only", f.Arg(0)), false
	case err == nil:
		return exitOK, true
	case errors.Is(err, flag.ErrHelp):
		f.SetOutput(f.stdout)
		fmt.Fprintf(f.stdout, "Usage: timewait %s [flags]\n\nFlags:\n", f.Name())
		f.PrintDefaults()
		return exitOK, false
	case f.bad != "":
		return f.fail("%s", f.bad), false
	}
	// The flag package's own errors: an unknown flag, a missing value, bad
	// syntax. The flag's name is quoted: it is the user's text, and may hold
	// anything, terminal escapes included.
	msg := err.Error()
	for _, m := range []struct{ prefix, form string }{
		{"flag provided but not defined: -", "unknown flag %q"},
		{"flag needs an argument: -", "%q needs a value"},
		{"bad flag syntax: ", "bad flag syntax %q; want --name value or --name=value"},
	} {
		if name, found := strings.CutPrefix(msg, m.prefix); found {
			if m.prefix != "bad flag syntax: " {
				name = dashed(name)
			}
			return f.fail(m.form, name), false
		}
	}
	return f.fail("%q", msg), false
}

// fail prints one line about bad input and returns exitUsage.
func (f *flags) fail(format string, args ...any) int {
	fmt.Fprintf(f.stderr, "timewait %s: %s (see timewait %s -h)\n", f.Name(), fmt.Sprintf(format, args...), f.Name())
	return exitUsage
}

// checkedValue wraps a flag's value while the command line is parsed: it
// refuses a second value for the same flag and a value outside the flag's
// range, and words every refusal as "--name "value": want FORM".
type checkedValue struct {
	flag.Value
	name string
	f    *flags
	set  bool
}

// IsBoolFlag keeps "--name" alone meaning true for boolean flags.
func (v *checkedValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func (v *checkedValue) Set(s string) error {
	if v.set {
		return v.refuse("%s given twice (%q); give each flag once", dashed(v.name), s)
	}
	v.set = true
	if g, ok := v.Value.(flag.Getter); ok && s == "" {
		if _, isString := g.Get().(string); isString {
			return v.refuse("%s \"\": want a value; leave the flag out for its default", dashed(v.name))
		}
	}
	if err := v.Value.Set(s); err != nil {
		return v.refuse("%s %q: want %s", dashed(v.name), s, v.form(err))
	}
	if r, ok := v.f.ranges[v.name]; ok {
		n, _ := strconv.ParseInt(v.Value.String(), 10, 64)
		if n < r.lo || n > r.hi {
			return v.refuse("%s %q: want %s", dashed(v.name), s, v.form(nil))
		}
	}
	if longest, ok := v.f.durations[v.name]; ok {
		if d := v.Value.(flag.Getter).Get().(time.Duration); d < 0 || d > longest {
			return v.refuse("%s %q: want %s", dashed(v.name), s, v.form(nil))
		}
	}
	return nil
}

// dashed is a flag's name as the help writes it: -o, --workers.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func (v *checkedValue) refuse(format string, args ...any) error {
	if v.f.bad == "" {
		v.f.bad = fmt.Sprintf(format, args...)
	}
	return errors.New(v.f.bad)
}

// form is the accepted form of the flag's values. err is the value's own
// error, which for a flag of ours (flag.Func) already says what it wants.
func (v *checkedValue) form(err error) string {
	if r, ok := v.f.ranges[v.name]; ok {
		form := fmt.Sprintf("a whole number from %d to %d", r.lo, r.hi)
		if r.note != "" {
			form += " (" + r.note + ")"
		}
		return form
	}
	if longest, ok := v.f.durations[v.name]; ok {
		return fmt.Sprintf("a duration from 0 to %s, such as 30s, 5m or 1h30m", shortDuration(longest))
	}
	if v.IsBoolFlag() {
		return "true or false"
	}
	if g, ok := v.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case time.Duration:
			return "a duration such as 30s, 5m or 1h30m"
		case int, int64:
			return "a whole number"
		case uint, uint64:
			return "a whole number from 0 to 18446744073709551615"
		}
	}
	if err != nil {
		return strings.TrimPrefix(err.Error(), "want ")
	}
	return "a valid value"
}

// given reports whether the flag name was set on the command line.
func (f *flags) given(name string) bool {
	found := false
	f.Visit(func(fl *flag.Flag) { found = found || fl.Name == name })
	return found
}

// unused refuses, with one line, the first flag of names that was given
// although the mode the command runs in does not use it: an ignored flag
// would let the user believe it took effect.
func (f *flags) unused(mode string, names ...string) (int, bool) {
	for _, n := range names {
		if f.given(n) {
			return f.fail("%s does not go with %s", dashed(n), mode), true
		}
	}
	return exitOK, false
}

// shortDuration writes whole hours as 8760h rather than 8760h0m0s.
func shortDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}
