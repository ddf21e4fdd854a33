// Package explore serves a web page on which a person walks the state
// space of any [checker.Model] by hand: the current state, the enabled
// steps as buttons, the path taken (kept in the URL, so that a state can be
// bookmarked and reloading keeps it), the properties at this state, and
// "jump to" a property's shortest counterexample or witness, which the
// checker computes on demand.
//
// The page is one HTML file with a small hand-written script and style
// sheet, embedded in the binary: it needs no network beyond the server. It
// draws itself from a JSON API that tests call too:
//
//	GET    /api/state?path=0,3,1    the state at the end of a path, its enabled steps, the properties
//	POST   /api/search?property=P   start a search for P's shortest counterexample or witness
//	GET    /api/search/ID           its progress, and its path when it is done
//	DELETE /api/search/ID           cancel it
//	POST   /api/trace               a trace file (the request's body), as a path to walk
//	GET    /api/stats               the cache's size and how many states were computed
//
// A path is the list of the indices of the actions taken, each in the order
// the model's Actions returns them, from the initial state (the first one,
// or the one ?init= names). The server explores lazily: it computes the
// states of the paths asked for and keeps them in a cache of bounded size
// that forgets the least recently used; a state it forgot is computed again
// from the initial state, which a pure model makes cheap and exact. A path
// the model cannot take is refused with status 400 and one line.
//
// The package knows nothing of any particular model. A model (or a wrapper
// of one) may implement [Formatter] to print its states, [checker.Labeler]
// to name its steps, and [Viewer] to add panels of its own (tables and
// pictures), as the TCP layer does; [Options.OpenTrace] reads trace files.
package explore

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/timewait/timewait/checker"
)

// Formatter is implemented by models that print their states for people.
// Without it the page prints fmt.Sprintf("%+v", s).
type Formatter[S any] interface {
	// Format describes state s, in as many lines as it needs.
	Format(s S) string
}

// Viewer is implemented by models that add panels of their own to the
// page: tables of the state's parts, pictures of the path. Panels is called
// for the path shown, as a trace from the initial state; ctx ends when the
// request does.
type Viewer[S, A any] interface {
	Panels(ctx context.Context, t *checker.Trace[S, A]) []Panel
}

// Panel is one box of the page that a [Viewer] fills: a table (Header and
// Rows), preformatted text, or an SVG picture. Pending says the panel is
// still being computed: the page asks again a moment later.
type Panel struct {
	ID      string     `json:"id"`    // a name for scripts and tests: "endpoints", "chart"
	Title   string     `json:"title"` // the panel's heading
	Header  []string   `json:"header,omitempty"`
	Rows    [][]string `json:"rows,omitempty"`
	Text    string     `json:"text,omitempty"`
	SVG     string     `json:"svg,omitempty"` // an SVG document the server drew
	Note    string     `json:"note,omitempty"`
	Pending bool       `json:"pending,omitempty"`
}

// Options configure a [Server]. The zero value serves the model with no
// properties, on a free port of 127.0.0.1.
type Options[S, A any] struct {
	// Title heads the page.
	Title string
	// Addr is where [Serve] listens when Listener is nil: host:port;
	// "" means 127.0.0.1 on a free port.
	Addr string
	// Listener, if set, is where [Serve] accepts connections.
	Listener net.Listener
	// Ready, if set, is called by [Serve] with the page's URL once the
	// server accepts connections.
	Ready func(url string)
	// Properties are evaluated on every state shown, and are the targets
	// of "jump to".
	Properties []checker.Property[S, A]
	// Search are the checker's options for "jump to" searches (workers,
	// limits). Progress is set by the server.
	Search checker.Options
	// CacheSize is the most states the server keeps; 0 means 4096.
	CacheSize int
	// OpenTrace, if set, reads a trace file (its bytes) into a trace of
	// the model, to be walked from its first step; its error is shown to
	// the user, as one line. Without it the page cannot open files.
	OpenTrace func(data []byte) (*checker.Trace[S, A], error)
	// Along, if set, is a path the page opens with, at its first step, for
	// the user to walk: a trace file given on the command line. It starts
	// from the model's initial state of index AlongInit.
	Along     []int
	AlongInit int
}

