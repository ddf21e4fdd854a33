package explore

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
)

// counter is a small model for the API's edge cases: a number that goes up
// and down; "up" leaves the bounds at limit (Next is not ok), and "jump" is
// always outside them. With limit 0 it has no bound, and a search of it
// never ends.
type counter struct{ limit int }

func (c counter) Init() []int { return []int{0, -10} }
func (c counter) Actions(s int, buf []string) []string {
	buf = append(buf, "up")
	if s > 0 {
		buf = append(buf, "down")
	}
	return append(buf, "jump")
}
func (c counter) Next(s int, a string) (int, bool) {
	switch {
	case a == "up" && (c.limit == 0 || s < c.limit):
		return s + 1, true
	case a == "down":
		return s - 1, true
	}
	return s, false
}
func (c counter) Encode(buf []byte, s int) []byte { return fmt.Appendf(buf, "%d", s) }

// stairs is a model of one initial state, 0: state 0 has two steps, state
// 1 one and state 2 none; each step, "down", goes from s to s+1.
type stairs struct{}

func (stairs) Init() []int { return []int{0} }
func (stairs) Actions(s int, buf []string) []string {
	for range 2 - s {
		buf = append(buf, "down")
	}
	return buf
}
func (stairs) Next(s int, a string) (int, bool) { return s + 1, true }
func (stairs) Encode(buf []byte, s int) []byte  { return fmt.Appendf(buf, "%d", s) }

func counterProps() []checker.Property[int, string] {
	p := checker.For[int, string](nil)
	return []checker.Property[int, string]{
		p.Always("below-3", func(s int) bool { return s < 3 }),
		p.Sometimes("two", func(s int) bool { return s == 2 }),
		p.AlwaysStep("no-down", func(_ int, a string, _ int) bool { return a != "down" }),
	}
}

func get(t *testing.T, h http.Handler, url string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
	return rec.Code, rec.Body.String()
}

func getState(t *testing.T, h http.Handler, url string) StateJSON {
	t.Helper()
	code, body := get(t, h, url)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, code, body)
	}
	var s StateJSON
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// A path's state, steps and labels are the model's, and the properties say
// what the path shows: an invariant violated here or earlier, a step
// property violated by the last step, a goal reached at its step.
func TestStateByPath(t *testing.T) {
	m := counter{limit: 5}
	s := New(context.Background(), m, Options[int, string]{Properties: counterProps()})
	got := getState(t, s, "/api/state?path=0,0,1,0")
	if got.State != "2" || len(got.Labels) != 4 || got.Labels[2] != "down" {
		t.Fatalf("state %q labels %q; want 2 after up up down up", got.State, got.Labels)
	}
	wantSteps := []StepJSON{{0, "up", true}, {1, "down", true}, {2, "jump", false}}
	if fmt.Sprint(got.Steps) != fmt.Sprint(wantSteps) {
		t.Errorf("steps %v; want %v", got.Steps, wantSteps)
	}
	status := map[string]string{}
	for _, p := range got.Properties {
		status[p.Name] = fmt.Sprintf("%s/%d/%v", p.Status, p.First, p.Bad)
	}
	want := map[string]string{"below-3": "holds/-1/false", "two": "reached at step 2/2/false", "no-down": "violated at step 3/3/true"}
	if fmt.Sprint(status) != fmt.Sprint(want) {
		t.Errorf("properties %v; want %v", status, want)
	}
	got = getState(t, s, "/api/state?path=0,0&init=1")
	if got.State != "-8" || got.Init != 1 || got.Properties[1].First != -1 || len(got.Steps) != 2 {
		t.Errorf("init=1, up up: state %q, two %+v, steps %v; want -8, two not reached, up and jump", got.State, got.Properties[1], got.Steps)
	}
	got = getState(t, s, "/api/state?path=0,1")
	if got.Properties[2].Status != "violated by the last step" {
		t.Errorf("after up down: no-down is %q; want violated by the last step", got.Properties[2].Status)
	}
	got = getState(t, s, "/api/state?path=0,0,0")
	if got.Properties[0].Status != "violated here" || !got.Properties[0].Bad {
		t.Errorf("at 3: below-3 is %q; want violated here", got.Properties[0].Status)
	}
	// After the violation, the invariant says whether it holds at the
	// state shown.
	for path, want := range map[string]string{"0,0,0,0": "violated at step 3, and here", "0,0,0,1": "violated at step 3; holds here"} {
		got = getState(t, s, "/api/state?path="+path)
		if got.Properties[0].Status != want || !got.Properties[0].Bad {
			t.Errorf("%s: below-3 is %q (bad %v); want %q", path, got.Properties[0].Status, got.Properties[0].Bad, want)
		}
	}
}

