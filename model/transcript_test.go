package model

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the transcripts under testdata/ with the model's output")

// TestTranscripts replays each testdata/*.txt transcript: lines starting
// with "> " are commands, every other line is what the model printed for
// the command above it. Commands:
//
//	> config key=value ...        set options before the first step (see setOption)
//	> connect                     A's application opens a connection
//	> close A|B                   the application closes (as configured)
//	> deliver|lose|dup A->B KIND  the first segment of that kind (as labels name it: SYN, SYN,ACK, ACK, DATA, FIN,ACK, RST)
//	> tick [N]                    N ticks of time (default 1)
//	> fire A|B retx|time-wait|fin-wait-2
//
// Run with -rewrite to regenerate the outputs.
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := runTranscript(t, string(data))
			if *rewrite {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(data) {
				t.Errorf("transcript differs; run go test ./model -run Transcripts -rewrite and review the diff\n--- got\n%s", got)
			}
		})
	}
}

func runTranscript(t *testing.T, text string) string {
	t.Helper()
	var out strings.Builder
	c := DefaultConfig()
	var m *Model
	var w World
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if !strings.HasPrefix(line, "> ") && !strings.HasPrefix(line, "#") {
			continue // an output line: regenerated below
		}
		out.WriteString(line + "\n")
		if strings.HasPrefix(line, "#") {
			continue
		}
		args := strings.Fields(strings.TrimPrefix(line, "> "))
		if args[0] == "config" {
			for _, kv := range args[1:] {
				if err := setOption(&c, kv); err != nil {
					t.Fatalf("%s: %v", line, err)
				}
			}
			continue
		}
		if m == nil {
			var err error
			if m, err = New(c); err != nil {
				t.Fatal(err)
			}
			w = m.Init()[0]
		}
		n := 1
		if args[0] == "tick" && len(args) > 1 {
			n, _ = strconv.Atoi(args[1])
		}
		for range n {
			a, err := findAction(m, w, args)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			next, ok := m.Next(w, a)
			if !ok {
				t.Fatalf("%s: the step would overflow the channel", line)
			}
			fmt.Fprintf(&out, "%s\n  %s\n", m.Label(w, a, next), summary(next))
			w = next
		}
	}
	return out.String()
}

// summary prints both endpoints and the channels.
func summary(w World) string {
	return fmt.Sprintf("A %s  B %s  A->B %v  B->A %v", w.A.State, w.B.State, w.AB.List(), w.BA.List())
}

// findAction returns the enabled action the command names.
func findAction(m *Model, w World, args []string) (Action, error) {
	acts := m.Actions(w, nil)
	match := func(f func(a Action) bool) (Action, error) {
		for _, a := range acts {
			if f(a) {
				return a, nil
			}
		}
		return Action{}, fmt.Errorf("not enabled now (enabled: %v)", acts)
	}
	side := func(s string) Side {
		if strings.HasPrefix(s, "B") {
			return B
		}
		return A
	}
	switch args[0] {
	case "connect":
		return match(func(a Action) bool { return a.Kind == ActConnect })
	case "close":
		return match(func(a Action) bool { return a.Kind == ActClose && a.Side == side(args[1]) })
	case "tick":
		return match(func(a Action) bool { return a.Kind == ActTick })
	case "fire":
		kind := map[string]ActionKind{"retx": ActRetx, "time-wait": ActTimeWait, "fin-wait-2": ActFinWait2}[args[2]]
		return match(func(a Action) bool { return a.Kind == kind && a.Side == side(args[1]) })
	case "deliver", "lose", "dup":
		kind := map[string]ActionKind{"deliver": ActDeliver, "lose": ActLose, "dup": ActDuplicate}[args[0]]
		from := side(args[1])
		return match(func(a Action) bool {
			return a.Kind == kind && a.Side == from && w.Channel(from).Segs[a.Index].Kind() == args[2]
		})
	}
	return Action{}, fmt.Errorf("unknown command %q", args[0])
}

// setOption sets one key=value of a transcript's config line.
func setOption(c *Config, kv string) error {
	k, v, _ := strings.Cut(kv, "=")
	return c.Set(k, v)
}
