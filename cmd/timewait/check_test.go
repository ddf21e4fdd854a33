package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/timewait/timewait/properties"
)

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
		if p.Name == "closing-reached" && (p.Verdict != "reached" || p.Steps != 7 || len(p.Trace) != 7) {
			t.Errorf("closing-reached: %+v; want reached with a 7-step witness", p)
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
		if p.Name != "no-stale-accept" {
			continue
		}
		// trace_steps says why: the last step delivers a segment of an older
		// incarnation than the receiver's connection.
		if len(p.TraceSteps) != 17 || p.TraceSteps[0].A.TCB != nil || p.TraceSteps[0].Segment != nil {
			t.Fatalf("trace_steps: %d states, the first %+v; want 17, the first without TCBs", len(p.TraceSteps), p.TraceSteps[0])
		}
		last := p.TraceSteps[16]
		recv := map[string]jsonEndpoint{"A": last.B, "B": last.A}
		if last.Segment == nil || last.Segment.Incarnation >= recv[last.Segment.Sender].TCB["inc"] {
			t.Errorf("the last step's segment %+v is no older than its receiver's connection %+v", last.Segment, recv)
		}
	}
}

// JSON says what the text says, and what the exit code says: witnesses are
// reached or unreached (never "holds" or "violated"), and a liveness
// failure is a failed run (exit 4, outcome fail).
func TestJSONVerdictsAgreeWithTheTextAndTheExitCode(t *testing.T) {
	short := map[string]string{"holds": "holds", "never reached": "unreached", "not checked": "not checked", "n/a": "n/a", "incomplete": "incomplete"}
	for _, args := range [][]string{
		{"check", "--scenario", "no-timewait"},
		{"check", "--scenario", "close-wait-leak", "--liveness"},
	} {
		code, text, _ := runCLI(t, args...)
		jcode, out, _ := runCLI(t, append(args, "--json")...)
		var r jsonOutput
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		wantOutcome := map[int]string{exitOK: "pass", exitViolation: "fail", exitLiveness: "fail", exitIncomplete: "incomplete"}[code]
		if jcode != code || r.Outcome != wantOutcome || r.Failed != (wantOutcome == "fail") {
			t.Errorf("%q: exit %d, with --json exit %d, outcome %q, failed %v; want the same exit and outcome %q", args, code, jcode, r.Outcome, r.Failed, wantOutcome)
		}
		for _, p := range r.Properties {
			var line string
			for _, l := range strings.Split(text, "\n") {
				if f := strings.Fields(l); len(f) > 2 && f[0] == p.Name {
					line = strings.Join(f[2:], " ")
				}
			}
			want, ok := short[line]
			switch {
			case strings.HasPrefix(line, "reached ("):
				want, ok = "reached", true
			case strings.HasPrefix(line, "VIOLATED ("):
				want, ok = "violated", true
			}
			if !ok || p.Verdict != want {
				t.Errorf("%q: %s is %q in the text and %q in JSON", args, p.Name, line, p.Verdict)
			}
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
	if code != exitViolation || r.Scenario != "default+config" || r.Parameters["time-wait"] != 0.0 {
		t.Fatalf("exit %d, scenario %q, time-wait %v", code, r.Scenario, r.Parameters["time-wait"])
	}
	code, out, _ = runCLI(t, "check", "--scenario", "close-wait-leak", "--b-close", "after-peer", "--tw-restart-on-ack", "--json")
	json.Unmarshal([]byte(out), &r)
	if code != exitOK || r.Scenario != "close-wait-leak+flags" || r.Parameters["b-close"] != "after-peer" || r.Parameters["tw-restart-on-ack"] != true {
		t.Fatalf("exit %d, scenario %q, b-close %v, tw-restart-on-ack %v", code, r.Scenario, r.Parameters["b-close"], r.Parameters["tw-restart-on-ack"])
	}
	// Whole-number parameters whose default is 0 or 1 still take a value.
	_, out, _ = runCLI(t, "check", "--scenario", "close-wait-leak", "--loss", "0", "--a-data", "0", "--json")
	json.Unmarshal([]byte(out), &r)
	if r.Parameters["loss"] != 0.0 || r.Parameters["a-data"] != 0.0 {
		t.Fatalf("--loss 0 --a-data 0 gave loss %v, a-data %v", r.Parameters["loss"], r.Parameters["a-data"])
	}
	// A boolean parameter takes --name alone (true) or --name=false.
	_, out, _ = runCLI(t, "check", "--scenario", "close-wait-leak", "--rfc1337=false", "--json")
	json.Unmarshal([]byte(out), &r)
	if r.Parameters["rfc1337"] != false {
		t.Fatalf("--rfc1337=false gave rfc1337 %v", r.Parameters["rfc1337"])
	}
}

// --coverage counts every action of the model, as TLC's -coverage does:
// in the text report, a table and the actions never taken; in JSON, the
// same counts. They are the same for any number of workers.
func TestCheckCoverage(t *testing.T) {
	code, out, _ := runCLI(t, "check", "--model", "twophase", "--rms", "3", "--coverage")
	if code != exitOK || !strings.Contains(out, "TMCommit                                1            1") || strings.Contains(out, "never taken") {
		t.Fatalf("exit %d; want every TwoPhase action taken, TMCommit once:\n%s", code, out)
	}
	var first string
	for _, workers := range []string{"1", "2"} {
		args := []string{"check", "--scenario", "close-wait-leak", "--coverage", "--json", "--workers", workers}
		code, out, _ := runCLI(t, args...)
		validate(t, schema(t, "check"), args, out)
		var r jsonOutput
		// Liveness is checked by default: eventually-closed is violated.
		if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitLiveness {
			t.Fatalf("exit %d, %v; want 4:\n%s", code, err, out)
		}
		taken := int64(0)
		for _, c := range r.Coverage {
			taken += c.Taken
		}
		// B never closes: its close is never taken, nor A's TIME-WAIT timer.
		if taken != r.Transitions || !slices.Contains(r.NeverTaken, "close B") || !slices.Contains(r.NeverTaken, "time-wait-timer A") {
			t.Fatalf("coverage takes %d of %d transitions; never taken %v", taken, r.Transitions, r.NeverTaken)
		}
		got, _ := json.Marshal(r.Coverage)
		if first == "" {
			first = string(got)
		} else if first != string(got) {
			t.Fatalf("coverage differs between 1 and 2 workers")
		}
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
	twice := write("twice.conf", "msl = 2\nmsl = 3\n")
	long := write("long.conf", "msl = 2\n# "+strings.Repeat("x", 70<<10)+"\n")
	narrow := write("narrow.conf", "window = 5\n")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"check", "--scenario", "nope"}, `--scenario "nope": want one of default,`},
		{[]string{"check", "--msl", "x"}, `--msl "x": want a whole number from 1 to 15`},
		{[]string{"check", "--isn", "random"}, `--isn "random": want one of clock, any, constant`},
		{[]string{"check", "--reorder=maybe"}, `--reorder "maybe": want true or false`},
		{[]string{"check", "--reorder", "maybe"}, `unexpected argument "maybe"`},
		{[]string{"check", "--msl", "0"}, `--msl "0": want a whole number from 1 to 15`},
		{[]string{"check", "--config", filepath.Join(dir, "missing.conf")}, "cannot read it (no such file or directory)"},
		{[]string{"check", "--config", unknown}, `line 2: unknown parameter "frobs"; want one of seq-space,`},
		{[]string{"check", "--config", badValue}, `line 1: msl "two": want a whole number`},
		{[]string{"check", "--config", noEquals}, `line 1: "msl 2": want key = value`},
		{[]string{"check", "--config", outOfRange}, `range.conf" line 1: msl "99": want a whole number from 1 to 15`},
		{[]string{"check", "--config", twice}, `twice.conf" line 2: "msl" is set again (first on line 1); set each key once`},
		{[]string{"check", "--config", long}, `long.conf" line 2: longer than 64 KiB; want short key = value lines`},
		{[]string{"check", "--config", narrow, "--seq-space", "8"}, `narrow.conf" line 1: window "5": want a whole number from 1 to 4`},
		{[]string{"check", "--window", "9", "--seq-space", "8"}, `--window "9": want a whole number from 1 to 4`},
		{[]string{"check", "--all", "--scenario", "linger0"}, "--scenario does not go with --all"},
		{[]string{"check", "--all", "--show", "no-stale-accept"}, "--show does not go with --all"},
		{[]string{"check", "--all", "--config", narrow}, "--config does not go with --all"},
		{[]string{"check", "--all", "--msl", "3"}, "--msl does not go with --all"},
		{[]string{"check", "--all", "--coverage"}, "--coverage does not go with --all"},
		{[]string{"check", "--model", "twophase", "--msl", "3"}, "--msl does not go with --model twophase"},
		{[]string{"check", "--model", "twophase", "--json"}, "--json does not go with --model twophase"},
		{[]string{"check", "--model", "twophase", "--liveness"}, "--liveness does not go with --model twophase, which has no liveness properties"},
		{[]string{"check", "--rms", "4"}, "--rms does not go with --model tcp"},
		{[]string{"check", "--all", "--markdown", "--json"}, "--markdown and --json are two forms of one report: choose one"},
		{[]string{"check", "--json", "--show", "no-stale-accept"}, "--show goes with the text report"},
		{[]string{"check", "--msl", "2", "--msl", "3"}, `--msl given twice ("3"); give each flag once`},
		{[]string{"check", "--\x1b[31mred"}, `unknown flag "--\x1b[31mred"`},
		{[]string{"check", "--markdown"}, "--markdown goes with --all"},
		{[]string{"check", "--show", "nothing"}, `--show "nothing": want a property name`},
		{[]string{"check", "--model", "paxos"}, `--model "paxos": want tcp or twophase`},
		{[]string{"check", "--model", "twophase", "--rms", "99"}, `--rms "99": want a whole number from 1 to 16`},
		{[]string{"check", "--max-depth", "-2"}, `--max-depth "-2": want a whole number from 0 to 1000000000000`},
		{[]string{"sweep", "--msl", "1,x"}, `--msl "1,x": want comma-separated whole numbers from 2 to 15`},
		{[]string{"list", "extra"}, `unexpected argument "extra"`},
	}
	for _, tc := range cases {
		wantUsageError(t, tc.args, tc.want)
	}
}

