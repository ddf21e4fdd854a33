// Package twophase is Lamport's TwoPhase commit protocol, written for the
// checker as in the TLA+ Examples specification TwoPhase.tla: a transaction
// manager (TM) and N resource managers (RMs) that exchange messages through a
// set that only grows. It is the engine's validation and benchmark model:
// the number of distinct reachable states for N = 1..9 is known (12, 56,
// 288, 1568, 8832, 50816, 296448, 1745408, 10340352).
package twophase

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/timewait/timewait/checker"
)

// MaxRMs is the largest number of resource managers a Model supports.
const MaxRMs = 16

// RMState is the state of one resource manager.
type RMState uint8

// The states of a resource manager.
const (
	Working RMState = iota
	Prepared
	Committed
	Aborted
)

// String returns the state as TwoPhase.tla names it.
func (r RMState) String() string {
	return [...]string{"working", "prepared", "committed", "aborted"}[r]
}

// TMState is the state of the transaction manager.
type TMState uint8

// The states of the transaction manager.
const (
	TMInit TMState = iota
	TMCommitted
	TMAborted
)

// String returns the state as TwoPhase.tla names it.
func (t TMState) String() string { return [...]string{"init", "committed", "aborted"}[t] }

// State is one state of the protocol: two bits per RM for rmState, bit
// masks for the sets of RMs, and the TM's state. The TM's messages need no
// field of their own: TwoPhase.tla sends [type |-> "Commit"] exactly when
// the TM commits and [type |-> "Abort"] exactly when it aborts, so they are
// read from TM (MsgCommit, MsgAbort). Four fields of at most 4 bytes keep
// the state in registers: Go keeps a struct of up to four fields there,
// and one stored byte by byte and read back whole stalls the processor.
type State struct {
	RMs        uint32  // rmState: RM r's state in bits 2r and 2r+1
	TMPrepared uint16  // tmPrepared: RMs the TM knows are prepared
	MsgPrep    uint16  // RMs r with [type |-> "Prepared", rm |-> r] in msgs
	TM         TMState // tmState
}

// MsgCommit reports whether [type |-> "Commit"] is in msgs.
func (s State) MsgCommit() bool { return s.TM == TMCommitted }

// MsgAbort reports whether [type |-> "Abort"] is in msgs.
func (s State) MsgAbort() bool { return s.TM == TMAborted }

// RM returns the state of resource manager r (0-based).
func (s State) RM(r int) RMState { return RMState(s.RMs >> (2 * uint(r) & 31) & 3) }

// Shift counts are masked to the word's size (r < MaxRMs makes them so
// anyway): the compiler then shifts in one instruction, without the checks
// that a count past the word's size needs.
func setRM(rms uint32, r uint8, v RMState) uint32 {
	sh := 2 * r & 31
	return rms&^(3<<sh) | uint32(v)<<sh
}

// Kind names one of the seven actions of TwoPhase.tla.
type Kind uint8

// The actions. The RM ones take the RM as a parameter.
const (
	TMCommit Kind = iota
	TMAbort
	TMRcvPrepared
	RMPrepare
	RMChooseToAbort
	RMRcvCommitMsg
	RMRcvAbortMsg
)

// Action is one action, with the RM it concerns (unused for TMCommit and TMAbort).
type Action struct {
	Kind Kind
	RM   uint8
}

// String returns the action as TwoPhase.tla names it, with its RM (1-based).
func (a Action) String() string {
	switch a.Kind {
	case TMCommit:
		return "TMCommit"
	case TMAbort:
		return "TMAbort"
	}
	name := [...]string{"", "", "TMRcvPrepared", "RMPrepare", "RMChooseToAbort", "RMRcvCommitMsg", "RMRcvAbortMsg"}[a.Kind]
	return fmt.Sprintf("%s(rm%d)", name, a.RM+1)
}

// Model is TwoPhase with N resource managers (1 <= N <= MaxRMs).
type Model struct {
	N int
}

// New returns the model for n resource managers.
func New(n int) (Model, error) {
	if n < 1 || n > MaxRMs {
		return Model{}, fmt.Errorf("twophase: %d resource managers; want 1 to %d", n, MaxRMs)
	}
	return Model{N: n}, nil
}

