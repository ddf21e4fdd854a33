package tcpview

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/explore"
	"github.com/timewait/timewait/itf"
	"github.com/timewait/timewait/model"
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

// The default scenario's path that docs/explorer.md walks: the final ACK
// lost with TIME-WAIT on, and the retransmitted FIN re-ACKed.
const docsLostACK = "0,0,0,1,0,0,0,1,0,0,0,2,1,1,1,1"

func TestTheDocumentedPathIsTheLostFinalACKWithTimeWait(t *testing.T) {
	doc, err := os.ReadFile("../../docs/explorer.md")
	if err != nil || !strings.Contains(string(doc), "?path="+docsLostACK+"`") {
		t.Fatalf("docs/explorer.md does not give the path %s (%v)", docsLostACK, err)
	}
	sc, _ := properties.ScenarioByName("default")
	mm, err := model.New(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	// The bare model, without the panels: the endpoint view of the default
	// scenario would explore all of it.
	opts := New(context.Background(), sc.Name, mm, checker.Options{}).Options()
	rec := httptest.NewRecorder()
	explore.New(context.Background(), mm, opts).ServeHTTP(rec, httptest.NewRequest("GET", "/api/state?path="+docsLostACK, nil))
	var st explore.StateJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	want := map[int]string{
		11: "A: recv FIN,ACK seq=2 ack=3 -> send ACK seq=3 ack=3, TIME-WAIT",
		12: "net: lose A->B ACK seq=3 ack=3",
		14: "B: retransmission timer -> send FIN,ACK seq=2 ack=3, LAST-ACK",
		15: "A: recv FIN,ACK seq=2 ack=3 -> send ACK seq=3 ack=3, TIME-WAIT (FIN re-ACKed, TIME-WAIT restarted)",
		16: "B: recv ACK seq=3 ack=3 -> LISTEN",
	}
	for step, label := range want {
		if st.Labels[step-1] != label {
			t.Errorf("step %d: %q; docs/explorer.md says %q", step, st.Labels[step-1], label)
		}
	}
	for _, p := range st.Properties {
		if p.Bad || p.Name == "fin-reacked-in-timewait" && p.Status != "reached at step 15" {
			t.Errorf("%s: %s", p.Name, p.Status)
		}
	}
}

// The text that check prints opens too: its chart is followed step by step.
// A chart of another scenario, or with a step the model does not take, is
// refused with one line.
func TestOpenCheckOutput(t *testing.T) {
	r, v := noTimewait(t)
	m := New(context.Background(), r.Scenario, r.Model, checker.Options{})
	srv := explore.New(context.Background(), m, m.Options())
	post := func(text string) (int, string) {
		t.Helper()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("POST", "/api/trace", strings.NewReader(text)))
		return rec.Code, rec.Body.String()
	}
	_, want, err := explore.PathOf(m, v.Result.Trace)
	if err != nil {
		t.Fatal(err)
	}
	chart := properties.Chart(r.Model, v.Result.Trace)
	out := "scenario no-timewait: TIME-WAIT lasts 0 ticks\n\ncounterexample to orderly-close-no-reset: ...\n\n" + chart + "\n" + properties.ChartLegend
	if code, body := post(out); code != http.StatusOK || body != `{"init":0,"along":[`+explore.FormatPath(want)+"]}\n" {
		t.Errorf("check's output: %d %q; want the path %v", code, body, want)
	}
	if code, body := post(strings.Replace(out, "scenario no-timewait:", "scenario default:", 1)); code != http.StatusBadRequest ||
		body != "the trace is of scenario default, another configuration (time-wait=4 duplicate=1 reorder=true where this server has time-wait=0 duplicate=0 reorder=false); open it with timewait explore --trace FILE\n" {
		t.Errorf("another scenario: %d %q", code, body)
	}
	// The scenario changed by flags, as check --msl 3 names it: the same
	// steps, another configuration.
	if code, body := post(strings.Replace(out, "scenario no-timewait: TIME-WAIT lasts 0 ticks", "scenario no-timewait+flags: custom: no-timewait with msl=3", 1)); code != http.StatusBadRequest ||
		body != "the trace is of scenario no-timewait+flags, another configuration (msl=3 where this server has msl=2); open it with timewait explore --trace FILE\n" {
		t.Errorf("the scenario changed by flags: %d %q", code, body)
	}
	if code, body := post(strings.Replace(out, "RST seq=3 (connection reset)", "RST seq=4 (connection reset)", 1)); code != http.StatusBadRequest || !strings.HasPrefix(body, "the chart's step 16 (SYN-SENT B: --> RST seq=4 (connection reset) LISTEN*) is no step the model takes there") {
		t.Errorf("a step the model does not take: %d %q", code, body)
	}
	if code, body := post("hello"); code != http.StatusBadRequest || !strings.HasPrefix(body, "not a trace file: ") || strings.Count(body, "\n") != 1 {
		t.Errorf("not a trace: %d %q", code, body)
	}
}
