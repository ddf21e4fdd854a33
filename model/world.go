package model

import "fmt"

// World is one global state of the model: both endpoints, the channel in
// each direction, the clock that paces initial sequence numbers, and the
// faults the network has used. It is a comparable value.
type World struct {
	A, B   Endpoint
	AB, BA Channel // AB holds the segments from A to B
	Clock  Seq     // the ISN clock (Config.ISN = ISNClock): ISNRate a tick plus every number consumed; 0 otherwise
	Lost   uint8   // segments lost so far (at most Config.Loss)
	Duped  uint8   // segments duplicated so far (at most Config.Duplicate)
}

// Endpoint returns the endpoint of side s.
func (w *World) Endpoint(s Side) *Endpoint {
	if s == A {
		return &w.A
	}
	return &w.B
}

// Channel returns the channel carrying side s's segments to its peer.
func (w *World) Channel(from Side) *Channel {
	if from == A {
		return &w.AB
	}
	return &w.BA
}

// String prints the world compactly: each endpoint's state and the
// segments in flight.
func (w World) String() string {
	return fmt.Sprintf("A=%s B=%s A->B%v B->A%v", w.A.State, w.B.State, w.AB.List(), w.BA.List())
}
