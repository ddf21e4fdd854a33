package main

import (
	"context"
	"fmt"
	"io"

	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// runList prints the scenarios, the properties with their statements and
// the parameters with their defaults.
func runList(_ context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("list", stdout, stderr)
	markdown := f.Bool("markdown", false, "print as Markdown (docs/properties.md)")
	if code, ok := f.parse(args); !ok {
		return code
	}
	if *markdown {
		fmt.Fprint(stdout, properties.CatalogueMarkdown())
		return exitOK
	}
	fmt.Fprintln(stdout, "Scenarios:")
	for _, sc := range properties.Scenarios() {
		fmt.Fprintf(stdout, "  %-22s %s\n", sc.Name, sc.Summary)
	}
	fmt.Fprintln(stdout, "\nProperties:")
	for _, p := range properties.All() {
		fmt.Fprintf(stdout, "  %-28s %-15s %s\n", p.Name, p.Kind, p.Statement)
	}
	fmt.Fprintln(stdout, "\nParameters (flags of check and sweep, keys of --config files), with the default scenario's values:")
	def := model.DefaultConfig()
	for _, p := range model.Params() {
		fmt.Fprintf(stdout, "  %-20s %-9s %s (%s)\n", p.Name, p.Get(def), p.Usage, p.Form)
	}
	return exitOK
}
