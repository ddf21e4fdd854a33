package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/timewait/timewait/conform"
	"github.com/timewait/timewait/model"
)

// runConform replays scenarios and random model traces against the Linux
// kernel and reports where the kernel does not do what the model predicts.
func runConform(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("conform", stdout, stderr)
	var names []string
	for _, sc := range conform.Scenarios() {
		names = append(names, sc.Name)
	}
	scenario := f.String("scenario", "all", "scenario to replay, or all: "+strings.Join(names, ", "))
	profile := f.String("profile", "rfc", "model options to predict the kernel with: rfc (RFC 9293's defaults) or linux (every option that follows Linux)")
	random := f.intIn("random", 0, 0, 10000, "also replay this many random traces of the model (0 to 10000)")
	seed := f.Uint64("seed", 1, "seed of the first random trace; trace i uses seed+i")
	depth := f.intIn("depth", 30, 1, 200, "steps per random trace (1 to 200)")
	reorder := f.Bool("reorder", false, "random traces over a network that also reorders segments (by default FIFO in each direction)")
	timestamps := f.Bool("timestamps", false, "random traces with RFC 7323 timestamps: the model's timestamps option, tcp_timestamps=1 in the lab, and the harness sending them")
	asJSON := f.Bool("json", false, "print the results as JSON (docs/schema/conform.schema.json; with --packetdrill, docs/schema/packetdrill.schema.json)")
	pcapOut := f.String("pcap", "", "also write every packet exchanged with the kernel, both directions, to this file as a pcapng capture for Wireshark and tshark, a comment on each naming the scenario, random trace or script (with --packetdrill, the kernel's run: not with --against model)")
	script := f.String("packetdrill", "", "play this packetdrill script against the model and the kernel instead of the scenarios: the subset docs/conformance.md describes (exit 2 names the first line outside it)")
	against := f.String("against", "both", "with --packetdrill: play the script against the model, the kernel, or both")
	f.quietFlag()
	if code, ok := f.parse(args); !ok {
		return code
	}
	if *against != "model" && *against != "kernel" && *against != "both" {
		return f.fail("--against %q: want model, kernel or both", *against)
	}
	if *script != "" {
		if code, bad := f.unused("--packetdrill", "scenario", "random", "seed", "depth", "reorder", "timestamps"); bad {
			return code
		}
		if *against == "model" && f.given("pcap") {
			return f.fail("--pcap does not go with --against model: only the kernel's run has packets to capture; want --against kernel or both")
		}
		if !slices.Contains(model.Profiles, *profile) {
			return f.fail("--profile %q: want rfc or linux", *profile)
		}
		if code, bad := checkConformPcap(f, *pcapOut); bad {
			return code
		}
		return playPacketdrill(f, *script, *profile, *against, *pcapOut, *asJSON, stdout)
	}
	if code, bad := f.unused("no --packetdrill script", "against"); bad {
		return code
	}
	var selected []conform.Scenario
	if *scenario == "all" {
		selected = conform.Scenarios()
	} else if sc, ok := conform.ScenarioByName(*scenario); ok {
		selected = []conform.Scenario{sc}
	} else {
		return f.fail("--scenario %q: want all or one of %s", *scenario, strings.Join(names, ", "))
	}
	if *random == 0 {
		if code, bad := f.unused("--random 0 (no random traces)", "seed", "depth", "reorder", "timestamps"); bad {
			return code
		}
	}
	if !slices.Contains(model.Profiles, *profile) {
		return f.fail("--profile %q: want rfc or linux", *profile)
	}
	if code, bad := checkConformPcap(f, *pcapOut); bad {
		return code
	}
	var capture conformCapture
	kernel := kernelRelease()
	run := conformRun{kernel: kernel, profile: *profile, random: *random, seed: *seed, timestamps: *timestamps, steps: conform.StepKinds{}}
	meter := newMeter(f.progressOut(), realClock{})
	for i, sc := range selected {
		if ctx.Err() != nil {
			run.skipped = append(run.skipped, sc.Name)
			continue
		}
		meter.printf("  scenarios: %s, next %s\n", remaining(i, len(selected), meter.elapsed()), sc.Name)
		rec := capture.recorder(*pcapOut != "")
		r, err := conform.CheckRecorded(sc, *profile, rec)
		if code, stop := unavailable(f, err); stop {
			return code
		}
		capture.add(rec, sc.Name)
		run.results = append(run.results, r)
		if !*asJSON {
			run.printResult(stdout, r)
		}
	}
	randomMeter := newMeter(f.progressOut(), realClock{})
	for i := range *random {
		if ctx.Err() != nil {
			break
		}
		randomMeter.printf("  random traces: %s\n", remaining(i, *random, randomMeter.elapsed()))
		rec := capture.recorder(*pcapOut != "")
		rc := conform.RandomConfig()
		if *timestamps {
			rc = conform.RandomTimestampsConfig()
		}
		rc.Reorder = *reorder
		r, err := conform.CheckRandomWith(rc, *profile, *seed, i, *depth, rec)
		if code, stop := unavailable(f, err); stop {
			return code
		}
		capture.add(rec, run.randomName(i))
		run.randomDone++
		run.steps.Add(r.Steps)
		if r.Agrees() {
			run.agreeing++
		} else if run.firstRandom == nil {
			r.Scenario = run.randomName(i)
			run.firstRandom = r
		}
	}
	if ctx.Err() != nil && (len(run.skipped) > 0 || run.randomDone < *random) {
		run.stopReason = stopCause(ctx)
	}
	// The capture is written before the report, so that a report is
	// never followed by a failure its exit code does not tell.
	if *pcapOut != "" {
		header := fmt.Sprintf("timewait conform: the packets exchanged with Linux %s (%s profile); the kernel is %s, the harness %s",
			kernel, *profile, ipv4(conform.KernelAddr), ipv4(conform.HarnessAddr))
		if code, bad := capture.write(f, *pcapOut, header); bad {
			return code
		}
	}
	if *asJSON {
		writeJSON(stdout, run.json())
	} else {
		run.printRest(stdout)
	}
	return run.exitCode()
}

