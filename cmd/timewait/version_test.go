package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionNamesTheRevisionWhenTheBuildRecordedIt(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/timewait/timewait", Version: "v0.2.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-12-01T09:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := versionLine(bi, true), "timewait v0.2.0 (revision abc123+modified, 2026-12-01T09:00:00Z) go1.26.8"; got != want {
		t.Errorf("versionLine = %q; want %q", got, want)
	}
	bi.Settings = nil
	if got := versionLine(bi, true); !strings.Contains(got, "revision unknown") {
		t.Errorf("without VCS settings: %q; want it to say the revision is unknown", got)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		if code, out, _ := runCLI(t, args...); code != exitOK || !strings.HasPrefix(out, "timewait ") || strings.Count(out, "\n") != 1 {
			t.Errorf("%q: exit %d, %q; want one line", args, code, out)
		}
	}
	if code, out, errs := runCLI(t); code != exitUsage || out != "" || !strings.Contains(errs, "Usage: timewait <command>") {
		t.Errorf("no arguments: exit %d, stdout %q; want exit 2 and the usage on stderr", code, out)
	}
}
