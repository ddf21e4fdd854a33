package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/timewait/timewait/explore"
	"github.com/timewait/timewait/explore/tcpview"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// urlWriter passes on what the command prints and sends the first URL it
// prints.
type urlWriter struct {
	urls chan string
	buf  strings.Builder
}

var urlPattern = regexp.MustCompile(`http://127\.0\.0\.1:\d+/\S*`)

func (w *urlWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	if u := urlPattern.FindString(w.buf.String()); u != "" {
		select {
		case w.urls <- u:
		default:
		}
	}
	return len(p), nil
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// explore --trace serves the configuration the file names, and the page
// opens with the file's path to walk, at its first step; the server stops
// when the context ends, with exit 0.
func TestExploreOpensATraceFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "nt.itf.json")
	if code, _, errs := runCLI(t, "check", "--scenario", "no-timewait", "--trace-out", file); code != exitViolation {
		t.Fatalf("check: exit %d %s", code, errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &urlWriter{urls: make(chan string, 1)}
	var errb strings.Builder
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"explore", "--trace", file}, out, &errb) }()
	var u string
	select {
	case u = <-out.urls:
	case code := <-done:
		t.Fatalf("explore exited %d: %s", code, errb.String())
	}
	base, query, _ := strings.Cut(u, "?")
	along, found := strings.CutPrefix(query, "along=")
	if !found {
		t.Fatalf("the URL %s has no trace to walk", u)
	}
	path, err := explore.ParsePath(along)
	if err != nil {
		t.Fatal(err)
	}
	var end explore.StateJSON
	getJSON(t, base+"api/state?path="+along, &end)
	if n := len(path); n != 16 || !strings.HasPrefix(end.Labels[n-1], "B: recv RST") || !strings.Contains(end.Labels[n-1], "(connection reset)") {
		t.Errorf("the file's path: %d steps ending in %q; want the 16 steps of no-timewait's counterexample, ending in B's reset", n, end.Labels)
	}
	cancel()
	if code := <-done; code != exitOK || errb.String() != "" {
		t.Errorf("after the context ended: exit %d, stderr %q; want 0 and nothing", code, errb.String())
	}
	if !strings.HasPrefix(out.buf.String(), "timewait explore: serving no-timewait at http://127.0.0.1:") {
		t.Errorf("stdout %q", out.buf.String())
	}
	// check's own text output, opened on the page of the same scenario,
	// is the same path.
	code, text, _ := runCLI(t, "check", "--scenario", "no-timewait")
	if code != exitViolation {
		t.Fatalf("check: exit %d", code)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	out = &urlWriter{urls: make(chan string, 1)}
	go func() { done <- run(ctx, []string{"explore", "--scenario", "no-timewait"}, out, &errb) }()
	u = <-out.urls
	resp, err := http.Post(u+"api/trace", "text/plain", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	var opened explore.TraceJSON
	if err := json.NewDecoder(resp.Body).Decode(&opened); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST check's output: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	if explore.FormatPath(opened.Along) != along {
		t.Errorf("check's output opens as %v; its ITF file as %s", opened.Along, along)
	}
	cancel()
	<-done
	if code, _, errs := runCLI(t, "explore", "--trace", file, "--msl", "3"); code != exitUsage || errs != "timewait explore: --msl does not go with --trace (the file names its configuration) (see timewait explore -h)\n" {
		t.Errorf("--trace with a model flag: exit %d %q", code, errs)
	}
}

