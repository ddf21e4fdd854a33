package properties

// expected holds, per scenario, every property's verdict as the checker
// finds it with the default engine options, liveness off (Verdict.Short
// form). The
// numbers are the lengths of the shortest counterexamples and witnesses.
// docs/results.md explains each violation; TestScenarioVerdicts asserts them.
var expected = map[string]map[string]string{
	"default":                         {"no-stale-accept": "holds", "data-integrity": "holds", "orderly-close-no-reset": "holds", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (9)", "closing-reached": "never reached", "fin-reacked-in-timewait": "reached (13)", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "reached (20)", "connect-refused": "reached (10)"},
	"no-timewait":                     {"no-stale-accept": "holds", "data-integrity": "holds", "orderly-close-no-reset": "VIOLATED (16)", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "never reached", "closing-reached": "never reached", "fin-reacked-in-timewait": "never reached", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "reached (15)", "connect-refused": "never reached"},
	"short-timewait":                  {"no-stale-accept": "holds", "data-integrity": "holds", "orderly-close-no-reset": "VIOLATED (16)", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (9)", "closing-reached": "never reached", "fin-reacked-in-timewait": "reached (13)", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "reached (17)", "connect-refused": "reached (10)"},
	"assassination":                   {"no-stale-accept": "holds", "data-integrity": "holds", "orderly-close-no-reset": "VIOLATED (13)", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (9)", "closing-reached": "never reached", "fin-reacked-in-timewait": "reached (13)", "timewait-ended-by-rst": "reached (13)", "new-incarnation-established": "reached (17)", "connect-refused": "reached (10)"},
	"linger0":                         {"no-stale-accept": "holds", "data-integrity": "holds", "orderly-close-no-reset": "n/a", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "never reached", "closing-reached": "never reached", "fin-reacked-in-timewait": "never reached", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "reached (10)", "connect-refused": "never reached"},
	"close-wait-leak":                 {"no-stale-accept": "n/a", "data-integrity": "holds", "orderly-close-no-reset": "holds", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "never reached", "closing-reached": "never reached", "fin-reacked-in-timewait": "never reached", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "n/a", "connect-refused": "n/a"},
	"simultaneous":                    {"no-stale-accept": "n/a", "data-integrity": "n/a", "orderly-close-no-reset": "holds", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (7)", "closing-reached": "reached (7)", "fin-reacked-in-timewait": "reached (11)", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "n/a", "connect-refused": "n/a"},
	"half-close":                      {"no-stale-accept": "n/a", "data-integrity": "holds", "orderly-close-no-reset": "VIOLATED (21)", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (9)", "closing-reached": "never reached", "fin-reacked-in-timewait": "reached (13)", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "n/a", "connect-refused": "n/a"},
	"tw-reuse":                        {"no-stale-accept": "holds", "data-integrity": "holds", "orderly-close-no-reset": "holds", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (10)", "closing-reached": "never reached", "fin-reacked-in-timewait": "reached (13)", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "reached (14)", "connect-refused": "never reached"},
	"tw-reuse-any-isn":                {"no-stale-accept": "VIOLATED (16)", "data-integrity": "holds", "orderly-close-no-reset": "VIOLATED (23)", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (10)", "closing-reached": "never reached", "fin-reacked-in-timewait": "reached (13)", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "reached (14)", "connect-refused": "never reached"},
	"tw-reuse-constant-isn":           {"no-stale-accept": "VIOLATED (16)", "data-integrity": "holds", "orderly-close-no-reset": "VIOLATED (23)", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (10)", "closing-reached": "never reached", "fin-reacked-in-timewait": "reached (13)", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "reached (16)", "connect-refused": "never reached"},
	"close-in-syn-sent":               {"no-stale-accept": "holds", "data-integrity": "holds", "orderly-close-no-reset": "holds", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (9)", "closing-reached": "never reached", "fin-reacked-in-timewait": "reached (13)", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "reached (6)", "connect-refused": "reached (10)"},
	"close-in-syn-received":           {"no-stale-accept": "n/a", "data-integrity": "holds", "orderly-close-no-reset": "VIOLATED (6)", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (9)", "closing-reached": "reached (8)", "fin-reacked-in-timewait": "reached (13)", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "n/a", "connect-refused": "n/a"},
	"linger0-keepalive":               {"no-stale-accept": "n/a", "data-integrity": "holds", "orderly-close-no-reset": "n/a", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "never reached", "closing-reached": "never reached", "fin-reacked-in-timewait": "never reached", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "n/a", "connect-refused": "n/a"},
	"tw-reuse-constant-isn-keepalive": {"no-stale-accept": "VIOLATED (16)", "data-integrity": "holds", "orderly-close-no-reset": "VIOLATED (17)", "timewait-only-active-closer": "holds", "eventually-closed": "not checked", "timewait-ends": "not checked", "timewait-reached": "reached (10)", "closing-reached": "never reached", "fin-reacked-in-timewait": "reached (13)", "timewait-ended-by-rst": "never reached", "new-incarnation-established": "reached (16)", "connect-refused": "never reached"},
}

// expectedLiveness holds, per scenario, the verdicts of the liveness
// properties as `timewait check --all --liveness` finds them (Verdict.Short
// form), and livenessFindings explains each violation from its lasso.
// TestLivenessVerdicts asserts them: in every run for the scenarios whose
// liveness graph is small, and with -long for all of them.
var expectedLiveness = map[string]map[string]string{
	"default":                         {"eventually-closed": "holds", "timewait-ends": "holds"},
	"no-timewait":                     {"eventually-closed": "holds", "timewait-ends": "holds"},
	"short-timewait":                  {"eventually-closed": "holds", "timewait-ends": "holds"},
	"assassination":                   {"eventually-closed": "holds", "timewait-ends": "holds"},
	"linger0":                         {"eventually-closed": "VIOLATED (lasso 16)", "timewait-ends": "holds"},
	"close-wait-leak":                 {"eventually-closed": "VIOLATED (lasso 9)", "timewait-ends": "holds"},
	"simultaneous":                    {"eventually-closed": "holds", "timewait-ends": "holds"},
	"half-close":                      {"eventually-closed": "holds", "timewait-ends": "holds"},
	"tw-reuse":                        {"eventually-closed": "holds", "timewait-ends": "holds"},
	"tw-reuse-any-isn":                {"eventually-closed": "VIOLATED (lasso 25)", "timewait-ends": "holds"},
	"tw-reuse-constant-isn":           {"eventually-closed": "VIOLATED (lasso 23)", "timewait-ends": "holds"},
	"close-in-syn-sent":               {"eventually-closed": "holds", "timewait-ends": "holds"},
	"close-in-syn-received":           {"eventually-closed": "holds", "timewait-ends": "holds"},
	"linger0-keepalive":               {"eventually-closed": "holds", "timewait-ends": "holds"},
	"tw-reuse-constant-isn-keepalive": {"eventually-closed": "holds", "timewait-ends": "holds"},
}

var livenessFindings = map[string]string{
	"linger0":               "A aborts its second connection and the RST is lost. A RST is never retransmitted, B has nothing to send, and B stays ESTABLISHED forever: the half-open connection of RFC 9293 §3.5.1, which only a keep-alive or B's next send would uncover (linger0-keepalive: the keep-alive does).",
	"close-wait-leak":       "B's application never closes: B stays in CLOSE-WAIT and A in FIN-WAIT-2 with nothing pending, forever. The usual warning about CLOSE_WAIT, as a lasso.",
	"tw-reuse-any-isn":      "The stale RST of the safety trace (orderly-close-no-reset, 23) resets B's second connection once the handshake is complete; A stays ESTABLISHED with nothing to send, waiting for B's FIN: a half-open connection that lasts forever.",
	"tw-reuse-constant-isn": "The stale RST of the safety trace (A's answer, from CLOSED, to B's second ACK from TIME-WAIT) reaches B's handshake for the second connection and sends it back to LISTEN, while A, which received B's SYN,ACK, is ESTABLISHED. A's ACK, which would have drawn a RST from B's listener, is lost; A has nothing to send and waits for B's FIN: a half-open connection that lasts forever (RFC 9293 §3.5.1).",
}
