package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/timewait/timewait/graph"
)

// writeOutput writes data to path, or to stdout when path is "-". A file is
// written whole or not at all: the data goes to a temporary file in the
// same directory, which is renamed over path only once it is complete, so
// a failure never leaves a half-written file behind.
func writeOutput(path string, data []byte, stdout io.Writer) error {
	if path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".timewait-*")
	if err != nil {
		return fmt.Errorf("-o %q: cannot write in %s (%v)", path, dir, unwrapPathError(err))
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("-o %q: cannot write it (%v)", path, unwrapPathError(err))
	}
	return nil
}

// noDot is the line of a graph command that needs Graphviz's dot where
// there is none.
const noDot = "--format svg needs Graphviz's dot on PATH (Debian: apt-get install graphviz); --format dot needs nothing"

// checkGraphOutput refuses, before any search, a drawing that cannot be
// written: SVG laid out by Graphviz (every view but the chart, which
// timewait draws itself) where dot is not on PATH gets one line and exit 5.
func checkGraphOutput(f *flags, out, format, view string) (int, bool) {
	if format == "svg" && view != "chart" {
		if _, err := graph.LookDot(); err != nil {
			return unavailableHere(f, noDot), false
		}
	}
	return exitOK, true
}

// renderFailure reports an error of Graphviz's layout: dot gone from PATH
// (exit 5), an interrupt (exit 3), or dot's own error (exit 2). Nothing is
// written in each case.
func renderFailure(f *flags, err error) int {
	switch {
	case errors.Is(err, graph.ErrNoDot):
		return unavailableHere(f, noDot)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(f.stderr, "timewait %s: incomplete: interrupted while Graphviz laid out the SVG; nothing written\n", f.Name())
		return exitIncomplete
	}
	return f.fail("%v", err)
}

// unavailableHere prints why a command cannot run here, in one line, and
// returns exitUnavailable.
func unavailableHere(f *flags, reason string) int {
	fmt.Fprintf(f.stderr, "timewait %s: %s (exit %d)\n", f.Name(), reason, exitUnavailable)
	return exitUnavailable
}