// Init is the single initial state: every RM working, the TM in init, no messages.
func (m Model) Init() []State { return []State{{}} }

func (m Model) all() uint16 { return uint16(1)<<m.N - 1 }

// Actions returns the enabled actions: TMCommit, TMAbort, then for each RM in
// order TMRcvPrepared, RMPrepare, RMChooseToAbort, RMRcvCommitMsg,
// RMRcvAbortMsg. As in the TLA+ specification, receiving a message is
// enabled whenever the message is in the set, even if it changes nothing.
// The TM's state decides which of the TM's and the receiving actions can
// be enabled at all, so it is looked at once, not once per RM.
func (m Model) Actions(s State, buf []Action) []Action {
	n := m.N
	k := len(buf)
	buf = slices.Grow(buf, 3*n+2)[:k+3*n+2] // at most three actions per RM, and the TM's two
	switch s.TM {
	case TMInit:
		if s.TMPrepared == m.all() {
			buf[k] = Action{Kind: TMCommit}
			k++
		}
		buf[k] = Action{Kind: TMAbort}
		k++
		for r := 0; r < n; r++ {
			rm := uint8(r)
			if s.MsgPrep&(1<<(r&15)) != 0 {
				buf[k] = Action{TMRcvPrepared, rm}
				k++
			}
			if s.RM(r) == Working {
				buf[k], buf[k+1] = Action{RMPrepare, rm}, Action{RMChooseToAbort, rm}
				k += 2
			}
		}
	case TMCommitted, TMAborted:
		rcv := RMRcvCommitMsg
		if s.TM == TMAborted {
			rcv = RMRcvAbortMsg
		}
		for r := 0; r < n; r++ {
			rm := uint8(r)
			if s.RM(r) == Working {
				buf[k], buf[k+1] = Action{RMPrepare, rm}, Action{RMChooseToAbort, rm}
				k += 2
			}
			buf[k] = Action{rcv, rm}
			k++
		}
	}
	return buf[:k]
}

// Next applies a, which Actions found enabled in s.
func (m Model) Next(s State, a Action) (State, bool) {
	switch a.Kind {
	case TMCommit:
		s.TM = TMCommitted // and sends Commit
	case TMAbort:
		s.TM = TMAborted // and sends Abort
	case TMRcvPrepared:
		s.TMPrepared |= 1 << (a.RM & 15)
	case RMPrepare:
		s.RMs = setRM(s.RMs, a.RM, Prepared)
		s.MsgPrep |= 1 << (a.RM & 15)
	case RMChooseToAbort:
		s.RMs = setRM(s.RMs, a.RM, Aborted)
	case RMRcvCommitMsg:
		s.RMs = setRM(s.RMs, a.RM, Committed)
	case RMRcvAbortMsg:
		s.RMs = setRM(s.RMs, a.RM, Aborted)
	}
	return s, true
}

// Encode packs the state into 8 bytes for up to 15 RMs (EncodeWord). With
// 16 RMs it takes two words.
func (m Model) Encode(buf []byte, s State) []byte {
	if !m.Words() {
		buf = binary.LittleEndian.AppendUint64(buf, uint64(s.RMs))
		return binary.LittleEndian.AppendUint64(buf, uint64(s.TMPrepared)|uint64(s.MsgPrep)<<16|uint64(s.TM)<<32)
	}
	return binary.LittleEndian.AppendUint64(buf, m.EncodeWord(s))
}

// Words reports whether every state encodes in one word: up to 15 RMs
// (checker.WordEncoder).
func (m Model) Words() bool { return m.N <= 15 }

// The word of a state of up to 15 RMs, at the same place whatever N: the
// RM states (2 bits each) from bit 0, tmPrepared from bit 30, the Prepared
// messages from bit 45, the TM's state at bits 60 and 61.
const (
	tmPreparedAt = 30
	msgPrepAt    = 45
	tmAt         = 60
)

// EncodeWord is Encode as one word, for up to 15 RMs (checker.WordEncoder).
// With more RMs the fields overlap and the word means nothing: Words is
// false, and the engine never calls it.
func (m Model) EncodeWord(s State) uint64 {
	return uint64(s.RMs) | uint64(s.TMPrepared)<<tmPreparedAt | uint64(s.MsgPrep)<<msgPrepAt | uint64(s.TM)<<tmAt
}

