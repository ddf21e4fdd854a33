package tcpview

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/explore"
	"github.com/timewait/timewait/itf"
	"github.com/timewait/timewait/properties"
)

// A trace file of the configuration served opens as the checker's path; one
// of another configuration, or one that is no behaviour of the model, is
// refused with one line.
func TestOpenTrace(t *testing.T) {
	r, v := noTimewait(t)
	m := New(context.Background(), r.Scenario, r.Model, checker.Options{})
	srv := explore.New(context.Background(), m, m.Options())
	file := itf.FromTrace(v.Result.Trace, properties.ITFVars, properties.ITFMeta(r, v))
	post := func(f *itf.Trace) (int, string) {
		t.Helper()
		data, err := f.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("POST", "/api/trace", strings.NewReader(string(data))))
		return rec.Code, rec.Body.String()
	}
	_, want, err := explore.PathOf(m, v.Result.Trace)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := post(file); code != http.StatusOK || body != `{"init":0,"along":[`+explore.FormatPath(want)+"]}\n" {
		t.Errorf("the counterexample's file: %d %q; want the path %v", code, body, want)
	}
	other := *file
	other.Meta = map[string]any{}
	for k, x := range file.Meta {
		other.Meta[k] = x
	}
	params := map[string]any{}
	for k, x := range file.Meta["parameters"].(map[string]any) {
		params[k] = x
	}
	params["time-wait"] = 4
	other.Meta["parameters"] = params
	if code, body := post(&other); code != http.StatusBadRequest || body != "the trace is of another configuration (time-wait=4 where this server has time-wait=0); open it with timewait explore --trace FILE\n" {
		t.Errorf("another configuration: %d %q", code, body)
	}
	cut := *file
	cut.States = append(append([]map[string]any{}, file.States[:3]...), file.States[5:]...)
	if code, body := post(&cut); code != http.StatusBadRequest || !strings.HasPrefix(body, "state 3: no step of the model labelled ") || strings.Count(body, "\n") != 1 {
		t.Errorf("a trace with a gap: %d %q", code, body)
	}
}