// checkConformPcap checks conform's --pcap file before the run: none, or
// a file name (not stdout, which holds the report) that can be written.
func checkConformPcap(f *flags, path string) (int, bool) {
	switch {
	case path == "-":
		return f.fail(`--pcap "-": want a file name (stdout holds the report)`), true
	case path != "":
		if err := checkOutput(path); err != nil {
			return f.fail("--pcap: %v", err), true
		}
	}
	return exitOK, false
}

// conformRun is what one run of conform found: the scenarios replayed, the
// random traces replayed, and, when a signal cut it short, what was left.
type conformRun struct {
	kernel, profile string
	results         []*conform.Result
	skipped         []string // scenarios not replayed
	random          int      // random traces asked for
	randomDone      int      // random traces replayed
	seed            uint64
	timestamps      bool // the random traces ran with RFC 7323 timestamps
	agreeing        int
	steps           conform.StepKinds // the random traces' steps replayed, by kind
	firstRandom     *conform.Result
	stopReason      string // "" when every scenario and trace was replayed
	headed          bool   // the text report's header is printed
}

// exitCode is 1 when the kernel differed anywhere, else 3 when the run was
// cut short, else 0.
func (c *conformRun) exitCode() int {
	for _, r := range c.results {
		if !r.Agrees() {
			return exitViolation
		}
	}
	switch {
	case c.agreeing < c.randomDone:
		return exitViolation
	case c.stopReason != "":
		return exitIncomplete
	}
	return exitOK
}

// randomName names random trace i in the report and the capture.
func (c *conformRun) randomName(i int) string {
	if c.timestamps {
		return fmt.Sprintf("random trace %d (seed %d, timestamps)", i, c.seed+uint64(i))
	}
	return fmt.Sprintf("random trace %d (seed %d)", i, c.seed+uint64(i))
}

// unavailable turns a lab that cannot be made into one line and exit 5,
// and any other error into a failure.
func unavailable(f *flags, err error) (int, bool) {
	var un *conform.UnavailableError
	switch {
	case errors.As(err, &un):
		fmt.Fprintf(f.stderr, "timewait conform: %s (exit %d)\n", un.Reason, exitUnavailable)
		return exitUnavailable, true
	case err != nil:
		fmt.Fprintf(f.stderr, "timewait conform: %v\n", err)
		return exitViolation, true
	}
	return exitOK, false
}

// kernelRelease is `uname -r`.
func kernelRelease() string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "unknown"
	}
	return unix.ByteSliceToString(u.Release[:])
}

// printResult (once per scenario, as each is replayed) and printRest print
// the text report, so that a long run shows its results as they come. The
// header comes with the first result: a lab that cannot be made prints one
// line on stderr and nothing else.
func (c *conformRun) printHeader(w io.Writer) {
	if !c.headed {
		fmt.Fprintf(w, "Linux %s against the model with the %s profile\n\n", c.kernel, c.profile)
		c.headed = true
	}
}

func (c *conformRun) printResult(w io.Writer, r *conform.Result) {
	c.printHeader(w)
	with := ""
	if r.Timestamps {
		with = " (with timestamps)"
	}
	if r.Agrees() {
		fmt.Fprintf(w, "%-30s agrees%s\n", r.Scenario, with)
		return
	}
	fmt.Fprintf(w, "%-30s DIFFERS%s\n", r.Scenario, with)
	if r.Known != nil {
		fmt.Fprintf(w, "  a known difference, covered by the model option %s: %s\n", r.Known.Option, r.Known.Why)
	}
	fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(r.Divergence.String(), "\n", "\n  "))
}

