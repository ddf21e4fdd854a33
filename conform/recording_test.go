package conform

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/timewait/timewait/model"
)

// randomTimestampLogs is how many random traces with timestamps (seed 1)
// have recorded logs: the 40 of TestRandomTracesWithTimestampsAgainstTheKernel.
const randomTimestampLogs = 40

// reorderedLogs is how many random traces over a reordering network
// (seed 1) have recorded logs: the 20 of
// TestReorderedRandomTracesAgainstTheKernel, and 10 with timestamps.
var reorderedLogs = map[string]int{"random-reorder": 20, "random-timestamps-reorder": 10}

// randomConfigs are the configurations of the random traces that have
// recorded logs, by the name randomScenario gives their scenario.
var randomConfigs = map[string]func() model.Config{
	"random":            RandomConfig,
	"random-timestamps": RandomTimestampsConfig,
	"random-reorder": func() model.Config {
		c := RandomConfig()
		c.Reorder = true
		return c
	},
	"random-timestamps-reorder": func() model.Config {
		c := RandomTimestampsConfig()
		c.Reorder = true
		return c
	},
}

var record = flag.Bool("record", false, "replay every scenario on the live kernel (root) and record the logs under testdata/logs")

// logScenario returns the configuration and steps a log was recorded
// from: a named scenario, "random:SEED:I", random trace I of SEED, or
// "random-timestamps:SEED:I", the same drawn from RandomTimestampsConfig,
// or either with -reorder before the colon, the same over a network that
// reorders (randomConfigs).
func logScenario(h LogHeader) (model.Config, []Step, map[string]string, *Known, error) {
	for name, config := range randomConfigs {
		rest, ok := strings.CutPrefix(h.Scenario, name+":")
		if !ok {
			continue
		}
		seedText, iText, _ := strings.Cut(rest, ":")
		seed, err1 := strconv.ParseUint(seedText, 10, 64)
		i, err2 := strconv.Atoi(iText)
		if err1 != nil || err2 != nil {
			return model.Config{}, nil, nil, nil, fmt.Errorf("bad random scenario %q", h.Scenario)
		}
		sc, tw, err := randomScenario(config(), h.Profile, seed+uint64(i), 30)
		if err != nil {
			return model.Config{}, nil, nil, nil, err
		}
		if sc.Name != name {
			return model.Config{}, nil, nil, nil, fmt.Errorf("random scenario %q: its configuration's traces are named %s", h.Scenario, sc.Name)
		}
		return tw.M.Config(), sc.Steps, sc.Sysctls(), nil, nil
	}
	sc, ok := ScenarioByName(h.Scenario)
	if !ok {
		return model.Config{}, nil, nil, nil, fmt.Errorf("no scenario %q", h.Scenario)
	}
	c, err := sc.Config(h.Profile)
	return c, sc.Steps, sc.Sysctls(), sc.RFCDivergence, err
}

func resultText(d *Divergence) string {
	if d == nil {
		return "agrees"
	}
	return d.String()
}

// TestRecordLogs replays every scenario (and a few random traces) on the
// live kernel and records what the kernel did, for the playback test. It
// runs only with -record, as root.
func TestRecordLogs(t *testing.T) {
	if !*record {
		t.Skip("records only with -record")
	}
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		t.Fatal(err)
	}
	kernel := unix.ByteSliceToString(u.Release[:])
	var headers []LogHeader
	for _, profile := range model.Profiles {
		for _, sc := range Scenarios() {
			headers = append(headers, LogHeader{Kernel: kernel, Scenario: sc.Name, Profile: profile})
		}
	}
	for i := range 5 {
		headers = append(headers, LogHeader{Kernel: kernel, Scenario: fmt.Sprintf("random:1:%d", i), Profile: "linux"})
	}
	for i := range randomTimestampLogs {
		headers = append(headers, LogHeader{Kernel: kernel, Scenario: fmt.Sprintf("random-timestamps:1:%d", i), Profile: "linux"})
	}
	for _, name := range []string{"random-reorder", "random-timestamps-reorder"} {
		for i := range reorderedLogs[name] {
			headers = append(headers, LogHeader{Kernel: kernel, Scenario: fmt.Sprintf("%s:1:%d", name, i), Profile: "linux"})
		}
	}
	for _, h := range headers {
		c, steps, sysctls, _, err := logScenario(h)
		if err != nil {
			t.Fatal(err)
		}
		tw, err := NewTwin(c)
		if err != nil {
			t.Fatal(err)
		}
		rec := &Recorder{}
		runLab(t, sysctls, func(l *Lab) error {
			rec.K = l
			d, err := Replay(rec, tw, steps)
			h.Result = resultText(d)
			return err
		})
		var buf bytes.Buffer
		if err := rec.WriteLog(&buf, h); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "logs", h.Profile, strings.ReplaceAll(h.Scenario, ":", "-")+".jsonl")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The replay's mapping and comparison, without root: each log recorded