// A path the model cannot take, or that does not parse, is refused with
// 400 and one line that says why.
func TestBadPathsAreRefusedWithOneLine(t *testing.T) {
	s := New(context.Background(), counter{limit: 2}, Options[int, string]{})
	stairsSrv := New(context.Background(), checker.Model[int, string](stairs{}), Options[int, string]{})
	for _, c := range []struct{ query, want string }{
		{"init=1", "step 0: initial state 1 does not exist: the model has 1 (0)"},
		{"path=2", "step 1: action 2 does not exist: 2 (0 to 1) are enabled in that state"},
		{"path=0,1", "step 2: action 1 does not exist: 1 (0) is enabled in that state"},
		{"path=0,0,0", "step 3: action 0 does not exist: none is enabled in that state"},
	} {
		if code, body := get(t, stairsSrv, "/api/state?"+c.query); code != http.StatusBadRequest || body != c.want+"\n" {
			t.Errorf("stairs, %s: %d %q; want 400 %q", c.query, code, body, c.want)
		}
	}
	for _, c := range []struct{ query, want string }{
		{"path=x", `path "x": step 1 is "x"; want action indices separated by commas, such as 0,3,1`},
		{"path=0,,1", `path "0,,1": step 2 is ""; want action indices separated by commas, such as 0,3,1`},
		{"path=0,-1", `path "0,-1": step 2 is "-1"; want action indices separated by commas, such as 0,3,1`},
		{"path=3", "step 1: action 3 does not exist: 2 (0 to 1) are enabled in that state"},
		{"path=0,0,0", "step 3: action 0 (up) leaves the model's bounds"},
		{"path=1", "step 1: action 1 (jump) leaves the model's bounds"},
		{"path=0&init=2", "step 0: initial state 2 does not exist: the model has 2 (0 to 1)"},
		{"init=x", `init "x": want the index of an initial state, such as 0`},
		{"path=" + strings.Repeat("0,", MaxPath) + "0", fmt.Sprintf("path of %d steps: want at most %d", MaxPath+1, MaxPath)},
	} {
		code, body := get(t, s, "/api/state?"+c.query)
		if code != http.StatusBadRequest || body != c.want+"\n" {
			t.Errorf("%s: %d %q; want 400 %q", clip(c.query), code, body, c.want)
		}
	}
	if code, body := get(t, s, "/api/search/9"); code != http.StatusNotFound || body != "search \"9\": no such search\n" {
		t.Errorf("unknown search: %d %q", code, body)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("POST", "/api/search?property=nope", nil))
	if rec.Code != http.StatusBadRequest || rec.Body.String() != "property \"nope\": want one of \n" {
		t.Errorf("unknown property: %d %q", rec.Code, rec.Body.String())
	}
}

// The cache holds at most CacheSize states; a state it forgot is computed
// again from the longest prefix it kept, and gives the same answer.
func TestCacheIsBounded(t *testing.T) {
	s := New(context.Background(), counter{}, Options[int, string]{CacheSize: 4})
	path := "0,0,0,0,0,1,1,1,1,1" // ten steps: eleven states
	first := getState(t, s, "/api/state?path="+path)
	if st := s.Stats(); st.Cached != 4 || st.Computed != 11 || st.Capacity != 4 {
		t.Fatalf("after a path of 10 steps: %+v; want 4 cached of 4, 11 computed", st)
	}
	getState(t, s, "/api/state?path="+path)
	if st := s.Stats(); st.Computed != 11 {
		t.Errorf("the same path again: %d computed; want 11 (it is cached)", st.Computed)
	}
	getState(t, s, "/api/state?path=0,0")
	if st := s.Stats(); st.Computed != 14 || st.Cached != 4 {
		t.Errorf("a forgotten prefix of 2 steps: %+v; want 14 computed (init and two steps again), 4 cached", st)
	}
	getState(t, s, "/api/state?path=0,0,0")
	if st := s.Stats(); st.Computed != 15 {
		t.Errorf("one step beyond a cached state: %d computed; want 15", st.Computed)
	}
	again := getState(t, s, "/api/state?path="+path)
	if again.State != first.State || fmt.Sprint(again.Labels) != fmt.Sprint(first.Labels) {
		t.Errorf("recomputed: %q %q; want %q %q", again.State, again.Labels, first.State, first.Labels)
	}
	for i := range 100 {
		getState(t, s, fmt.Sprintf("/api/state?path=%s", strings.TrimSuffix(strings.Repeat("0,", i%20+1), ",")))
	}
	if st := s.Stats(); st.Cached != 4 {
		t.Errorf("after 100 paths: %d cached; want 4", st.Cached)
	}
}

