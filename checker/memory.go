package checker

import (
	"os"
	"path"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
)

// The memory a run may use is measured, and the machine's memory is read,
// from Linux's /proc and /sys/fs/cgroup. Every function here falls back to
// something sensible on another system or when a file cannot be read.

// footprint is the memory the process holds: its resident set on Linux
// (from /proc/self/statm), and elsewhere the memory the Go runtime has
// mapped and not returned to the system.
func footprint() uint64 {
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if pages, ok := parseStatm(string(b)); ok {
			return pages * uint64(os.Getpagesize())
		}
	}
	return goFootprint()
}

var footprintMetrics = []string{"/memory/classes/total:bytes", "/memory/classes/heap/released:bytes"}

// goFootprint is the Go runtime's mapped memory minus what it released to
// the system: the runtime's own estimate of its resident memory. Reading
// runtime/metrics does not stop the world.
func goFootprint() uint64 {
	samples := make([]metrics.Sample, len(footprintMetrics))
	for i, name := range footprintMetrics {
		samples[i].Name = name
	}
	metrics.Read(samples)
	var v [2]uint64
	for i, s := range samples {
		if s.Value.Kind() == metrics.KindUint64 {
			v[i] = s.Value.Uint64()
		}
	}
	if v[1] > v[0] {
		return 0
	}
	return v[0] - v[1]
}

// parseStatm returns the resident pages, the second field of
// /proc/self/statm.
func parseStatm(text string) (uint64, bool) {
	fields := strings.Fields(text)
	if len(fields) < 2 {
		return 0, false
	}
	n, err := strconv.ParseUint(fields[1], 10, 64)
	return n, err == nil
}

// MachineMemory returns the memory this process can use: the machine's
// physical memory (MemTotal in /proc/meminfo), or the limit of its cgroup
// (cgroup v2 memory.max, v1 memory.limit_in_bytes, of its own group and
// every group above it) when that is lower. It returns 0 and false when
// the physical memory cannot be read (on a system without /proc/meminfo).
func MachineMemory() (uint64, bool) {
	return machineMemory(readText)
}

// DefaultMemoryBudget is a safe share of [MachineMemory]: three quarters
// of it, leaving room for the rest of the system and for the garbage
// collector to work. It returns 0 (no limit) when the machine's memory
// cannot be read. The timewait command uses it when --max-memory is not
// given.
func DefaultMemoryBudget() uint64 {
	m, ok := MachineMemory()
	if !ok {
		return 0
	}
	return m / 4 * 3
}

func readText(name string) (string, error) {
	b, err := os.ReadFile(name)
	return string(b), err
}

// machineMemory is MachineMemory with the files read through read, so that
// tests can give it any /proc and /sys/fs/cgroup.
func machineMemory(read func(name string) (string, error)) (uint64, bool) {
	text, err := read("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	total, ok := parseMemTotal(text)
	if !ok {
		return 0, false
	}
	if lim, ok := cgroupLimit(read); ok && lim < total {
		return lim, true
	}
	return total, true
}

// parseMemTotal reads the MemTotal line of /proc/meminfo ("MemTotal:
// 24684412 kB") and returns it in bytes.
func parseMemTotal(text string) (uint64, bool) {
	for line := range strings.Lines(text) {
		rest, ok := strings.CutPrefix(line, "MemTotal:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0, false
		}
		kb, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil || kb == 0 || kb > 1<<44 {
			return 0, false
		}
		return kb << 10, true
	}
	return 0, false
}

// parseCgroupLimit reads a cgroup memory limit file: a number of bytes, or
// "max" (v2) or a huge number (v1) for no limit.
func parseCgroupLimit(text string) (uint64, bool) {
	text = strings.TrimSpace(text)
	n, err := strconv.ParseUint(text, 10, 64)
	if err != nil || n == 0 || n >= 1<<62 {
		return 0, false // "max", garbage, or v1's "unlimited" (PAGE_COUNTER_MAX pages)
	}
	return n, true
}

// cgroupPaths reads /proc/self/cgroup and returns the process's cgroup v2
// path ("0::/path") and its v1 memory controller's path
// ("4:memory:/path", the controllers possibly joined by commas); either
// may be empty.
func cgroupPaths(text string) (v2, v1 string) {
	for line := range strings.Lines(text) {
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			v2 = parts[2]
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			if c == "memory" {
				v1 = parts[2]
			}
		}
	}
	return v2, v1
}

// cgroupLimit returns the lowest memory limit of the process's cgroup and
// of the groups above it, in v2 (/sys/fs/cgroup/PATH/memory.max) and v1
// (/sys/fs/cgroup/memory/PATH/memory.limit_in_bytes). Inside a container
// the group's path may not exist under the mount, whose root is then the
// group itself: the root is read too.
func cgroupLimit(read func(name string) (string, error)) (uint64, bool) {
	text, err := read("/proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	v2, v1 := cgroupPaths(text)
	best, found := uint64(0), false
	try := func(name string) {
		if t, err := read(name); err == nil {
			if n, ok := parseCgroupLimit(t); ok && (!found || n < best) {
				best, found = n, true
			}
		}
	}
	walk := func(root, group, file string) {
		if !strings.HasPrefix(group, "/") {
			group = "/"
		}
		for dir := path.Clean(group); ; dir = path.Dir(dir) {
			try(path.Join(root, dir, file))
			if dir == "/" {
				return
			}
		}
	}
	if v2 != "" {
		walk("/sys/fs/cgroup", v2, "memory.max")
	}
	if v1 != "" {
		walk("/sys/fs/cgroup/memory", v1, "memory.limit_in_bytes")
	}
	return best, found
}

// memLimits holds the budgets of the runs in progress, so that the garbage
// collector's memory limit is the lowest of them and is restored when the
// last one ends, however runs overlap.
var memLimits struct {
	sync.Mutex
	active map[*limits]uint64
	base   int64 // the limit before the first run set one
}

// applyMemoryLimit makes the garbage collector work harder as the process
// nears the run's budget (see runtime/debug.SetMemoryLimit), so that the
// budget is spent on live states rather than on garbage, and returns the
// function that undoes it.
func (l *limits) applyMemoryLimit() (release func()) {
	if l.memory == 0 {
		return func() {}
	}
	memLimits.Lock()
	defer memLimits.Unlock()
	if len(memLimits.active) == 0 {
		memLimits.base = debug.SetMemoryLimit(-1)
		memLimits.active = map[*limits]uint64{}
	}
	memLimits.active[l] = l.memory
	setLowestLimit()
	return func() {
		memLimits.Lock()
		defer memLimits.Unlock()
		delete(memLimits.active, l)
		if len(memLimits.active) == 0 {
			debug.SetMemoryLimit(memLimits.base)
			return
		}
		setLowestLimit()
	}
}

func setLowestLimit() {
	lowest := memLimits.base
	for _, b := range memLimits.active {
		if b < 1<<62 && int64(b) < lowest {
			lowest = int64(b)
		}
	}
	debug.SetMemoryLimit(lowest)
}
