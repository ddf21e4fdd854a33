package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// flags is a command's flag set with the writers its messages go to. Errors
// are returned by the flag package, not printed, so that each bad flag gets
// one line of ours that names the value and the accepted form.
type flags struct {
	*flag.FlagSet
	stdout, stderr io.Writer
}

func newFlags(name string, stdout, stderr io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flags{FlagSet: fs, stdout: stdout, stderr: stderr}
}

// parse parses args. It returns ok when the command should go on; otherwise
// code is the exit status: exitOK after -h (the flags are printed to
// stdout), exitUsage after a bad flag or argument (one line on stderr).
func (f *flags) parse(args []string) (code int, ok bool) {
	err := f.Parse(args)
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
	}
	msg := err.Error()
	// The flag package says `invalid value "x" for flag -rms: parse error`.
	if i := strings.Index(msg, ": parse error"); i >= 0 {
		msg = msg[:i] + ": want a whole number"
	}
	return f.fail("%s", msg), false
}

// fail prints one line about bad input and returns exitUsage.
func (f *flags) fail(format string, args ...any) int {
	fmt.Fprintf(f.stderr, "timewait %s: %s (see timewait %s -h)\n", f.Name(), fmt.Sprintf(format, args...), f.Name())
	return exitUsage
}
