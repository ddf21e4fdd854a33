package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// modelFlags selects a configuration: a scenario, then a config file, then
// one flag per model parameter, each overriding what came before.
type modelFlags struct {
	scenario   string
	configFile string
	sets       [][2]string // parameter flags in the order given
}

func (mf *modelFlags) register(f *flags) {
	f.StringVar(&mf.scenario, "scenario", "default", "built-in scenario: "+strings.Join(properties.ScenarioNames(), ", "))
	f.StringVar(&mf.configFile, "config", "", "file of `key = value` lines setting model parameters (see timewait list)")
	def := model.DefaultConfig()
	for _, p := range model.Params() {
		usage := fmt.Sprintf("%s: %s (default scenario: %s)", p.Usage, p.Form, p.Get(def))
		set := func(v string) error {
			c := def
			if err := c.Set(p.Name, v); err != nil {
				return fmt.Errorf("want %s", p.Form)
			}
			mf.sets = append(mf.sets, [2]string{p.Name, v})
			return nil
		}
		if p.Bool {
			f.BoolFunc(p.Name, usage, set) // --name alone means true; --name=false works too
		} else {
			f.Func(p.Name, usage, set)
		}
	}
}

// value returns the value given to the parameter flag name, or false when
// name is not a parameter or was not given.
func (mf *modelFlags) value(name string) (string, bool) {
	v, found := "", false
	for _, kv := range mf.sets {
		if kv[0] == name {
			v, found = kv[1], true
		}
	}
	return v, found
}

// config returns the selected configuration, or a usage error.
func (mf *modelFlags) config(f *flags) (name string, c model.Config, code int, ok bool) {
	sc, found := properties.ScenarioByName(mf.scenario)
	if !found {
		return "", c, f.fail("--scenario %q: want one of %s", mf.scenario, strings.Join(properties.ScenarioNames(), ", ")), false
	}
	name, c = sc.Name, sc.Config
	if mf.configFile != "" {
		if err := readConfigFile(mf.configFile, &c); err != nil {
			return "", c, f.fail("%v", err), false
		}
		name += "+config"
	}
	for _, kv := range mf.sets {
		if err := c.Set(kv[0], kv[1]); err != nil {
			return "", c, f.fail("--%v", err), false
		}
	}
	if len(mf.sets) > 0 {
		name += "+flags"
	}
	if err := c.Validate(); err != nil {
		return "", c, f.fail("%v", err), false
	}
	return name, c, exitOK, true
}

// readConfigFile applies a config file (see parseConfig).
func readConfigFile(path string, c *model.Config) error {
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("--config %q: cannot read it (%v)", path, unwrapPathError(err))
	}
	defer fh.Close()
	return parseConfig(fh, path, c)
}

// parseConfig applies a config file's text: one `key = value` per line, #
// starts a comment. Unknown keys and bad values are errors, of one line,
// naming the file and the line.
func parseConfig(r io.Reader, name string, c *model.Config) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		key, value, found := strings.Cut(line, "=")
		if !found {
			return fmt.Errorf("config %s line %d: %q: want key = value", name, n, line)
		}
		if err := c.Set(strings.TrimSpace(key), strings.TrimSpace(value)); err != nil {
			return fmt.Errorf("config %s line %d: %v", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("config %s: %v", name, err)
	}
	return nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
