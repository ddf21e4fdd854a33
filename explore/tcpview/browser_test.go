package tcpview

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/explore"
	"github.com/timewait/timewait/itf"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the golden screenshot under testdata/ and its copy in docs/pictures")

// The golden screenshot and its copy in the documentation.
const (
	goldenShot = "testdata/explorer-no-timewait.png"
	docsShot   = "../../docs/pictures/explorer-no-timewait.png"
)

// chromium finds Debian's chromium. Where it is missing the test fails
// when it runs as root (as CI does, which installs it: .ci/run) and skips
// otherwise, saying how to get it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const how = "chromium is not on PATH: the explorer's browser test drives it (Debian: apt-get install chromium; .ci/run installs it)"
	if os.Geteuid() == 0 || os.Getenv("CI") != "" {
		t.Fatal(how)
	}
	t.Skip(how)
	return ""
}

// noTimewait is the no-timewait scenario's model and the checker's
// shortest counterexample to orderly-close-no-reset, computed now.
func noTimewait(t *testing.T) (*properties.Report, properties.Verdict) {
	t.Helper()
	sc, ok := properties.ScenarioByName("no-timewait")
	if !ok {
		t.Fatal("no scenario no-timewait")
	}
	r, err := properties.Check(context.Background(), sc.Name, sc.Config, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range r.Verdicts {
		if v.Property.Name == "orderly-close-no-reset" && v.Result.Trace != nil {
			return r, v
		}
	}
	t.Fatal("no-timewait: orderly-close-no-reset has no counterexample")
	return nil, properties.Verdict{}
}

// The page in a real browser: the no-timewait counterexample taken by
// clicking its steps one by one, B's reset shown with both endpoints'
// states and numbers, back and forward, a reload from the URL, "jump to",
// and a trace file opened at its first step. The final state's screenshot
// is compared with a golden one.
func TestBrowserWalksTheLostFinalACK(t *testing.T) {
	exe := chromium(t)
	r, v := noTimewait(t)
	tr := v.Result.Trace
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	m := New(ctx, r.Scenario, r.Model, checker.Options{})
	if err := m.WaitDiagram(ctx); err != nil {
		t.Fatal(err)
	}
	_, path, err := explore.PathOf(m, tr)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(explore.New(ctx, m, m.Options()))
	defer srv.Close()

	alloc, stop := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900),
		chromedp.Flag("hide-scrollbars", true), chromedp.Flag("font-render-hinting", "none"))...)
	defer stop()
	b, stopBrowser := chromedp.NewContext(alloc)
	defer stopBrowser()
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	loaded := func(p []int) chromedp.Action[chromedp.Void] {
		want := explore.FormatPath(p)
		if want == "" {
			want = "init"
		}
		return chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`body[data-loaded="%s"]`, want)))
	}
	click := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }
	do("load the page", chromedp.Navigate(srv.URL), loaded(nil))

	// Take every step of the counterexample by clicking its button, which
	// carries the step's label.
	for i, j := range path {
		button := fmt.Sprintf(`#steps button[data-index="%d"]`, j)
		label := text(button)
		do(fmt.Sprintf("step %d", i+1), click(button), loaded(path[:i+1]))
		if want := tr.Steps[i+1].Label; label != want {
			t.Fatalf("step %d: the button says %q; the checker's trace %q", i+1, label, want)
		}
	}
	last := tr.Steps[len(tr.Steps)-1]
	checkFinal(t, text, b, m, tr, last.State)

	url, err := chromedp.Run(b, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if want := srv.URL + "/?path=" + explore.FormatPath(path); url != want {
		t.Errorf("URL %s; want %s", url, want)
	}
	shot := screenshot(t, b)
	compareShot(t, shot)

	do("back", click("#back"), loaded(path[:len(path)-1]))
	bState, want := text(`#panel-endpoints tbody tr:first-child td:nth-child(3)`), tr.Steps[len(tr.Steps)-2].State.B.State.String()
	if bState != want {
		t.Errorf("one step back, B is %q; want %q", bState, want)
	}
	before := tr.Steps[len(tr.Steps)-2].State
	if before.AB.N+before.BA.N == 0 {
		t.Fatalf("one step before the reset nothing is in flight: %v", before)
	}
	checkInFlight(t, b, m, before) // the RST on its way
	do("forward", click("#forward"), loaded(path))
	do("reload", chromedp.Reload(), loaded(path))
	checkFinal(t, text, b, m, tr, last.State)

	// Jump to the counterexample from the initial state: the checker's
	// search, then the trace's end.
	do("jump", chromedp.Navigate(srv.URL), loaded(nil),
		click(`tr[data-property="orderly-close-no-reset"] button.jump`), loaded(path))

	// A trace file, opened at its first step and walked from there.
	file := filepath.Join(t.TempDir(), "nt.itf.json")
	data, err := itf.FromTrace(tr, properties.ITFVars, properties.ITFMeta(r, v)).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	do("open the trace file", chromedp.Navigate(srv.URL), loaded(nil),
		chromedp.SetUploadFiles(chromedp.CSS("#tracefile"), []string{file}),
		chromedp.WaitVisible(chromedp.CSS(`#trace-rail`)), chromedp.WaitVisible(chromedp.CSS(`#steps button.next-in-trace`)))
	where, next := text("#trace-where"), text(`#steps button.next-in-trace`)
	if want := fmt.Sprintf("At step 0 of %d.", len(path)); where != want || next != tr.Steps[1].Label {
		t.Errorf("trace file: %q, next %q; want %q, next %q", where, next, want, tr.Steps[1].Label)
	}
	do("walk the trace", click("#trace-next"), loaded(path[:1]), click("#trace-last"), loaded(path))

	// Leave the trace five steps before its end, as docs/explorer.md does
	// (previous five times, then another step), and come back onto it with
	// next, or previous.
	k := len(path) - 5
	do("previous five times", click("#trace-prev"), loaded(path[:len(path)-1]), click("#trace-prev"), loaded(path[:len(path)-2]),
		click("#trace-prev"), loaded(path[:len(path)-3]), click("#trace-prev"), loaded(path[:len(path)-4]), click("#trace-prev"), loaded(path[:k]))
	other := 0
	if path[k] == 0 {
		other = 1
	}
	off := append(append([]int{}, path[:k]...), other)
	leave := func() {
		t.Helper()
		do("leave the trace", click(fmt.Sprintf(`#steps button[data-index="%d"]`, other)), loaded(off))
		if got, want := text("#trace-where"), fmt.Sprintf("Off the trace: this path left it after step %d of %d.", k, len(path)); got != want {
			t.Errorf("off the trace: %q; want %q", got, want)
		}
	}
	leave()
	do("next, off the trace", click("#trace-next"), loaded(path[:k+1]), click("#trace-prev"), loaded(path[:k]))
	leave()
	do("previous, off the trace", click("#trace-prev"), loaded(path[:k]))
}

