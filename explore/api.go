package explore

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"github.com/timewait/timewait/checker"
)

//go:embed page
var assets embed.FS

var pageTemplate = template.Must(template.ParseFS(assets, "page/index.html"))

// StateJSON is the answer of GET /api/state: the state at the end of a
// path and what the page shows of it.
type StateJSON struct {
	Init  int    `json:"init"`
	Path  []int  `json:"path"`
	State string `json:"state"` // the state, as the model prints it
	// Labels holds the label of every step of the path.
	Labels []string `json:"labels"`
	// Steps are the steps enabled in the state, in the model's order: the
	// path's next index is a step's Index.
	Steps []StepJSON `json:"steps"`
	// Deadlock is set when no step can be taken and the model does not
	// allow the state as an end.
	Deadlock   bool           `json:"deadlock"`
	Properties []PropertyJSON `json:"properties"`
	Panels     []Panel        `json:"panels"`
}

// StepJSON is one enabled step.
type StepJSON struct {
	Index int    `json:"index"`
	Label string `json:"label"`
	// OK is false for a step that would leave the model's bounds (a full
	// channel): it is shown but cannot be taken.
	OK bool `json:"ok"`
}

// PropertyJSON is one property at the state shown.
type PropertyJSON struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Status is what the path shows of the property: "holds", "violated
	// here", "violated by the last step", "violated at step N" (for an
	// invariant, with whether it holds at the state shown), "reached at
	// step N", "not reached on this path", or, for liveness, which only
	// the checker decides, "decided by the checker only".
	Status string `json:"status"`
	// First is the index of the first state of the path where the
	// property fired (an invariant failed, a goal was reached), or -1.
	First int `json:"first"`
	// Bad is set when the path violates the property.
	Bad bool `json:"bad"`
}

func (s *Server[S, A]) routes() {
	s.mux = http.NewServeMux()
	static, _ := fs.Sub(assets, "page")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.page)
	s.mux.HandleFunc("GET /api/state", s.state)
	s.mux.HandleFunc("GET /api/stats", s.stats)
	s.mux.HandleFunc("POST /api/search", s.startSearch)
	s.mux.HandleFunc("GET /api/search/{id}", s.searchStatus)
	s.mux.HandleFunc("DELETE /api/search/{id}", s.cancelSearch)
	s.mux.HandleFunc("POST /api/trace", s.openTrace)
}

// ServeHTTP serves the page and the API.
func (s *Server[S, A]) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server[S, A]) page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	data := struct {
		Title     string
		Along     string
		AlongInit int
		CanTrace  bool
	}{s.opts.Title, FormatPath(s.opts.Along), s.opts.AlongInit, s.opts.OpenTrace != nil}
	if err := pageTemplate.Execute(w, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// bad answers a request with status 400 and one line.
func bad(w http.ResponseWriter, format string, args ...any) {
	line := strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", " ")
	http.Error(w, line, http.StatusBadRequest)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(v)
}

// request reads ?init= and ?path=.
func (s *Server[S, A]) request(r *http.Request) (int, []int, error) {
	init := 0
	if v := r.URL.Query().Get("init"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, nil, fmt.Errorf("init %q: want the index of an initial state, such as 0", clip(v))
		}
		init = n
	}
	path, err := ParsePath(r.URL.Query().Get("path"))
	return init, path, err
}

func (s *Server[S, A]) state(w http.ResponseWriter, r *http.Request) {
	init, path, err := s.request(r)
	if err != nil {
		bad(w, "%v", err)
		return
	}
	n, err := s.resolve(init, path)
	if err != nil {
		bad(w, "%v", err)
		return
	}
	// The labels of the path come from a replay, as the panels' trace: a
	// node keeps no more than its own state, so that the cache's memory
	// does not grow with the paths' length.
	tr := s.trace(init, path)
	out := StateJSON{Init: init, Path: path, State: s.format(n.state), Labels: tr.Labels(), Steps: []StepJSON{}, Properties: []PropertyJSON{}}
	if out.Path == nil {
		out.Path = []int{}
	}
	anyOK := false
	for j, a := range n.actions {
		next, ok := s.m.Next(n.state, a)
		label := fmt.Sprint(a)
		if ok {
			label = stepLabel(s.m, n.state, a, next)
		}
		anyOK = anyOK || ok
		out.Steps = append(out.Steps, StepJSON{Index: j, Label: label, OK: ok})
	}
	if !anyOK {
		e, ok := s.m.(checker.Ender[S])
		out.Deadlock = !ok || !e.AllowedEnd(n.state)
	}
	for p, prop := range s.opts.Properties {
		out.Properties = append(out.Properties, propertyAt(prop, n, p, out.Deadlock))
	}
	out.Panels = s.panels(r, init, path, tr)
	writeJSON(w, out)
}

