package properties

import "github.com/timewait/timewait/model"

// Scenario is a built-in configuration of the model with the verdicts the
// checker finds for it.
type Scenario struct {
	Name    string
	Summary string // one line: what it sets up and what it shows
	// Findings explains the verdicts, each violation with the story its
	// shortest trace tells (docs/results.md prints it).
	Findings string
	Config   model.Config
	// Expect holds every property's verdict as Verdict.Short prints it
	// ("holds", "VIOLATED (16)", "reached (9)", "never reached", "n/a", ...):
	// what the checker finds, asserted by the tests and explained in
	// docs/results.md.
	Expect map[string]string
	// ExpectLiveness holds the liveness properties' verdicts with liveness
	// checking on, and LivenessFindings explains their violations.
	ExpectLiveness   map[string]string
	LivenessFindings string
}

// Scenarios returns the built-in scenarios, default first.
func Scenarios() []Scenario {
	out := make([]Scenario, 0, len(scenarioTable))
	for _, s := range scenarioTable {
		s.Config = model.DefaultConfig()
		s.setup(&s.Config)
		out = append(out, Scenario{Name: s.Name, Summary: s.Summary, Findings: s.Findings, Config: s.Config, Expect: expected[s.Name],
			ExpectLiveness: expectedLiveness[s.Name], LivenessFindings: livenessFindings[s.Name]})
	}
	return out
}

// ScenarioByName returns the built-in scenario with this name.
func ScenarioByName(name string) (Scenario, bool) {
	for _, s := range Scenarios() {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// ScenarioNames lists the names of the built-in scenarios.
func ScenarioNames() []string {
	var names []string
	for _, s := range scenarioTable {
		names = append(names, s.Name)
	}
	return names
}

type scenarioDef struct {
	Scenario
	setup func(c *model.Config)
}

// Differences lists "name=value" for each parameter whose value in c is not
// its value in base, in the order of model.Params.
func Differences(c, base model.Config) []string {
	var out []string
	for _, p := range model.Params() {
		if v := p.Get(c); v != p.Get(base) {
			out = append(out, p.Name+"="+v)
		}
	}
	return out
}
