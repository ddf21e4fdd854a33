package model

// Timer is a countdown in ticks, as stateright keeps timers: armed or not,
// never wall time. The zero value is off. A timer armed for n ticks becomes
// due after n ticks; a due timer must fire before time advances again.
type Timer uint8

// Arm starts the timer so that it is due after n ticks (at once for n = 0).
func (t *Timer) Arm(n int) { *t = Timer(n + 1) }

// Stop turns the timer off.
func (t *Timer) Stop() { *t = 0 }

// Armed reports whether the timer is running or due.
func (t Timer) Armed() bool { return t != 0 }

// Due reports whether the timer must fire now.
func (t Timer) Due() bool { return t == 1 }

// Left returns the ticks until the timer is due (0 when due or off).
func (t Timer) Left() int {
	if t <= 1 {
		return 0
	}
	return int(t) - 1
}

// tick advances the timer by one tick.
func (t *Timer) tick() {
	if *t > 1 {
		*t--
	}
}
