package checker

import (
	"io/fs"
	"runtime/debug"
	"testing"
)

func TestParseMemTotal(t *testing.T) {
	cases := []struct {
		text string
		want uint64
		ok   bool
	}{
		{"MemTotal:       24684412 kB\nMemFree:        24340720 kB\n", 24684412 << 10, true},
		{"MemFree:  1 kB\nMemTotal: 2048 kB", 2 << 20, true},
		{"MemTotal: 2048 MB\n", 0, false},
		{"MemTotal: lots kB\n", 0, false},
		{"MemTotal: 0 kB\n", 0, false},
		{"MemTotal: 99999999999999999999 kB\n", 0, false},
		{"", 0, false},
	}
	for _, tc := range cases {
		if got, ok := parseMemTotal(tc.text); got != tc.want || ok != tc.ok {
			t.Errorf("parseMemTotal(%q) = %d, %v; want %d, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseCgroupLimit(t *testing.T) {
	cases := []struct {
		text string
		want uint64
		ok   bool
	}{
		{"536870912\n", 512 << 20, true},
		{"max\n", 0, false},
		{"9223372036854771712\n", 0, false}, // cgroup v1's "no limit"
		{"0\n", 0, false},
		{"-1\n", 0, false},
		{"", 0, false},
	}
	for _, tc := range cases {
		if got, ok := parseCgroupLimit(tc.text); got != tc.want || ok != tc.ok {
			t.Errorf("parseCgroupLimit(%q) = %d, %v; want %d, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCgroupPaths(t *testing.T) {
	cases := []struct{ text, v2, v1 string }{
		{"0::/user.slice/session-1.scope\n", "/user.slice/session-1.scope", ""},
		{"12:pids:/\n4:memory:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n", "/", "/docker/abc"},
		{"7:cpu,memory:/job\n", "", "/job"},
		{"garbage\n", "", ""},
	}
	for _, tc := range cases {
		if v2, v1 := cgroupPaths(tc.text); v2 != tc.v2 || v1 != tc.v1 {
			t.Errorf("cgroupPaths(%q) = %q, %q; want %q, %q", tc.text, v2, v1, tc.v2, tc.v1)
		}
	}
}

func TestMachineMemoryIsTheLowerOfMemTotalAndEveryCgroupLimit(t *testing.T) {
	const meminfo = "MemTotal: 8388608 kB\n" // 8 GiB
	cases := []struct {
		name  string
		files map[string]string
		want  uint64
		ok    bool
	}{
		{"no cgroup", map[string]string{"/proc/meminfo": meminfo}, 8 << 30, true},
		{"v2 without limit", map[string]string{
			"/proc/meminfo": meminfo, "/proc/self/cgroup": "0::/a/b\n",
			"/sys/fs/cgroup/a/b/memory.max": "max\n", "/sys/fs/cgroup/a/memory.max": "max\n",
		}, 8 << 30, true},
		{"v2 limit on a parent group", map[string]string{
			"/proc/meminfo": meminfo, "/proc/self/cgroup": "0::/a/b\n",
			"/sys/fs/cgroup/a/b/memory.max": "max\n", "/sys/fs/cgroup/a/memory.max": "2147483648\n",
		}, 2 << 30, true},
		{"v2 in a container: the mount's root is the group", map[string]string{
			"/proc/meminfo": meminfo, "/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/memory.max": "1073741824\n",
		}, 1 << 30, true},
		{"v1 limit", map[string]string{
			"/proc/meminfo": meminfo, "/proc/self/cgroup": "4:memory:/job\n",
			"/sys/fs/cgroup/memory/job/memory.limit_in_bytes": "3221225472\n",
			"/sys/fs/cgroup/memory/memory.limit_in_bytes":     "9223372036854771712\n",
		}, 3 << 30, true},
		{"v1 group not mounted under its path", map[string]string{
			"/proc/meminfo": meminfo, "/proc/self/cgroup": "4:memory:/process_api/x\n",
			"/sys/fs/cgroup/memory/memory.limit_in_bytes": "4294967296\n",
		}, 4 << 30, true},
		{"a limit above the machine", map[string]string{
			"/proc/meminfo": meminfo, "/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/memory.max": "68719476736\n",
		}, 8 << 30, true},
		{"unreadable limit", map[string]string{
			"/proc/meminfo": meminfo, "/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/memory.max": "lots\n",
		}, 8 << 30, true},
		{"no /proc", map[string]string{}, 0, false},
	}
	for _, tc := range cases {
		read := func(name string) (string, error) {
			if text, ok := tc.files[name]; ok {
				return text, nil
			}
			return "", &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		if got, ok := machineMemory(read); got != tc.want || ok != tc.ok {
			t.Errorf("%s: machineMemory = %d, %v; want %d, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseStatmAndFootprint(t *testing.T) {
	if n, ok := parseStatm("1234 567 89 1 0 300 0\n"); n != 567 || !ok {
		t.Errorf("parseStatm = %d, %v; want 567, true", n, ok)
	}
	if _, ok := parseStatm("1234"); ok {
		t.Error("parseStatm of one field: want false")
	}
	// Whatever the system, the footprint holds at least this 8 MiB slice.
	b := make([]byte, 8<<20)
	for i := range b {
		b[i] = 1
	}
	if fp, gf := footprint(), goFootprint(); fp < 8<<20 || gf < 8<<20 {
		t.Errorf("footprint %d, Go footprint %d; want at least 8 MiB each", fp, gf)
	}
	_ = b[len(b)-1]
}

func TestSizesArePrintedInMiBOrBytes(t *testing.T) {
	for n, want := range map[uint64]string{1: "1 bytes", 300 << 20: "300 MiB", 3<<20 + 1<<19: "3.5 MiB"} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestAMemoryLimitIsTheLowestOfTheRunsAndIsRestored(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	a := &limits{memory: 1 << 40}
	b := &limits{memory: 1 << 38}
	releaseA := a.applyMemoryLimit()
	releaseB := b.applyMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got != 1<<38 {
		t.Errorf("with two runs: limit %d; want the lower budget %d", got, int64(1<<38))
	}
	releaseA()
	if got := debug.SetMemoryLimit(-1); got != 1<<38 {
		t.Errorf("after the first run ends: limit %d; want %d", got, int64(1<<38))
	}
	releaseB()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("after both: limit %d; want the original %d", got, before)
	}
}
