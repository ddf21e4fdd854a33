package model

// Seq is a sequence number in a small modular space whose size is
// Config.SeqSpace (RFC 9293 §3.4: sequence numbers are compared modulo the
// size of the space). The real space has 2^32 numbers; a small one makes
// wrap-around, and so the reuse of sequence numbers by a later incarnation,
// reachable by an exhaustive search.
type Seq uint8

// Space is the modular sequence space of one model, after gvisor's seqnum
// package: every comparison is made modulo N, and "a < b" means that b is
// less than half the space ahead of a.
type Space struct {
	N uint8
}

// Add returns s + n modulo the space size.
func (sp Space) Add(s Seq, n int) Seq {
	m := int(sp.N)
	return Seq(((int(s)+n)%m + m) % m)
}

// Diff returns b - a modulo the space size, in [0, N).
func (sp Space) Diff(a, b Seq) int {
	m := int(sp.N)
	return ((int(b)-int(a))%m + m) % m
}

// Lt reports whether a < b in modular order: b is ahead of a by less than
// half the space.
func (sp Space) Lt(a, b Seq) bool {
	d := sp.Diff(a, b)
	return d != 0 && 2*d < int(sp.N)
}

// Le reports whether a <= b in modular order.
func (sp Space) Le(a, b Seq) bool { return a == b || sp.Lt(a, b) }

// InWindow reports whether start <= s < start+size in modular order, the
// form of RFC 9293 §3.10.7.4's acceptability test.
func (sp Space) InWindow(s, start Seq, size int) bool {
	return sp.Diff(start, s) < size
}
