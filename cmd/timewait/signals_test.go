package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The first signal cancels the run, with the signal as the cause the
// checker names in its stop reason; a copy of it within echoWindow (a
// terminal's or timeout's group delivery) changes nothing; a second signal
// after that exits at once, with exit code 3 and one line.
func TestASecondSignalExitsAtOnce(t *testing.T) {
	sigs := make(chan os.Signal)
	exits := make(chan int, 1)
	var stderr strings.Builder
	var mu sync.Mutex
	// The handler reads the clock once per signal: the first two signals
	// come at one instant, the third a full echoWindow later.
	calls := 0
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls <= 2 {
			return time.Unix(1000, 0)
		}
		return time.Unix(1000, 0).Add(echoWindow)
	}
	ctx, stop := onSignals(context.Background(), sigs, lockedWriter{&mu, &stderr}, func(code int) { exits <- code }, now)
	defer stop()
	sigs <- syscall.SIGTERM
	<-ctx.Done()
	if got := context.Cause(ctx).Error(); got != "SIGTERM" {
		t.Fatalf("cause %q; want SIGTERM", got)
	}
	sigs <- syscall.SIGTERM // the group's copy, at the same instant
	select {
	case code := <-exits:
		t.Fatalf("exit(%d) after one signal delivered twice; want the command to report first", code)
	default:
	}
	sigs <- syscall.SIGINT
	if code := <-exits; code != exitIncomplete {
		t.Fatalf("exit(%d) after a second signal; want %d", code, exitIncomplete)
	}
	mu.Lock()
	defer mu.Unlock()
	if got := stderr.String(); got != "timewait: SIGINT again: exiting at once, without a report (exit 3)\n" {
		t.Fatalf("stderr %q", got)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

var (
	builtOnce sync.Once
	builtBin  string
	builtErr  error
)

// timewaitBinary builds the command once per test run.
func timewaitBinary(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		dir, err := os.MkdirTemp("", "timewait-bin-")
		if err != nil {
			builtErr = err
			return
		}
		builtBin = filepath.Join(dir, "timewait")
		if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
			builtErr = errors.New(string(out))
		}
	})
	if builtErr != nil {
		t.Fatalf("go build: %v", builtErr)
	}
	return builtBin
}

// Each long command, sent SIGINT or SIGTERM once it has started, stops,
// prints what it has marked INCOMPLETE, and exits 3; check --liveness is
// signalled in its liveness phase and keeps its safety verdicts. The test waits for a
// line that shows the work has begun (a progress line, a header), so the
// signal always lands in the middle of the work; the configurations take
// minutes to finish on their own.
func TestASignalEndsEveryCommandWithAnIncompleteReport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	bin := timewaitBinary(t)
	out := filepath.Join(t.TempDir(), "never.dot")
	profile := filepath.Join(t.TempDir(), "cpu.prof")
	cases := []struct {
		name     string
		args     []string
		ready    string // text on stdout or stderr that shows the work began
		want     string // text of the incomplete report, on stdout or stderr
		root     bool   // needs root (conform)
		noOutput string // a file that must not exist afterwards
		whole    string // a file that must have been written whole
	}{
		{"check", []string{"check", "--msl", "3", "--time-wait", "6"}, "  depth ", "INCOMPLETE: interrupted: SIG", false, "", ""},
		{"check-liveness", []string{"check", "--liveness"}, "deciding liveness", "liveness INCOMPLETE: liveness stopped ", false, "", ""},
		{"check-all", []string{"check", "--all"}, "checked in", "INCOMPLETE: the matrix does not hold every verdict", false, "", ""},
		{"sweep", []string{"sweep", "--msl", "3"}, "MSL TIME-WAIT", "INCOMPLETE: interrupted: SIG", false, "", ""},
		{"simulate", []string{"simulate", "--runs", "100000000"}, "walks of up to", "INCOMPLETE: interrupted: SIG", false, "", ""},
		{"graph", []string{"graph", "--msl", "3", "-o", out}, "  depth ", "timewait graph: INCOMPLETE: drawing default+flags stopped early (interrupted: SIG", false, out, ""},
		{"bench", []string{"bench", "--rms", "14", "--cpuprofile", profile}, "  depth ", "incomplete   interrupted: SIG", false, "", profile},
		{"conform", []string{"conform", "--profile", "linux", "--random", "10000"}, " agrees\n", "INCOMPLETE: interrupted: SIG", true, "", ""},
	}
	for _, tc := range cases {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(tc.name+"/"+sig.String(), func(t *testing.T) {
				if tc.root && os.Geteuid() != 0 {
					t.Skip("needs root")
				}
				code, text := interruptWhen(t, bin, tc.args, tc.ready, sig, false)
				if code == exitUnavailable && tc.root {
					t.Skip(text)
				}
				if code != exitIncomplete || !strings.Contains(text, tc.want) {
					t.Fatalf("exit %d; want 3 and %q in:\n%s", code, tc.want, text)
				}
				if tc.whole != "" {
					if st, err := os.Stat(tc.whole); err != nil || st.Size() == 0 {
						t.Fatalf("%s was not written whole: %v", tc.whole, err)
					}
					os.Remove(tc.whole)
				}
				if tc.noOutput != "" {
					if _, err := os.Stat(tc.noOutput); err == nil {
						t.Fatalf("%s was written by an interrupted run", tc.noOutput)
					}
				}
			})
		}
	}
}

// One signal delivered twice, to the process and to its process group, as
// timeout(1) does, is one request: the run reports, it does not exit at
// once.
func TestASignalDeliveredToTheProcessAndItsGroupIsOneRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	code, text := interruptWhen(t, timewaitBinary(t), []string{"check", "--msl", "3", "--time-wait", "6"}, "  depth ", syscall.SIGTERM, true)
	if code != exitIncomplete || !strings.Contains(text, "INCOMPLETE: interrupted: SIGTERM") || strings.Contains(text, "again") {
		t.Fatalf("exit %d; want 3 and the incomplete report:\n%s", code, text)
	}
}

// interruptWhen runs bin with args, sends sig once ready has appeared on
// stdout or stderr (with group, to the process and then to its own process
// group), and returns the exit code and both outputs.
func interruptWhen(t *testing.T, bin string, args []string, ready string, sig syscall.Signal, group bool) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: group}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var all strings.Builder
	seen := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for _, r := range []io.Reader{stdout, stderr} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			br := bufio.NewReader(r)
			for {
				line, err := br.ReadString('\n')
				mu.Lock()
				all.WriteString(line)
				if strings.Contains(all.String(), ready) {
					once.Do(func() { close(seen) })
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
	}
	select {
	case <-seen:
	case <-time.After(3 * time.Minute): // a guard against a hang, not a measurement
		_ = cmd.Process.Kill()
		t.Fatalf("%q never printed %q", args, ready)
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	if group {
		if err := syscall.Kill(-cmd.Process.Pid, sig); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	_ = cmd.Wait()
	mu.Lock()
	defer mu.Unlock()
	return cmd.ProcessState.ExitCode(), all.String()
}