func TestListShowsScenariosPropertiesAndParameters(t *testing.T) {
	code, out, _ := runCLI(t, "list")
	for _, want := range []string{"tw-reuse-any-isn", "no-stale-accept", "always-step",
		"\n  time-wait                4          TIME-WAIT length"} { // the parameters' columns fit the widest name and value
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	// What no-timewait changes, on its own line under the summaries, which
	// start after the widest scenario name.
	width := 0
	for _, name := range properties.ScenarioNames() {
		width = max(width, len(name))
	}
	if want := "\n" + strings.Repeat(" ", 2+width+1+2) + "time-wait=0 duplicate=0 reorder=false\n"; !strings.Contains(out, want) {
		t.Errorf("list lacks %q:\n%s", want, out)
	}
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	code, out, _ = runCLI(t, "list", "--json")
	var l struct {
		Scenarios []struct {
			Name        string         `json:"name"`
			Differences map[string]any `json:"differences_from_default"`
		} `json:"scenarios"`
		Parameters []struct {
			Name    string `json:"name"`
			Default any    `json:"default"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal([]byte(out), &l); err != nil || code != exitOK {
		t.Fatalf("list --json: exit %d, %v:\n%s", code, err, out)
	}
	typed := map[string]any{}
	for _, p := range l.Parameters {
		typed[p.Name] = p.Default
	}
	if typed["time-wait"] != 4.0 || typed["rfc1337"] != true || typed["isn"] != "clock" {
		t.Errorf("parameters %v; want numbers as numbers, booleans as booleans, names as strings", typed)
	}
	if l.Scenarios[1].Name != "no-timewait" || l.Scenarios[1].Differences["reorder"] != false || l.Scenarios[1].Differences["time-wait"] != 0.0 {
		t.Errorf("no-timewait's differences %v", l.Scenarios[1].Differences)
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

// A sweep row with one property violated and the other left open by a limit
// is marked INCOMPLETE and the sweep exits 3: a violation found does not make
// the row complete.
func TestASweepRowWithAViolationAndAnOpenVerdictIsIncomplete(t *testing.T) {
	code, out, _ := runCLI(t, "sweep", "--msl", "2", "--time-wait", "0", "--max-states", "30000", "-q")
	if code != exitIncomplete || !strings.Contains(out, "incomplete         VIOLATED (12)  INCOMPLETE: state limit 30000 reached") {
		t.Fatalf("exit %d; want 3 and the row marked:\n%s", code, out)
	}
}
