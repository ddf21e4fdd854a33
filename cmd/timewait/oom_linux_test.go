package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Without --max-memory, a run too large for the machine ends with an
// incomplete report instead of Go's out-of-memory crash or the kernel's
// OOM killer: the default budget is a share of the memory the process may
// use, cgroup limits included. The test runs bench in a memory cgroup of
// its own limited to 400 MiB (cgroup v1, as root); TwoPhase with 11
// resource managers needs several GiB.
func TestTheDefaultMemoryBudgetEndsARunTooLargeForItsCgroup(t *testing.T) {
	if testing.Short() || os.Geteuid() != 0 {
		t.Skip("needs root, to make a memory cgroup")
	}
	group := filepath.Join("/sys/fs/cgroup/memory", fmt.Sprintf("timewait-test-%d", os.Getpid()))
	if err := os.Mkdir(group, 0o755); err != nil {
		t.Skipf("no cgroup v1 memory controller to make a group in: %v", err)
	}
	defer os.Remove(group)
	if err := os.WriteFile(filepath.Join(group, "memory.limit_in_bytes"), []byte(fmt.Sprint(400<<20)), 0o644); err != nil {
		t.Skipf("cannot limit the group: %v", err)
	}
	bin := timewaitBinary(t)
	// The shell moves itself into the group, then becomes the command.
	cmd := exec.Command("sh", "-c", `echo $$ > "$1/cgroup.procs" && exec "$2" bench --rms 11 --workers 2`, "sh", group, bin)
	out, _ := cmd.CombinedOutput()
	code := cmd.ProcessState.ExitCode()
	if code != exitIncomplete || !strings.Contains(string(out), "incomplete   memory budget 300 MiB used up") {
		t.Fatalf("exit %d (%s); want exit 3 and the default budget of 3/4 of 400 MiB used up:\n%s", code, cmd.ProcessState, out)
	}
}
