package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckDefaultScenarioExitsZero(t *testing.T) {
	if testing.Short() {
		t.Skip("explores the default scenario")
	}
	code, out, _ := runCLI(t, "check")
	if code != exitOK || !strings.Contains(out, "no-stale-accept              always-step     holds") {
		t.Fatalf("exit %d; want 0 with no-stale-accept holding:\n%s", code, out)
	}
}

// The acceptance trace: without TIME-WAIT, the passive closer (B, in
// LAST-ACK) receives a RST after A's final ACK was lost.
func TestCheckNoTimewaitShowsTheResetAfterALostFinalACK(t *testing.T) {
	code, out, _ := runCLI(t, "check", "--scenario", "no-timewait")
	if code != exitViolation {
		t.Fatalf("exit %d; want 1", code)
	}
	lost := strings.Index(out, "x lost A->B ACK")
	reset := strings.Index(out, "B: --> RST")
	if !strings.Contains(out, "counterexample to orderly-close-no-reset") || lost < 0 || reset < lost || !strings.Contains(out[reset:], "(connection reset)") {
		t.Fatalf("want a chart in which B receives a RST after A's final ACK is lost:\n%s", out)
	}
}

func TestCheckOutputIsByteStable(t *testing.T) {
	_, out, _ := runCLI(t, "check", "--scenario", "close-wait-leak", "--workers", "1")
	_, again, _ := runCLI(t, "check", "--scenario", "close-wait-leak", "--workers", "2")
	if out != again {
		t.Fatal("output differs between 1 and 2 workers")
	}
	golden(t, "check-close-wait-leak.golden", out)
}

func TestCheckJSONReport(t *testing.T) {
	code, out, _ := runCLI(t, "check", "--scenario", "simultaneous", "--json")
	var r jsonOutput
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if code != exitOK || r.Failed || r.Scenario != "simultaneous" || r.States == 0 || r.Parameters["b-close"] != "first" {
		t.Fatalf("exit %d, report %+v", code, r)
	}
	for _, p := range r.Properties {
		if p.Name == "closing-reached" && (p.Verdict != "holds" || p.Steps != 7 || len(p.Trace) != 7) {
			t.Errorf("closing-reached: %+v; want holds with a 7-step witness", p)
		}
	}
	// A failed run reports its counterexample.
	code, out, _ = runCLI(t, "check", "--scenario", "tw-reuse-constant-isn", "--json")
	r = jsonOutput{}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if code != exitViolation || !r.Failed {
		t.Fatalf("exit %d, report %+v", code, r)
	}
	for _, p := range r.Properties {
		if p.Name == "no-stale-accept" && (p.Verdict != "violated" || p.Steps != 16 || len(p.Trace) != 16) {
			t.Errorf("no-stale-accept: %+v; want violated with a 16-step counterexample", p)
		}
	}
}

func TestCheckWithALimitIsIncomplete(t *testing.T) {
	code, out, _ := runCLI(t, "check", "--max-states", "1000")
	if code != exitIncomplete || !strings.Contains(out, "INCOMPLETE: state limit 1000 reached") || !strings.Contains(out, "incomplete") {
		t.Fatalf("exit %d; want 3 and an incomplete report:\n%s", code, out)
	}
}

