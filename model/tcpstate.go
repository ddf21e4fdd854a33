package model

// State is a connection state of RFC 9293 §3.3.2.
type State uint8

// The eleven connection states of RFC 9293 §3.3.2, in the order of its
// state diagram (§3.3.2, Figure 5).
const (
	Closed      State = iota // CLOSED: no connection (no TCB)
	Listen                   // LISTEN: waiting for a connection request
	SynSent                  // SYN-SENT: a connection request sent, waiting for a matching one
	SynReceived              // SYN-RECEIVED: a request received and sent, waiting for its acknowledgment
	Established              // ESTABLISHED: an open connection
	FinWait1                 // FIN-WAIT-1: our FIN (or our close) awaits the peer's acknowledgment
	FinWait2                 // FIN-WAIT-2: our FIN acknowledged, waiting for the peer's FIN
	CloseWait                // CLOSE-WAIT: the peer's FIN received, waiting for our application to close
	Closing                  // CLOSING: FINs crossed, waiting for the acknowledgment of ours
	LastAck                  // LAST-ACK: closed after the peer, waiting for the acknowledgment of our FIN
	TimeWait                 // TIME-WAIT: waiting 2 MSL before the socket pair may be reused
	numStates
)

var stateNames = [numStates]string{
	"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED",
	"FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT",
}

// String returns the RFC's name of the state, such as "TIME-WAIT".
func (s State) String() string {
	if s < numStates {
		return stateNames[s]
	}
	return "INVALID"
}

// States returns all eleven states in the RFC's order.
func States() []State {
	out := make([]State, numStates)
	for i := range out {
		out[i] = State(i)
	}
	return out
}

// Synchronized reports whether the state is one of RFC 9293's synchronized
// states, in which sequence numbers of both sides are known (§3.5.2).
func (s State) Synchronized() bool { return s >= Established && s < numStates }

// PeerFinReceived reports whether the peer's FIN has been received and
// acknowledged in this state.
func (s State) PeerFinReceived() bool {
	return s == CloseWait || s == Closing || s == LastAck || s == TimeWait
}

// CanSend reports whether the connection may still send data or its FIN:
// in CLOSING too, where a FIN queued behind data in FIN-WAIT-1 still has to
// leave.
func (s State) CanSend() bool {
	return s == Established || s == CloseWait || s == FinWait1 || s == Closing || s == LastAck
}
