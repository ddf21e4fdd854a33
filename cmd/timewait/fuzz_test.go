package main

import (
	"strings"
	"testing"

	fuzz "github.com/google/gofuzz"

	"github.com/timewait/timewait/model"
)

// configLine is one line of a fuzzed config file: a known parameter (by
// index) or a raw key, a value, and optional decoration.
type configLine struct {
	Param   uint8
	RawKey  string
	UseRaw  bool
	Value   string
	Spaces  bool
	Comment string
}

// FuzzConfigParse feeds config files built from structured inputs to the
// parser: it never panics, and every error is one line naming the file.
func FuzzConfigParse(f *testing.F) {
	f.Add([]byte("msl = 2\ntime-wait = 4\n"))
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	params := model.Params()
	f.Fuzz(func(t *testing.T, data []byte) {
		var lines []configLine
		fuzz.NewFromGoFuzz(data).NilChance(0).NumElements(0, 8).Fuzz(&lines)
		var b strings.Builder
		for _, l := range lines {
			key := params[int(l.Param)%len(params)].Name
			if l.UseRaw {
				key = l.RawKey
			}
			sep := "="
			if l.Spaces {
				sep = " = "
			}
			b.WriteString(key + sep + l.Value)
			if l.Comment != "" {
				b.WriteString(" #" + l.Comment)
			}
			b.WriteString("\n")
		}
		c := model.DefaultConfig()
		err := parseConfig(strings.NewReader(b.String()), "fuzz.conf", &c)
		if err != nil && (strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "config fuzz.conf")) {
			t.Fatalf("error is not one line naming the file: %q", err)
		}
		_ = c.Validate() // must not panic on any accepted values
	})
}
