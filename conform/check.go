package conform

import "encoding/hex"

// Result is the outcome of one scenario against the kernel.
type Result struct {
	Scenario   string
	Profile    string
	Divergence *Divergence // nil when the kernel did what the model predicted
	// Known explains the divergence when it is a documented difference
	// between RFC 9293 and Linux that the profile leaves on; nil otherwise.
	Known *Known
	// Steps counts, for a random trace, the steps replayed by kind (up to
	// the divergence, when there is one); nil for a scenario.
	Steps StepKinds
	// Timestamps says that the replay ran with RFC 7323 timestamps: the
	// model's timestamps option, tcp_timestamps=1 in the lab, and the
	// harness sending them.
	Timestamps bool
}

// Agrees reports whether the kernel did what the model predicted.
func (r *Result) Agrees() bool { return r.Divergence == nil }

// Check replays sc against the kernel in a fresh lab, with the model
// under profile. It returns an [*UnavailableError] when no lab can be made
// here.
func Check(sc Scenario, profile string) (*Result, error) { return CheckRecorded(sc, profile, nil) }

// CheckRecorded is Check that also records, in rec when it is not nil,
// every call made to the kernel and every packet exchanged with it
// (rec.K is set to the lab).
func CheckRecorded(sc Scenario, profile string, rec *Recorder) (*Result, error) {
	c, err := sc.Config(profile)
	if err != nil {
		return nil, err
	}
	tw, err := NewTwin(c)
	if err != nil {
		return nil, err
	}
	res := &Result{Scenario: sc.Name, Profile: profile, Timestamps: sc.LabTimestamps()}
	err = Run(sc.Sysctls(), func(l *Lab) error {
		d, err := Replay(recorded(l, rec), tw, sc.Steps)
		res.Divergence = d
		return err
	})
	if err != nil {
		return nil, err
	}
	if res.Divergence != nil && profile == "rfc" {
		res.Known = sc.RFCDivergence
	}
	return res, nil
}

// recorded is l, or rec passing every call on to l.
func recorded(l *Lab, rec *Recorder) Kernel {
	if rec == nil {
		return l
	}
	rec.K = l
	return rec
}

// Packets are the packets rec holds, in order: each whole IPv4 packet, and
// whether the kernel sent it (false: the harness sent it to the kernel).
func (r *Recorder) Packets() (packets [][]byte, fromKernel []bool) {
	for _, e := range r.Events {
		if e.Packet == "" {
			continue
		}
		b, err := hex.DecodeString(e.Packet)
		if err != nil {
			continue // the recorder wrote it: never
		}
		packets = append(packets, b)
		fromKernel = append(fromKernel, e.Op == "read")
	}
	return packets, fromKernel
}