// checkFinal checks what the page shows at the end of the counterexample:
// the reset's step, both endpoints' states and numbers as the model has
// them, the segments in flight, the violated property, the chart and the
// diagram.
func checkFinal(t *testing.T, text func(string) string, b context.Context, m *Model, tr *checker.Trace[model.World, model.Action], w model.World) {
	t.Helper()
	cell := func(row, col int) string {
		return text(fmt.Sprintf(`#panel-endpoints tbody tr:nth-child(%d) td:nth-child(%d)`, row, col))
	}
	current, aState, bState, aISS, aUna, aNxt := text(`#path li.current`), cell(1, 2), cell(1, 3), cell(2, 2), cell(3, 2), cell(4, 2)
	status := text(`tr[data-property="orderly-close-no-reset"] td.status`)
	chart, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector("#panel-chart svg").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	diagram, err := chromedp.Run(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#panel-diagram g.node")].map(g => g.querySelector("title").textContent + ": " + [...g.querySelectorAll("text")].map(t => t.textContent).join(" "))`))
	if err != nil {
		t.Fatal(err)
	}
	lastStep := tr.Steps[len(tr.Steps)-1]
	_, eff, _ := m.Step(tr.Steps[len(tr.Steps)-2].State, lastStep.Action)
	if !eff.Reset || eff.Side != model.B || !eff.Seg.Has(model.RST) {
		t.Fatalf("the counterexample's last step is not B receiving a RST: %s", lastStep.Label)
	}
	want := map[string]string{
		"current step": lastStep.Label, "A's state": w.A.State.String(), "B's state": w.B.State.String(),
		"A's ISS": fmt.Sprint(w.A.ISS), "A's SND.UNA": fmt.Sprint(w.A.SndUna), "A's SND.NXT": fmt.Sprint(w.A.SndNxt),
		"orderly-close-no-reset": "violated by the last step",
	}
	got := map[string]string{
		"current step": current, "A's state": aState, "B's state": bState,
		"A's ISS": aISS, "A's SND.UNA": aUna, "A's SND.NXT": aNxt, "orderly-close-no-reset": status,
	}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("%s: the page shows %q; want %q", k, got[k], want[k])
		}
	}
	checkInFlight(t, b, m, w)
	if !strings.Contains(chart, eff.Seg.String()) {
		t.Errorf("the chart does not show %s: %s", eff.Seg, chart)
	}
	marked := map[string]bool{}
	for _, n := range diagram {
		marked[n] = true
	}
	for _, want := range []string{
		nodeID(w.A.State) + ": " + w.A.State.String() + " (A is here)",
		nodeID(w.B.State) + ": " + w.B.State.String() + " (B is here)",
	} {
		if !marked[want] {
			t.Errorf("the diagram has no node %q: %q", want, diagram)
		}
	}
}

