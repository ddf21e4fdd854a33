// Command timewait checks TCP connection termination by exploring every
// interleaving of two endpoints, their applications, their timers and a
// lossy, duplicating, reordering channel.
//
// Usage:
//
//	timewait <command> [flags]
//
// Run "timewait help" for the commands and their exit codes.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
)

// Exit codes, shared by every command.
const (
	exitOK         = 0 // every property holds
	exitViolation  = 1 // a property is violated
	exitUsage      = 2 // bad input: flags, config files, trace files
	exitIncomplete = 3 // a limit or an interrupt stopped the run before a verdict
	exitLiveness   = 4 // a liveness property is violated (and no safety property)
	// exitUnavailable: the command cannot run here: conform without root,
	// a network namespace or /dev/net/tun, graph --format svg without
	// Graphviz's dot on PATH; one line says why.
	exitUnavailable = 5
)

func main() {
	ctx, stop := watchSignals(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand of the CLI.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"check", "check a scenario (default: default) against every property", runCheck},
		{"list", "list scenarios, properties and model parameters", runList},
		{"graph", "draw a scenario's state space (endpoint diagram, state pairs, every state) or a trace, as DOT or SVG", runGraph},
		{"conform", "replay scenarios and random model traces against the Linux kernel, in a private network namespace (needs root)", runConform},
		{"simulate", "take seeded random walks of a scenario, for bounds too large to exhaust", runSimulate},
		{"sweep", "check a grid of (MSL, TIME-WAIT) and print which pairs keep the properties", runSweep},
		{"explore", "serve a web page on 127.0.0.1 to walk a scenario's state space by hand, with its TCBs, segments, sequence chart and state diagram", runExplore},
		{"bench", "measure the engine on the TwoPhase commit model", runBench},
		{"version", "print the version: the module's, the VCS revision it was built from, and Go's", runVersion},
	}
}

// run dispatches to a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr) // a command is missing: the usage, as an error
		return exitUsage
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = []string{"version"}
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		out := &checkedWriter{w: stdout}
		usage(out)
		if out.err != nil {
			fmt.Fprintf(stderr, "timewait: cannot write the help to stdout (%v)\n", unwrapPathError(out.err))
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			out := &checkedWriter{w: stdout}
			code := c.run(ctx, args[1:], out, stderr)
			if out.err != nil && code != exitUsage {
				fmt.Fprintf(stderr, "timewait %s: cannot write the output to stdout (%v)\n", c.name, unwrapPathError(out.err))
				return exitUsage
			}
			return code
		}
	}
	fmt.Fprintf(stderr, "timewait: unknown command %q; want one of %s (see timewait help)\n", args[0], commandNames())
	return exitUsage
}

func commandNames() string {
	s := ""
	for i, c := range commands() {
		if i > 0 {
			s += ", "
		}
		s += c.name
	}
	return s
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "timewait: an explicit-state model checker for TCP connection termination")
	fmt.Fprintln(w, "\nUsage: timewait <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nExit codes: 0 every safety (and checked liveness) property holds, 1 a safety property is violated (its shortest counterexample is printed),\n2 bad input (or the output could not be written), 3 incomplete (a limit, Ctrl-C or SIGTERM stopped the run; a second signal exits at once), 4 a liveness property is violated (its lasso is printed).\nWitnesses only inform. conform: 0 the kernel agrees with the model, 1 it differs. explore: serves until Ctrl-C or SIGTERM, then exits 0.\n5 cannot run here: conform needs root, graph --format svg needs Graphviz's dot on PATH.")
	fmt.Fprintln(w, "Run 'timewait <command> -h' for a command's flags.")
}
