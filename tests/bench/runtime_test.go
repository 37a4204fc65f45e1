package bench

// Runtime benchmarks: memory per suspended or parked coroutine, parallel
// speedup of Dispatchers::Default, channel hand-offs, field access through
// `exposes`. Each one runs a CPrime program from this directory and reports
// its figures with b.ReportMetric, next to the same thing done in Go where
// there is a Go equivalent, measured in the same benchmark so that the ratio
// compares like with like on a noisy machine (README.md has the figures):
//
//	go test ./tests/bench/ -run '^$' -bench 'SuspendedMemory|Delay100k' -benchtime 1x -count 3
//	go test ./tests/bench/ -run '^$' -bench 'DefaultSpeedup|ChannelPingPong|FieldAccessExposes' -benchtime 3x -count 3
//
// Memory is process memory (resident set size from /proc/self/statm), taken
// after a CPrime collection (VM.Collect), runtime.GC and debug.FreeOSMemory,
// so it counts everything the coroutines hold: stack slots, Go objects and
// handle-table entries.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cprime-lang/cprime/cmd/cprime/host"
	"github.com/cprime-lang/cprime/vm"
)

// goroutineEnv, when set to a count, makes the test binary measure the memory
// of that many blocked goroutines, print it and exit (see TestMain): Go never
// frees a goroutine's descriptor, so only a fresh process measures the full
// cost of new goroutines.
const goroutineEnv = "CPRIME_BENCH_GOROUTINE_RSS"

func TestMain(m *testing.M) {
	if s := os.Getenv(goroutineEnv); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "%s=%q: want a positive count\n", goroutineEnv, s)
			os.Exit(2)
		}
		per, err := goroutineBytes(n)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("bytes per goroutine: %.1f\n", per)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// readRSS returns the process's resident set size in bytes.
func readRSS() (int64, error) {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0, fmt.Errorf("/proc/self/statm: %q", data)
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("/proc/self/statm: %q: %v", data, err)
	}
	return pages * int64(os.Getpagesize()), nil
}

// rss is readRSS for a benchmark: it skips where there is no /proc.
func rss(tb testing.TB) int64 {
	tb.Helper()
	n, err := readRSS()
	if err != nil {
		tb.Skipf("cannot read the resident set size: %v", err)
	}
	return n
}

// settle frees what can be freed (the VM's garbage when v is not nil, then
// Go's) and returns the memory to the OS, so that RSS counts live data.
func settle(v *vm.VM) {
	if v != nil {
		v.Collect()
	}
	runtime.GC()
	debug.FreeOSMemory()
}

// goroutineBytes measures the process memory growth per goroutine of n
// goroutines all blocked on one channel. It leaves them blocked: the
// process exits after it.
func goroutineBytes(n int) (float64, error) {
	settle(nil)
	before, err := readRSS()
	if err != nil {
		return 0, err
	}
	ch := make(chan struct{})
	var started sync.WaitGroup
	started.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			<-ch
		}()
	}
	started.Wait()
	settle(nil)
	after, err := readRSS()
	runtime.KeepAlive(ch)
	return float64(after-before) / float64(n), err
}

// program is a CPrime program compiled in a fresh engine, ready to run once.
type program struct {
	e   *host.Host
	p   *vm.Proto
	out *bytes.Buffer
	err *bytes.Buffer
}

// compileProgram makes an engine with the given options and compiles file in it.
func compileProgram(tb testing.TB, file string, opts vm.Options) *program {
	tb.Helper()
	pr := &program{out: &bytes.Buffer{}, err: &bytes.Buffer{}}
	e, err := host.New(host.Options{VM: opts, Stdout: pr.out, Stderr: pr.err})
	if err != nil {
		tb.Fatal(err)
	}
	pr.e = e
	pr.p, err = e.Compile(file, readSource(tb, file))
	if err != nil {
		e.ReportCompileError(err)
		tb.Fatalf("%s does not compile:\n%s", file, pr.err.String())
	}
	return pr
}

