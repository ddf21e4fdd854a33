package conform

import (
	"errors"
	"regexp"
	"testing"

	"github.com/timewait/timewait/model"
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
// profile. They agree but for one known difference, which each divergence
// must be: B's segment reaches A ending exactly at A's RCV.NXT (a
// retransmission of what A already has). RFC 9293's acceptability test
// refuses it, and the model answers with an ACK and keeps TS.Recent;
// Linux's tcp_sequence takes it (!before(end_seq, rcv_wup)), tcp_ack's
// tcp_replace_ts_recent records its newer TSval, and the same duplicate
// ACK then echoes it. Only TSecr differs.
func TestRandomTracesWithTimestampsAgainstTheKernel(t *testing.T) {
	agree := 0
	for i := range 40 {
		r, steps, err := CheckRandomTimestamps(1, i, 30)
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
		if r.Agrees() {
			agree++
			continue
		}
		c := RandomTimestampsConfig()
		if err := model.ApplyProfile(&c, "linux"); err != nil {
			t.Fatal(err)
		}
		if !knownTimestampDivergence(t, c, steps, r.Divergence) {
			t.Errorf("trace %d: %v", i, r.Divergence)
		}
	}
	t.Logf("%d of 40 random traces with timestamps agree; the others differ only in the known TSecr", agree)
	if agree < 20 {
		t.Errorf("only %d of 40 agree", agree)
	}
}

// knownTimestampDivergence reports whether d, where the kernel differed
// in steps, a random trace of c with timestamps, is the one known
// difference (TestRandomTracesWithTimestampsAgainstTheKernel says what it
// is): the step that differs is A's answer to B's segment that ends
// exactly at A's RCV.NXT, and only TSecr differs.
func knownTimestampDivergence(t *testing.T, c model.Config, steps []Step, d *Divergence) bool {
	t.Helper()
	tw, err := NewTwin(c)
	if err != nil {
		t.Fatal(err)
	}
	var eff model.Effect
	var rcvNxt model.Seq
	for _, s := range steps[:d.Step] {
		rcvNxt = tw.W.A.RcvNxt
		if eff, err = tw.take(s); err != nil {
			t.Fatal(err)
		}
	}
	sp := c.Space()
	return eff.Side == model.A && eff.Seg.SegLen() > 0 && sp.Add(eff.Seg.Seq, eff.Seg.SegLen()) == rcvNxt &&
		tsecrOnly(d.Expected) == tsecrOnly(d.Got)
}

// tsecrOnly removes the TSecr ages from a divergence's description.
func tsecrOnly(s string) string {
	return regexp.MustCompile(` tsecr-age=\d+`).ReplaceAllString(s, "")
}