func (c *conformRun) printRest(w io.Writer) {
	c.printHeader(w)
	for _, name := range c.skipped {
		fmt.Fprintf(w, "%-30s not replayed\n", name)
	}
	if c.random > 0 {
		with := ""
		if c.timestamps {
			with = " with timestamps"
		}
		fmt.Fprintf(w, "\nrandom traces%s (seed %d): %d of %d agree", with, c.seed, c.agreeing, c.randomDone)
		if c.randomDone < c.random {
			fmt.Fprintf(w, " (%d of the %d asked for were not replayed)", c.random-c.randomDone, c.random)
		}
		fmt.Fprintln(w)
		total := 0
		for _, n := range c.steps {
			total += n
		}
		fmt.Fprintf(w, "steps replayed, by kind (%d in all):\n", total)
		for _, name := range c.steps.Names() {
			fmt.Fprintf(w, "  %-34s %d\n", name, c.steps[name])
		}
		if c.firstRandom != nil {
			fmt.Fprintf(w, "first difference, in %s:\n  %s\n", c.firstRandom.Scenario, strings.ReplaceAll(c.firstRandom.Divergence.String(), "\n", "\n  "))
		}
	}
	if c.stopReason != "" {
		fmt.Fprintf(w, "\nINCOMPLETE: %s before every scenario and trace was replayed\n", c.stopReason)
	}
}

type conformResultJSON struct {
	Scenario string `json:"scenario"`
	Agrees   bool   `json:"agrees"`
	// Timestamps: the replay ran with RFC 7323 timestamps (the model's
	// option, tcp_timestamps=1 in the lab).
	Timestamps bool   `json:"timestamps"`
	Step       int    `json:"step,omitempty"`
	Action     string `json:"action,omitempty"`
	Expected   string `json:"model_expected,omitempty"`
	Got        string `json:"kernel_did,omitempty"`
	KnownAs    string `json:"known_option,omitempty"`
	KnownWhy   string `json:"known_why,omitempty"`
}

func resultJSON(r *conform.Result) conformResultJSON {
	j := conformResultJSON{Scenario: r.Scenario, Agrees: r.Agrees(), Timestamps: r.Timestamps}
	if d := r.Divergence; d != nil {
		j.Step, j.Action, j.Expected, j.Got = d.Step, d.Action, d.Expected, d.Got
	}
	if r.Known != nil {
		j.KnownAs, j.KnownWhy = r.Known.Option, r.Known.Why
	}
	return j
}

func (c *conformRun) json() any {
	code := c.exitCode()
	out := struct {
		Version         string              `json:"version"`
		Outcome         string              `json:"outcome"` // pass: the kernel agrees; fail: it differs; incomplete: a signal cut the run short
		ExitCode        int                 `json:"exit_code"`
		Kernel          string              `json:"kernel"`
		Profile         string              `json:"profile"`
		Complete        bool                `json:"complete"`
		StopReason      string              `json:"stop_reason,omitempty"`
		Scenarios       []conformResultJSON `json:"scenarios"` // never null
		NotReplayed     []string            `json:"scenarios_not_replayed,omitempty"`
		Random          int                 `json:"random_traces"`
		RandomReplayed  int                 `json:"random_replayed"`
		Seed            uint64              `json:"seed"`
		RandomTS        bool                `json:"random_timestamps"` // the random traces ran with timestamps (--timestamps)
		RandomAgreeing  int                 `json:"random_agreeing"`
		RandomSteps     map[string]int      `json:"random_steps"` // the random traces' steps replayed, by kind; never null
		FirstRandomDiff *conformResultJSON  `json:"first_random_difference,omitempty"`
	}{Version: toolVersion(), Outcome: outcomeOfCode(code), ExitCode: code, Kernel: c.kernel, Profile: c.profile, Complete: c.stopReason == "", StopReason: c.stopReason, NotReplayed: c.skipped,
		Random: c.random, RandomReplayed: c.randomDone, Seed: c.seed, RandomTS: c.timestamps, RandomAgreeing: c.agreeing, RandomSteps: map[string]int{}}
	for name, n := range c.steps {
		out.RandomSteps[name] = n
	}
	out.Scenarios = []conformResultJSON{}
	for _, r := range c.results {
		out.Scenarios = append(out.Scenarios, resultJSON(r))
	}
	if c.firstRandom != nil {
		j := resultJSON(c.firstRandom)
		out.FirstRandomDiff = &j
	}
	return out
}