// NextWord is Next followed by EncodeWord (checker.WordStepper), without
// a branch: every action clears some bits of the word and sets others
// (an RM's state, the TM's state, one bit of tmPrepared or of the
// Prepared messages), which stepMasks gives by action. Like EncodeWord it
// holds only while Words is true (up to 15 RMs).
func (m Model) NextWord(s State, a Action) (uint64, bool) {
	sm := &stepMasks[a.Kind&7][a.RM&15]
	return m.EncodeWord(s)&^sm.clear | sm.set, true
}

// stepMasks[kind][rm] are the bits of the word that action {kind, rm}
// clears and sets.
var stepMasks = func() (t [8][16]struct{ clear, set uint64 }) {
	for r := range uint(15) {
		rm := func(v RMState) (uint64, uint64) { return 3 << (2 * r), uint64(v) << (2 * r) }
		t[RMPrepare][r].clear, t[RMPrepare][r].set = rm(Prepared)
		t[RMPrepare][r].set |= 1 << (msgPrepAt + r)
		t[RMChooseToAbort][r].clear, t[RMChooseToAbort][r].set = rm(Aborted)
		t[RMRcvCommitMsg][r].clear, t[RMRcvCommitMsg][r].set = rm(Committed)
		t[RMRcvAbortMsg][r].clear, t[RMRcvAbortMsg][r].set = rm(Aborted)
		t[TMRcvPrepared][r].set = 1 << (tmPreparedAt + r)
		t[TMCommit][r] = struct{ clear, set uint64 }{3 << tmAt, uint64(TMCommitted) << tmAt}
		t[TMAbort][r] = struct{ clear, set uint64 }{3 << tmAt, uint64(TMAborted) << tmAt}
	}
	return t
}()

// The RM states' two bits, low and high, for every RM at once: Committed
// is high only (binary 10), Aborted both (11).
const lowBits = 0x55555555

// Consistent is TCConsistent: no RM has committed while another has aborted.
func (m Model) Consistent(s State) bool {
	lo, hi := s.RMs&lowBits, s.RMs>>1&lowBits
	committed, aborted := hi&^lo != 0, hi&lo != 0
	return !(committed && aborted)
}

// AllCommitted reports whether every RM has committed.
func (m Model) AllCommitted(s State) bool {
	all := uint32(uint64(1)<<(2*m.N) - 1)
	return s.RMs == all&^lowBits
}

// Properties are the invariant TCConsistent and the goal that all RMs commit.
func (m Model) Properties() []checker.Property[State, Action] {
	p := checker.For(m)
	return []checker.Property[State, Action]{
		p.Always("consistent", m.Consistent),
		p.Sometimes("all-committed", m.AllCommitted),
	}
}

// Format prints a state compactly: rm1..rmN, the TM and the messages.
func (m Model) Format(s State) string {
	var b strings.Builder
	for r := 0; r < m.N; r++ {
		fmt.Fprintf(&b, "rm%d=%s ", r+1, s.RM(r))
	}
	fmt.Fprintf(&b, "tm=%s prepared=%0*b msgs=%0*b", s.TM, m.N, s.TMPrepared, m.N, s.MsgPrep)
	if s.MsgCommit() {
		b.WriteString("+commit")
	}
	if s.MsgAbort() {
		b.WriteString("+abort")
	}
	return b.String()
}

// kindNames are the names of the actions of TwoPhase.tla, by Kind.
var kindNames = [...]string{"TMCommit", "TMAbort", "TMRcvPrepared", "RMPrepare", "RMChooseToAbort", "RMRcvCommitMsg", "RMRcvAbortMsg"}

// ActionName names a's action as TwoPhase.tla does, without its RM, so
// that coverage (checker.ActionNamer) counts each action of the spec once,
// as TLC's -coverage does.
func (m Model) ActionName(a Action) string { return kindNames[a.Kind] }

// ActionNames lists the seven actions of TwoPhase.tla.
func (m Model) ActionNames() []string { return kindNames[:] }
