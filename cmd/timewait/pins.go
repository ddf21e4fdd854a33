package main

import (
	"fmt"
	"io"

	"github.com/timewait/timewait/properties"
)

// pinDifference is a verdict of check --all that is not the one pinned for
// its scenario (properties.Scenario.Expect, the verdicts docs/results.md
// explains).
type pinDifference struct {
	scenario, property string
	got, pinned        string
}

// pinned returns the verdict pinned for v in sc: its liveness pin when the
// run decided liveness, and false when sc pins nothing for it.
func pinned(sc properties.Scenario, v properties.Verdict, liveness bool) (string, bool) {
	if liveness && v.Property.Liveness() {
		want, ok := sc.ExpectLiveness[v.Property.Name]
		return want, ok
	}
	want, ok := sc.Expect[v.Property.Name]
	return want, ok
}

// pinDifferences compares every decided verdict of the reports with its
// pin. A verdict left incomplete is not compared: the run then says it is
// incomplete instead.
func pinDifferences(reports []*properties.Report, liveness bool) []pinDifference {
	var out []pinDifference
	for _, r := range reports {
		sc, ok := properties.ScenarioByName(r.Scenario)
		if !ok {
			continue
		}
		for _, v := range r.Verdicts {
			got := v.Short()
			want, ok := pinned(sc, v, liveness)
			if ok && got != want && got != "incomplete" {
				out = append(out, pinDifference{r.Scenario, v.Property.Name, got, want})
			}
		}
	}
	return out
}

// differs reports whether the verdict of property in scenario is among diffs.
func differs(diffs []pinDifference, scenario, property string) bool {
	for _, d := range diffs {
		if d.scenario == scenario && d.property == property {
			return true
		}
	}
	return false
}

// printPinDifferences lists the verdicts that differ from their pins.
func printPinDifferences(w io.Writer, diffs []pinDifference) {
	fmt.Fprintf(w, "\nDIFFERS FROM THE PINNED VERDICTS (properties/expected.go), marked *:\n")
	for _, d := range diffs {
		fmt.Fprintf(w, "  %s: %s is %s; pinned: %s\n", d.scenario, d.property, d.got, d.pinned)
	}
}
