package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/timewait/timewait/explore"
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
