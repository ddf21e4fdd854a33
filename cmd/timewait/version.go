package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

// runVersion prints the module's version, the VCS revision the binary was
// built from (with "+modified" when the work tree had changes) and the Go
// version, from the build information Go records in every binary.
func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("version", stdout, stderr)
	if code, ok := f.parse(args); !ok {
		return code
	}
	fmt.Fprintln(stdout, versionLine(debug.ReadBuildInfo()))
	return exitOK
}

// versionLine is "timewait VERSION (revision REV[+modified], TIME) GO".
// go run and go test record no revision; it then says so.
func versionLine(bi *debug.BuildInfo, ok bool) string {
	if !ok {
		return "timewait (no build information)"
	}
	rev, when, modified := "", "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	vcs := "revision unknown: built without VCS information"
	if rev != "" {
		if modified {
			rev += "+modified"
		}
		vcs = "revision " + rev
		if when != "" {
			vcs += ", " + when
		}
	}
	return fmt.Sprintf("timewait %s (%s) %s", bi.Main.Version, vcs, bi.GoVersion)
}
