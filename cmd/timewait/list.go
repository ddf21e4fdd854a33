package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// runList prints the scenarios with what each changes from default, the
// properties with their statements and the parameters with their defaults,
// as aligned text, Markdown (docs/properties.md) or JSON.
func runList(_ context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("list", stdout, stderr)
	markdown := f.Bool("markdown", false, "print as Markdown (docs/properties.md)")
	asJSON := f.Bool("json", false, "print as JSON, with typed parameter values (docs/schema/list.schema.json)")
	if code, ok := f.parse(args); !ok {
		return code
	}
	switch {
	case *markdown && *asJSON:
		return f.fail("--markdown and --json are two forms of one list: choose one")
	case *markdown:
		fmt.Fprint(stdout, properties.CatalogueMarkdown())
	case *asJSON:
		writeJSON(stdout, listJSON())
	default:
		printList(stdout)
	}
	return exitOK
}

func printList(w io.Writer) {
	def := model.DefaultConfig()
	fmt.Fprintln(w, "Scenarios (and what each changes from default):")
	rows := [][]string{}
	for _, sc := range properties.Scenarios() {
		rows = append(rows, []string{sc.Name, sc.Summary})
		if diff := properties.Differences(sc.Config, def); len(diff) > 0 {
			rows = append(rows, []string{"", "  " + strings.Join(diff, " ")})
		}
	}
	printColumns(w, rows)
	fmt.Fprintln(w, "\nProperties:")
	rows = rows[:0]
	for _, p := range properties.All() {
		rows = append(rows, []string{p.Name, p.Kind.String(), p.Statement})
	}
	printColumns(w, rows)
	fmt.Fprintln(w, "\nParameters (flags of check, graph and simulate, keys of --config files), with the default scenario's values:")
	rows = rows[:0]
	for _, p := range model.Params() {
		rows = append(rows, []string{p.Name, p.Get(def), p.Usage + " (" + p.Form + ")"})
	}
	printColumns(w, rows)
}

// printColumns prints rows indented by two spaces, each column as wide as
// its widest cell, the last column as it is.
func printColumns(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, cell := range r[:len(r)-1] {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], len(cell))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, cell := range r[:len(r)-1] {
			fmt.Fprintf(&b, "%-*s ", widths[i], cell)
		}
		b.WriteString(r[len(r)-1])
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

type listParamJSON struct {
	Name    string `json:"name"`
	Default any    `json:"default"` // a number, a boolean or a name
	Usage   string `json:"usage"`
	Form    string `json:"form"`
}

type listScenarioJSON struct {
	Name        string         `json:"name"`
	Summary     string         `json:"summary"`
	Differences map[string]any `json:"differences_from_default"`
}

type listPropertyJSON struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Statement string `json:"statement"`
}

func listJSON() any {
	def := model.DefaultConfig()
	out := struct {
		Version    string             `json:"version"`
		Scenarios  []listScenarioJSON `json:"scenarios"`
		Properties []listPropertyJSON `json:"properties"`
		Parameters []listParamJSON    `json:"parameters"`
	}{Version: toolVersion()}
	for _, sc := range properties.Scenarios() {
		j := listScenarioJSON{Name: sc.Name, Summary: sc.Summary, Differences: map[string]any{}}
		for _, d := range properties.Differences(sc.Config, def) {
			name, value, _ := strings.Cut(d, "=")
			p, _ := model.ParamByName(name)
			j.Differences[name] = properties.TypedValue(p, value)
		}
		out.Scenarios = append(out.Scenarios, j)
	}
	for _, p := range properties.All() {
		out.Properties = append(out.Properties, listPropertyJSON{p.Name, p.Kind.String(), p.Statement})
	}
	for _, p := range model.Params() {
		out.Parameters = append(out.Parameters, listParamJSON{p.Name, properties.TypedValue(p, p.Get(def)), p.Usage, p.Form})
	}
	return out
}
