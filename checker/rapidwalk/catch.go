package rapidwalk

import (
	"flag"
	"fmt"

	"pgregory.net/rapid"
)

// Catch runs prop as rapid.Check would, but records a failure instead of
// failing the test, and writes no fail file under testdata/rapid. It
// returns rapid's report and whether a check failed. Use it to show that a
// deliberately broken model is caught and how far its failure shrinks.
func Catch(prop func(*rapid.T)) (report string, failed bool) {
	if f := flag.Lookup("rapid.nofailfile"); f != nil {
		_ = f.Value.Set("true")
	}
	r := &recorder{}
	rapid.Check(r, prop)
	return r.out, r.failed
}

// recorder is a rapid.TB that records a failure instead of failing.
type recorder struct {
	out    string
	failed bool
}

func (r *recorder) Helper()                      {}
func (r *recorder) Name() string                 { return "rapidwalk.Catch" }
func (r *recorder) Logf(f string, args ...any)   { r.out += fmt.Sprintf(f, args...) + "\n" }
func (r *recorder) Log(args ...any)              { r.out += fmt.Sprintln(args...) }
func (r *recorder) Skipf(string, ...any)         {}
func (r *recorder) Skip(...any)                  {}
func (r *recorder) SkipNow()                     {}
func (r *recorder) Errorf(f string, args ...any) { r.Logf(f, args...); r.failed = true }
func (r *recorder) Error(args ...any)            { r.Log(args...); r.failed = true }
func (r *recorder) Fatalf(f string, args ...any) { r.Errorf(f, args...) }
func (r *recorder) Fatal(args ...any)            { r.Error(args...) }
func (r *recorder) FailNow()                     { r.failed = true }
func (r *recorder) Fail()                        { r.failed = true }
func (r *recorder) Failed() bool                 { return r.failed }