// from the live kernel is played back through the same replay, which must
// ask the kernel exactly what it asked live, write the same bytes, use
// every event, and come to the same result. Linux-profile logs agree;
// rfc-profile logs differ exactly where the scenario names its option.
func TestPlaybackOfRecordedLogs(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "logs", "*", "*.jsonl"))
	if err != nil || len(paths) < 2*len(Scenarios()) {
		t.Fatalf("%d recorded logs (%v); want every scenario for both profiles (go test ./conform -run RecordLogs -record, as root)", len(paths), err)
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			pb := readLogFile(t, path, "go test ./conform -run RecordLogs -record, as root")
			c, steps, _, known, err := logScenario(pb.Header)
			if err != nil {
				t.Fatal(err)
			}
			tw, err := NewTwin(c)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Replay(pb, tw, steps)
			if err != nil {
				t.Fatal(err)
			}
			if got := resultText(d); got != pb.Header.Result {
				t.Errorf("played back: %s\nrecorded live: %s", got, pb.Header.Result)
			}
			if !pb.Done() {
				t.Errorf("the replay left events of the log unused")
			}
			wantDivergence := pb.Header.Profile == "rfc" && known != nil
			if (d != nil) != wantDivergence {
				t.Errorf("divergence %v, want one: %v", d, wantDivergence)
			}
		})
	}
}

// The random traces with timestamps, without root: every one of them has
// a log, and played back (as TestPlaybackOfRecordedLogs plays each log)
// every one agrees, as live. Played back with accept-end-at-rcv-nxt off,
// the two traces in which B's retransmission reaches A ending exactly at
// A's RCV.NXT differ, each where that segment reaches A: the option is
// what makes them agree.
func TestPlaybackOfRandomTracesWithTimestamps(t *testing.T) {
	var without []string
	for i := range randomTimestampLogs {
		path := filepath.Join("testdata", "logs", "linux", fmt.Sprintf("random-timestamps-1-%d.jsonl", i))
		pb := readLogFile(t, path, "go test ./conform -run RecordLogs -record, as root")
		if want := fmt.Sprintf("random-timestamps:1:%d", i); pb.Header.Scenario != want || pb.Header.Profile != "linux" {
			t.Fatalf("log %d: scenario %q, profile %q; want %s, linux", i, pb.Header.Scenario, pb.Header.Profile, want)
		}
		c, steps, sysctls, _, err := logScenario(pb.Header)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Timestamps || !c.AcceptEndAtRcvNxt || sysctls["tcp_timestamps"] != "1" {
			t.Fatalf("log %d: timestamps %v, accept-end-at-rcv-nxt %v, tcp_timestamps %q; want all on", i, c.Timestamps, c.AcceptEndAtRcvNxt, sysctls["tcp_timestamps"])
		}
		for _, fix := range []bool{true, false} {
			c.AcceptEndAtRcvNxt = fix
			tw, err := NewTwin(c)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Replay(readLogFile(t, path, ""), tw, steps)
			switch {
			case err != nil:
				t.Fatalf("log %d: %v", i, err)
			case d != nil && fix:
				t.Errorf("log %d: %v", i, d)
			case d != nil:
				if !strings.HasPrefix(d.Action, "deliver B->A") {
					t.Errorf("log %d without accept-end-at-rcv-nxt: %v; want a difference where B's segment reaches A", i, d)
				}
				without = append(without, fmt.Sprintf("%d at step %d", i, d.Step))
			}
		}
	}
	if got, want := strings.Join(without, ", "), "9 at step 17, 29 at step 13"; got != want {
		t.Errorf("without accept-end-at-rcv-nxt the logs differ: %s; want %s", got, want)
	}
}

