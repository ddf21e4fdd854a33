package model

// FairnessClass names the weak-fairness class of an action, for liveness
// checking: each endpoint's application calls, each endpoint's timers, the
// delivery of segments in each direction, and the passing of time are fair
// (what is continuously possible eventually happens). Losing and
// duplicating segments are not: the network need never fault, and it may
// fault at most Config.Loss and Config.Duplicate times.
func (m *Model) FairnessClass(a Action) string {
	switch a.Kind {
	case ActConnect, ActClose:
		return a.Side.String() + " application"
	case ActRetx, ActTimeWait, ActFinWait2:
		return a.Side.String() + " timers"
	case ActDeliver:
		return "delivery " + a.Side.String() + "->" + a.Side.Peer().String()
	case ActTick:
		return "time"
	}
	return ""
}
