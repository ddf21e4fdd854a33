package model

import (
	"strconv"
	"testing"

	fuzz "github.com/google/gofuzz"
)

// arrivalInput is a structured input for segment arrival: an endpoint in any
// state with any variables, any segment, and any options.
type arrivalInput struct {
	State                              uint8
	ISS, SndUna, SndNxt, IRS, RcvNxt   uint8
	Sent, Retries                      uint8
	FinSent, AppClosed, RcvShut, Passv bool
	SegSeq, SegAck, SegFlags, SegLen   uint8
	Space, Window, AppData, NewISS     uint8
	SendWindow, HeldN                  uint8
	SegAge, TSRecent                   uint8          // the segment's age (its TSval's), TS.Recent's age
	Held                               [MaxHeld]uint8 // distances from RCV.NXT of held segments
	// Options holds one bit for each true-or-false parameter, in the
	// order of Params, so that a new option is fuzzed without editing
	// this test.
	Options uint64
	// Call is the user call made on the same endpoint instead of the
	// arrival: close, shutdown or abort.
	Call uint8
}

// FuzzSegmentArrival delivers arbitrary segments to endpoints in arbitrary
// states, under arbitrary options, and makes arbitrary user calls on them:
// neither ever panics, and what they leave is well formed (a valid state,
// sequence numbers inside the space, at most three segments sent, each with
// known flags and at most one data unit; a call sends at most a send
// window of segments, FIN included, and never a second FIN).
func FuzzSegmentArrival(f *testing.F) {
	f.Add([]byte("established fin"))
	f.Add([]byte{10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Fuzz(func(t *testing.T, data []byte) {
		var in arrivalInput
		fuzz.NewFromGoFuzz(data).Fuzz(&in)
		c := DefaultConfig()
		c.SeqSpace = 4 + int(in.Space)%125
		c.Window = 1 + int(in.Window)%(c.SeqSpace/2)
		c.SendWindow = 1 + int(in.SendWindow)%MaxSendWindow
		bit := 0
		for _, p := range Params() {
			if p.Bool {
				if err := c.Set(p.Name, strconv.FormatBool(in.Options>>bit&1 == 1)); err != nil {
					t.Fatal(err)
				}
				bit++
			}
		}
		n := uint8(c.SeqSpace)
		e := Endpoint{State: State(in.State % uint8(numStates)), ISS: Seq(in.ISS % n), SndUna: Seq(in.SndUna % n),
			SndNxt: Seq(in.SndNxt % n), IRS: Seq(in.IRS % n), RcvNxt: Seq(in.RcvNxt % n), Sent: in.Sent % 4,
			Retries: in.Retries % 8, FinSent: in.FinSent, AppClosed: in.AppClosed, RcvShut: in.RcvShut, Passive: in.Passv,
			TSRecent: in.TSRecent % uint8(c.tsAgeMax()+1)}
		for i := range int(in.HeldN) % (MaxHeld + 1) {
			e.hold(&c, Segment{Seq: c.Space().Add(e.RcvNxt, 1+int(in.Held[i])%c.Window), Flags: Flags(in.Held[i]>>4) & FIN, Len: in.Held[i] >> 7})
		}
		seg := Segment{Seq: Seq(in.SegSeq % n), Ack: Seq(in.SegAck % n), Flags: Flags(in.SegFlags) & (SYN | ACK | FIN | RST), Len: in.SegLen % 2,
			Age: in.SegAge % uint8(c.MSL+1)}
		before := e
		var out outbox
		r := c.arrive(&e, App{Data: int(in.AppData % 4)}, seg, Seq(in.NewISS%n), &out)
		if e.State >= numStates || int(r.note) >= len(noteText) {
			t.Fatalf("state %d, note %d", e.State, r.note)
		}
		if int(e.TSRecent) > c.tsAgeMax() {
			t.Fatalf("TS.Recent %d ticks old, beyond its bound %d", e.TSRecent, c.tsAgeMax())
		}
		for _, s := range []Seq{e.ISS, e.SndUna, e.SndNxt, e.IRS, e.RcvNxt} {
			if s >= Seq(n) {
				t.Fatalf("sequence number %d outside a space of %d: %+v", s, n, e)
			}
		}
		for _, s := range out.list() {
			if s.Seq >= Seq(n) || s.Ack >= Seq(n) || s.Len > 1 || s.Flags&^(SYN|ACK|FIN|RST) != 0 {
				t.Fatalf("malformed segment sent: %+v", s)
			}
		}
		// A user call in any state: a well-formed state, at most a send
		// window of segments (the FIN, or a RST, and any data queued
		// behind a window that this arbitrary TCB leaves open), and never
		// a second FIN (RFC 9293 §3.10.4).
		e, out = before, outbox{}
		note := c.close(&e, App{Data: int(in.AppData % 4), How: CloseHow(in.Call % 3)}, &out)
		if e.State >= numStates || int(note) >= len(noteText) || out.n > max(1, c.SendWindow) {
			t.Fatalf("call %d in %s: state %d, note %d, sent %v", in.Call%3, before.State, e.State, note, out.list())
		}
		for _, s := range out.list() {
			if s.Has(FIN) && before.FinSent {
				t.Fatalf("call %d in %s sent a second FIN: %v", in.Call%3, before.State, s)
			}
		}
	})
}
