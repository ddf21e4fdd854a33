package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/timewait/timewait/conform"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/packetdrill"
)

func TestBadPacketdrillInputGetsOneLineAndExitCode2(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pkt")
	if err := os.WriteFile(bad, []byte("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 poll([{fd=3, events=POLLOUT}], 1, 0) = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join("..", "..", "conform", "testdata", "packetdrill", "linger0.pkt")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"conform", "--packetdrill", bad}, bad + ":2: system call poll is outside the subset; want one of socket, bind,"},
		{[]string{"conform", "--packetdrill", filepath.Join(dir, "none.pkt")}, `cannot read it (no such file or directory); want a packetdrill script`},
		{[]string{"conform", "--packetdrill", script, "--against", "bsd"}, `--against "bsd": want model, kernel or both`},
		{[]string{"conform", "--packetdrill", script, "--random", "3"}, "--random does not go with --packetdrill"},
		{[]string{"conform", "--packetdrill", script, "--profile", "bsd", "--against", "model"}, `--profile "bsd": want rfc or linux`},
		{[]string{"conform", "--against", "model"}, "--against does not go with no --packetdrill script"},
		{[]string{"conform", "--reorder"}, "--reorder does not go with --random 0 (no random traces)"},
		{[]string{"conform", "--packetdrill", script, "--reorder"}, "--reorder does not go with --packetdrill"},
		{[]string{"check", "--packetdrill", "-"}, `--packetdrill "-": want a file name (stdout holds the report)`},
		{[]string{"check", "--all", "--packetdrill", filepath.Join(dir, "x.pkt")}, "--packetdrill does not go with --all"},
		{[]string{"check", "--trace-out", filepath.Join(dir, "x"), "--packetdrill", filepath.Join(dir, "x")}, "another flag names that file; give each its own"},
	} {
		wantUsageError(t, tc.args, tc.want)
	}
}

// The model plays a script without root: linger0 passes under the linux
// profile and shows the RST,ACK of abort-rst-ack under the rfc profile.
func TestConformPlaysAScriptAgainstTheModel(t *testing.T) {
	script := filepath.Join("..", "..", "conform", "testdata", "packetdrill", "linger0.pkt")
	code, out, errs := runCLI(t, "conform", "--packetdrill", script, "--profile", "linux", "--against", "model")
	want := "packetdrill script " + script + ": 10 events; its socket connects (the model's A)\n\nthe model (linux profile)            passes\n"
	if code != exitOK || out != want || errs != "" {
		t.Errorf("exit %d, stdout\n%s\nstderr %q; want\n%s", code, out, errs, want)
	}
	code, out, _ = runCLI(t, "conform", "--packetdrill", script, "--against", "model")
	if code != exitViolation || !strings.HasSuffix(out, "the model (rfc profile)              line 11: the script expects > R. 1:1(0) ack 1; the model sends > R 1:1(0)\n") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// check --packetdrill writes A's side of a counterexample (here the one
// of no-timewait, replayed from its trace file) as a script; the parser
// reads it back, its segments are the trace's, and it plays against the
// model and, as root, the kernel.
func TestCheckWritesACounterexampleAsAPacketdrillScript(t *testing.T) {
	out := filepath.Join(t.TempDir(), "no-timewait.pkt")
	trace := filepath.Join("testdata", "trace-no-timewait.itf.json")
	code, _, errs := runCLI(t, "check", "--replay", trace, "--packetdrill", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "packetdrill-no-timewait.pkt", strings.ReplaceAll(string(data), out, "OUT"))
	s, err := packetdrill.Parse(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if again, err := packetdrill.Parse(s.String()); err != nil || again.String() != s.String() {
		t.Fatalf("round trip: %v\n%s", err, s)
	}
	// The trace's segments up to A's second connection: those delivered
	// to A are the < lines, those A sent the > lines, in order.
	run, err := readTraceFile("--replay", trace)
	if err != nil {
		t.Fatal(err)
	}
	var in, outSegs []string
	for i := 1; i < len(run.trace.Steps); i++ {
		prev, a := run.trace.Steps[i-1].State, run.trace.Steps[i].Action
		if a.Kind == model.ActConnect && prev.A.Conns > 0 {
			break
		}
		_, eff, _ := run.model.Step(prev, a)
		if a.Kind == model.ActDeliver && a.Side == model.B {
			in = append(in, eff.Seg.Kind())
		}
		if eff.Side == model.A && a.Kind != model.ActDeliver || a.Kind == model.ActDeliver && a.Side == model.B {
			for _, seg := range eff.Sent {
				outSegs = append(outSegs, seg.Kind())
			}
		}
	}
	var gotIn, gotOut []string
	for _, e := range s.Events {
		if e.Packet == nil {
			continue
		}
		kind := model.Segment{Flags: 0, Len: uint8(e.Packet.Len)}
		for _, f := range []struct {
			w uint16
			m model.Flags
		}{{packetdrill.SYN, model.SYN}, {packetdrill.FIN, model.FIN}, {packetdrill.RST, model.RST}, {packetdrill.ACK, model.ACK}} {
			if e.Packet.Flags&f.w != 0 {
				kind.Flags |= f.m
			}
		}
		if e.Packet.Dir == packetdrill.Inbound {
			gotIn = append(gotIn, kind.Kind())
		} else {
			gotOut = append(gotOut, kind.Kind())
		}
	}
	if strings.Join(gotIn, " ") != strings.Join(in, " ") || strings.Join(gotOut, " ") != strings.Join(outSegs, " ") {
		t.Errorf("script: in %v, out %v\ntrace: in %v, out %v", gotIn, gotOut, in, outSegs)
	}
	if len(in) != 4 || len(outSegs) != 5 {
		t.Errorf("%d segments to A and %d from A; want 4 and 5", len(in), len(outSegs))
	}
	sc, err := conform.LoadScript(out, data)
	if err != nil {
		t.Fatal(err)
	}
	v, err := conform.PlayModel(sc, "linux")
	if err != nil || !v.Passed() {
		t.Errorf("against the model: %v %v", v, err)
	}
	if os.Geteuid() != 0 {
		t.Skip("the kernel's side needs root for its network namespace")
	}
	code, stdout, errs := runCLI(t, "conform", "--packetdrill", out, "--profile", "linux")
	if code == exitUnavailable {
		t.Skip(strings.TrimSpace(errs))
	}
	if code != exitOK || !strings.Contains(stdout, "Linux ") || strings.Count(stdout, " passes\n") != 2 {
		t.Errorf("exit %d:\n%s%s", code, stdout, errs)
	}
}
