package model

// Channel holds the segments in flight in one direction: a bounded multiset
// (Config.Reorder) or a FIFO queue. In multiset mode the segments are kept
// sorted, so the same segments in flight always look the same: the encoding
// is canonical.
type Channel struct {
	N    uint8
	Segs [MaxCapacity]Segment
}

// List returns the segments in flight, in delivery order for a FIFO channel.
func (ch *Channel) List() []Segment { return ch.Segs[:ch.N] }

// add puts s into the channel. It reports false when the channel is full
// and s is lost.
func (ch *Channel) add(c *Config, s Segment) bool {
	if int(ch.N) >= c.Capacity {
		return false
	}
	i := int(ch.N)
	if c.Reorder {
		for i > 0 && ch.Segs[i-1].pack() > s.pack() {
			ch.Segs[i] = ch.Segs[i-1]
			i--
		}
	}
	ch.Segs[i] = s
	ch.N++
	return true
}

// remove takes out segment i.
func (ch *Channel) remove(i int) Segment {
	s := ch.Segs[i]
	copy(ch.Segs[i:ch.N], ch.Segs[i+1:ch.N])
	ch.N--
	ch.Segs[ch.N] = Segment{}
	return s
}

// duplicate adds a copy of segment i: in FIFO mode right behind it, since a
// copy made in the network travels with the original.
func (ch *Channel) duplicate(c *Config, i int) bool {
	if int(ch.N) >= c.Capacity {
		return false
	}
	if c.Reorder {
		return ch.add(c, ch.Segs[i])
	}
	copy(ch.Segs[i+1:ch.N+1], ch.Segs[i:ch.N])
	ch.N++
	return true
}

// tick ages every segment by one tick. Ageing every segment alike keeps a
// sorted channel sorted. No segment is ever older than MSL: one of age MSL
// must be delivered or lost before time may pass (see oldest).
func (ch *Channel) tick() {
	for i := 0; i < int(ch.N); i++ {
		ch.Segs[i].Age++
	}
}

// oldest returns the greatest age of a segment in flight (0 when empty).
func (ch *Channel) oldest() int {
	m := 0
	for _, s := range ch.List() {
		m = max(m, int(s.Age))
	}
	return m
}

// deliverable returns the indices of the segments that may be delivered
// next: any distinct one in multiset mode (equal copies give the same
// successor), the head in FIFO mode.
func (ch *Channel) deliverable(c *Config, buf []int) []int {
	if ch.N == 0 {
		return buf
	}
	if !c.Reorder {
		return append(buf, 0)
	}
	for i := 0; i < int(ch.N); i++ {
		if i == 0 || ch.Segs[i] != ch.Segs[i-1] {
			buf = append(buf, i)
		}
	}
	return buf
}

// distinct returns the index of each distinct segment, for loss and
// duplication, which may strike any segment in either mode.
func (ch *Channel) distinct(buf []int) []int {
	for i := 0; i < int(ch.N); i++ {
		dup := false
		for k := 0; k < i; k++ {
			if ch.Segs[k] == ch.Segs[i] {
				dup = true
				break
			}
		}
		if !dup {
			buf = append(buf, i)
		}
	}
	return buf
}