func TestCheckTwoPhase(t *testing.T) {
	code, out, _ := runCLI(t, "check", "--model", "twophase", "--rms", "3")
	if code != exitOK || !strings.Contains(out, "288 states") || !strings.Contains(out, "consistent       always     holds") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestConfigFileAndFlagsOverrideTheScenario(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.conf")
	os.WriteFile(cfg, []byte("# no TIME-WAIT, FIFO\ntime-wait = 0\nreorder = false\nduplicate=0\n"), 0o644)
	code, out, _ := runCLI(t, "check", "--config", cfg, "--json")
	var r jsonOutput
	json.Unmarshal([]byte(out), &r)
	if code != exitViolation || r.Scenario != "default+config" || r.Parameters["time-wait"] != "0" {
		t.Fatalf("exit %d, scenario %q, time-wait %q", code, r.Scenario, r.Parameters["time-wait"])
	}
	code, out, _ = runCLI(t, "check", "--scenario", "close-wait-leak", "--b-close", "after-peer", "--tw-restart-on-ack", "--json")
	json.Unmarshal([]byte(out), &r)
	if code != exitOK || r.Scenario != "close-wait-leak+flags" || r.Parameters["b-close"] != "after-peer" || r.Parameters["tw-restart-on-ack"] != "true" {
		t.Fatalf("exit %d, scenario %q, b-close %q, tw-restart-on-ack %q", code, r.Scenario, r.Parameters["b-close"], r.Parameters["tw-restart-on-ack"])
	}
	// Whole-number parameters whose default is 0 or 1 still take a value.
	_, out, _ = runCLI(t, "check", "--scenario", "close-wait-leak", "--loss", "0", "--a-data", "0", "--json")
	json.Unmarshal([]byte(out), &r)
	if r.Parameters["loss"] != "0" || r.Parameters["a-data"] != "0" {
		t.Fatalf("--loss 0 --a-data 0 gave loss %q, a-data %q", r.Parameters["loss"], r.Parameters["a-data"])
	}
	// A boolean parameter takes --name alone (true) or --name=false.
	_, out, _ = runCLI(t, "check", "--scenario", "close-wait-leak", "--rfc1337=false", "--json")
	json.Unmarshal([]byte(out), &r)
	if r.Parameters["rfc1337"] != "false" {
		t.Fatalf("--rfc1337=false gave rfc1337 %q", r.Parameters["rfc1337"])
	}
}

func TestBadCheckInputGetsOneLineAndExitCode2(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	unknown := write("unknown.conf", "msl = 2\nfrobs = 3\n")
	badValue := write("bad.conf", "msl = two\n")
	noEquals := write("noeq.conf", "msl 2\n")
	outOfRange := write("range.conf", "msl = 99\n")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"check", "--scenario", "nope"}, `--scenario "nope": want one of default,`},
		{[]string{"check", "--msl", "x"}, `invalid value "x" for flag -msl: want a whole number`},
		{[]string{"check", "--isn", "random"}, `invalid value "random" for flag -isn: want one of clock, any, constant`},
		{[]string{"check", "--reorder=maybe"}, `invalid boolean value "maybe" for -reorder`},
		{[]string{"check", "--reorder", "maybe"}, `unexpected argument "maybe"`},
		{[]string{"check", "--msl", "0"}, "msl 0: want a whole number from 1 to 15"},
		{[]string{"check", "--config", filepath.Join(dir, "missing.conf")}, "cannot read it (no such file or directory)"},
		{[]string{"check", "--config", unknown}, `line 2: unknown parameter "frobs"; want one of seq-space,`},
		{[]string{"check", "--config", badValue}, `line 1: msl "two": want a whole number`},
		{[]string{"check", "--config", noEquals}, `line 1: "msl 2": want key = value`},
		{[]string{"check", "--config", outOfRange}, "msl 99: want a whole number from 1 to 15"},
		{[]string{"check", "--markdown"}, "--markdown goes with --all"},
		{[]string{"check", "--show", "nothing"}, `--show "nothing": want a property name`},
		{[]string{"check", "--model", "paxos"}, `--model "paxos": want tcp or twophase`},
		{[]string{"check", "--model", "twophase", "--rms", "99"}, "--rms 99: want a number from 1 to 16"},
		{[]string{"check", "--max-depth", "-2"}, "--max-depth -2: want 0 or a positive number"},
		{[]string{"sweep", "--msl", "1,x"}, `--msl "1,x": want comma-separated whole numbers from 2 to 15`},
		{[]string{"list", "extra"}, `unexpected argument "extra"`},
	}
	for _, tc := range cases {
		wantUsageError(t, tc.args, tc.want)
	}
}

func TestListShowsScenariosPropertiesAndParameters(t *testing.T) {
	code, out, _ := runCLI(t, "list")
	for _, want := range []string{"tw-reuse-any-isn", "no-stale-accept", "always-step", "time-wait            4"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
}

func TestSimulateFindsAViolationAndItsSeedReproducesIt(t *testing.T) {
	code, out, _ := runCLI(t, "simulate", "--scenario", "tw-reuse-constant-isn", "--seed", "1", "--runs", "200", "--depth", "40")
	i := strings.Index(out, "reproduce with: timewait simulate ")
	if code != exitViolation || i < 0 {
		t.Fatalf("exit %d; want 1 and a seed to reproduce:\n%s", code, out)
	}
	args := strings.Fields(strings.SplitN(out[i+len("reproduce with: timewait "):], "\n", 2)[0])
	code2, out2, _ := runCLI(t, args...)
	chart := out[strings.Index(out, "step  A"):]
	if code2 != exitViolation || !strings.Contains(out2, chart) {
		t.Fatalf("replaying %q: exit %d, and a different trace:\n%s", args, code2, out2)
	}
}

func TestSimulateDefaultFindsNothing(t *testing.T) {
	code, out, _ := runCLI(t, "simulate", "--runs", "50", "--depth", "60")
	if code != exitOK || !strings.Contains(out, "no violation found") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// The sweep's grid, with a state limit so that it runs in a moment: one row
// per TIME-WAIT length from 0 to 2*MSL+1, the 2*MSL row marked, every run
// incomplete (exit 3, never "holds").
func TestSweepPrintsTheGridAndReportsLimits(t *testing.T) {
	code, out, _ := runCLI(t, "sweep", "--msl", "2", "--max-states", "2000")
	rows := 0
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) >= 5 && f[0] == "2" {
			rows++
			if strings.Contains(l, "holds") {
				t.Errorf("a limited run says holds: %q", l)
			}
		}
	}
	if code != exitIncomplete || rows != 6 || strings.Count(out, "<- 2*MSL") != 1 {
		t.Fatalf("exit %d, %d rows; want exit 3 and 6 rows with the 2*MSL one marked:\n%s", code, rows, out)
	}
}
