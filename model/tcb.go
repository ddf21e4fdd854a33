package model

// TCBField is one field of an endpoint's control block as traces show it:
// a sequence variable (SND.NXT), the receive window, a timer and the ticks
// left on it, a count.
type TCBField struct {
	Name  string // as traces print it: "SND.UNA", "RCV.WND", "retx", "inc"
	Value int    // its value; for a timer, the ticks left until it is due
}

// tcbFields are the fields traces show, in order, each with whether it
// means anything for the endpoint (a timer only while armed). A new
// Endpoint field that decides what a segment does, or when, is one line
// here: the text chart, the SVG chart and the JSON trace all read this
// list.
var tcbFields = []struct {
	name string
	get  func(c *Config, e *Endpoint) (int, bool)
}{
	{"SND.UNA", func(_ *Config, e *Endpoint) (int, bool) { return int(e.SndUna), true }},
	{"SND.NXT", func(_ *Config, e *Endpoint) (int, bool) { return int(e.SndNxt), true }},
	{"RCV.NXT", func(_ *Config, e *Endpoint) (int, bool) { return int(e.RcvNxt), e.State != SynSent }},
	{"RCV.WND", func(c *Config, e *Endpoint) (int, bool) { return c.Window, e.State != SynSent }},
	{"retx", func(_ *Config, e *Endpoint) (int, bool) { return e.Retx.Left(), e.Retx.Armed() }},
	{"retries", func(_ *Config, e *Endpoint) (int, bool) { return int(e.Retries), e.Retries > 0 }},
	{"time-wait", func(_ *Config, e *Endpoint) (int, bool) { return e.TimeWait.Left(), e.TimeWait.Armed() }},
	{"fin-wait-2", func(_ *Config, e *Endpoint) (int, bool) { return e.FinWait2.Left(), e.FinWait2.Armed() }},
	{"ts-recent-age", func(c *Config, e *Endpoint) (int, bool) { return int(e.TSRecent), c.tsValid(e) }},
	{"tw-age", func(c *Config, e *Endpoint) (int, bool) {
		return int(e.TWAge), c.TWReuseDelay > 0 && e.State == TimeWait
	}},
	{"inc", func(_ *Config, e *Endpoint) (int, bool) { return int(e.Inc), true }}, // ghost: the connection's incarnation
}

// HasTCB reports whether the endpoint has a connection's control block:
// it is neither CLOSED nor LISTEN.
func (e Endpoint) HasTCB() bool { return e.State != Closed && e.State != Listen }

// TCB returns the fields of e's control block that traces show, in order:
// none when e has no TCB (CLOSED, LISTEN), and a timer only while armed.
func (m *Model) TCB(e Endpoint) []TCBField {
	if !e.HasTCB() {
		return nil
	}
	var out []TCBField
	for _, f := range tcbFields {
		if v, ok := f.get(&m.cfg, &e); ok {
			out = append(out, TCBField{Name: f.name, Value: v})
		}
	}
	return out
}

// TCBFieldNames are the names TCB may return, in its order.
func TCBFieldNames() []string {
	names := make([]string, len(tcbFields))
	for i, f := range tcbFields {
		names[i] = f.name
	}
	return names
}
