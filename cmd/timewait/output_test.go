package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// traceDOT is what graph --view trace of no-timewait writes (its golden).
func traceDOT(t *testing.T) string {
	t.Helper()
	want, err := os.ReadFile(filepath.Join("testdata", "graph-trace-no-timewait.dot"))
	if err != nil {
		t.Fatal(err)
	}
	return string(want)
}

// drawTraceTo runs graph --view trace of no-timewait with -o path and
// wants exit 0 and nothing on stdout or stderr.
func drawTraceTo(t *testing.T, path string) {
	t.Helper()
	code, out, errs := runCLI(t, "graph", "--scenario", "no-timewait", "--view", "trace", "-o", path)
	if code != exitOK || out != "" || withoutProgress(errs) != "" {
		t.Fatalf("-o %s: exit %d, stdout %q, stderr %q", path, code, out, errs)
	}
}

func wantContent(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("%s holds %.100q (%v); want the drawing", path, got, err)
	}
}

func wantMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode() != want {
		t.Fatalf("%s has mode %v after -o; want %v", path, fi.Mode(), want)
	}
}

func TestOutputReplacesARegularFileKeepingItsMode(t *testing.T) {
	dir := t.TempDir()
	private := filepath.Join(dir, "private.dot")
	if err := os.WriteFile(private, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 { // root replaces another user's file: the owner stays
		if err := os.Chown(private, 65534, 65534); err != nil {
			t.Fatal(err)
		}
	}
	drawTraceTo(t, private)
	wantContent(t, private, traceDOT(t))
	wantMode(t, private, 0o600)
	if st, err := os.Stat(private); os.Geteuid() == 0 && (err != nil || st.Sys().(*syscall.Stat_t).Uid != 65534 || st.Sys().(*syscall.Stat_t).Gid != 65534) {
		t.Fatalf("%s lost its owner (%v, %v)", private, st.Sys(), err)
	}

	fresh := filepath.Join(dir, "new.dot")
	drawTraceTo(t, fresh)
	wantContent(t, fresh, traceDOT(t))
	wantMode(t, fresh, 0o644)
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("the directory holds %d files, want the 2 drawings (no temporary file left)", len(entries))
	}
}

// A symlink stays a symlink and its target gets the drawing, also when
// the target does not exist yet.
func TestOutputWritesThroughASymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.dot")
	if err := os.WriteFile(target, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.dot")
	if err := os.Symlink("target.dot", link); err != nil {
		t.Fatal(err)
	}
	drawTraceTo(t, link)
	if to, err := os.Readlink(link); err != nil || to != "target.dot" {
		t.Fatalf("%s is no longer a symlink to target.dot (%q, %v)", link, to, err)
	}
	wantContent(t, target, traceDOT(t))
	wantMode(t, target, 0o640)

	dangling := filepath.Join(dir, "dangling.dot")
	if err := os.Symlink(filepath.Join(dir, "later.dot"), dangling); err != nil {
		t.Fatal(err)
	}
	drawTraceTo(t, dangling)
	if fi, err := os.Lstat(dangling); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symlink (%v)", dangling, err)
	}
	wantContent(t, filepath.Join(dir, "later.dot"), traceDOT(t))
	wantMode(t, filepath.Join(dir, "later.dot"), 0o644)
}

// A device or a pipe is written straight and stays what it is. The device
// is a null device of the test's own (mknod needs root), never /dev/null.
func TestOutputWritesStraightToADeviceOrAPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		data, _ := io.ReadAll(f)
		f.Close()
		got <- string(data)
	}()
	drawTraceTo(t, fifo)
	wantMode(t, fifo, fs.ModeNamedPipe|0o600) // before waiting for a reader that would wait forever
	if data := <-got; data != traceDOT(t) {
		t.Fatalf("the pipe's reader got %.100q; want the drawing", data)
	}

	if os.Geteuid() != 0 {
		t.Skip("mknod of a null device needs root")
	}
	null := filepath.Join(dir, "null")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil { // major 1, minor 3: /dev/null
		t.Skipf("mknod: %v", err)
	}
	before, err := os.Lstat(null)
	if err != nil || before.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("mknod made %v (%v), not a character device", before.Mode(), err)
	}
	drawTraceTo(t, null)
	wantMode(t, null, before.Mode())
}

// An -o that cannot be written is refused in one line naming the path,
// with exit 2, before the search: the trace view of close-wait-leak
// would otherwise end with "no safety property is violated".
func TestOutputIsCheckedBeforeTheSearch(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ out, want string }{
		{filepath.Join(dir, "missing", "x.dot"), `-o "` + filepath.Join(dir, "missing", "x.dot") + `": cannot write in "` + filepath.Join(dir, "missing") + `" (no such directory)`},
		{filepath.Join(file, "x.dot"), `-o "` + filepath.Join(file, "x.dot") + `": cannot write in "` + file + `" (not a directory)`},
		{dir, `-o "` + dir + `": it is a directory; want a file name`},
		{"", `-o "": want a value; leave the flag out for its default`},
	} {
		code, out, errs := runCLI(t, "graph", "--scenario", "close-wait-leak", "--view", "trace", "-o", tc.out)
		want := "timewait graph: " + tc.want + " (see timewait graph -h)\n"
		if code != exitUsage || out != "" || errs != want {
			t.Errorf("-o %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.out, code, out, errs, want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("refused commands left %d files behind", len(entries)-1)
	}
}