// checkInFlight checks the segments in flight the page shows, each way,
// with their flags, numbers, age and incarnation.
func checkInFlight(t *testing.T, b context.Context, m *Model, w model.World) {
	t.Helper()
	got, err := chromedp.Run(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#panel-net-ab tbody tr, #panel-net-ba tbody tr")].map(r => r.closest("section").id + " " + [...r.cells].map(c => c.textContent).join(" "))`))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, from := range []model.Side{model.A, model.B} {
		for i, s := range w.Channel(from).List() {
			ack := "-"
			if s.Has(model.ACK) {
				ack = fmt.Sprint(s.Ack)
			}
			want = append(want, fmt.Sprintf("panel-net-%s #%d %s %d %s %d %d of %d %d", map[model.Side]string{model.A: "ab", model.B: "ba"}[from],
				i, s.Flags, s.Seq, ack, s.Len, s.Age, m.Config().MSL, s.Inc))
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("in flight, the page shows %q; want %q", got, want)
	}
}

// screenshot takes a picture of the whole page, at a fixed width.
func screenshot(t *testing.T, b context.Context) []byte {
	t.Helper()
	if err := chromedp.Do(b, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(b, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	return shot
}

// compareShot compares a screenshot with the golden one: the same size,
// and at most 1% of the pixels differing by more than a small amount in
// some colour (fonts may be drawn a little differently).
func compareShot(t *testing.T, shot []byte) {
	t.Helper()
	if *rewrite {
		for _, p := range []string{goldenShot, docsShot} {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want, err := os.ReadFile(goldenShot)
	if err != nil {
		t.Fatalf("%v (run go test ./explore/tcpview -rewrite)", err)
	}
	docs, err := os.ReadFile(docsShot)
	if err != nil || !bytes.Equal(docs, want) {
		t.Errorf("%s is not a copy of %s (run go test ./explore/tcpview -rewrite)", docsShot, goldenShot)
	}
	differ, total, err := pixelDiff(want, shot)
	if err != nil {
		t.Fatalf("%v (run go test ./explore/tcpview -rewrite if the page changed)", err)
	}
	t.Logf("the screenshot differs from %s in %d of %d pixels", goldenShot, differ, total)
	if differ*100 > total {
		os.WriteFile(filepath.Join(os.TempDir(), "explorer-no-timewait.got.png"), shot, 0o644)
		t.Errorf("the screenshot differs from %s in %d of %d pixels (more than 1%%); it is saved as %s (run go test ./explore/tcpview -rewrite if the page changed)",
			goldenShot, differ, total, filepath.Join(os.TempDir(), "explorer-no-timewait.got.png"))
	}
}

// pixelDiff counts the pixels of two PNGs that differ by more than 16 of
// 255 in some channel.
func pixelDiff(a, b []byte) (differ, total int, err error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return 0, 0, fmt.Errorf("golden screenshot: %v", err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, 0, fmt.Errorf("screenshot: %v", err)
	}
	if ia.Bounds() != ib.Bounds() {
		return 0, 0, fmt.Errorf("the screenshot is %v; the golden one %v", ib.Bounds().Size(), ia.Bounds().Size())
	}
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if far(ia, ib, image.Pt(x, y)) {
				differ++
			}
		}
	}
	return differ, r.Dx() * r.Dy(), nil
}

func far(a, b image.Image, p image.Point) bool {
	r1, g1, b1, _ := a.At(p.X, p.Y).RGBA()
	r2, g2, b2, _ := b.At(p.X, p.Y).RGBA()
	d := func(x, y uint32) bool { return max(x, y)>>8-min(x, y)>>8 > 16 } // in 8 bits: RGBA's 16 bits are the 8 times 257
	return d(r1, r2) || d(g1, g2) || d(b1, b2)
}

// The screenshot's tolerance: a pixel differs when some channel differs by
// more than 16 of 255; the sizes must be the same.
func TestPixelDiff(t *testing.T) {
	encode := func(w, h int, set func(*image.RGBA)) []byte {
		t.Helper()
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range img.Pix {
			img.Pix[i] = 200
			if i%4 == 3 {
				img.Pix[i] = 255 // opaque
			}
		}
		set(img)
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	golden := encode(10, 10, func(*image.RGBA) {})
	for _, c := range []struct {
		what    string
		shot    []byte
		differ  int
		wantErr string
	}{
		{"the same picture", encode(10, 10, func(*image.RGBA) {}), 0, ""},
		{"every pixel 16 lighter in red", encode(10, 10, func(m *image.RGBA) {
			for i := 0; i < len(m.Pix); i += 4 {
				m.Pix[i] = 216
			}
		}), 0, ""},
		{"three pixels 17 darker in blue", encode(10, 10, func(m *image.RGBA) {
			for _, p := range []image.Point{{0, 0}, {5, 5}, {9, 9}} {
				m.Pix[m.PixOffset(p.X, p.Y)+2] = 183
			}
		}), 3, ""},
		{"a taller picture", encode(10, 11, func(*image.RGBA) {}), 0, "the screenshot is (10,11); the golden one (10,10)"},
		{"not a PNG", []byte("GIF89a"), 0, "screenshot: "},
	} {
		differ, total, err := pixelDiff(golden, c.shot)
		if got := fmt.Sprint(err); (c.wantErr == "") != (err == nil) || err != nil && !strings.HasPrefix(got, c.wantErr) {
			t.Errorf("%s: error %v; want %q", c.what, err, c.wantErr)
		}
		if err == nil && (differ != c.differ || total != 100) {
			t.Errorf("%s: %d of %d pixels differ; want %d of 100", c.what, differ, total, c.differ)
		}
	}
}

// upward is a number that only goes up: its state space has no end, so a
// search for an invariant that holds in it runs until it is cancelled.
type upward struct{}

func (upward) Init() []int                          { return []int{0} }
func (upward) Actions(s int, buf []string) []string { return append(buf, "up") }
func (upward) Next(s int, a string) (int, bool)     { return s + 1, true }
func (upward) Encode(buf []byte, s int) []byte      { return fmt.Appendf(buf, "%d", s) }

// "Jump to" in the browser shows the search's progress and cancels it:
// the search of a model without end cannot finish first.
func TestBrowserCancelsAJump(t *testing.T) {
	exe := chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	props := []checker.Property[int, string]{checker.Always[int, string]("never-negative", func(s int) bool { return s >= 0 })}
	srv := httptest.NewServer(explore.New(ctx, checker.Model[int, string](upward{}), explore.Options[int, string]{Properties: props}))
	defer srv.Close()
	alloc, stop := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU)...)
	defer stop()
	b, stopBrowser := chromedp.NewContext(alloc)
	defer stopBrowser()
	// until waits for the search box to say something that starts with want.
	until := func(want string) chromedp.Action[bool] {
		return chromedp.Evaluate[bool](fmt.Sprintf(`new Promise((done) => {
			const f = () => document.getElementById("search-text").textContent.startsWith(%q) ? done(true) : setTimeout(f, 20);
			f();
		})`, want), chromedp.EvalAwaitPromise)
	}
	if err := chromedp.Do(b, chromedp.Navigate(srv.URL), chromedp.WaitReady(chromedp.CSS(`body[data-loaded="init"]`)),
		chromedp.Click(chromedp.CSS(`tr[data-property="never-negative"] button.jump`)), chromedp.WaitVisible(chromedp.CSS("#search-cancel"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(b, until("Searching for never-negative: depth ")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b, chromedp.Click(chromedp.CSS("#search-cancel"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(b, until("Search cancelled.")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.URL + "/api/search/1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var job explore.SearchJSON
	if err := json.NewDecoder(resp.Body).Decode(&job); err != nil {
		t.Fatal(err)
	}
	for job.State == "running" { // the checker stops at its next check of the context
		time.Sleep(10 * time.Millisecond)
		r, err := http.Get(srv.URL + "/api/search/1")
		if err != nil {
			t.Fatal(err)
		}
		job = explore.SearchJSON{}
		err = json.NewDecoder(r.Body).Decode(&job)
		r.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if job.State != "cancelled" || !strings.HasPrefix(job.Message, "cancelled after ") {
		t.Errorf("the search after cancel: %+v; want cancelled", job)
	}
}
