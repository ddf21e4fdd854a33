package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/timewait/timewait/model"
)

// helpFlag is one flag as a command's -h lists it.
type helpFlag struct {
	name, kind, usage string // kind: int, uint, duration, string, value (a model parameter) or "" (boolean)
}

var helpFlagLine = regexp.MustCompile(`^  -(\S+) ?(.*)$`)

// helpFlags reads a command's flags from its -h output, so that the table
// below covers every flag, including flags added later.
func helpFlags(t *testing.T, command string) []helpFlag {
	t.Helper()
	code, out, _ := runCLI(t, command, "-h")
	if code != exitOK {
		t.Fatalf("%s -h: exit %d", command, code)
	}
	var fl []helpFlag
	for _, line := range strings.Split(out, "\n") {
		if m := helpFlagLine.FindStringSubmatch(line); m != nil {
			if name, usage, short := strings.Cut(m[0][3:], "\t"); short { // a one-letter boolean: "  -q\tusage"
				fl = append(fl, helpFlag{name: name, usage: usage})
				continue
			}
			kind := m[2]
			if strings.Contains(kind, " ") { // a `word` from the usage, as -config's key = value
				kind = "string"
			}
			fl = append(fl, helpFlag{name: m[1], kind: kind})
		} else if len(fl) > 0 {
			fl[len(fl)-1].usage += strings.TrimSpace(line) + " "
		}
	}
	return fl
}

// usageRange is a range as -h states it: (1 to 16), or (0 to the memory
// this process may use) where the upper bound depends on the machine.
var usageRange = regexp.MustCompile(`\((-?\d+) to (\d+|[a-z][^;)]*)`)

// validValue is a value each flag accepts, for the duplicated-flag case.
func validValue(t *testing.T, f helpFlag) string {
	t.Helper()
	if p, ok := model.ParamByName(f.name); ok {
		return p.Get(model.DefaultConfig())
	}
	if m := usageRange.FindStringSubmatch(f.usage); m != nil {
		return m[1]
	}
	switch f.kind {
	case "":
		return "true"
	case "uint":
		return "7"
	case "duration":
		return "1m"
	}
	if m := regexp.MustCompile(`\(default "([^"]+)"\)`).FindStringSubmatch(f.usage); m != nil {
		return m[1]
	}
	known := map[string]string{"show": "timewait-reached", "property": "timewait-reached", "o": "out.dot", "cpuprofile": "cpu.prof", "config": "empty.conf",
		"trace-out": "out.json", "replay": "empty.conf", "trace": "empty.conf", "addr": "127.0.0.1:0", "pcap": "out.pcapng", "packetdrill": "out.pkt"}
	if v, ok := known[f.name]; ok {
		return v
	}
	t.Fatalf("no valid value known for --%s (%s): add one", f.name, f.kind)
	return ""
}

// companions are the flags a flag needs beside it to be used at all.
var companions = map[string][]string{
	"check rms":       {"--model", "twophase"},
	"graph max-nodes": {"--view", "full"},
	"graph rms":       {"--model", "twophase", "--view", "trace"},
	"conform seed":    {"--random", "1"},
	"conform depth":   {"--random", "1"},
}

// Every flag of every command, given a value of the wrong type, a negative,
// zero (where zero is out of range), huge or empty value, or given twice, is
// refused before any work: exit 2, nothing on stdout, one line on stderr
// that names the flag and the value and says what it wants, and no file
// written. A whole-number flag states its range in -h, and both of its
// ends are accepted.
func TestEveryFlagRefusesBadValuesWithOneLine(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("empty.conf", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // an accepted command line stops at once, incomplete
	runIn := func(args []string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(ctx, args, &out, &errb)
		return code, out.String(), errb.String()
	}
	checkNoFiles := func(args []string) {
		entries, _ := os.ReadDir(".")
		for _, e := range entries {
			if e.Name() != "empty.conf" {
				t.Errorf("%q left %s behind", args, e.Name())
				os.Remove(e.Name())
			}
		}
	}
	for _, c := range commands() {
		for _, f := range helpFlags(t, c.name) {
			flagName := dashed(f.name)
			var bad []string
			switch f.kind {
			case "int":
				m := usageRange.FindStringSubmatch(f.usage)
				if m == nil {
					t.Errorf("%s %s: its usage does not state its range as (LO to HI): %q", c.name, flagName, f.usage)
					continue
				}
				bad = []string{"abc", "1.5", "99999999999999999999", ""}
				var lo, hi int64
				fmt.Sscan(m[1], &lo)
				ends := []int64{lo}
				bad = append(bad, fmt.Sprint(lo-1))
				if _, err := fmt.Sscan(m[2], &hi); err == nil {
					ends = append(ends, hi)
					bad = append(bad, fmt.Sprint(hi+1))
				}
				if lo > 0 {
					bad = append(bad, "0")
				}
				for _, ok := range ends {
					args := append([]string{c.name, flagName, fmt.Sprint(ok)}, companions[c.name+" "+f.name]...)
					if code, _, errs := runIn(args); code == exitUsage && strings.Contains(errs, flagName+" ") {
						t.Errorf("%q: the end of the stated range is refused: %s", args, errs)
					}
					checkNoFiles(args)
				}
			case "uint":
				bad = []string{"abc", "-1", "99999999999999999999999", ""}
			case "duration":
				bad = []string{"abc", "5", "-1s", "9999999999999h", ""}
				if m := regexp.MustCompile(`\(0 to (\d+)h`).FindStringSubmatch(f.usage); m != nil {
					var h int
					fmt.Sscan(m[1], &h)
					bad = append(bad, fmt.Sprintf("%dh", h+1))
				}
			case "value": // a model parameter
				// -1 is out of range, except for fin-wait-2, where it is
				// TCP_LINGER2 < 0; -2 is out of range there.
				neg := "-1"
				if mc := model.DefaultConfig(); mc.Set(f.name, "-1") == nil && mc.Validate() == nil {
					neg = "-2"
				}
				bad = []string{"abc", neg, "99999999999999999999", ""}
			case "":
				bad = []string{"maybe", "2", ""}
			case "string":
				bad = []string{""}
				if f.name != "o" && f.name != "cpuprofile" && f.name != "trace-out" && f.name != "pcap" && !(c.name == "check" && f.name == "packetdrill") {
					bad = append(bad, "no-such-thing")
				}
			default:
				t.Errorf("%s %s: unknown kind %q in -h", c.name, flagName, f.kind)
				continue
			}
			for _, v := range bad {
				args := []string{c.name, flagName + "=" + v}
				wantUsageLine(t, args, runIn, flagName, fmt.Sprintf("%q", v), "want ")
				checkNoFiles(args)
			}
			v := validValue(t, f)
			args := []string{c.name, flagName + "=" + v, flagName + "=" + v}
			wantUsageLine(t, args, runIn, flagName+" given twice")
			checkNoFiles(args)
		}
	}
}

func wantUsageLine(t *testing.T, args []string, runIn func([]string) (int, string, string), want ...string) {
	t.Helper()
	code, out, errs := runIn(args)
	ok := code == exitUsage && out == "" && strings.Count(errs, "\n") == 1
	for _, w := range want {
		ok = ok && strings.Contains(errs, w)
	}
	if !ok {
		t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", args, code, out, errs, want)
	}
}
