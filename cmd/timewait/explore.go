package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"

	"github.com/timewait/timewait/explore"
	"github.com/timewait/timewait/explore/tcpview"
	"github.com/timewait/timewait/model"
)

// runExplore serves the explorer's page for a scenario, or for the
// configuration of a trace file, until Ctrl-C or SIGTERM.
func runExplore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("explore", stdout, stderr)
	var mf modelFlags
	mf.register(f)
	var engine engineFlags
	engine.register(f)
	trace := f.String("trace", "", "open this trace file at its first step: an ITF trace (written by check --trace-out) or the text check prints (check --show P), with the configuration it names (a chart alone: the model flags')")
	addr := f.String("addr", "127.0.0.1:0", "listen on this host:port; port 0 picks a free one")
	if code, ok := f.parse(args); !ok {
		return code
	}
	if err := checkAddr(*addr); err != nil {
		return f.fail("--addr %q: %v", *addr, err)
	}
	var m *model.Model
	var name string
	var traceData []byte // a text trace, opened once the model is served
	named := false       // the text names its configuration
	var along []int      // the trace file's path, from the initial state of index alongInit
	var alongInit int
	var others []string // the model flags given
	f.Visit(func(fl *flag.Flag) {
		if fl.Name == "scenario" || fl.Name == "config" || isParam(fl.Name) {
			others = append(others, fl.Name)
		}
	})
	if *trace != "" {
		data, err := os.ReadFile(*trace)
		if err != nil {
			return f.fail("--trace %q: cannot read it (%v); want an ITF trace (check --trace-out) or the text check prints (check --show P)", *trace, unwrapPathError(err))
		}
		if tcpview.IsITF(data) {
			if code, bad := f.unused("--trace (the file names its configuration)", others...); bad {
				return code
			}
			run, err := readTraceFile("--trace", *trace)
			if err != nil {
				return f.fail("%v", err)
			}
			m, name = run.model, run.scenario
			alongInit, along, err = explore.PathOf(m, run.trace)
			if err != nil {
				return f.fail("--trace %q: %v", *trace, err)
			}
		} else {
			// The text check prints names its configuration in its first
			// line; a chart alone takes the model flags'.
			n, cfg, found, err := tcpview.CheckOutputConfig(string(data))
			switch {
			case err != nil:
				return f.fail("--trace %q: %v", *trace, err)
			case found:
				if code, bad := f.unused("--trace (the file names its configuration)", others...); bad {
					return code
				}
				name, named = n, true
				if m, err = model.New(cfg); err != nil {
					return f.fail("--trace %q: %v", *trace, err)
				}
			}
			traceData = data
		}
	}
	if m == nil {
		var cfg model.Config
		var code int
		var ok bool
		name, cfg, code, ok = mf.config(f)
		if !ok {
			return code
		}
		m, _ = model.New(cfg) // config validated it
	}
	tm := tcpview.New(ctx, name, m, engine.options(f))
	if traceData != nil {
		t, err := tm.OpenTrace(traceData)
		if err != nil && !named && len(others) == 0 {
			return f.fail("--trace %q: %v (the file names no configuration: this is scenario %s; give the trace's with --scenario and the model flags)", *trace, err, name)
		}
		if err != nil {
			return f.fail("--trace %q: %v", *trace, err)
		}
		if alongInit, along, err = explore.PathOf(tm, t); err != nil {
			return f.fail("--trace %q: %v", *trace, err)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) {
			err = op.Err
		}
		return f.fail("--addr %q: cannot listen there (%v); want a free host:port of this machine, such as 127.0.0.1:8080 (port 0: a free one)", *addr, err)
	}
	opts := tm.Options()
	opts.Listener, opts.Along, opts.AlongInit = ln, along, alongInit
	opts.Ready = func(url string) {
		fmt.Fprintf(stdout, "timewait explore: serving %s at %s (Ctrl-C to stop)\n", name, url)
	}
	if err := explore.Serve(ctx, tm, opts); err != nil {
		return f.fail("%v", err)
	}
	if ctx.Err() != nil && context.Cause(ctx) != context.Canceled {
		fmt.Fprintf(stderr, "timewait explore: %s: server stopped\n", stopCause(ctx))
	}
	return exitOK
}

// isParam reports whether name is a model parameter's flag.
func isParam(name string) bool {
	_, ok := model.ParamByName(name)
	return ok
}

// checkAddr checks a --addr value: host:port with a port from 0 to 65535.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want host:port, such as 127.0.0.1:8080 (port 0: a free one)")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("want host:port with a port from 0 to 65535")
	}
	return nil
}
