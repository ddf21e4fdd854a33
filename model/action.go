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

// actionNames are the names of the kinds of action, by ActionKind.
var actionNames = [...]string{"connect", "close", "retransmit", "time-wait-timer", "fin-wait-2-timer", "deliver", "lose", "duplicate", "tick", "keepalive-timer"}

// String names the action briefly, for example "deliver A->B #0".
func (a Action) String() string {
	names := actionNames
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

// ActionName names a's kind and side without the segment's place, for
// example "deliver A->B": the name coverage counts it under
// (checker.ActionNamer).
func (m *Model) ActionName(a Action) string {
	if a.Kind == ActTick {
		return "tick"
	}
	return kindSideNames[a.Kind][a.Side&1]
}

// kindSideNames are ActionName's names, made once.
var kindSideNames = func() (out [len(actionNames)][2]string) {
	for k := range ActionKind(len(actionNames)) {
		for side := range Side(2) {
			switch k {
			case ActDeliver, ActLose, ActDuplicate:
				out[k][side] = actionNames[k] + " " + side.String() + "->" + side.Peer().String()
			default:
				out[k][side] = actionNames[k] + " " + side.String()
			}
		}
	}
	return out
}()

// ActionNames lists every name ActionName gives, so that coverage reports
// the actions a configuration never takes.
func (m *Model) ActionNames() []string {
	var out []string
	for k := range ActionKind(len(actionNames)) {
		if k == ActTick {
			out = append(out, "tick")
			continue
		}
		out = append(out, kindSideNames[k][0], kindSideNames[k][1])
	}
	return out
}