func propertyAt[S, A any](prop checker.Property[S, A], n *node[S, A], p int, deadlock bool) PropertyJSON {
	out := PropertyJSON{Name: prop.Name, Kind: prop.Kind.String(), First: n.first[p]}
	depth := n.depth
	switch prop.Kind {
	case checker.KindAlways, checker.KindAlwaysStep:
		switch {
		case n.first[p] < 0:
			out.Status = "holds"
		case prop.Kind == checker.KindAlwaysStep && n.lastStep[p]:
			out.Status, out.Bad = "violated by the last step", true
		case n.first[p] == depth:
			out.Status, out.Bad = "violated here", true
		case prop.Kind == checker.KindAlways && fires(prop, n.state):
			out.Status, out.Bad = fmt.Sprintf("violated at step %d, and here", n.first[p]), true
		case prop.Kind == checker.KindAlways:
			out.Status, out.Bad = fmt.Sprintf("violated at step %d; holds here", n.first[p]), true
		default:
			out.Status, out.Bad = fmt.Sprintf("violated at step %d", n.first[p]), true
		}
	case checker.KindDeadlock:
		out.Status = "holds here"
		if deadlock {
			out.Status, out.Bad, out.First = "violated: a deadlock", true, depth
		}
	case checker.KindSometimes, checker.KindSometimesStep:
		out.Status = "not reached on this path"
		if n.first[p] >= 0 {
			out.Status = fmt.Sprintf("reached at step %d", n.first[p])
		}
	default: // liveness: only the checker decides it, on every behaviour
		out.Status = "decided by the checker only"
		if prop.Kind == checker.KindEventually && n.first[p] >= 0 {
			out.Status = fmt.Sprintf("reached at step %d (decided by the checker only)", n.first[p])
		}
	}
	return out
}

// panels asks the model's Viewer, if any, for its panels of the path,
// keeping the last ones asked for. A pending panel is not kept.
func (s *Server[S, A]) panels(r *http.Request, init int, path []int, tr *checker.Trace[S, A]) []Panel {
	v, ok := s.m.(Viewer[S, A])
	if !ok {
		return []Panel{}
	}
	key := s.keys(init, path)[len(path)]
	s.cache.Lock()
	p, ok := s.cache.panels.get(key)
	s.cache.Unlock()
	if ok {
		return p
	}
	p = v.Panels(r.Context(), tr)
	pending := false
	for _, x := range p {
		pending = pending || x.Pending
	}
	if !pending && r.Context().Err() == nil {
		s.cache.Lock()
		s.cache.panels.put(key, p)
		s.cache.Unlock()
	}
	if p == nil {
		p = []Panel{}
	}
	return p
}

// StatsJSON is the answer of GET /api/stats.
type StatsJSON struct {
	Cached   int   `json:"cached"`   // states in the cache
	Capacity int   `json:"capacity"` // the most it holds
	Computed int64 `json:"computed"` // states the cache computed since the server started
}

func (s *Server[S, A]) stats(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, s.Stats())
}

// Stats returns the cache's size and how many states were computed.
func (s *Server[S, A]) Stats() StatsJSON {
	s.cache.Lock()
	defer s.cache.Unlock()
	return StatsJSON{Cached: s.cache.nodes.len(), Capacity: s.opts.CacheSize, Computed: s.computed.Load()}
}

// TraceJSON is the answer of POST /api/trace: the file as a path.
type TraceJSON struct {
	Init  int   `json:"init"`
	Along []int `json:"along"`
}

func (s *Server[S, A]) openTrace(w http.ResponseWriter, r *http.Request) {
	if s.opts.OpenTrace == nil {
		bad(w, "this server opens no trace files")
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxTraceBytes+1))
	switch {
	case err != nil:
		bad(w, "cannot read the trace file: %v", err)
		return
	case len(data) > maxTraceBytes:
		bad(w, "the trace file is larger than %d MiB", maxTraceBytes>>20)
		return
	}
	t, err := s.opts.OpenTrace(data)
	if err != nil {
		bad(w, "%v", err)
		return
	}
	init, path, err := PathOf(s.m, t)
	var pe *PathError
	if errors.As(err, &pe) {
		bad(w, "the trace is not a behaviour of the model served here: %v", err)
		return
	}
	if err != nil {
		bad(w, "%v", err)
		return
	}
	if path == nil {
		path = []int{}
	}
	writeJSON(w, TraceJSON{Init: init, Along: path})
}
