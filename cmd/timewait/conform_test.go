package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// activeClosePkt is the project's packetdrill script of an active close.
const activeClosePkt = "../../conform/testdata/packetdrill/active-close.pkt"

func TestBadConformInputGetsOneLineAndExitCode2(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"conform", "--scenario", "handshake"}, `--scenario "handshake": want all or one of active-close,`},
		{[]string{"conform", "--profile", "bsd"}, `--profile "bsd": want rfc or linux`},
		{[]string{"conform", "--random", "-1"}, `--random "-1": want a whole number from 0 to 10000`},
		{[]string{"conform", "--seed", "3"}, "--seed does not go with --random 0 (no random traces)"},
		{[]string{"conform", "--random", "2", "--depth", "0"}, `--depth "0": want a whole number from 1 to 200`},
		{[]string{"conform", "--timestamps"}, "--timestamps does not go with --random 0 (no random traces)"},
		{[]string{"conform", "--packetdrill", activeClosePkt, "--timestamps"}, "--timestamps does not go with --packetdrill"},
	} {
		wantUsageError(t, tc.args, tc.want)
	}
}

// As root (CI here), conform replays against the kernel: with the linux
// profile a scenario agrees; with the rfc profile SO_LINGER 0 shows the
// known difference, named by its model option, and exits 1.
func TestConformAgainstTheKernel(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("conform needs root for its network namespace")
	}
	code, out, errs := runCLI(t, "conform", "--scenario", "active-close", "--profile", "linux", "--random", "3")
	if code == exitUnavailable {
		t.Skip(strings.TrimSpace(errs))
	}
	if code != exitOK || !strings.Contains(out, "active-close                   agrees") || !strings.Contains(out, "3 of 3 agree") ||
		!strings.Contains(out, "steps replayed, by kind (") || !strings.Contains(out, "\n  connect A                          3\n") {
		t.Fatalf("exit %d:\n%s%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "conform", "--scenario", "tw-old-data", "--profile", "linux", "--json")
	var report struct {
		Kernel    string `json:"kernel"`
		Scenarios []struct {
			Scenario string `json:"scenario"`
			Agrees   bool   `json:"agrees"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil || code != exitOK || report.Kernel == "" ||
		len(report.Scenarios) != 1 || !report.Scenarios[0].Agrees {
		t.Fatalf("--json: exit %d, %v:\n%s", code, err, out)
	}
	code, out, _ = runCLI(t, "conform", "--scenario", "linger0-established")
	if code != exitViolation || !strings.Contains(out, "DIFFERS") || !strings.Contains(out, "covered by the model option abort-rst-ack") ||
		!strings.Contains(out, "kernel did:     sent RST,ACK seq=1 ack=1; A in CLOSED") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// As root, conform --timestamps replays the random traces with
// timestamps, and the reports say so: under the linux profile all 40 of
// seed 1 agree (exit 0); under the rfc profile, without
// accept-end-at-rcv-nxt and the other Linux options, some differ, and the
// first difference is named as a trace with timestamps, with exit 1. The
// scenario with timestamps is marked too, the one without is not.
func TestConformWithTimestampsAgainstTheKernel(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("conform needs root for its network namespace")
	}
	args := []string{"conform", "--scenario", "ts-active-close", "--profile", "linux", "--random", "40", "--timestamps", "-q"}
	code, out, errs := runCLI(t, args...)
	if code == exitUnavailable {
		t.Skip(strings.TrimSpace(errs))
	}
	if code != exitOK || !strings.Contains(out, "\nts-active-close                agrees (with timestamps)\n") ||
		!strings.Contains(out, "\nrandom traces with timestamps (seed 1): 40 of 40 agree\n") || strings.Contains(out, "first difference") {
		t.Fatalf("exit %d:\n%s%s", code, out, errs)
	}
	var report struct {
		Outcome   string `json:"outcome"`
		Scenarios []struct {
			Scenario   string `json:"scenario"`
			Timestamps bool   `json:"timestamps"`
		} `json:"scenarios"`
		RandomTimestamps bool `json:"random_timestamps"`
		RandomAgreeing   int  `json:"random_agreeing"`
		First            *struct {
			Scenario   string `json:"scenario"`
			Timestamps bool   `json:"timestamps"`
		} `json:"first_random_difference"`
	}
	code, out, _ = runCLI(t, append(args, "--json")...)
	if err := json.Unmarshal([]byte(out), &report); err != nil || code != exitOK || report.Outcome != "pass" || len(report.Scenarios) != 1 ||
		!report.Scenarios[0].Timestamps || !report.RandomTimestamps || report.RandomAgreeing != 40 || report.First != nil {
		t.Fatalf("--json: exit %d, %v:\n%s", code, err, out)
	}
	args[4] = "rfc"
	code, out, _ = runCLI(t, args...)
	if code != exitViolation || !strings.Contains(out, "\nfirst difference, in random trace 0 (seed 1, timestamps):\n") {
		t.Fatalf("--profile rfc: exit %d:\n%s", code, out)
	}
	report.First = nil
	code, out, _ = runCLI(t, append(args, "--json")...)
	if err := json.Unmarshal([]byte(out), &report); err != nil || code != exitViolation || report.Outcome != "fail" || report.RandomAgreeing >= 40 ||
		report.First == nil || report.First.Scenario != "random trace 0 (seed 1, timestamps)" || !report.First.Timestamps {
		t.Fatalf("--profile rfc --json: exit %d, %v:\n%s", code, err, out)
	}
	code, out, _ = runCLI(t, "conform", "--scenario", "active-close", "--profile", "linux", "--random", "2", "--json", "-q")
	if err := json.Unmarshal([]byte(out), &report); err != nil || code != exitOK || report.Scenarios[0].Timestamps || report.RandomTimestamps {
		t.Fatalf("without timestamps, --json: exit %d, %v:\n%s", code, err, out)
	}
}

// Without root, conform prints one line and exits 5. The test drops to
// user nobody with setpriv, where it can.
func TestConformWithoutRootExits5(t *testing.T) {
	setpriv, err := exec.LookPath("setpriv")
	if err != nil || os.Geteuid() != 0 {
		t.Skip("needs root and setpriv to run the tool as another user")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "timewait")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// A TMPDIR where another user (root) owns what nobody cannot read:
	// nothing may trip over it (go-graphviz, once a dependency, panicked at
	// start on its compiled WebAssembly cache here).
	if err := os.Mkdir(filepath.Join(dir, "go-graphviz"), 0o700); err != nil {
		t.Fatal(err)
	}
	wantExit5(t, exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin, "conform", "--scenario", "active-close"), dir)
	// --packetdrill against the kernel with --pcap: the same line, and no
	// capture. The script and the capture's directory lie where nobody
	// can reach them (t.TempDir's parent is root's alone).
	open, err := os.MkdirTemp("", "timewait-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(open) })
	script, err := os.ReadFile(activeClosePkt)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(open, "ac.pkt"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	pcap := filepath.Join(open, "ac.pcapng")
	wantExit5(t, exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin, "conform", "--packetdrill", filepath.Join(open, "ac.pkt"), "--against", "kernel", "--pcap", pcap), dir)
	if _, err := os.Stat(pcap); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("exit 5 left %s behind (%v)", pcap, err)
	}
}

// wantExit5 runs cmd, the tool as user nobody, and wants one line on
// stderr, nothing on stdout, and exit 5.
func wantExit5(t *testing.T, cmd *exec.Cmd, dir string) {
	t.Helper()
	cmd.Env = append(os.Environ(), "TMPDIR="+dir)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := cmd.ProcessState.ExitCode()
	if code != exitUnavailable || stdout.String() != "" || strings.Count(stderr.String(), "\n") != 1 ||
		!strings.Contains(stderr.String(), "cannot make a network namespace") {
		t.Fatalf("exit %d (%v), stdout %q, stderr %q; want exit 5 and one line", code, err, stdout.String(), stderr.String())
	}
}
