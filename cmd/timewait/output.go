package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeOutput writes data to path, or to stdout when path is "-". A file is
// written whole or not at all: the data goes to a temporary file in the
// same directory, which is renamed over path only once it is complete, so
// a failure never leaves a half-written file behind.
func writeOutput(path string, data []byte, stdout io.Writer) error {
	if path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".timewait-*")
	if err != nil {
		return fmt.Errorf("-o %q: cannot write in %s (%v)", path, dir, unwrapPathError(err))
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("-o %q: %v", path, unwrapPathError(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
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