// The command prints its URL, serves, and stops cleanly on SIGINT and
// SIGTERM: exit 0 and one line.
func TestExploreStopsOnASignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	bin := timewaitBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(bin, "explore", "--scenario", "no-timewait")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		u := urlPattern.FindString(line)
		if err != nil || u == "" {
			cmd.Process.Kill()
			t.Fatalf("first line %q (%v); want the URL", line, err)
		}
		var st explore.StateJSON
		getJSON(t, u+"api/state?path=0", &st)
		if !strings.HasPrefix(st.State, "A=SYN-SENT B=LISTEN") {
			t.Errorf("state after connect: %q", st.State)
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		waited := make(chan error, 1)
		go func() { waited <- cmd.Wait() }()
		select {
		case <-waited:
		case <-time.After(time.Minute): // a guard against a hang, not a measurement
			cmd.Process.Kill()
			t.Fatalf("%s: the server did not stop", sig)
		}
		want := "timewait explore: interrupted: " + interruptedError{sig}.Error() + ": server stopped\n"
		if code := cmd.ProcessState.ExitCode(); code != exitOK || stderr.String() != want {
			t.Errorf("%s: exit %d, stderr %q; want 0 and %q", sig, code, stderr.String(), want)
		}
		if _, err := http.Get(u); err == nil {
			t.Errorf("%s: the server still answers", sig)
		}
	}
}

// startExplore runs explore with args until the test ends, and returns the
// URL it prints.
func startExplore(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &urlWriter{urls: make(chan string, 1)}
	var errb strings.Builder
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"explore"}, args...), out, &errb) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("explore %v: exit %d %s", args, code, errb.String())
		}
	})
	select {
	case u := <-out.urls:
		return u
	case code := <-done:
		done <- code
		t.Fatalf("explore %v exited %d: %s", args, code, errb.String())
	}
	return ""
}