// The random traces over a reordering network, without root: the 20 of
// TestReorderedRandomTracesAgainstTheKernel and 10 with timestamps each
// have a log, and played back every one agrees, as live. Their steps hold
// deliveries that overtake a segment sent before them, some of them of
// B's data or FIN to the kernel, which the kernel took out of order.
func TestPlaybackOfReorderedRandomTraces(t *testing.T) {
	// The overtaking deliveries in each set's steps, and those of them
	// of B's data or FIN to the kernel.
	wantOvertaking := map[string][2]int{"random-reorder": {41, 7}, "random-timestamps-reorder": {21, 3}}
	for _, name := range []string{"random-reorder", "random-timestamps-reorder"} {
		t.Run(name, func(t *testing.T) {
			kinds := StepKinds{}
			for i := range reorderedLogs[name] {
				path := filepath.Join("testdata", "logs", "linux", fmt.Sprintf("%s-1-%d.jsonl", name, i))
				pb := readLogFile(t, path, "go test ./conform -run RecordLogs -record, as root")
				if want := fmt.Sprintf("%s:1:%d", name, i); pb.Header.Scenario != want || pb.Header.Profile != "linux" {
					t.Fatalf("log %d: scenario %q, profile %q; want %s, linux", i, pb.Header.Scenario, pb.Header.Profile, want)
				}
				c, steps, sysctls, _, err := logScenario(pb.Header)
				if err != nil {
					t.Fatal(err)
				}
				wantTimestamps := name == "random-timestamps-reorder"
				if !c.Reorder || c.Timestamps != wantTimestamps || (sysctls["tcp_timestamps"] == "1") != wantTimestamps {
					t.Fatalf("log %d: reorder %v, timestamps %v, tcp_timestamps %q; want reorder, timestamps %v", i, c.Reorder, c.Timestamps, sysctls["tcp_timestamps"], wantTimestamps)
				}
				tw, err := NewTwin(c)
				if err != nil {
					t.Fatal(err)
				}
				d, err := Replay(pb, tw, steps)
				if err != nil {
					t.Fatalf("log %d: %v", i, err)
				}
				if d != nil || pb.Header.Result != "agrees" {
					t.Errorf("log %d: played back: %v; recorded live: %s", i, d, pb.Header.Result)
				}
				if !pb.Done() {
					t.Errorf("log %d: the replay left events of the log unused", i)
				}
				k, err := CountSteps(tw.M, steps, len(steps))
				if err != nil {
					t.Fatal(err)
				}
				kinds.Add(k)
			}
			// The kernel takes B's data or FIN that overtook out of
			// order (tcp_data_queue's out-of-order queue).
			var overtaking, outOfOrder int
			for _, kind := range kinds.Names() {
				seg, ok := strings.CutSuffix(kind, ", overtaking")
				if !ok {
					continue
				}
				t.Logf("%s: %d", kind, kinds[kind])
				overtaking += kinds[kind]
				if seg, ok := strings.CutPrefix(seg, "deliver B->A: "); ok && (strings.Contains(seg, "DATA") || strings.Contains(seg, "FIN")) {
					outOfOrder += kinds[kind]
				}
			}
			if want := wantOvertaking[name]; overtaking != want[0] || outOfOrder != want[1] {
				t.Errorf("%d overtaking deliveries, %d of them of B's data or FIN to the kernel; want %d and %d", overtaking, outOfOrder, want[0], want[1])
			}
		})
	}
}

// The same without root: each recorded linux-profile log of a scenario
// with a Fix, played back with that option turned off, shows a
// divergence at the step the fix is about.
func TestPlaybackCatchesEachFix(t *testing.T) {
	n := 0
	for _, sc := range Scenarios() {
		if sc.Fix == nil {
			continue
		}
		n++
		t.Run(sc.Name, func(t *testing.T) {
			pb := readLogFile(t, filepath.Join("testdata", "logs", "linux", sc.Name+".jsonl"), "go test ./conform -run RecordLogs -record, as root")
			d, err := Replay(pb, twinWithoutFix(t, sc), sc.Steps)
			if err != nil {
				t.Fatal(err)
			}
			if d == nil || d.Step != len(sc.Steps) {
				t.Errorf("without %s: divergence %v; want one at the last step, %d", sc.Fix, d, len(sc.Steps))
			}
		})
	}
	if n != 19 {
		t.Errorf("%d scenarios with a fix; want 19", n)
	}
}

func FuzzReadLog(f *testing.F) {
	if paths, _ := filepath.Glob(filepath.Join("testdata", "logs", "linux", "*.jsonl")); len(paths) > 0 {
		if b, err := os.ReadFile(paths[0]); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"kernel":"6","scenario":"active-close","profile":"rfc","result":"agrees"}` + "\n" + `{"op":"read","timeout":true}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pb, err := ReadLog(bytes.NewReader(b))
		if err != nil {
			return
		}
		// A parsed log plays back without panicking, whatever it holds.
		for range pb.events {
			if _, err := pb.Read(0); err != nil {
				break
			}
		}
	})
}

// readLogFile reads the recorded log at path; record says how to record
// it when it is missing.
func readLogFile(t *testing.T, path, record string) *Playback {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (record with %s)", err, record)
	}
	defer f.Close()
	pb, err := ReadLog(f)
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

// twinWithoutFix is the model twin of sc under the linux profile with the
// option that made it agree (Scenario.Fix) turned off.
func twinWithoutFix(t *testing.T, sc Scenario) *Twin {
	t.Helper()
	c, err := sc.Config("linux")
	if err != nil {
		t.Fatal(err)
	}
	if c, err = sc.WithoutFix(c); err != nil {
		t.Fatal(err)
	}
	tw, err := NewTwin(c)
	if err != nil {
		t.Fatal(err)
	}
	tw.WireTimestamps = sc.LabTimestamps() // the kernel keeps its timestamps
	return tw
}
