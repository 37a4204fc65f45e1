package bench

// Density: what a suspended coroutine costs, measured the way the issue
// states its target (peak RSS of a process holding 1M coroutines at their
// first yield, minus the same process with 0), with Node's generators and
// Lua 5.4's coroutines measured the same way in the same run; and what the
// per-coroutine object is made of, field by field (TestCoroutineFootprint).
//
//	go test ./tests/bench/ -run '^$' -bench SuspendedPeakRSS -benchtime 1x -count 3
//	go test ./tests/bench/ -run CoroutineFootprint -v

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/cprime-lang/cprime/cmd/cprime/engine"
	"github.com/cprime-lang/cprime/vm"
)

// peakEnv, when set to a count, makes the test binary run suspended.cpr
// with that count and exit, so the parent can read the child's peak RSS.
const peakEnv = "CPRIME_BENCH_SUSPENDED_PEAK"

func init() {
	s := os.Getenv(peakEnv)
	if s == "" {
		return
	}
	var out, errOut bytes.Buffer
	e, err := engine.New(engine.Options{VM: vm.Options{Args: []string{s}}, Stdout: &out, Stderr: &errOut, Script: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	src, err := os.ReadFile("suspended.cpr")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := e.RunSource("suspended.cpr", string(src))
	fmt.Print(out.String())
	fmt.Fprint(os.Stderr, errOut.String())
	os.Exit(code)
}

// peakRSS runs a command and returns its peak resident set size in bytes
// (getrusage's ru_maxrss, KiB on Linux) and its output.
func peakRSS(tb testing.TB, cmd *exec.Cmd) (int64, string) {
	tb.Helper()
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		tb.Skip("no rusage on this system")
	}
	return ru.Maxrss * 1024, strings.TrimSpace(string(out))
}

// perCoroutine measures (peak RSS with n - peak RSS with 0) / n for a
// command line taking the count as its last argument (or, for the test
// binary itself, through peakEnv), checking it printed n.
func perCoroutine(tb testing.TB, n int, self bool, name string, args ...string) float64 {
	tb.Helper()
	run := func(count int) int64 {
		var cmd *exec.Cmd
		if self {
			cmd = exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", peakEnv, count))
		} else {
			cmd = exec.Command(name, append(args, strconv.Itoa(count))...)
		}
		peak, out := peakRSS(tb, cmd)
		if out != strconv.Itoa(count) {
			tb.Fatalf("%s with %d printed %q", name, count, out)
		}
		return peak
	}
	base := run(0)
	return float64(run(n)-base) / float64(n)
}

// BenchmarkSuspendedPeakRSS: 1,000,000 coroutines each suspended at its
// first yield (suspended.cpr), as process peak RSS growth per coroutine,
// beside Node generators (suspended.js) and Lua 5.4 coroutines
// (suspended.lua) when those are installed. Target: cprime ≤ 160 B, below
// Node.
func BenchmarkSuspendedPeakRSS(b *testing.B) {
	const n = 1_000_000
	node, _ := exec.LookPath("node")
	lua, _ := exec.LookPath("lua5.4")
	var cp, nd, lu float64
	for i := 0; i < b.N; i++ {
		cp += perCoroutine(b, n, true, "cprime")
		if node != "" {
			nd += perCoroutine(b, n, false, node, "suspended.js")
		}
		if lua != "" {
			lu += perCoroutine(b, n, false, lua, "suspended.lua")
		}
	}
	k := float64(b.N)
	b.ReportMetric(cp/k, "cprime-B/coroutine")
	if node != "" {
		b.ReportMetric(nd/k, "node-B/generator")
		b.ReportMetric(cp/nd, "cprime/node")
	}
	if lua != "" {
		b.ReportMetric(lu/k, "lua-B/coroutine")
	}
}

// TestCoroutineFootprint lists what a suspended Micro coroutine holds: the
// Coroutine object field by field, its exact-size stack and its heap
// handle, the plan for shrinking the object (README.md, "Memory per
// coroutine"). It fails if the object grows past its documented 96 bytes
// or the benchmark body stops getting an exact-size stack.
func TestCoroutineFootprint(t *testing.T) {
	ty := reflect.TypeOf(vm.Coroutine{})
	var b strings.Builder
	fmt.Fprintf(&b, "%-16s %6s %5s  %s\n", "field", "offset", "size", "type")
	for i := 0; i < ty.NumField(); i++ {
		f := ty.Field(i)
		fmt.Fprintf(&b, "%-16s %6d %5d  %s\n", f.Name, f.Offset, f.Type.Size(), f.Type)
	}
	size := unsafe.Sizeof(vm.Coroutine{})
	fmt.Fprintf(&b, "Coroutine: %d bytes (Go's allocator rounds to its size class)\n", size)
	if size > 96 {
		t.Errorf("the Coroutine object grew to %d bytes (documented: 96):\n%s", size, b.String())
	}

	pr := compileProgram(t, "suspended.cpr", vm.Options{Args: []string{"3"}})
	pr.run(t, "3")
	var stack int
	for _, co := range pr.e.VM.Coroutines() {
		if co.State == vm.CoroSuspended {
			stack = co.StackSize()
		}
	}
	if stack != 48 {
		t.Errorf("a suspended parked() has a %d-byte stack, want its exact 48", stack)
	}
	fmt.Fprintf(&b, "stack: %d bytes (exact size)\nheap handle: 16 bytes (an Object interface in the handle table) + 1 mark bit\n", stack)
	t.Log("\n" + b.String())
}
