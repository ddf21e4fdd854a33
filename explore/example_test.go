package explore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/explore"
)

// Door is the state of a door with a lock: a model of the engine that
// knows nothing of TCP.
type Door struct{ Open, Locked bool }

// DoorModel implements checker.Model[Door, string]. Its bug: the lock can
// be turned while the door is open.
type DoorModel struct{}

func (DoorModel) Init() []Door { return []Door{{}} }

func (DoorModel) Actions(d Door, buf []string) []string {
	switch {
	case d.Open && !d.Locked:
		return append(buf, "close", "lock")
	case d.Open:
		return append(buf, "close")
	case d.Locked:
		return append(buf, "unlock")
	}
	return append(buf, "open", "lock")
}

func (DoorModel) Next(d Door, a string) (Door, bool) {
	switch a {
	case "open":
		d.Open = true
	case "close":
		d.Open = false
	case "lock":
		d.Locked = true
	case "unlock":
		d.Locked = false
	}
	return d, true
}

func (DoorModel) Encode(buf []byte, d Door) []byte {
	return append(buf, map[bool]byte{false: '0', true: '1'}[d.Open], map[bool]byte{false: '0', true: '1'}[d.Locked])
}

// Format prints a door for the page (explore.Formatter).
func (DoorModel) Format(d Door) string { return fmt.Sprintf("open=%v locked=%v", d.Open, d.Locked) }

// Serve serves the page of a model of one's own, with its properties, on a
// free port of 127.0.0.1 until its context ends. Here the JSON API that
// the page draws itself from is asked for the state after "open" and
// "lock", and then for the shortest counterexample of the invariant.
func Example() {
	ctx, cancel := context.WithCancel(context.Background())
	p := checker.For[Door, string](nil)
	props := []checker.Property[Door, string]{
		p.Always("locked-only-when-closed", func(d Door) bool { return !d.Locked || !d.Open }),
		p.Sometimes("open", func(d Door) bool { return d.Open }),
	}
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- explore.Serve(ctx, DoorModel{}, explore.Options[Door, string]{
			Title:      "a door",
			Properties: props, // evaluated on every state, and the targets of "jump to"
			Ready:      func(url string) { urls <- url },
		})
	}()
	url := <-urls

	var st explore.StateJSON
	get(url+"api/state?path=0,1", &st)
	fmt.Println(st.State)
	fmt.Println(st.Labels)
	for _, s := range st.Steps {
		fmt.Println("step", s.Index, s.Label)
	}
	for _, p := range st.Properties {
		fmt.Println(p.Name, "-", p.Status)
	}

	resp, err := http.Post(url+"api/search?property=locked-only-when-closed", "", nil)
	if err != nil {
		panic(err)
	}
	var job explore.SearchJSON
	json.NewDecoder(resp.Body).Decode(&job)
	resp.Body.Close()
	for job.State == "running" {
		time.Sleep(10 * time.Millisecond)
		get(url+"api/search/"+job.ID, &job)
	}
	fmt.Println(job.Message, "along", explore.FormatPath(job.Path))

	cancel()
	fmt.Println("Serve returned", <-done)
	// Output:
	// open=true locked=true
	// [open lock]
	// step 0 close
	// locked-only-when-closed - violated here
	// open - reached at step 1
	// locked-only-when-closed violated in 2 steps (4 states searched) along 0,1
	// Serve returned <nil>
}

func get(url string, v any) {
	resp, err := http.Get(url)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		panic(err)
	}
}