// cost is what running something took: wall-clock time, and CPU time (user
// plus system, every thread of the process, so the Go collector too).
type cost struct{ wall, cpu time.Duration }

func (c *cost) add(d cost) { c.wall += d.wall; c.cpu += d.cpu }

// cpuTime returns the CPU time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs f and returns its cost, after a Go collection so that the
// garbage of what ran before is not charged to f.
func measure(f func()) cost {
	runtime.GC()
	c0, t0 := cpuTime(), time.Now()
	f()
	return cost{wall: time.Since(t0), cpu: cpuTime() - c0}
}

// run runs the program, checks that it printed want and returns what the
// run cost.
func (pr *program) run(tb testing.TB, want string) cost {
	tb.Helper()
	var code int
	c := measure(func() { code = pr.e.Run(pr.p) })
	if code != 0 {
		tb.Fatalf("exit status %d:\n%s%s", code, pr.out.String(), pr.err.String())
	}
	if got := strings.TrimSpace(pr.out.String()); got != want {
		tb.Fatalf("printed %q, want %q", got, want)
	}
	return c
}

// timeProgram compiles and runs file with the given arguments (parallel
// dispatchers) and returns what the run cost, compile excluded.
func timeProgram(tb testing.TB, file, want string, args ...string) cost {
	tb.Helper()
	pr := compileProgram(tb, file, vm.Options{Args: args})
	return pr.run(tb, want)
}

// TestRuntimePrograms runs the programs of the runtime benchmarks at small
// sizes and checks what they print, so that the benchmarks keep working.
func TestRuntimePrograms(t *testing.T) {
	for _, c := range []struct {
		file    string
		virtual bool
		args    []string
		want    string
	}{
		{"suspended.cpr", false, []string{"1000"}, "1000"},
		{"delay.cpr", true, []string{"1000"}, "1000"},
		{"speedup.cpr", false, []string{"main", "3", "15"}, "1830"},
		{"speedup.cpr", false, []string{"default", "3", "15"}, "1830"},
		{"pingpong.cpr", false, []string{"1000"}, "1000"},
		{"fields.cpr", false, []string{"plain", "1000"}, fieldsChecksum(1000)},
		{"fields.cpr", false, []string{"exposes", "1000"}, fieldsChecksum(1000)},
		{"fields.cpr", false, []string{"narrowed", "1000"}, fieldsChecksum(1000)},
	} {
		t.Run(c.file+"/"+strings.Join(c.args, "_"), func(t *testing.T) {
			pr := compileProgram(t, c.file, vm.Options{VirtualTime: c.virtual, Args: c.args})
			pr.run(t, c.want)
		})
	}
}

// fieldsChecksum is what fields.cpr prints for n rounds.
func fieldsChecksum(n int) string {
	a, b := 0, 1
	for i := 0; i < n; i++ {
		a = (a + b) % 1000003
		b += i % 3
	}
	return strconv.Itoa(a + b)
}

// BenchmarkSuspendedMemory: one million coroutines, each suspended at its
// first yield and kept in a Vec; process memory growth per coroutine, and
// the same for one million goroutines blocked on a channel (measured in a
// fresh process: see goroutineEnv).
func BenchmarkSuspendedMemory(b *testing.B) {
	const n = 1_000_000
	var perCo float64
	for i := 0; i < b.N; i++ {
		pr := compileProgram(b, "suspended.cpr", vm.Options{Args: []string{strconv.Itoa(n)}})
		settle(pr.e.VM)
		before := rss(b)
		pr.run(b, strconv.Itoa(n))
		settle(pr.e.VM)
		after := rss(b)
		if live := pr.e.VM.Heap().Live(); live < n {
			b.Fatalf("%d live objects after the run, fewer than the %d suspended coroutines", live, n)
		}
		runtime.KeepAlive(pr)
		perCo += float64(after-before) / n
	}
	b.ReportMetric(perCo/float64(b.N), "B/coroutine")

	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", goroutineEnv, n))
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("measuring goroutines: %v\n%s", err, out)
	}
	var perG float64
	if _, err := fmt.Sscanf(string(out), "bytes per goroutine: %g", &perG); err != nil {
		b.Fatalf("measuring goroutines: %q: %v", out, err)
	}
	b.ReportMetric(perG, "B/goroutine")
}

