package tcpgraph_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The golden charts and the pictures of the docs render to PNG, to be
// looked at: with rsvg-convert (Debian: librsvg2-bin) where it is
// installed. TIMEWAIT_PNG_DIR keeps the PNGs there instead of in a
// temporary directory.
func TestGoldenPicturesRenderToPNG(t *testing.T) {
	rsvg, err := exec.LookPath("rsvg-convert")
	if err != nil {
		t.Skip("rsvg-convert is not installed (apt-get install librsvg2-bin)")
	}
	out := os.Getenv("TIMEWAIT_PNG_DIR")
	if out == "" {
		out = t.TempDir()
	}
	svgs, _ := filepath.Glob("testdata/*.svg")
	docs, _ := filepath.Glob("../../docs/pictures/*.svg")
	svgs = append(svgs, docs...)
	if len(svgs) < 2 {
		t.Fatalf("found %d pictures", len(svgs))
	}
	for _, svg := range svgs {
		png := filepath.Join(out, filepath.Base(svg[:len(svg)-len(".svg")])+".png")
		if msg, err := exec.Command(rsvg, "-o", png, svg).CombinedOutput(); err != nil {
			t.Errorf("%s: %v: %s", svg, err, msg)
			continue
		}
		b, err := os.ReadFile(png)
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("%s: no PNG (%v)", svg, err)
		}
	}
}
