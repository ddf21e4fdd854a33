package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/timewait/timewait/model"
)

// schemaBase is the $id of the schemas in docs/schema, less the file name.
const schemaBase = "https://github.com/timewait/timewait/docs/schema/"

// schema compiles docs/schema/NAME.schema.json, with the other schemas
// there known by their $id, for the references between them.
func schema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	files, _ := filepath.Glob(filepath.Join("..", "..", "docs", "schema", "*.schema.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := c.AddResource(schemaBase+filepath.Base(f), doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	s, err := c.Compile(schemaBase + name + ".schema.json")
	if err != nil {
		t.Fatalf("docs/schema/%s.schema.json: %v", name, err)
	}
	return s
}

// validate checks a --json report against its command's schema and returns
// it decoded.
func validate(t *testing.T, s *jsonschema.Schema, args []string, out string) map[string]any {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("%q: not JSON: %v\n%s", args, err, out)
	}
	if err := s.Validate(inst); err != nil {
		t.Fatalf("%q: the report does not follow its schema: %v", args, err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// Every command's --json report, from real runs, follows the schema in
// docs/schema, carries the version timewait version prints, and says in
// exit_code and outcome what the exit code says.
func TestJSONReportsFollowTheirSchemas(t *testing.T) {
	_, version, _ := runCLI(t, "version")
	version = strings.TrimSuffix(version, "\n")
	outcome := map[int]string{exitOK: "pass", exitViolation: "fail", exitLiveness: "fail", exitIncomplete: "incomplete"}
	for _, tc := range []struct {
		schema string
		args   []string
	}{
		{"check", []string{"check", "--scenario", "no-timewait"}},
		{"check", []string{"check", "--scenario", "close-wait-leak", "--liveness"}},
		{"check", []string{"check", "--max-states", "500"}},
		{"check", []string{"check", "--all", "--max-states", "300"}},
		{"list", []string{"list"}},
		{"sweep", []string{"sweep", "--time-wait", "3", "--max-states", "2000"}},
		{"simulate", []string{"simulate", "--scenario", "tw-reuse-constant-isn", "--runs", "50"}},
		{"simulate", []string{"simulate", "--scenario", "default", "--runs", "20", "--depth", "30"}},
		{"conform", []string{"conform", "--scenario", "active-close"}},
		{"conform", []string{"conform", "--scenario", "active-close", "--random", "2", "--profile", "linux"}},
		{"conform", []string{"conform", "--scenario", "ts-active-close", "--random", "2", "--timestamps", "--profile", "linux"}},
		{"packetdrill", []string{"conform", "--packetdrill", "../../conform/testdata/packetdrill/active-close.pkt", "--against", "model"}},
		{"packetdrill", []string{"conform", "--packetdrill", "../../conform/testdata/packetdrill/tw-rst-in-window.pkt"}},
	} {
		s := schema(t, tc.schema)
		code, text, _ := runCLI(t, append(tc.args, "-q")...)
		if tc.schema == "list" {
			code, text, _ = runCLI(t, tc.args...)
		}
		jargs := append(append([]string{}, tc.args...), "--json")
		if tc.schema != "list" {
			jargs = append(jargs, "-q")
		}
		jcode, out, errs := runCLI(t, jargs...)
		if (tc.schema == "conform" || tc.schema == "packetdrill") && jcode == exitUnavailable {
			t.Logf("%q: %s; its schema is checked only where conform runs", jargs, strings.TrimSpace(errs))
			continue
		}
		m := validate(t, s, jargs, out)
		if strings.Contains(out, `\u003c`) || strings.Contains(out, `\u003e`) || strings.Contains(out, `\u0026`) {
			t.Errorf("%q: the JSON writes <, > or & as \\u escapes; labels should read as in the text", jargs)
		}
		if tc.args[len(tc.args)-1] == "no-timewait" && !strings.Contains(out, " -> ") {
			t.Errorf("%q: no label with \"->\" in the report, so the test of escapes shows nothing", jargs)
		}
		if jcode != code {
			t.Errorf("%q: exit %d, and %d without --json", jargs, jcode, code)
		}
		if m["version"] != version {
			t.Errorf("%q: version %q; want timewait version's %q", jargs, m["version"], version)
		}
		if tc.schema == "list" {
			continue
		}
		if got, _ := m["exit_code"].(float64); int(got) != jcode || m["outcome"] != outcome[jcode] {
			t.Errorf("%q: exit_code %v, outcome %v; the run exits %d (%s)", jargs, m["exit_code"], m["outcome"], jcode, outcome[jcode])
		}
		if text == "" {
			t.Errorf("%q without --json printed nothing", tc.args)
		}
	}
}

// The schemas are not vacuous: a report with a string for a number, a
// verdict the text never prints, a missing version or an unknown field is
// refused.
func TestJSONSchemasRefuseWrongReports(t *testing.T) {
	_, out, _ := runCLI(t, "check", "--scenario", "close-wait-leak", "--json", "-q")
	s := schema(t, "check")
	validate(t, s, nil, out)
	for _, bad := range []struct{ from, to string }{
		{`"states": (\d+)`, `"states": "$1"`},
		{`"verdict": "holds"`, `"verdict": "ok"`},
		{`"version": `, `"versions": `},
		{`"scenario": `, `"surprise": 1, "scenario": `},
		{`"time-wait": (\d+)`, `"time-wait": "$1"`},
		{`"rfc1337": (true|false)`, `"rfc1337": "$1"`},
	} {
		re := regexp.MustCompile(bad.from)
		if !re.MatchString(out) {
			t.Fatalf("%s is not in the report", bad.from)
		}
		mutated := re.ReplaceAllString(out, bad.to)
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(mutated))
		if err != nil {
			t.Fatalf("%s -> %s: %v", bad.from, bad.to, err)
		}
		if s.Validate(inst) == nil {
			t.Errorf("the check schema takes a report with %s for %s", bad.to, bad.from)
		}
	}
}

// parametersSchema is docs/schema/parameters.schema.json: the type of every
// model parameter, from the model's own list, which the other schemas refer
// to.
func parametersSchema() string {
	props := map[string]any{}
	for _, p := range model.Params() {
		d := map[string]any{"description": p.Usage}
		switch {
		case p.Bool:
			d["type"] = "boolean"
		case p.Values != nil:
			d["enum"] = p.Values
		default:
			d["type"] = "integer"
		}
		props[p.Name] = d
	}
	s := map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  schemaBase + "parameters.schema.json",
		"title":                "timewait model parameters",
		"description":          "Model parameters (timewait list) with their typed values: numbers as numbers, booleans as booleans, named values as strings. Generated from the model by `go test ./cmd/timewait -run SchemaParameters -rewrite`; do not edit.",
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
	}
	b, _ := json.MarshalIndent(s, "", "  ")
	return string(b) + "\n"
}

func TestSchemaParametersAreTheModels(t *testing.T) {
	golden(t, filepath.Join("..", "..", "docs", "schema", "parameters.schema.json"), parametersSchema())
}

// sweep's and simulate's JSON say what their text says: each cell's
// verdicts, and the violation a walk found with the line that reproduces it.
func TestSweepAndSimulateJSONSayWhatTheTextSays(t *testing.T) {
	args := []string{"sweep", "--time-wait", "3,4", "--max-states", "3000", "-q"}
	_, text, _ := runCLI(t, args...)
	_, out, _ := runCLI(t, append(args, "--json")...)
	var sw sweepReport
	if err := json.Unmarshal([]byte(out), &sw); err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^\s+(\d+)\s+(\d+)\s+(\d+)\s+(holds|VIOLATED \(\d+\)|incomplete|n/a)\s+(holds|VIOLATED \(\d+\)|incomplete|n/a)`)
	rows := row.FindAllStringSubmatch(text, -1)
	if len(rows) != 2 || len(sw.Cells) != 2 {
		t.Fatalf("%d text rows, %d JSON cells; want 2 each:\n%s", len(rows), len(sw.Cells), text)
	}
	asText := func(v jsonVerdict) string {
		if v.Verdict == "violated" {
			return "VIOLATED (" + strconv.Itoa(v.Steps) + ")"
		}
		return v.Verdict
	}
	for i, c := range sw.Cells {
		r := rows[i]
		got := []string{strconv.Itoa(c.MSL), strconv.Itoa(c.TimeWait), strconv.Itoa(c.States), asText(c.Properties[0]), asText(c.Properties[1])}
		if strings.Join(got, "|") != strings.Join(r[1:], "|") {
			t.Errorf("cell %d: JSON %q, text %q", i, got, r[1:])
		}
	}

	args = []string{"simulate", "--scenario", "tw-reuse-constant-isn", "--runs", "50", "-q"}
	_, text, _ = runCLI(t, args...)
	_, out, _ = runCLI(t, append(args, "--json")...)
	var sim simulateReport
	if err := json.Unmarshal([]byte(out), &sim); err != nil {
		t.Fatal(err)
	}
	v := sim.Violation
	if v == nil {
		t.Fatalf("no violation in JSON; the text says:\n%s", text)
	}
	for _, want := range []string{
		fmt.Sprintf("%d walks taken, %d steps in all", sim.Walks, sim.Steps),
		fmt.Sprintf("%s violated after %d steps: %s", v.Property, v.Steps, v.Statement),
		"reproduce with: " + v.Reproduce + "\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the text does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(v.Reproduce, "json") || len(v.Trace) != v.Steps {
		t.Errorf("reproduce %q, %d labels for %d steps", v.Reproduce, len(v.Trace), v.Steps)
	}
}
