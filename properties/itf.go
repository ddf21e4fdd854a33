package properties

import (
	"fmt"
	"strconv"

	"github.com/timewait/timewait/itf"
	"github.com/timewait/timewait/model"
)

// ITFVars are the TCP model's state variables in an ITF trace: both
// endpoints (every TCB field, ghosts included), the segments in flight each
// way in delivery order, the ISN clock and the faults used.
func ITFVars(w model.World) map[string]any {
	return map[string]any{
		"A": itf.Value(w.A), "B": itf.Value(w.B),
		"AB": itf.Value(w.AB.List()), "BA": itf.Value(w.BA.List()),
		"Clock": itf.Value(w.Clock), "Lost": itf.Value(w.Lost), "Duped": itf.Value(w.Duped),
	}
}

// TypedParams is c's parameters as JSON types them: numbers as numbers,
// booleans as booleans, named values as strings.
func TypedParams(c model.Config) map[string]any {
	out := map[string]any{}
	for _, p := range model.Params() {
		out[p.Name] = TypedValue(p, p.Get(c))
	}
	return out
}

// TypedValue is one parameter's value as JSON types it.
func TypedValue(p model.Param, v string) any {
	if p.Bool {
		b, _ := strconv.ParseBool(v)
		return b
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	return v
}

// ITFMeta is the "#meta" of a trace file: what made the trace (the
// scenario, its configuration, the property and its verdict), so that the
// file can be replayed on its own.
func ITFMeta(r *Report, v Verdict) map[string]any {
	return map[string]any{
		"source":     "timewait",
		"model":      "tcp",
		"scenario":   r.Scenario,
		"parameters": TypedParams(r.Config),
		"property":   v.Property.Name,
		"verdict":    v.Result.Verdict.String(),
	}
}

// ConfigFromITF is the configuration a trace file names in its "#meta": the
// default configuration with every parameter the file gives. The error
// names the bad parameter.
func ConfigFromITF(meta map[string]any) (model.Config, error) {
	c := model.DefaultConfig()
	if m, _ := meta["model"].(string); m != "tcp" {
		return c, fmt.Errorf(`its #meta has model %q; want "tcp" (a trace written by timewait check --trace-out)`, m)
	}
	params, ok := meta["parameters"].(map[string]any)
	if !ok {
		return c, fmt.Errorf("its #meta has no parameters object")
	}
	for name, v := range params {
		if err := c.Set(name, fmt.Sprint(v)); err != nil {
			return c, fmt.Errorf("its #meta parameter %v", err)
		}
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("its #meta parameters: %v", err)
	}
	return c, nil
}