// BenchmarkDelay100k: 100,000 `launch { delay(10); }` under virtual time.
// Memory growth per coroutine is measured at the peak, when every child and
// the main coroutine are parked on their timers (N + 1 parks); the wall time
// is that of the whole run, less the time the measurement itself took.
func BenchmarkDelay100k(b *testing.B) {
	const n = 100_000
	var perCo, wall float64
	for i := 0; i < b.N; i++ {
		pr := compileProgram(b, "delay.cpr", vm.Options{VirtualTime: true, Args: []string{strconv.Itoa(n)}})
		v := pr.e.VM
		settle(v)
		before := rss(b)
		var parks atomic.Int64
		var peak int64
		var live int
		var measuring time.Duration
		var rssErr error
		v.Hooks.Parked = func(co *vm.Coroutine, reason string) {
			if parks.Add(1) != n+1 {
				return
			}
			t0 := time.Now()
			settle(v)
			peak, rssErr = readRSS()
			live = v.Heap().Live()
			measuring = time.Since(t0)
		}
		d := pr.run(b, strconv.Itoa(n)).wall
		if rssErr != nil {
			b.Skipf("cannot read the resident set size: %v", rssErr)
		}
		if peak == 0 {
			b.Fatalf("only %d parks, want at least %d", parks.Load(), n+1)
		}
		if live < n {
			b.Fatalf("%d live objects at the peak, fewer than the %d parked coroutines", live, n)
		}
		perCo += float64(peak-before) / n
		wall += (d - measuring).Seconds()
	}
	b.ReportMetric(perCo/float64(b.N), "B/coroutine")
	b.ReportMetric(wall/float64(b.N), "s/run")
}

// goFib is fib in Go, the machine's own CPU-bound control for
// BenchmarkDefaultSpeedup.
func goFib(n int) int {
	if n < 2 {
		return n
	}
	return goFib(n-1) + goFib(n-2)
}

// goFibs computes k × fib(m) in Go, one goroutine each when parallel, and
// returns the sum.
func goFibs(k, m int, parallel bool) int {
	res := make([]int, k)
	var wg sync.WaitGroup
	for i := range res {
		if !parallel {
			res[i] = goFib(m)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = goFib(m)
		}()
	}
	wg.Wait()
	sum := 0
	for _, r := range res {
		sum += r
	}
	return sum
}

// BenchmarkDefaultSpeedup: 8 × fib(30), each in async(dispatcher) { .. } and
// awaited, on Dispatchers::Main (one thread) and on Dispatchers::Default (a
// thread per core), both in every iteration (alternating which goes first);
// speedup = t(Main) / t(Default), wall clock. default-cpu/wall is the
// parallelism the Default run got (CPU time over wall time; at most the
// number of cores). go-speedup is the machine's control: 8 × fib(34) in Go,
// one goroutine each, against the same in one goroutine, measured the same
// way in the same iteration.
func BenchmarkDefaultSpeedup(b *testing.B) {
	const want = "6656320" // 8 * fib(30)
	const goWant = 8 * 5702887
	var cMain, cDefault, goSerial, goParallel cost
	for i := 0; i < b.N; i++ {
		for j := 0; j < 2; j++ {
			if (i+j)%2 == 0 {
				cMain.add(timeProgram(b, "speedup.cpr", want, "main", "8", "30"))
			} else {
				cDefault.add(timeProgram(b, "speedup.cpr", want, "default", "8", "30"))
			}
		}
		for j := 0; j < 2; j++ {
			parallel := (i+j)%2 == 1
			var sum int
			c := measure(func() { sum = goFibs(8, 34, parallel) })
			if sum != goWant {
				b.Fatalf("Go fibs: %d, want %d", sum, goWant)
			}
			if parallel {
				goParallel.add(c)
			} else {
				goSerial.add(c)
			}
		}
	}
	b.ReportMetric(cMain.wall.Seconds()/float64(b.N), "main-s")
	b.ReportMetric(cDefault.wall.Seconds()/float64(b.N), "default-s")
	b.ReportMetric(cMain.wall.Seconds()/cDefault.wall.Seconds(), "speedup")
	b.ReportMetric(cDefault.cpu.Seconds()/cDefault.wall.Seconds(), "default-cpu/wall")
	b.ReportMetric(goSerial.wall.Seconds()/goParallel.wall.Seconds(), "go-speedup")
}

