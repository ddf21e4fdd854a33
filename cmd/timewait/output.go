package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/timewait/timewait/graph"
)

// outputTarget is what -o names, with its symlinks followed.
type outputTarget struct {
	path    string      // where to write: a regular file's real path, a new file's, or the path as given for anything else
	exists  bool        // path exists
	regular bool        // path is a regular file, or does not exist yet
	mode    fs.FileMode // the mode to give the file written (an existing file's own)
	// owner is an existing regular file's, to give back to the file that
	// replaces it (only root can, and only root needs to); nil otherwise.
	owner *syscall.Stat_t
}

// resolveOutput finds where -o path writes. A symlink is followed to its
// target, also a dangling one (the target is then created). A regular file,
// existing or not, is written atomically; anything else that exists (a
// device such as /dev/null, a pipe) is opened as given and written
// straight. A directory is refused.
func resolveOutput(path string) (outputTarget, error) {
	if path == "" {
		return outputTarget{}, fmt.Errorf("-o \"\": want a file name, or - for stdout")
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return outputTarget{}, fmt.Errorf("-o %q: it is a directory; want a file name", path)
	case err == nil && fi.Mode().IsRegular():
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return outputTarget{}, fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
		}
		keep := fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky
		owner, _ := fi.Sys().(*syscall.Stat_t)
		return outputTarget{path: real, exists: true, regular: true, mode: fi.Mode() & keep, owner: owner}, nil
	case err == nil:
		return outputTarget{path: path, exists: true, mode: fi.Mode()}, nil
	case !errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(path)
		return outputTarget{}, fmt.Errorf("-o %q: cannot write in %q (%v)", path, dir, unwrapPathError(err))
	}
	target, err := linkTarget(path)
	if err != nil {
		return outputTarget{}, fmt.Errorf("-o %q: %v", path, err)
	}
	return outputTarget{path: target, regular: true, mode: 0o644}, nil
}

// linkTarget follows path while it is a symlink and returns the first
// path that does not exist: path itself, or where a dangling link points.
func linkTarget(path string) (string, error) {
	for range 255 {
		fi, err := os.Lstat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return path, nil
		case err != nil:
			return "", unwrapPathError(err)
		case fi.Mode()&fs.ModeSymlink == 0:
			return path, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", unwrapPathError(err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", errors.New("too many levels of symbolic links")
}

// checkOutput tells, before any work, whether -o path can be written: a
// file's directory must exist and take a new file; anything else must
// open for writing (a named pipe is not opened: that would wait for a
// reader). The error is one line that names the path and why.
func checkOutput(path string) error {
	if path == "-" {
		return nil
	}
	t, err := resolveOutput(path)
	switch {
	case err != nil:
		return err
	case !t.regular && t.mode&fs.ModeNamedPipe != 0:
		return nil
	case !t.regular:
		f, err := os.OpenFile(t.path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("-o %q: cannot open it for writing (%v)", path, unwrapPathError(err))
		}
		return f.Close()
	}
	dir := filepath.Dir(t.path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("-o %q: cannot write in %q (no such directory)", path, dir)
	case err != nil:
		return fmt.Errorf("-o %q: cannot write in %q (%v)", path, dir, unwrapPathError(err))
	case !fi.IsDir():
		return fmt.Errorf("-o %q: cannot write in %q (not a directory)", path, dir)
	}
	probe, err := os.CreateTemp(dir, ".timewait-*")
	if err != nil {
		return fmt.Errorf("-o %q: cannot write in %q (%v)", path, dir, unwrapPathError(err))
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// writeOutput writes data to path, or to stdout when path is "-". A regular
// file is written whole or not at all: the data goes to a temporary file in
// the same directory, which takes the mode of the file it replaces (0644
// for a new one) and is renamed over it only once it is complete, so a
// failure never leaves a half-written file behind. A symlink is written
// through, to its target. Anything else (/dev/null, a pipe) is written
// straight.
func writeOutput(path string, data []byte, stdout io.Writer) error {
	if path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	t, err := resolveOutput(path)
	if err != nil {
		return err
	}
	if !t.regular {
		f, err := os.OpenFile(t.path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("-o %q: cannot open it for writing (%v)", path, unwrapPathError(err))
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
		}
		return nil
	}
	dir := filepath.Dir(t.path)
	tmp, err := os.CreateTemp(dir, ".timewait-*")
	if err != nil {
		return fmt.Errorf("-o %q: cannot write in %q (%v)", path, dir, unwrapPathError(err))
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
	}
	if t.owner != nil && os.Geteuid() == 0 {
		if err := os.Chown(tmp.Name(), int(t.owner.Uid), int(t.owner.Gid)); err != nil {
			return fmt.Errorf("-o %q: cannot keep its owner (%v)", path, unwrapPathError(err))
		}
	}
	if err := os.Chmod(tmp.Name(), t.mode); err != nil {
		return fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
	}
	if err := os.Rename(tmp.Name(), t.path); err != nil {
		return fmt.Errorf("-o %q: cannot write it (%v)", path, unwrapPathError(err))
	}
	return nil
}

// checkedWriter remembers the first write error, so that a report that could
// not be written (a full disk, a closed pipe) is not taken for one that was:
// the command then exits 2 with one line. Writes after an error are dropped.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.err = err
	return n, err
}

// noDot is the line of a graph command that needs Graphviz's dot where
// there is none.
const noDot = "--format svg needs Graphviz's dot on PATH (Debian: apt-get install graphviz); --format dot needs nothing"

// checkGraphOutput refuses, before any search, a drawing that cannot be
// written: an -o path that cannot be written gets one line and exit 2 (see
// checkOutput); SVG laid out by Graphviz (every view but the chart, which
// timewait draws itself) where dot is not on PATH gets one line and exit 5.
func checkGraphOutput(f *flags, out, format, view string) (int, bool) {
	if err := checkOutput(out); err != nil {
		return f.fail("%v", err), false
	}
	if format == "svg" && view != "chart" {
		if _, err := graph.LookDot(); err != nil {
			return unavailableHere(f, noDot), false
		}
	}
	return exitOK, true
}

// unavailableHere prints why a command cannot run here, in one line, and
// returns exitUnavailable.
func unavailableHere(f *flags, reason string) int {
	fmt.Fprintf(f.stderr, "timewait %s: %s (exit %d)\n", f.Name(), reason, exitUnavailable)
	return exitUnavailable
}
