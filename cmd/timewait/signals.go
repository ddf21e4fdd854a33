package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
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

// onSignals returns a context that the first signal from sigs cancels, so
// that the command stops and reports what it has, marked incomplete. A
// second signal calls exit(exitIncomplete) at once, after one line on
// stderr: the user asked twice, and no report is printed. stop ends the
// watch.
func onSignals(parent context.Context, sigs <-chan os.Signal, stderr io.Writer, exit func(int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			cancel(interruptedError{sig})
		case <-done:
			return
		}
		select {
		case sig := <-sigs:
			fmt.Fprintf(stderr, "timewait: %s again: exiting at once, without a report (exit %d)\n", interruptedError{sig}, exitIncomplete)
			exit(exitIncomplete)
		case <-done:
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
	ctx, stop := onSignals(context.Background(), sigs, stderr, os.Exit)
	return ctx, func() {
		signal.Stop(sigs)
		stop()
	}
}

// stopCause says why ctx is done, as a stop reason: "interrupted: SIGINT".
func stopCause(ctx context.Context) string {
	return "interrupted: " + context.Cause(ctx).Error()
}