// pingPongGo is the Go version of pingpong.cpr: n rounds of two hand-offs
// between two goroutines on unbuffered channels; it returns the final value.
func pingPongGo(n int) int {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			pong <- <-ping + 1
		}
	}()
	v := 0
	for i := 0; i < n; i++ {
		ping <- v
		v = <-pong
	}
	return v
}

// BenchmarkChannelPingPong: two CPrime coroutines passing a value back and
// forth through rendezvous channels, against two goroutines on unbuffered Go
// channels, both in every iteration (alternating which goes first); wall
// clock ns per hand-off (a round is two) and the ratio, and the same ratio
// in CPU time.
func BenchmarkChannelPingPong(b *testing.B) {
	const n = 1_000_000
	var cCP, cGo cost
	for i := 0; i < b.N; i++ {
		for j := 0; j < 2; j++ {
			if (i+j)%2 == 0 {
				cCP.add(timeProgram(b, "pingpong.cpr", strconv.Itoa(n), strconv.Itoa(n)))
				continue
			}
			var v int
			cGo.add(measure(func() { v = pingPongGo(n) }))
			if v != n {
				b.Fatalf("Go ping-pong ended with %d, want %d", v, n)
			}
		}
	}
	handoffs := float64(2 * n * b.N)
	b.ReportMetric(float64(cCP.wall.Nanoseconds())/handoffs, "cprime-ns/handoff")
	b.ReportMetric(float64(cGo.wall.Nanoseconds())/handoffs, "go-ns/handoff")
	b.ReportMetric(cCP.wall.Seconds()/cGo.wall.Seconds(), "cprime/go")
	b.ReportMetric(cCP.cpu.Seconds()/cGo.cpu.Seconds(), "cprime/go-cpu")
}

// BenchmarkFieldAccessExposes: the same loop of field reads and writes on a
// class with `exposes` clauses, from the functional class they expose the
// fields to, and on one without, all in every iteration (rotating which goes
// first); exposes/plain = t(exposes) / t(plain), wall clock, and the same in
// CPU time. narrowed/plain is the same loop through a narrowed reference
// (`g with GuardedOps`).
func BenchmarkFieldAccessExposes(b *testing.B) {
	const n = 10_000_000
	want := fieldsChecksum(n)
	size := strconv.Itoa(n)
	modes := []string{"plain", "exposes", "narrowed"}
	c := map[string]*cost{}
	for _, m := range modes {
		c[m] = &cost{}
	}
	for i := 0; i < b.N; i++ {
		for j := range modes {
			m := modes[(i+j)%len(modes)]
			c[m].add(timeProgram(b, "fields.cpr", want, m, size))
		}
	}
	for _, m := range modes {
		b.ReportMetric(c[m].wall.Seconds()/float64(b.N), m+"-s")
	}
	b.ReportMetric(c["exposes"].wall.Seconds()/c["plain"].wall.Seconds(), "exposes/plain")
	b.ReportMetric(c["exposes"].cpu.Seconds()/c["plain"].cpu.Seconds(), "exposes/plain-cpu")
	b.ReportMetric(c["narrowed"].wall.Seconds()/c["plain"].wall.Seconds(), "narrowed/plain")
	b.ReportMetric(c["narrowed"].cpu.Seconds()/c["plain"].cpu.Seconds(), "narrowed/plain-cpu")
}