// DefaultCacheSize is the number of states a server keeps by default.
const DefaultCacheSize = 4096

// MaxPath is the longest path the server takes.
const MaxPath = 100_000

// maxTraceBytes is the largest trace file the server reads.
const maxTraceBytes = 32 << 20

// Server serves the page and its API for one model. Make one with [New];
// it is an http.Handler, safe for concurrent use.
type Server[S, A any] struct {
	m     checker.Model[S, A]
	opts  Options[S, A]
	init  []S
	mux   *http.ServeMux
	ctx   context.Context // ends the searches when the server stops
	cache struct {
		sync.Mutex
		nodes  *lru[pathKey, *node[S, A]]
		panels *lru[pathKey, []Panel]
	}
	computed atomic.Int64 // states computed by Next for paths
	seeds    [2]maphash.Seed
	searches searches
}

// node is one state at the end of a path, with what the page shows of it.
type node[S, A any] struct {
	state   S
	depth   int // the path's length
	actions []A
	// first holds, per property, the index of the first state of the path
	// at which it fired (an invariant failed, a witness was reached), or -1.
	first []int
	// lastStep holds, per step property, whether the last step fired it.
	lastStep []bool
}

// New returns the server of m. ctx bounds the searches it starts.
func New[S, A any](ctx context.Context, m checker.Model[S, A], opts Options[S, A]) *Server[S, A] {
	if opts.CacheSize <= 0 {
		opts.CacheSize = DefaultCacheSize
	}
	if opts.Title == "" {
		opts.Title = "explore"
	}
	s := &Server[S, A]{m: m, opts: opts, init: m.Init(), ctx: ctx, seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
	s.cache.nodes = newLRU[pathKey, *node[S, A]](opts.CacheSize)
	s.cache.panels = newLRU[pathKey, []Panel](64)
	s.searches.jobs = map[string]*search{}
	s.routes()
	return s
}

// Serve serves m's page until ctx is done, then shuts the server down,
// letting requests in progress finish for up to a second, and returns nil.
// It returns an error only when it cannot listen or serve. It refuses a
// request that a page of another origin sent (its Origin header), and on
// a loopback address one whose Host is not a loopback address or
// localhost, so that another web page can neither post to it nor reach
// it by DNS rebinding. On any other address (such as ":8080") it answers
// every host: that is for a trusted network only.
func Serve[S, A any](ctx context.Context, m checker.Model[S, A], opts Options[S, A]) error {
	ln := opts.Listener
	if ln == nil {
		addr := opts.Addr
		if addr == "" {
			addr = "127.0.0.1:0"
		}
		var err error
		if ln, err = net.Listen("tcp", addr); err != nil {
			return fmt.Errorf("explore: cannot listen on %s: %w", addr, err)
		}
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	h := sameOriginOnly(New(sctx, m, opts))
	if onLoopback(ln.Addr()) {
		h = loopbackOnly(h)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if opts.Ready != nil {
		opts.Ready(URL(ln.Addr(), opts.AlongInit, opts.Along))
	}
	select {
	case err := <-errc:
		return fmt.Errorf("explore: %w", err)
	case <-ctx.Done():
	}
	cancel() // stop the searches
	shut, done := context.WithTimeout(context.Background(), time.Second)
	defer done()
	if err := srv.Shutdown(shut); err != nil {
		srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("explore: %w", err)
	}
	return nil
}

// URL is the page's address on addr, opened with along to walk from the
// initial state of index init.
func URL(addr net.Addr, init int, along []int) string {
	u := "http://" + addr.String() + "/"
	switch {
	case len(along) > 0 && init != 0:
		u += "?init=" + strconv.Itoa(init) + "&along=" + FormatPath(along)
	case len(along) > 0:
		u += "?along=" + FormatPath(along)
	case init != 0:
		// A trace of no steps: its initial state alone.
		u += "?init=" + strconv.Itoa(init)
	}
	return u
}

// FormatPath writes a path as the URL carries it: "0,3,1".
func FormatPath(path []int) string {
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = strconv.Itoa(p)
	}
	return strings.Join(parts, ",")
}

// ParsePath reads a path as the URL carries it; "" is the empty path.
func ParsePath(text string) ([]int, error) {
	if text == "" {
		return nil, nil
	}
	parts := strings.Split(text, ",")
	if len(parts) > MaxPath {
		return nil, fmt.Errorf("path of %d steps: want at most %d", len(parts), MaxPath)
	}
	path := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 1<<16 {
			return nil, fmt.Errorf("path %q: step %d is %q; want action indices separated by commas, such as 0,3,1", clip(text), i+1, clip(p))
		}
		path[i] = n
	}
	return path, nil
}

// clip shortens user text for an error line.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// PathError is a path the model cannot take.
type PathError struct {
	Step   int // the step (1 for the first) that cannot be taken
	Reason string
}

func (e *PathError) Error() string { return fmt.Sprintf("step %d: %s", e.Step, e.Reason) }

// pathKey names a path in the caches: its initial state, its length, and
// two 64-bit hashes of its steps with independent random seeds, so that two
// paths share a key with a probability of about 2^-128 per pair. A key of
// fixed size keeps looking up every prefix of a long path linear in its
// length.
type pathKey struct {
	init, depth int
	h           [2]uint64
}

// keys returns the key of every prefix of path, the empty one first.
func (s *Server[S, A]) keys(init int, path []int) []pathKey {
	var h [2]maphash.Hash
	for i := range h {
		h[i].SetSeed(s.seeds[i])
	}
	out := make([]pathKey, 0, len(path)+1)
	out = append(out, pathKey{init: init, h: [2]uint64{h[0].Sum64(), h[1].Sum64()}})
	var b [4]byte
	for k, j := range path {
		binary.LittleEndian.PutUint32(b[:], uint32(j))
		h[0].Write(b[:])
		h[1].Write(b[:])
		out = append(out, pathKey{init: init, depth: k + 1, h: [2]uint64{h[0].Sum64(), h[1].Sum64()}})
	}
	return out
}

// resolve returns the node at the end of path from initial state init,
// computing the states not in the cache from the longest prefix that is.
func (s *Server[S, A]) resolve(init int, path []int) (*node[S, A], error) {
	if init < 0 || init >= len(s.init) {
		return nil, &PathError{Step: 0, Reason: fmt.Sprintf("initial state %d does not exist: the model has %s", init, indices(len(s.init)))}
	}
	keys := s.keys(init, path)
	s.cache.Lock()
	k := len(path)
	var n *node[S, A]
	for ; k >= 0; k-- {
		if c, ok := s.cache.nodes.get(keys[k]); ok {
			n = c
			break
		}
	}
	s.cache.Unlock()
	if n == nil {
		n, k = s.newNode(s.init[init]), 0
		s.store(keys[0], n)
	}
	for ; k < len(path); k++ {
		j := path[k]
		if j >= len(n.actions) {
			return nil, &PathError{Step: k + 1, Reason: fmt.Sprintf("action %d does not exist: %s enabled in that state", j, enabled(len(n.actions)))}
		}
		a := n.actions[j]
		next, ok := s.m.Next(n.state, a)
		if !ok {
			return nil, &PathError{Step: k + 1, Reason: fmt.Sprintf("action %d (%s) leaves the model's bounds", j, fmt.Sprint(a))}
		}
		n = s.child(n, a, next)
		s.store(keys[k+1], n)
	}
	return n, nil
}

// indices says how many things there are and their indices: "1 (0)",
// "3 (0 to 2)".
func indices(n int) string {
	if n == 1 {
		return "1 (0)"
	}
	return fmt.Sprintf("%d (0 to %d)", n, n-1)
}

// enabled says how many actions are enabled: "none is", "1 (0) is", "3
// (0 to 2) are".
func enabled(n int) string {
	switch n {
	case 0:
		return "none is"
	case 1:
		return indices(n) + " is"
	}
	return indices(n) + " are"
}

func (s *Server[S, A]) store(key pathKey, n *node[S, A]) {
	s.cache.Lock()
	s.cache.nodes.put(key, n)
	s.cache.Unlock()
}

func (s *Server[S, A]) newNode(st S) *node[S, A] {
	s.computed.Add(1)
	n := &node[S, A]{state: st, actions: s.m.Actions(st, nil), first: make([]int, len(s.opts.Properties)), lastStep: make([]bool, len(s.opts.Properties))}
	for p, prop := range s.opts.Properties {
		n.first[p] = -1
		if fires(prop, st) {
			n.first[p] = 0
		}
	}
	return n
}

func (s *Server[S, A]) child(parent *node[S, A], a A, st S) *node[S, A] {
	n := s.newNode(st)
	depth := parent.depth + 1
	n.depth = depth
	for p, prop := range s.opts.Properties {
		if prop.Step != nil && (prop.Kind == checker.KindAlwaysStep || prop.Kind == checker.KindSometimesStep) {
			holds := prop.Step(parent.state, a, st)
			n.lastStep[p] = holds == (prop.Kind == checker.KindSometimesStep)
		}
		switch {
		case parent.first[p] >= 0:
			n.first[p] = parent.first[p]
		case n.lastStep[p]:
			n.first[p] = depth
		case n.first[p] == 0:
			n.first[p] = depth
		}
	}
	return n
}

// fires reports whether a state property fires in st: an invariant fails
// or a goal is reached.
func fires[S, A any](p checker.Property[S, A], st S) bool {
	if p.State == nil {
		return false
	}
	switch p.Kind {
	case checker.KindAlways:
		return !p.State(st)
	case checker.KindSometimes, checker.KindEventually:
		return p.State(st)
	}
	return false
}

func stepLabel[S, A any](m checker.Model[S, A], from S, a A, to S) string {
	if l, ok := m.(checker.Labeler[S, A]); ok {
		return l.Label(from, a, to)
	}
	return fmt.Sprint(a)
}

func (s *Server[S, A]) format(st S) string {
	if f, ok := s.m.(Formatter[S]); ok {
		return f.Format(st)
	}
	return fmt.Sprintf("%+v", st)
}

// trace rebuilds the trace of a path the server has resolved.
func (s *Server[S, A]) trace(init int, path []int) *checker.Trace[S, A] {
	st := s.init[init]
	t := &checker.Trace[S, A]{Steps: []checker.Step[S, A]{{Label: "init", State: st}}}
	var buf []A
	for _, j := range path {
		buf = s.m.Actions(st, buf[:0])
		a := buf[j]
		next, _ := s.m.Next(st, a)
		t.Steps = append(t.Steps, checker.Step[S, A]{Action: a, Label: stepLabel(s.m, st, a, next), State: next})
		st = next
	}
	return t
}

// PathOf finds the path that takes m along t: the index of t's initial
// state among m's, and at each step the index of an enabled action that
// reaches a state encoding like t's next one, under the same label. The
// states of t need not be m's own representatives: it replays m's states.
func PathOf[S, A any](m checker.Model[S, A], t *checker.Trace[S, A]) (init int, path []int, err error) {
	if t == nil || len(t.Steps) == 0 {
		return 0, nil, errors.New("the trace has no states")
	}
	enc := func(st S) string { return string(m.Encode(nil, st)) }
	init = -1
	for i, st := range m.Init() {
		if enc(st) == enc(t.Steps[0].State) {
			init = i
			break
		}
	}
	if init < 0 {
		return 0, nil, errors.New("its first state is not an initial state of the model")
	}
	cur := m.Init()[init]
	var buf []A
	for i := 1; i < len(t.Steps); i++ {
		want := enc(t.Steps[i].State)
		buf = m.Actions(cur, buf[:0])
		found := -1
		var nextState S
		for j, a := range buf {
			next, ok := m.Next(cur, a)
			if ok && enc(next) == want && stepLabel(m, cur, a, next) == t.Steps[i].Label {
				found, nextState = j, next
				break
			}
		}
		if found < 0 {
			return 0, nil, &PathError{Step: i, Reason: "no enabled step of the model reaches its state"}
		}
		path = append(path, found)
		cur = nextState
	}
	return init, path, nil
}
