package conform

// Result is the outcome of one scenario against the kernel.
type Result struct {
	Scenario   string
	Profile    string
	Divergence *Divergence // nil when the kernel did what the model predicted
	// Known explains the divergence when it is a documented difference
	// between RFC 9293 and Linux that the profile leaves on; nil otherwise.
	Known *Known
}

// Agrees reports whether the kernel did what the model predicted.
func (r *Result) Agrees() bool { return r.Divergence == nil }

// Check replays sc against the kernel in a fresh lab, with the model
// under profile. It returns an [*UnavailableError] when no lab can be made
// here.
func Check(sc Scenario, profile string) (*Result, error) {
	c, err := sc.Config(profile)
	if err != nil {
		return nil, err
	}
	tw, err := NewTwin(c)
	if err != nil {
		return nil, err
	}
	res := &Result{Scenario: sc.Name, Profile: profile}
	err = Run(sc.Sysctls(), func(l *Lab) error {
		d, err := Replay(l, tw, sc.Steps)
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