// explore --trace opens the text check prints as well as its ITF file:
// the same path, in the configuration the text names, changed by flags or
// not. A text that names its configuration takes no model flags; a chart
// alone takes them.
func TestExploreOpensCheckOutput(t *testing.T) {
	dir := t.TempDir()
	itfFile, textFile, msl3File, chartFile := filepath.Join(dir, "nt.itf.json"), filepath.Join(dir, "nt.txt"), filepath.Join(dir, "nt-msl3.txt"), filepath.Join(dir, "chart.txt")
	if code, _, errs := runCLI(t, "check", "--scenario", "no-timewait", "--liveness=false", "--trace-out", itfFile); code != exitViolation {
		t.Fatalf("check: exit %d %s", code, errs)
	}
	_, text, _ := runCLI(t, "check", "--scenario", "no-timewait", "--liveness=false", "--show", "orderly-close-no-reset")
	_, msl3, _ := runCLI(t, "check", "--scenario", "no-timewait", "--msl", "3", "--liveness=false")
	// The verdicts alone, as a check that finds no trace prints them: the
	// configuration without a chart.
	noChart := filepath.Join(dir, "verdicts.txt")
	if err := os.WriteFile(noChart, []byte(text[:strings.Index(text, "\n\ncounterexample")+1]), 0o644); err != nil {
		t.Fatal(err)
	}
	header := strings.Index(text, "step  A")
	end := strings.Index(text[header:], "\n\n")
	if header < 0 || end < 0 {
		t.Fatalf("check's output has no chart: %s", text)
	}
	for file, data := range map[string]string{textFile: text, msl3File: msl3, chartFile: text[header : header+end+1]} {
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	alongOf := func(u string) string {
		t.Helper()
		_, query, _ := strings.Cut(u, "?")
		along, found := strings.CutPrefix(query, "along=")
		if !found {
			t.Fatalf("the URL %s has no trace to walk", u)
		}
		return along
	}
	want := alongOf(startExplore(t, "--trace", itfFile))
	if got := alongOf(startExplore(t, "--trace", textFile)); got != want {
		t.Errorf("check --show's text opens as %s; its ITF file as %s", got, want)
	}
	if got := alongOf(startExplore(t, "--trace", chartFile, "--scenario", "no-timewait")); got != want {
		t.Errorf("the chart alone, with --scenario no-timewait, opens as %s; the ITF file as %s", got, want)
	}
	u := startExplore(t, "--trace", msl3File)
	var end3 explore.StateJSON
	getJSON(t, u[:strings.Index(u, "?")]+"api/state?path="+alongOf(u), &end3)
	if n := len(end3.Labels); n == 0 || !strings.HasSuffix(end3.Labels[n-1], "(connection reset)") || !strings.Contains(end3.Panels[0].Note, "MSL 3 ticks") {
		t.Errorf("the text of check --msl 3: %q, %q; want the path to B's reset with an MSL of 3", end3.Labels, end3.Panels[0].Note)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--trace", textFile, "--msl", "3"}, "timewait explore: --msl does not go with --trace (the file names its configuration) (see timewait explore -h)\n"},
		{[]string{"--trace", chartFile}, `timewait explore: --trace "` + chartFile + `": the chart's step 11 (CLOSED* A: <-- FIN,ACK seq=2 ack=3 | --> ACK seq=3 ack=3 LAST-ACK) is no step the model takes there (the file names no configuration: this is scenario default; give the trace's with --scenario and the model flags) (see timewait explore -h)` + "\n"},
		{[]string{"--trace", noChart}, `timewait explore: --trace "` + noChart + `": not a trace file: neither JSON (ITF, from check --trace-out) nor a sequence chart (check --show) with its "step  A  B" header (see timewait explore -h)` + "\n"},
		{[]string{"--trace", filepath.Join(dir, "none")}, `timewait explore: --trace "` + filepath.Join(dir, "none") + `": cannot read it (no such file or directory); want an ITF trace (check --trace-out) or the text check prints (check --show P) (see timewait explore -h)` + "\n"},
	} {
		if code, out, errs := runCLI(t, append([]string{"explore"}, c.args...)...); code != exitUsage || out != "" || errs != c.want {
			t.Errorf("explore %v: exit %d, %q %q; want 2 and %q", c.args, code, out, errs, c.want)
		}
	}
}

// tcpview.CheckOutputConfig reads back the configuration of every first
// line that check prints (scenarioSummary): a scenario, one changed by
// flags, one changed to no effect.
func TestCheckOutputConfig(t *testing.T) {
	sc, _ := properties.ScenarioByName("no-timewait")
	changed := sc.Config
	changed.MSL, changed.Reorder = 3, true
	for _, c := range []struct {
		name string
		cfg  model.Config
	}{{"no-timewait", sc.Config}, {"no-timewait+flags", changed}, {"no-timewait+config", sc.Config}} {
		line := "scenario " + c.name + ": " + scenarioSummary(&properties.Report{Scenario: c.name, Config: c.cfg})
		name, got, found, err := tcpview.CheckOutputConfig("\n" + line + "\n259164 states\n")
		if err != nil || !found || name != c.name || got != c.cfg {
			t.Errorf("%s: %q %v %v %v; want %+v", line, name, found, err, got, c.cfg)
		}
	}
	if _, _, found, err := tcpview.CheckOutputConfig("step  A  B\n"); found || err != nil {
		t.Errorf("a chart alone: found %v, %v; want no configuration", found, err)
	}
	if _, _, _, err := tcpview.CheckOutputConfig("scenario no-timewait+flags: custom: no-timewait with msl=x\n"); err == nil || !strings.HasPrefix(err.Error(), `its line "scenario no-timewait+flags: custom: no-timewait with msl=x": `) {
		t.Errorf("a bad value: %v", err)
	}
}

// An --addr that cannot be listened on is a usage error of one line.
func TestExploreAddrInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	want := `timewait explore: --addr "` + addr + `": cannot listen there (bind: address already in use); want a free host:port of this machine, such as 127.0.0.1:8080 (port 0: a free one) (see timewait explore -h)` + "\n"
	if code, out, errs := runCLI(t, "explore", "--scenario", "no-timewait", "--addr", addr); code != exitUsage || out != "" || errs != want {
		t.Errorf("--addr in use: exit %d, %q %q; want 2 and %q", code, out, errs, want)
	}
}
