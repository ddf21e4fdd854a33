package model

import "fmt"

// ActionKind names one kind of nondeterministic choice of the environment,
// as stateright's ActorModelAction does.
type ActionKind uint8

// The kinds of action.
const (
	ActConnect   ActionKind = iota // A's application opens a connection
	ActClose                       // an application closes (close, shutdown or abort, per Config)
	ActRetx                        // a retransmission timer fires
	ActTimeWait                    // a TIME-WAIT timer fires
	ActFinWait2                    // Linux's FIN-WAIT-2 timer fires
	ActDeliver                     // the network delivers a segment to its destination
	ActLose                        // the network loses a segment
	ActDuplicate                   // the network duplicates a segment
	ActTick                        // one tick of time passes
	ActKeepalive                   // a keep-alive timer fires
)

// Action is one step of the environment. Side is the endpoint that acts, or
// for network actions the sender of the segment; Index is the segment's place
// in that channel; ISS is the initial sequence number chosen, for an action
// that opens a connection under ISNAny.
type Action struct {
	Kind  ActionKind
	Side  Side
	Index uint8
	ISS   Seq
}

// String names the action briefly, for example "deliver A->B #0".
func (a Action) String() string {
	names := [...]string{"connect", "close", "retransmit", "time-wait-timer", "fin-wait-2-timer", "deliver", "lose", "duplicate", "tick", "keepalive-timer"}
	switch a.Kind {
	case ActTick:
		return "tick"
	case ActDeliver, ActLose, ActDuplicate:
		return fmt.Sprintf("%s %s->%s #%d", names[a.Kind], a.Side, a.Side.Peer(), a.Index)
	}
	return fmt.Sprintf("%s %s", names[a.Kind], a.Side)
}

// Effect is what one step did, for labels and properties: the endpoint that
// acted, the segment concerned, what was sent, and what it meant.
type Effect struct {
	Side      Side    // the endpoint that acted or received
	Seg       Segment // the segment delivered, lost or duplicated
	Sent      []Segment
	Note      Note
	Delivered bool // a data unit reached the receiving application
	// Units are the segments whose data unit reached the receiving
	// application in this step, in order: the segment delivered, and those
	// it released from the out-of-order queue (ghost fields included).
	Units []Segment
	Reset bool // an acceptable RST closed the receiver's connection
}
