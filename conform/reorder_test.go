package conform

import (
	"errors"
	"strings"
	"testing"
)

// Random traces over a network that reorders replay on the kernel with no
// divergence under the linux profile, and some of their deliveries
// overtake.
func TestReorderedRandomTracesAgainstTheKernel(t *testing.T) {
	overtaking := 0
	for i := range 20 {
		c := RandomConfig()
		c.Reorder = true
		r, err := CheckRandomWith(c, "linux", 1, i, 30, nil)
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
		for name, n := range r.Steps {
			if strings.HasSuffix(name, ", overtaking") {
				overtaking += n
			}
		}
	}
	if overtaking == 0 {
		t.Errorf("no delivery overtook another in 20 reordered traces")
	}
}
