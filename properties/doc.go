// Package properties holds timewait's named properties of TCP connection
// termination and its catalogue of built-in scenarios.
//
// A [Property] is data: a name, a one-line statement, its kind, the RFC
// section or background claim behind it, and a predicate over the model's
// states or steps. A [Scenario] is a model configuration with the verdicts
// the checker finds for it, each explained in docs/results.md.
package properties
