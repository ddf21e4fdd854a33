package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/properties"

	"github.com/timewait/timewait/conform"
)

// playPacketdrill is conform --packetdrill: it plays a packetdrill script
// against the model under profile and, unless against is "model", against
// the kernel in a lab, writing the packets exchanged with the kernel to
// pcapOut as a pcapng capture when it is not "".
func playPacketdrill(f *flags, path, profile, against, pcapOut string, asJSON bool, stdout io.Writer) int {
	src, err := os.ReadFile(path)
	if err != nil {
		return f.fail("--packetdrill %q: cannot read it (%v); want a packetdrill script", path, unwrapPathError(err))
	}
	s, err := conform.LoadScript(path, src)
	if err != nil {
		fmt.Fprintf(f.stderr, "timewait conform: %v\n", err)
		return exitUsage
	}
	var verdicts []*conform.Verdict
	if against != "kernel" {
		v, err := conform.PlayModel(s, profile)
		var ue *conform.UnsupportedError
		switch {
		case errors.As(err, &ue):
			fmt.Fprintf(f.stderr, "timewait conform: %v\n", err)
			return exitUsage
		case err != nil:
			fmt.Fprintf(f.stderr, "timewait conform: %v\n", err)
			return exitViolation
		}
		v.Against = "the model (" + profile + " profile)"
		verdicts = append(verdicts, v)
	}
	var capture conformCapture
	kernel := kernelRelease()
	if against != "model" {
		rec := capture.recorder(pcapOut != "")
		v, err := conform.PlayScript(s, "Linux "+kernel, rec)
		if code, stop := unavailable(f, err); stop {
			if !asJSON { // a JSON report is whole or not written
				printVerdicts(stdout, s, verdicts)
			}
			return code // and no capture: the run did not end
		}
		capture.add(rec, s.File)
		verdicts = append(verdicts, v)
	}
	code := exitOK
	for _, v := range verdicts {
		if !v.Passed() {
			code = exitViolation
		}
	}
	// The capture first, as conform's: no report before a failure.
	if pcapOut != "" {
		header := fmt.Sprintf("timewait conform --packetdrill %s: the packets exchanged with Linux %s; the kernel is %s, the harness %s",
			s.File, kernel, ipv4(conform.KernelAddr), ipv4(conform.HarnessAddr))
		if code, bad := capture.write(f, pcapOut, header); bad {
			return code
		}
	}
	if asJSON {
		writeJSON(stdout, packetdrillJSON(s, profile, verdicts, code))
	} else {
		printVerdicts(stdout, s, verdicts)
	}
	return code
}

// packetdrillReportJSON is conform --packetdrill --json
// (docs/schema/packetdrill.schema.json).
type packetdrillReportJSON struct {
	Version  string                   `json:"version"`
	Outcome  string                   `json:"outcome"` // pass: every endpoint did what the script expects; fail: one did not
	ExitCode int                      `json:"exit_code"`
	Script   string                   `json:"script"`
	Events   int                      `json:"events"`
	Role     string                   `json:"role"` // "connects" (the model's A) or "listens" (B)
	Profile  string                   `json:"profile"`
	Results  []packetdrillVerdictJSON `json:"results"`
}

// packetdrillVerdictJSON is one endpoint's verdict on the script.
type packetdrillVerdictJSON struct {
	Against  string `json:"against"` // "the model (rfc profile)" or "Linux 6.18..."
	Passes   bool   `json:"passes"`
	Line     int    `json:"line,omitempty"` // the script's line where it differed; -1: after the last line
	Expected string `json:"expected,omitempty"`
	Got      string `json:"got,omitempty"`
}

func packetdrillJSON(s *conform.Script, profile string, verdicts []*conform.Verdict, code int) packetdrillReportJSON {
	r := packetdrillReportJSON{Version: toolVersion(), Outcome: outcomeOfCode(code), ExitCode: code, Script: s.File, Events: s.Events,
		Role: "connects", Profile: profile, Results: []packetdrillVerdictJSON{}}
	if s.Passive {
		r.Role = "listens"
	}
	for _, v := range verdicts {
		r.Results = append(r.Results, packetdrillVerdictJSON{Against: v.Against, Passes: v.Passed(), Line: v.Line, Expected: v.Expected, Got: v.Got})
	}
	return r
}

func printVerdicts(w io.Writer, s *conform.Script, verdicts []*conform.Verdict) {
	if len(verdicts) == 0 {
		return
	}
	role := "connects (the model's A)"
	if s.Passive {
		role = "listens (the model's B)"
	}
	fmt.Fprintf(w, "packetdrill script %s: %d events; its socket %s\n\n", s.File, s.Events, role)
	for _, v := range verdicts {
		fmt.Fprintf(w, "%-36s %s\n", v.Against, v.String())
	}
}

// writePacketdrillFile writes A's side of the trace check chose
// (chosenTrace) to path as a packetdrill script. With no trace to write,
// it says so on stderr and writes nothing.
func writePacketdrillFile(f *flags, path string, r *properties.Report, show string) int {
	v, found := chosenTrace(r, show)
	if !found {
		fmt.Fprintf(f.stderr, "timewait check: --packetdrill %q: this run has no trace to write (name one with --show); nothing was written\n", path)
		return exitOK
	}
	what := "counterexample to"
	if v.Result.Verdict == checker.Reached {
		what = "witness for"
	}
	title := fmt.Sprintf("timewait check: the %s %s in scenario %s, %d steps.\nPlay it on the kernel: timewait conform --packetdrill %s --profile linux",
		what, v.Property.Name, r.Scenario, v.Result.Trace.Len(), filepath.Base(path))
	data, err := conform.WriteScript(r.Model, v.Result.Trace, title)
	if err != nil {
		return f.fail("--packetdrill %q: %v", path, err)
	}
	if err := writeOutput(path, data, f.stdout); err != nil {
		return f.fail("%v", err)
	}
	return exitOK
}

// checkPacketdrillOut checks check's --packetdrill file before the run:
// a file name, not one another flag names (others), writable.
func checkPacketdrillOut(f *flags, path string, others ...string) (int, bool) {
	if path == "-" {
		return f.fail(`--packetdrill "-": want a file name (stdout holds the report)`), false
	}
	for _, o := range others {
		if o == path {
			return f.fail("--packetdrill %q: another flag names that file; give each its own", path), false
		}
	}
	if err := checkOutput(path); err != nil {
		return f.fail("--packetdrill: %v", err), false
	}
	return exitOK, true
}

// writeReplayedPacketdrill writes A's side of the trace file replayed
// (check --replay) as a packetdrill script.
func writeReplayedPacketdrill(f *flags, tracePath, path string) int {
	run, err := readTraceFile("--replay", tracePath)
	if err != nil {
		return f.fail("%v", err)
	}
	title := fmt.Sprintf("timewait check --replay %s: %d steps of scenario %s.\nPlay it on the kernel: timewait conform --packetdrill %s --profile linux",
		filepath.Base(tracePath), run.trace.Len(), run.scenario, filepath.Base(path))
	data, err := conform.WriteScript(run.model, run.trace, title)
	if err != nil {
		return f.fail("--packetdrill %q: %v", path, err)
	}
	if err := writeOutput(path, data, f.stdout); err != nil {
		return f.fail("%v", err)
	}
	return exitOK
}
