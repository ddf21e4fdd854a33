package model

// BreakAcceptability makes every segment acceptable: a deliberately broken
// TCP, for tests that show a bug is caught.
func BreakAcceptability(c *Config) { c.acceptAny = true }