// A long path costs the cache no more than its bound.
func TestALongPathKeepsTheCacheBounded(t *testing.T) {
	s := New(context.Background(), counter{}, Options[int, string]{CacheSize: 4})
	got := getState(t, s, "/api/state?path="+strings.TrimSuffix(strings.Repeat("0,", 20000), ","))
	if st := s.Stats(); got.State != "20000" || len(got.Labels) != 20000 || st.Cached != 4 || st.Computed != 20001 {
		t.Errorf("20000 steps up: state %q, %d labels, %+v; want 20000, 20000 labels, 4 cached, 20001 computed", got.State, len(got.Labels), st)
	}
}

// Many clients at once, on a cache too small for them, each get the answer
// a server of their own gives.
func TestConcurrentClients(t *testing.T) {
	m, err := twophase.New(3)
	if err != nil {
		t.Fatal(err)
	}
	shared := New(context.Background(), checker.Model[twophase.State, twophase.Action](m), Options[twophase.State, twophase.Action]{CacheSize: 16, Properties: m.Properties()})
	var paths []string
	for seed := range 24 {
		tr, err := checker.RandomWalk(m, checker.Options{Seed: uint64(seed), MaxDepth: 12})
		if err != nil {
			t.Fatal(err)
		}
		_, p, err := PathOf(m, tr)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, FormatPath(p))
	}
	want := map[string]string{}
	for _, p := range paths {
		alone := New(context.Background(), checker.Model[twophase.State, twophase.Action](m), Options[twophase.State, twophase.Action]{Properties: m.Properties()})
		_, body := get(t, alone, "/api/state?path="+p)
		want[p] = body
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(paths))
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range paths {
				p := paths[(i+c*5)%len(paths)]
				rec := httptest.NewRecorder()
				shared.ServeHTTP(rec, httptest.NewRequest("GET", "/api/state?path="+p, nil))
				if rec.Body.String() != want[p] {
					errs <- fmt.Sprintf("client %d, path %s: %s; want %s", c, p, rec.Body.String(), want[p])
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if st := shared.Stats(); st.Cached > 16 {
		t.Errorf("%d cached; want at most 16", st.Cached)
	}
}

func post(t *testing.T, h http.Handler, url, body string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", url, strings.NewReader(body)))
	return rec.Code, rec.Body.String()
}

func waitSearch(t *testing.T, h http.Handler, id string) SearchJSON {
	t.Helper()
	for {
		_, body := get(t, h, "/api/search/"+id)
		var s SearchJSON
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			t.Fatal(err)
		}
		if s.State != "running" {
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// "Jump to" finds the checker's shortest counterexample and witness, as
// paths the server then takes; a search that would never end is
// cancelled.
func TestJumpTo(t *testing.T) {
	m := counter{limit: 5}
	props := counterProps()
	s := New(context.Background(), m, Options[int, string]{Properties: props})
	for _, c := range []struct {
		prop, verdict string
		steps         int
	}{{"below-3", "violated", 3}, {"two", "reached", 2}, {"no-down", "violated", 2}} {
		code, body := post(t, s, "/api/search?property="+c.prop, "")
		var job SearchJSON
		if err := json.Unmarshal([]byte(body), &job); code != http.StatusOK || err != nil {
			t.Fatalf("%s: %d %s", c.prop, code, body)
		}
		done := waitSearch(t, s, job.ID)
		r, err := checker.Check(context.Background(), m, checker.Options{}, props[slicesIndex(props, c.prop)])
		if err != nil {
			t.Fatal(err)
		}
		if done.State != "done" || done.Verdict != c.verdict || len(done.Path) != c.steps || r.Results[0].Trace.Len() != c.steps {
			t.Errorf("%s: %+v; want done, %s in %d steps", c.prop, done, c.verdict, c.steps)
			continue
		}
		end := getState(t, s, fmt.Sprintf("/api/state?init=%d&path=%s", done.Init, FormatPath(done.Path)))
		if want := fmt.Sprint(r.Results[0].Trace.Steps[c.steps].State); end.State != want {
			t.Errorf("%s: the path ends in %s; the checker's trace in %s", c.prop, end.State, want)
		}
	}
	// In the unbounded counter a witness ends the search once found; a
	// property that holds would never end it, until it is cancelled.
	unbounded := New(context.Background(), counter{}, Options[int, string]{Properties: props})
	_, body := post(t, unbounded, "/api/search?property=two", "")
	var found SearchJSON
	if err := json.Unmarshal([]byte(body), &found); err != nil {
		t.Fatal(err)
	}
	if got := waitSearch(t, unbounded, found.ID); got.State != "done" || got.Verdict != "reached" || FormatPath(got.Path) != "0,0" {
		t.Errorf("witness in the unbounded counter: %+v; want reached by 0,0", got)
	}
	holds := New(context.Background(), counter{}, Options[int, string]{Properties: []checker.Property[int, string]{
		checker.Always[int, string]("never-negative", func(s int) bool { return s >= 0 })}})
	_, body = post(t, holds, "/api/search?property=never-negative", "")
	var job SearchJSON
	if err := json.Unmarshal([]byte(body), &job); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	holds.ServeHTTP(rec, httptest.NewRequest("DELETE", "/api/search/"+job.ID, nil))
	if got := waitSearch(t, holds, job.ID); got.State != "cancelled" || !strings.HasPrefix(got.Message, "cancelled after ") {
		t.Errorf("cancelled search: %+v", got)
	}
}

func slicesIndex(props []checker.Property[int, string], name string) int {
	for i, p := range props {
		if p.Name == name {
			return i
		}
	}
	return -1
}

// A trace file is read by OpenTrace and becomes a path to walk; a file
// that is no behaviour of the model is refused with one line.
func TestOpenTrace(t *testing.T) {
	m := counter{limit: 5}
	open := func(data []byte) (*checker.Trace[int, string], error) {
		tr := &checker.Trace[int, string]{Steps: []checker.Step[int, string]{{Label: "init", State: 0}}}
		s := 0
		for _, l := range strings.Fields(string(data)) {
			if l == "up" {
				s++
			} else {
				s--
			}
			tr.Steps = append(tr.Steps, checker.Step[int, string]{Label: l, State: s, Action: l})
		}
		return tr, nil
	}
	s := New(context.Background(), m, Options[int, string]{OpenTrace: open})
	code, body := post(t, s, "/api/trace", "up up down up")
	if code != http.StatusOK || body != `{"init":0,"along":[0,0,1,0]}`+"\n" {
		t.Errorf("trace: %d %q", code, body)
	}
	code, body = post(t, s, "/api/trace", "down")
	if code != http.StatusBadRequest || body != "the trace is not a behaviour of the model served here: step 1: no enabled step of the model reaches its state\n" {
		t.Errorf("bad trace: %d %q", code, body)
	}
	none := New(context.Background(), m, Options[int, string]{})
	if code, body := post(t, none, "/api/trace", "up"); code != http.StatusBadRequest || body != "this server opens no trace files\n" {
		t.Errorf("no OpenTrace: %d %q", code, body)
	}
}

// The page and its assets are served from the binary; the page names the
// model and the trace to walk.
func TestPageIsServed(t *testing.T) {
	s := New(context.Background(), counter{}, Options[int, string]{Title: "counter <&>", Along: []int{0, 0}, AlongInit: 1})
	code, body := get(t, s, "/")
	if code != http.StatusOK || !strings.Contains(body, "<title>counter &lt;&amp;&gt;</title>") || !strings.Contains(body, `data-along="0,0" data-along-init="1"`) {
		t.Errorf("page: %d %s", code, body)
	}
	for _, asset := range []string{"/static/app.js", "/static/style.css"} {
		if code, body := get(t, s, asset); code != http.StatusOK || len(body) < 500 {
			t.Errorf("%s: %d, %d bytes", asset, code, len(body))
		}
	}
	if code, _ := get(t, s, "/nothing"); code != http.StatusNotFound {
		t.Errorf("/nothing: %d; want 404", code)
	}
}

// Serve listens, says where, answers, and returns once its context ends.
func TestServeStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, checker.Model[int, string](counter{}), Options[int, string]{Ready: func(u string) { urls <- u }})
	}()
	u := <-urls
	resp, err := http.Get(u + "api/state?path=0")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"state":"1"`) {
		t.Errorf("state: %s", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := http.Get(u); err == nil {
		t.Errorf("the server still answers after its context ended")
	}
	// A trace to walk is in the URL, with its initial state.
	// A trace of no steps keeps its initial state.
	for _, c := range []struct {
		init  int
		along []int
		want  string
	}{{0, []int{0, 1}, "/?along=0,1"}, {1, []int{0, 1}, "/?init=1&along=0,1"}, {1, nil, "/?init=1"}, {0, nil, "/"}} {
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			done <- Serve(ctx, checker.Model[int, string](counter{}), Options[int, string]{AlongInit: c.init, Along: c.along, Ready: func(u string) { urls <- u }})
		}()
		if u := <-urls; !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.HasSuffix(u, c.want) {
			t.Errorf("along %v from initial state %d: URL %s; want http://127.0.0.1:PORT%s", c.along, c.init, u, c.want)
		}
		cancel()
		<-done
	}
	if err := Serve(context.Background(), checker.Model[int, string](counter{}), Options[int, string]{Addr: "256.0.0.1:1"}); err == nil || !strings.HasPrefix(err.Error(), "explore: cannot listen on 256.0.0.1:1: ") {
		t.Errorf("bad address: %v", err)
	}
}
