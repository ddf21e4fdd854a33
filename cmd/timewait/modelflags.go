package main

import (
	"bufio"
	"errors"
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
				_, want, _ := strings.Cut(err.Error(), ": want ")
				return errors.New(want)
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

// names returns the names of the parameter flags.
func (mf *modelFlags) names() []string {
	var out []string
	for _, p := range model.Params() {
		out = append(out, p.Name)
	}
	return out
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

// config returns the selected configuration, or a usage error. A value out
// of its range is named where it was given: a flag, or a config file's line.
func (mf *modelFlags) config(f *flags) (name string, c model.Config, code int, ok bool) {
	sc, found := properties.ScenarioByName(mf.scenario)
	if !found {
		return "", c, f.fail("--scenario %q: want one of %s", mf.scenario, strings.Join(properties.ScenarioNames(), ", ")), false
	}
	name, c = sc.Name, sc.Config
	source := map[string]string{} // parameter -> where its value was last set
	if mf.configFile != "" {
		lines, err := readConfigFile(mf.configFile, &c)
		if err != nil {
			return "", c, f.fail("%v", err), false
		}
		for key, n := range lines {
			source[key] = fmt.Sprintf("config %q line %d: ", mf.configFile, n)
		}
		name += "+config"
	}
	for _, kv := range mf.sets {
		if err := c.Set(kv[0], kv[1]); err != nil {
			return "", c, f.fail("--%v", err), false
		}
		source[kv[0]] = "--"
	}
	if len(mf.sets) > 0 {
		name += "+flags"
	}
	if err := c.Validate(); err != nil {
		var re *model.RangeError
		if errors.As(err, &re) {
			if where, ok := source[re.Param]; ok {
				return "", c, f.fail("%s%v", where, err), false
			}
			return "", c, f.fail("scenario %s: %v", sc.Name, err), false
		}
		return "", c, f.fail("%v", err), false
	}
	return name, c, exitOK, true
}

// readConfigFile applies a config file (see parseConfig).
func readConfigFile(path string, c *model.Config) (map[string]int, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--config %q: cannot read it (%v); want a readable file of key = value lines", path, unwrapPathError(err))
	}
	defer fh.Close()
	return parseConfig(fh, path, c)
}

// maxConfigLine is the longest line a config file may have.
const maxConfigLine = 64 << 10

// parseConfig applies a config file's text: one `key = value` per line, #
// starts a comment. Unknown keys, bad values and a key given twice are
// errors, of one line, naming the file and the line. It returns the line
// of each key.
func parseConfig(r io.Reader, name string, c *model.Config) (map[string]int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxConfigLine)
	lines := map[string]int{}
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		key, value, found := strings.Cut(line, "=")
		if !found {
			return nil, fmt.Errorf("config %q line %d: %q: want key = value", name, n, line)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if first, twice := lines[key]; twice {
			return nil, fmt.Errorf("config %q line %d: %q is set again (first on line %d); set each key once", name, n, key, first)
		}
		if err := c.Set(key, value); err != nil {
			return nil, fmt.Errorf("config %q line %d: %v", name, n, err)
		}
		lines[key] = n
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return nil, fmt.Errorf("config %q line %d: longer than %d KiB; want short key = value lines", name, n+1, maxConfigLine>>10)
	} else if err != nil {
		return nil, fmt.Errorf("config %q: cannot read it (%v)", name, unwrapPathError(err))
	}
	return lines, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
