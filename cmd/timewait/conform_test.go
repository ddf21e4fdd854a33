package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

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
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin, "conform", "--scenario", "active-close")
	// A TMPDIR where another user (root) owns what nobody cannot read:
	// nothing may trip over it (go-graphviz, once a dependency, panicked at
	// start on its compiled WebAssembly cache here).
	if err := os.Mkdir(filepath.Join(dir, "go-graphviz"), 0o700); err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), "TMPDIR="+dir)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	code := cmd.ProcessState.ExitCode()
	if code != exitUnavailable || stdout.String() != "" || strings.Count(stderr.String(), "\n") != 1 ||
		!strings.Contains(stderr.String(), "cannot make a network namespace") {
		t.Fatalf("exit %d (%v), stdout %q, stderr %q; want exit 5 and one line", code, err, stdout.String(), stderr.String())
	}
}
