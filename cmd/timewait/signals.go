package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// interruptSignals end a run early: Ctrl-C, and SIGTERM as sent by kill,
// timeout or a service manager.
var interruptSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// interruptedError is the cause of a context cancelled by a signal. The
// checker puts the cause into its stop reason ("interrupted: SIGINT").
type interruptedError struct{ sig os.Signal }

func (e interruptedError) Error() string {
	if s, ok := e.sig.(syscall.Signal); ok {
		switch s {
		case syscall.SIGINT:
			return "SIGINT"
		case syscall.SIGTERM:
			return "SIGTERM"
		}
	}
	return e.sig.String()
}

// echoWindow is how soon after the first signal another counts as the same
// request. One Ctrl-C reaches every process of the terminal's group, and
// tools such as timeout(1) send their signal to the process and then to its
// group: both copies arrive within microseconds. A person pressing Ctrl-C
// again takes longer.
const echoWindow = time.Second

// onSignals returns a context that the first signal from sigs cancels, so
// that the command stops and reports what it has, marked incomplete. A
// second signal, more than echoWindow after the first, calls
// exit(exitIncomplete) at once, after one line on stderr: the user asked
// twice, and no report is printed (a --cpuprofile is then cut short, and a
// temporary file of -o may be left beside its target). stop ends the watch.
func onSignals(parent context.Context, sigs <-chan os.Signal, stderr io.Writer, exit func(int), now func() time.Time) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	done := make(chan struct{})
	go func() {
		var first time.Time
		select {
		case sig := <-sigs:
			first = now()
			cancel(interruptedError{sig})
		case <-done:
			return
		}
		for {
			select {
			case sig := <-sigs:
				if now().Sub(first) < echoWindow {
					continue // the same request, delivered twice
				}
				fmt.Fprintf(stderr, "timewait: %s again: exiting at once, without a report (exit %d)\n", interruptedError{sig}, exitIncomplete)
				exit(exitIncomplete)
				return
			case <-done:
				return
			}
		}
	}()
	return ctx, func() {
		close(done)
		cancel(context.Canceled)
	}
}

// watchSignals is onSignals for the process's own signals.
func watchSignals(stderr io.Writer) (context.Context, func()) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, interruptSignals...)
	ctx, stop := onSignals(context.Background(), sigs, stderr, os.Exit, time.Now)
	return ctx, func() {
		signal.Stop(sigs)
		stop()
	}
}

// stopCause says why ctx is done, as a stop reason: "interrupted: SIGINT".
func stopCause(ctx context.Context) string {
	if context.Cause(ctx) == nil {
		return "not interrupted"
	}
	return "interrupted: " + context.Cause(ctx).Error()
}
