package twophase

import "fmt"

// Processes names the TM and the RMs, for a sequence chart
// (seqchart.Messenger).
func (m Model) Processes() []string {
	out := []string{"TM"}
	for r := range m.N {
		out = append(out, fmt.Sprintf("rm%d", r+1))
	}
	return out
}

// Message describes a step for a sequence chart (seqchart.Messenger): the
// receipt of a message is an arrow from its sender to its receiver
// (TwoPhase.tla's messages are a set that receivers read, so a message is
// drawn where it is received), any other action an event of its process
// alone (receiver "").
func (m Model) Message(_ State, a Action, _ State) (sender, receiver, text string) {
	rm := fmt.Sprintf("rm%d", a.RM+1)
	switch a.Kind {
	case TMCommit:
		return "TM", "", "commit"
	case TMAbort:
		return "TM", "", "abort"
	case TMRcvPrepared:
		return rm, "TM", "Prepared"
	case RMPrepare:
		return rm, "", "prepare"
	case RMChooseToAbort:
		return rm, "", "abort"
	case RMRcvCommitMsg:
		return "TM", rm, "Commit"
	}
	return "TM", rm, "Abort" // RMRcvAbortMsg
}
