package explore

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/timewait/timewait/checker"
)

// maxSearches is how many searches the server remembers; starting one more
// forgets the oldest that has ended, and is refused while all still run.
const maxSearches = 8

// searches are the "jump to" searches the server has started.
type searches struct {
	sync.Mutex
	next  int
	jobs  map[string]*search
	order []string
}

// search is one run of the checker for one property's shortest
// counterexample or witness.
type search struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	status SearchJSON
}

// SearchJSON is the answer of the search API.
type SearchJSON struct {
	ID       string `json:"id"`
	Property string `json:"property"`
	// State is "running", "done", "cancelled" or "failed".
	State string `json:"state"`
	// Depth and Distinct are the search's progress: the deepest level
	// reached and the distinct states found.
	Depth    int `json:"depth"`
	Distinct int `json:"distinct"`
	// Verdict is the property's verdict once done: "violated", "reached",
	// "holds", "unreached" or "incomplete".
	Verdict string `json:"verdict,omitempty"`
	// Init and Path lead to the end of the counterexample or witness.
	Init    int    `json:"init"`
	Path    []int  `json:"path,omitempty"`
	Message string `json:"message,omitempty"`
}

func (s *Server[S, A]) startSearch(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("property")
	var prop checker.Property[S, A]
	found := false
	for _, p := range s.opts.Properties {
		if p.Name == name {
			prop, found = p, true
		}
	}
	if !found {
		names := ""
		for i, p := range s.opts.Properties {
			if i > 0 {
				names += ", "
			}
			names += p.Name
		}
		bad(w, "property %q: want one of %s", clip(name), names)
		return
	}
	if prop.Kind.Liveness() {
		bad(w, "property %q is a liveness property: its lasso needs the whole state graph; use timewait check --liveness", name)
		return
	}
	ss := &s.searches
	ss.Lock()
	if len(ss.order) >= maxSearches {
		forgot := false
		for i, id := range ss.order {
			j := ss.jobs[id]
			j.mu.Lock()
			running := j.status.State == "running"
			j.mu.Unlock()
			if !running {
				delete(ss.jobs, id)
				ss.order = append(ss.order[:i:i], ss.order[i+1:]...)
				forgot = true
				break
			}
		}
		if !forgot {
			ss.Unlock()
			bad(w, "%d searches are running: cancel one first", maxSearches)
			return
		}
	}
	ss.next++
	id := strconv.Itoa(ss.next)
	ctx, cancel := context.WithCancel(s.ctx)
	job := &search{cancel: cancel, status: SearchJSON{ID: id, Property: name, State: "running"}}
	ss.jobs[id] = job
	ss.order = append(ss.order, id)
	ss.Unlock()
	go s.run(ctx, job, prop)
	job.mu.Lock()
	defer job.mu.Unlock()
	writeJSON(w, job.status)
}

// run searches for prop's shortest trace, recording progress in job.
func (s *Server[S, A]) run(ctx context.Context, job *search, prop checker.Property[S, A]) {
	defer job.cancel()
	opts := s.opts.Search
	// With one property, CollectAll stops the search after the level that
	// decides it, witness or counterexample; without it a witness would not
	// stop the search.
	opts.CollectAll = true
	opts.Liveness = false
	opts.ProgressEvery = 200 * time.Millisecond
	opts.Progress = func(p checker.Progress) {
		job.mu.Lock()
		job.status.Depth, job.status.Distinct = p.Depth, p.Distinct
		job.mu.Unlock()
	}
	r, err := checker.Check(ctx, s.m, opts, prop)
	job.mu.Lock()
	defer job.mu.Unlock()
	st := &job.status
	switch {
	case err != nil:
		st.State, st.Message = "failed", err.Error()
		return
	case ctx.Err() != nil:
		st.State, st.Message = "cancelled", "cancelled after "+strconv.Itoa(r.Distinct)+" states"
		return
	}
	st.State, st.Depth, st.Distinct = "done", r.Depth, r.Distinct
	res := r.Results[0]
	st.Verdict = res.Verdict.String()
	if res.Trace == nil {
		st.Message = fmt.Sprintf("%s %s: no trace (%d states, %s)", prop.Name, res.Verdict, r.Distinct, completeness(r))
		return
	}
	init, path, err := PathOf(s.m, res.Trace)
	if err != nil {
		st.State, st.Message = "failed", "the checker's trace does not replay: "+err.Error()
		return
	}
	st.Init, st.Path = init, path
	if st.Path == nil {
		st.Path = []int{}
	}
	st.Message = fmt.Sprintf("%s %s in %d steps (%d states searched)", prop.Name, res.Verdict, len(path), r.Distinct)
}

func completeness[S, A any](r *checker.Report[S, A]) string {
	if r.Complete {
		return "every state searched"
	}
	return "incomplete: " + r.StopReason
}

func (s *Server[S, A]) job(w http.ResponseWriter, r *http.Request) *search {
	s.searches.Lock()
	defer s.searches.Unlock()
	j, ok := s.searches.jobs[r.PathValue("id")]
	if !ok {
		http.Error(w, fmt.Sprintf("search %q: no such search", clip(r.PathValue("id"))), http.StatusNotFound)
		return nil
	}
	return j
}

func (s *Server[S, A]) searchStatus(w http.ResponseWriter, r *http.Request) {
	if j := s.job(w, r); j != nil {
		j.mu.Lock()
		defer j.mu.Unlock()
		writeJSON(w, j.status)
	}
}

func (s *Server[S, A]) cancelSearch(w http.ResponseWriter, r *http.Request) {
	if j := s.job(w, r); j != nil {
		j.cancel()
		j.mu.Lock()
		defer j.mu.Unlock()
		writeJSON(w, j.status)
	}
}
