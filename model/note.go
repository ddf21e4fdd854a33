package model

// Note says what an endpoint made of an event, beyond its new state and the
// segments it sent. Labels print it; properties read it from an [Effect].
type Note uint8

// The notes.
const (
	NoteNone             Note = iota
	NoteDropped               // the segment was discarded without an answer
	NoteUnacceptable          // it failed the acceptability test and drew an ACK (§3.10.7.4 first)
	NoteChallengeACK          // a RST or SYN drew a challenge ACK (RFC 5961, RFC 9293 §3.10.7.4)
	NoteReset                 // an acceptable RST closed the connection
	NoteRSTIgnored            // a RST in TIME-WAIT was ignored (RFC 1337)
	NoteNoConnection          // no connection: answered with a RST (§3.10.7.1)
	NoteBadACK                // an unacceptable ACK drew a RST (§3.10.7.2, §3.10.7.3, SYN-RECEIVED)
	NoteFinReACKed            // a retransmitted FIN in TIME-WAIT was ACKed and the timer restarted
	NoteOutOfOrder            // a segment beyond RCV.NXT: its text and FIN dropped, an ACK sent
	NoteDataAfterClose        // data after close(): answered with a RST (RFC 1122 §4.2.2.13)
	NoteGaveUp                // the retransmission limit was reached: the connection aborted (§3.8.3)
	NoteReopened              // a SYN in TIME-WAIT opened a new connection (RFC 1122 §4.2.2.13)
	NoteBackToListen          // SYN-RECEIVED returned to LISTEN (§3.10.7.4)
	NoteTCBDeleted            // a user call deleted the TCB without a segment (§3.10.4 SYN-SENT, §3.10.5)
	NoteClosing               // a CLOSE after CLOSE: "error: connection closing", no second FIN (§3.10.4)
	NoteNoSuchConnection      // a call in CLOSED: "error: connection does not exist" (§3.10.4, §3.10.5)
	NoteConnectRefused        // connect while the pair is in TIME-WAIT: "error: connection already exists" (§3.10.1)
	NoteHeld                  // a segment beyond RCV.NXT held in the out-of-order queue, an ACK sent (§3.10.7.4 first, SHLD-31)
	NoteTimeWaitACKed         // an acceptable segment in TIME-WAIT was ACKed and the timer restarted (§3.10.7.4 fifth)
	NoteFinAgain              // a FIN after the peer's FIN: ACKed, the state kept (§3.10.7.4 eighth)
	NoteUnreadReset           // close() with unread data: a RST instead of a FIN (RFC 9293 SHLD-2, Linux tcp_close)
	NoteOrphanReset           // Linux: an orphan (after close()) deleted, its peer's segment answered with a RST
	NoteKeepaliveProbe        // the keep-alive timer sent a probe (RFC 9293 §3.8.4)
	NoteKeepaliveTimeout      // unanswered keep-alive probes: the connection aborted with a RST
	NotePAWS                  // PAWS: a TSval older than TS.Recent, the segment dropped with an ACK (RFC 7323 §5.3 R1)
	NoteTWReused              // connect took over the pair from TIME-WAIT (Linux tcp_tw_reuse, tcp_twsk_unique)
	NoteEndsAtRcvNxt          // Linux: a segment ending at RCV.NXT was taken, its ACK processed, a duplicate ACK sent (tcp_sequence)
	NotePAWSOldACK            // Linux: a bare ACK below RCV.NXT failed PAWS and was dropped without an ACK (TCP_RFC7323_PAWS_ACK)
)

var noteText = [...]string{
	"", "dropped", "unacceptable", "challenge ACK", "connection reset", "RST ignored (RFC 1337)",
	"no connection", "bad ACK", "FIN re-ACKed, TIME-WAIT restarted", "out of order",
	"data after close", "retransmissions exhausted", "reopened from TIME-WAIT", "back to LISTEN",
	"TCB deleted, nothing sent", "error: connection closing", "error: connection does not exist",
	"refused: connection already exists", "held out of order", "ACKed, TIME-WAIT restarted",
	"FIN again: ACKed", "unread data: reset", "orphan deleted, RST sent", "keep-alive probe",
	"keep-alive probes unanswered", "PAWS: old timestamp, ACKed", "TIME-WAIT reused by connect",
	"ends at RCV.NXT: ACK taken", "PAWS: old ACK, dropped",
}

// String describes the note as labels print it ("" for NoteNone).
func (n Note) String() string {
	if int(n) < len(noteText) {
		return noteText[n]
	}
	return "?"
}
