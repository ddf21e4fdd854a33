package properties

import "github.com/timewait/timewait/model"

// scenarioTable is the scenario catalogue. Each setup starts from
// model.DefaultConfig().
var scenarioTable = []scenarioDef{
	{Scenario: Scenario{Name: "default",
		Summary: "A closes first; one loss, one duplicate, reordering; TIME-WAIT = 2*MSL; RFC 1337 on; a second connection"},
		setup: func(*model.Config) {}},
	{Scenario: Scenario{Name: "no-timewait",
		Summary: "TIME-WAIT lasts 0 ticks, so the active closer is CLOSED at once; the network may lose one segment but not duplicate or reorder, to isolate the lost final ACK"},
		setup: func(c *model.Config) { c.TimeWait, c.Duplicate, c.Reorder = 0, 0, false }},
	{Scenario: Scenario{Name: "short-timewait",
		Summary: "as default, but TIME-WAIT lasts MSL ticks, half of 2*MSL"},
		setup: func(c *model.Config) { c.TimeWait = c.MSL }},
	{Scenario: Scenario{Name: "assassination",
		Summary: "as default, but RFC 1337's fix is off: a RST may end TIME-WAIT"},
		setup: func(c *model.Config) { c.RFC1337 = false }},
	{Scenario: Scenario{Name: "linger0",
		Summary: "A closes with SO_LINGER {on, 0}: an abortive close with a RST and no TIME-WAIT"},
		setup: func(c *model.Config) { c.A.How = model.CallAbort }},
	{Scenario: Scenario{Name: "close-wait-leak",
		Summary: "B's application never closes: B stays in CLOSE-WAIT and A in FIN-WAIT-2"},
		setup: func(c *model.Config) { c.B.When = model.CloseNever; c.Connections = 1 }},
	{Scenario: Scenario{Name: "simultaneous",
		Summary: "both applications close as soon as they can, with no data: the FINs may cross (simultaneous close)"},
		setup: func(c *model.Config) {
			c.A = model.App{Data: 0, When: model.CloseFirst, How: model.CallClose}
			c.B = model.App{Data: 0, When: model.CloseFirst, How: model.CallClose}
			c.Connections = 1
		}},
	{Scenario: Scenario{Name: "half-close",
		Summary: "A shuts down writing (SHUT_WR) and keeps reading; B sends a unit after A's FIN, then closes"},
		setup: func(c *model.Config) {
			c.A = model.App{Data: 0, When: model.CloseFirst, How: model.CallShutdown}
			c.B = model.App{Data: 1, When: model.CloseAfterPeer, How: model.CallClose}
			c.Connections = 1
		}},
	{Scenario: Scenario{Name: "tw-reuse",
		Summary: "B, the server, sends a response and closes first, so it holds TIME-WAIT; it accepts A's new SYN there (RFC 1122 §4.2.2.13); ISN clock; no duplication"},
		setup: twReuse(model.ISNClock)},
	{Scenario: Scenario{Name: "tw-reuse-any-isn",
		Summary: "tw-reuse with any initial sequence number, in a space of 8, without loss"},
		setup: func(c *model.Config) { twReuse(model.ISNAny)(c); c.SeqSpace, c.Loss = 8, 0 }},
	{Scenario: Scenario{Name: "tw-reuse-constant-isn",
		Summary: "tw-reuse with the same initial sequence number for every connection"},
		setup: twReuse(model.ISNConstant)},
}

func twReuse(isn model.ISNPolicy) func(c *model.Config) {
	return func(c *model.Config) {
		c.A = model.App{Data: 0, When: model.CloseAfterPeer, How: model.CallClose}
		c.B = model.App{Data: 1, When: model.CloseFirst, How: model.CallClose}
		c.TWReuse = true
		c.ISN = isn
		c.Duplicate = 0
	}
}
