package conform

import (
	"errors"
	"testing"
)

// Every scenario against the live kernel. With the linux profile the
// kernel does exactly what the model predicts; with the rfc profile it
// differs exactly in the scenarios whose RFCDivergence names the option
// that covers the difference, and agrees in all others.
func TestScenariosAgainstTheKernel(t *testing.T) {
	for _, profile := range []string{"linux", "rfc"} {
		for _, sc := range Scenarios() {
			t.Run(profile+"/"+sc.Name, func(t *testing.T) {
				r, err := Check(sc, profile)
				var un *UnavailableError
				if errors.As(err, &un) {
					t.Skip(un.Reason)
				}
				if err != nil {
					t.Fatal(err)
				}
				wantDivergence := profile == "rfc" && sc.RFCDivergence != nil
				switch {
				case r.Agrees() && wantDivergence:
					t.Errorf("the known divergence (%s) is gone", sc.RFCDivergence.Option)
				case !r.Agrees() && !wantDivergence:
					t.Errorf("kernel and model differ:\n%v", r.Divergence)
				case !r.Agrees():
					t.Logf("known divergence, covered by option %s:\n%v", r.Known.Option, r.Divergence)
				}
			})
		}
	}
}

// Each scenario that a fix of the linux profile made agree (Scenario.Fix)
// differs from the kernel with that option turned off: the scenario
// would have caught the model's old prediction.
func TestScenariosCatchTheirFix(t *testing.T) {
	for _, sc := range Scenarios() {
		if sc.Fix == nil {
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			tw := twinWithoutFix(t, sc)
			var d *Divergence
			err := Run(sc.Sysctls(), func(l *Lab) (err error) {
				d, err = Replay(l, tw, sc.Steps)
				return err
			})
			var un *UnavailableError
			if errors.As(err, &un) {
				t.Skip(un.Reason)
			}
			if err != nil {
				t.Fatal(err)
			}
			if d == nil {
				t.Errorf("without %s the linux profile still agrees with the kernel", sc.Fix)
			} else {
				t.Logf("without %s:\n%v", sc.Fix, d)
			}
		})
	}
}

// Random traces of the model replay on the kernel with no divergence under
// the linux profile.
func TestRandomTracesAgainstTheKernel(t *testing.T) {
	for i := range 20 {
		r, err := CheckRandom("linux", 1, i, 30)
		var un *UnavailableError
		if errors.As(err, &un) {
			t.Skip(un.Reason)
		}
		if err != nil {
			t.Fatalf("trace %d: %v", i, err)
		}
		if !r.Agrees() {
			t.Errorf("trace %d: %v", i, r.Divergence)
		}
	}
}

// Random traces with timestamps against the live kernel, under the linux
// profile: every one agrees. Before accept-end-at-rcv-nxt, two of them
// differed in a duplicate ACK's TSecr: B's retransmission reached A
// ending exactly at A's RCV.NXT, Linux's tcp_sequence took it and
// tcp_replace_ts_recent recorded its TSval, while RFC 9293's test
// refused it and TS.Recent stayed.
func TestRandomTracesWithTimestampsAgainstTheKernel(t *testing.T) {
	for i := range 40 {
		r, err := CheckRandomWith(RandomTimestampsConfig(), "linux", 1, i, 30, nil)
		var un *UnavailableError
		if errors.As(err, &un) {
			t.Skip(un.Reason)
		}
		if err != nil {
			t.Fatalf("trace %d: %v", i, err)
		}
		if !r.Timestamps || r.Scenario != "random-timestamps" {
			t.Errorf("trace %d: result %q, timestamps %v; want random-timestamps with timestamps", i, r.Scenario, r.Timestamps)
		}
		if !r.Agrees() {
			t.Errorf("trace %d: %v", i, r.Divergence)
		}
	}
}
