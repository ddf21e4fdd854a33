package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	fuzz "github.com/google/gofuzz"

	"github.com/timewait/timewait/model"
)

// configLine is one line of a fuzzed config file: a known parameter (by
// index) or a raw key, a value, and optional decoration.
type configLine struct {
	Param   uint8
	RawKey  string
	UseRaw  bool
	Value   string
	Spaces  bool
	Comment string
}

// FuzzConfigParse feeds config files built from structured inputs to the
// parser: it never panics, and every error is one line naming the file.
func FuzzConfigParse(f *testing.F) {
	f.Add([]byte("msl = 2\ntime-wait = 4\n"))
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	params := model.Params()
	f.Fuzz(func(t *testing.T, data []byte) {
		var lines []configLine
		fuzz.NewFromGoFuzz(data).NilChance(0).NumElements(0, 8).Fuzz(&lines)
		var b strings.Builder
		for _, l := range lines {
			key := params[int(l.Param)%len(params)].Name
			if l.UseRaw {
				key = l.RawKey
			}
			sep := "="
			if l.Spaces {
				sep = " = "
			}
			b.WriteString(key + sep + l.Value)
			if l.Comment != "" {
				b.WriteString(" #" + l.Comment)
			}
			b.WriteString("\n")
		}
		c := model.DefaultConfig()
		_, err := parseConfig(strings.NewReader(b.String()), "fuzz.conf", &c)
		if err != nil && (strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), `config "fuzz.conf"`)) {
			t.Fatalf("error is not one line naming the file: %q", err)
		}
		_ = c.Validate() // must not panic on any accepted values
	})
}

// commandLine is a fuzzed command line: a command, and flags chosen from
// that command's own (by index) with values chosen from a list of awkward
// ones or given raw.
type commandLine struct {
	Command uint8
	Flags   []struct {
		Flag   uint8
		Value  uint8
		Raw    string
		UseRaw bool
		Equals bool
	}
}

// fuzzValues are values that sit at or just past the edges of what flags
// accept.
var fuzzValues = []string{"", "0", "1", "-1", "2", "16", "17", "5000", "99999999999999999999", "abc", "true", "false",
	"1s", "-1s", "default", "no-timewait", "dot", "svg", "chart", "linux", "twophase", "timewait-reached", "2,3", "\x1b[31m", "--workers"}

// FuzzCommandLine runs whole command lines through flag parsing and
// validation (the context is cancelled, so an accepted line stops at once):
// nothing panics, the exit code is one the help lists, and a refusal is
// exactly one line on stderr with nothing on stdout. Paths are never
// fuzzed: -o, --cpuprofile, --trace-out, --pcap, --config, --replay and --trace get
// a file in a temporary directory.
func FuzzCommandLine(f *testing.F) {
	f.Add([]byte("check"))
	f.Add([]byte{0, 2, 1, 3, 7, 2, 9})
	f.Add([]byte{2, 3, 4, 1, 1, 5, 200, 17})
	dir := f.TempDir()
	conf := filepath.Join(dir, "f.conf")
	if err := os.WriteFile(conf, []byte("msl = 2\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	cmds := commands()
	names := map[string][]string{}
	for _, c := range cmds {
		var out bytes.Buffer
		run(context.Background(), []string{c.name, "-h"}, &out, io.Discard)
		for _, line := range strings.Split(out.String(), "\n") {
			if m := helpFlagLine.FindStringSubmatch(line); m != nil {
				names[c.name] = append(names[c.name], m[1])
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f.Fuzz(func(t *testing.T, data []byte) {
		var in commandLine
		fuzz.NewFromGoFuzz(data).NilChance(0).NumElements(0, 6).Fuzz(&in)
		c := cmds[int(in.Command)%len(cmds)]
		args := []string{c.name}
		for _, fl := range in.Flags {
			if len(names[c.name]) == 0 {
				break
			}
			name := names[c.name][int(fl.Flag)%len(names[c.name])]
			v := fuzzValues[int(fl.Value)%len(fuzzValues)]
			if fl.UseRaw {
				v = fl.Raw
			}
			switch name {
			case "o", "cpuprofile", "trace-out":
				v = filepath.Join(dir, "out")
			case "pcap":
				v = filepath.Join(dir, "out.pcapng")
			case "config", "replay", "trace":
				v = conf
			}
			if fl.Equals {
				args = append(args, "--"+name+"="+v)
			} else {
				args = append(args, "--"+name, v)
			}
		}
		var out, errb bytes.Buffer
		code := run(ctx, args, &out, &errb)
		switch code {
		case exitOK, exitViolation, exitIncomplete, exitUnavailable:
		case exitUsage:
			if out.Len() != 0 || strings.Count(errb.String(), "\n") != 1 {
				t.Fatalf("%q: exit 2 with stdout %q and stderr %q; want one line on stderr only", args, out.String(), errb.String())
			}
		default:
			t.Fatalf("%q: exit %d, which the help does not list", args, code)
		}
		os.Remove(filepath.Join(dir, "out"))
	})
}
