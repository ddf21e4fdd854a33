package checker_test

import (
	"fmt"

	"github.com/timewait/timewait/checker"
)

// ewd840 is EWD840.tla of the TLA+ Examples (Dijkstra, Feijen and van
// Gasteren's termination detection on a ring of N nodes), action for
// action: Init lets active, color and tpos take every value and the token
// be black; Next is InitiateProbe, PassToken(i) for i in 1..N-1,
// SendMsg(i) to each j # i, and Deactivate(i). With Fair, its Spec is
// Init /\ [][Next]_vars /\ WF_vars(System), System being InitiateProbe
// and the PassToken(i): one fairness class.
type ewd840 struct {
	N    int
	Fair bool
}

// ewdState is (active, color, tpos, tcolor): node i is active when bit i
// of Active is set, black when bit i of Black is set.
type ewdState struct {
	Active, Black uint8
	Tpos          uint8
	TBlack        bool // tcolor = "black"
}

type ewdKind uint8

const (
	initiateProbe ewdKind = iota
	passToken
	sendMsg
	deactivate
)

// ewdAction is one action instance: I is the node acting, J the node a
// message activates.
type ewdAction struct {
	Kind ewdKind
	I, J uint8
}

func (a ewdAction) String() string {
	switch a.Kind {
	case initiateProbe:
		return "InitiateProbe"
	case passToken:
		return fmt.Sprintf("PassToken(%d)", a.I)
	case sendMsg:
		return fmt.Sprintf("SendMsg(%d->%d)", a.I, a.J)
	}
	return fmt.Sprintf("Deactivate(%d)", a.I)
}

func (m ewd840) all() uint8 { return uint8(1)<<m.N - 1 }

func (m ewd840) Init() []ewdState {
	var out []ewdState
	for active := 0; active <= int(m.all()); active++ {
		for black := 0; black <= int(m.all()); black++ {
			for t := 0; t < m.N; t++ {
				out = append(out, ewdState{Active: uint8(active), Black: uint8(black), Tpos: uint8(t), TBlack: true})
			}
		}
	}
	return out
}

func (m ewd840) Actions(s ewdState, buf []ewdAction) []ewdAction {
	if s.Tpos == 0 && (s.TBlack || s.Black&1 != 0) {
		buf = append(buf, ewdAction{Kind: initiateProbe})
	}
	for i := uint8(1); i < uint8(m.N); i++ {
		if s.Tpos == i && (s.Active&(1<<i) == 0 || s.Black&(1<<i) != 0 || s.TBlack) {
			buf = append(buf, ewdAction{Kind: passToken, I: i})
		}
	}
	for i := uint8(0); i < uint8(m.N); i++ {
		if s.Active&(1<<i) == 0 {
			continue
		}
		for j := uint8(0); j < uint8(m.N); j++ {
			if j != i {
				buf = append(buf, ewdAction{Kind: sendMsg, I: i, J: j})
			}
		}
		buf = append(buf, ewdAction{Kind: deactivate, I: i})
	}
	return buf
}

func (m ewd840) Next(s ewdState, a ewdAction) (ewdState, bool) {
	switch a.Kind {
	case initiateProbe:
		s.Tpos, s.TBlack = uint8(m.N-1), false
		s.Black &^= 1
	case passToken:
		s.Tpos = a.I - 1
		s.TBlack = s.TBlack || s.Black&(1<<a.I) != 0
		s.Black &^= 1 << a.I
	case sendMsg:
		s.Active |= 1 << a.J
		if a.J > a.I {
			s.Black |= 1 << a.I
		}
	case deactivate:
		s.Active &^= 1 << a.I
	}
	return s, true
}

func (m ewd840) Encode(buf []byte, s ewdState) []byte {
	t := byte(0)
	if s.TBlack {
		t = 1
	}
	return append(buf, s.Active, s.Black, s.Tpos, t)
}

func (m ewd840) FairnessClass(_ ewdState, a ewdAction) string {
	if m.Fair && (a.Kind == initiateProbe || a.Kind == passToken) {
		return "System"
	}
	return ""
}

// ActionName counts actions as TLC's -coverage does: by the action of the
// spec, whatever its parameters.
func (m ewd840) ActionName(a ewdAction) string {
	return [...]string{"InitiateProbe", "PassToken", "SendMsg", "Deactivate"}[a.Kind]
}

func (m ewd840) ActionNames() []string {
	return []string{"InitiateProbe", "PassToken", "SendMsg", "Deactivate"}
}

// terminationDetected and the properties of EWD840.tla.
func (m ewd840) terminationDetected(s ewdState) bool {
	return s.Tpos == 0 && !s.TBlack && s.Black&1 == 0 && s.Active&1 == 0
}

func (m ewd840) allInactive(s ewdState) bool { return s.Active == 0 }

func (m ewd840) properties() []checker.Property[ewdState, ewdAction] {
	p := checker.For[ewdState, ewdAction](m)
	return []checker.Property[ewdState, ewdAction]{
		p.Always("TerminationDetection", func(s ewdState) bool { return !m.terminationDetected(s) || m.allInactive(s) }),
		p.Always("Inv", m.inv),
		p.LeadsTo("Liveness", m.allInactive, m.terminationDetected),
	}
}

// inv is Dijkstra's inductive invariant: P0 \/ P1 \/ P2.
func (m ewd840) inv(s ewdState) bool {
	p0 := true
	for i := s.Tpos + 1; i < uint8(m.N); i++ {
		p0 = p0 && s.Active&(1<<i) == 0
	}
	p1 := s.Black&(uint8(1)<<(s.Tpos+1)-1) != 0
	return p0 || p1 || s.TBlack
}
