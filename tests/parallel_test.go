package tests

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cprime-lang/cprime/cmd/cprime/host"
	"github.com/cprime-lang/cprime/vm"
)

// These tests run coroutines on the parallel Default and IO pools (real
// threads, real time). Run them with -race too (.ci/run does): the
// programs share data only through Vec, Map, Channel and Mutex, which the
// runtime must make safe, so any race the detector finds is the
// runtime's.

// runParallel runs src with parallel pools and returns stdout, failing on
// a non-zero exit.
func runParallel(t *testing.T, src string) (string, *host.Host) {
	t.Helper()
	var out, errOut bytes.Buffer
	e, err := host.New(host.Options{VM: vm.Options{}, Stdout: &out, Stderr: &errOut})
	if err != nil {
		t.Fatal(err)
	}
	if code := e.RunSource("parallel.cpr", src); code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	return strings.TrimSpace(out.String()), e
}

// stressSize is the number of coroutines in the stress tests (smaller
// under the race detector, which slows the VM down tenfold).
func stressSize() int {
	if raceEnabled {
		return 5_000
	}
	return 100_000
}

func TestParallelDefaultRunsOnWorkers(t *testing.T) {
	src := `
fn fib(n: int) -> int { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
let ds = Vec::new();
for i in 0..8 { ds.push(async(Dispatchers::Default) { fib(18 + i % 3) }); }
let mut total = 0;
for d in ds { total += d.await(); }
println(total);
`
	got, e := runParallel(t, src)
	// fib(18)=2584, fib(19)=4181, fib(20)=6765; i%3 over 0..8 gives 3,3,2 of them
	if want := fmt.Sprint(3*2584 + 3*4181 + 2*6765); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if !e.VM.Parallel() {
		t.Fatal("the VM never went parallel")
	}
}

func TestParallelStressWithoutMutex(t *testing.T) {
	n := stressSize()
	// Racing pushes, pops, inserts and removes: the counts may be anything
	// (lost updates are allowed), but the process must not crash and the
	// structures must stay usable.
	src := fmt.Sprintf(`
let v = Vec::new();
let m = Map::new();
let tally = Vec::new();
coroutine_scope {
    for i in 0..%d {
        launch(Dispatchers::Default) {
            v.push(i);
            m.insert(i %% 1000, i);
            if v.len() > 50 { v.pop(); }
            m.remove((i + 1) %% 1000);
            if i %% 100 == 0 { tally.push(v.len()); }
        };
    }
};
println(v.len() <= 51, m.len() <= 1000, tally.len());
`, n)
	got, _ := runParallel(t, src)
	if want := fmt.Sprintf("true true %d", n/100); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestParallelStressWithMutex(t *testing.T) {
	n := stressSize()
	src := fmt.Sprintf(`
let v = Vec::new();
let m = Map::new();
let mut counter = 0;
let mutex = Mutex::new();
coroutine_scope {
    for i in 0..%d {
        launch(Dispatchers::Default) {
            mutex.with_lock {
                v.push(i);
                m.insert(i %% 1000, m.get(i %% 1000).unwrap_or(0) + 1);
                counter += 1;
            };
        };
    }
};
let mut sum = 0;
for x in v { sum += x; }
let mut per_key = 0;
for k in m.keys() { per_key += m[k]; }
println(v.len(), sum, m.len(), per_key, counter);
`, n)
	got, _ := runParallel(t, src)
	want := fmt.Sprintf("%d %d 1000 %d %d", n, n*(n-1)/2, n, n)
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// TestParallelCollects allocates enough on two worker threads at once to
// force stop-the-world collections, and checks that nothing live was lost.
func TestParallelCollects(t *testing.T) {
	src := `
let ds = Vec::new();
for k in 0..4 {
    ds.push(async(Dispatchers::Default) {
        let mut total = 0;
        for round in 0..10 {
            let v = Vec::new();
            for i in 0..4000 { v.push("k${k}-${i}"); }
            let m = Map::new();
            for s in v { m.insert(s, s.len()); }
            total += m.len();
        }
        total
    });
}
let mut sum = 0;
for d in ds { sum += d.await(); }
println(sum);
`
	got, e := runParallel(t, src)
	if got != "160000" {
		t.Fatalf("got %q, want 160000", got)
	}
	if e.VM.Heap().Collections() == 0 {
		t.Fatal("no collection ran: the test did not exercise stop-the-world")
	}
}

// TestParallelChannelsAcrossPools passes values between Default, IO and
// Main through channels, with delays and dispatcher switches.
func TestParallelChannelsAcrossPools(t *testing.T) {
	src := `
let ch = Channel::new(4);
let results = Channel::unlimited();
launch(Dispatchers::Default) {
    for i in 0..2000 {
        ch.send(i);
        if i % 500 == 0 { delay(1); }
    }
    ch.close();
};
let workers = Vec::new();
for w in 0..4 {
    workers.push(launch(Dispatchers::IO) {
        for v in ch { results.send(v * 2); }
    });
}
for j in workers { j.join(); }
results.close();
let mut total = 0;
for r in results { total += r; }
let hop = with_context(Dispatchers::Default) {
    with_context(Dispatchers::Main) { 1 } + with_context(Dispatchers::IO) { 2 }
};
println(total, hop);
`
	got, _ := runParallel(t, src)
	if got != "3998000 3" {
		t.Fatalf("got %q, want %q", got, "3998000 3")
	}
}

// TestParallelCancellation cancels waiting coroutines and a busy one on
// the pools from the main thread. (One busy coroutine only: busy ones
// hold their worker, and the machine may have a single core.)
func TestParallelCancellation(t *testing.T) {
	src := `
let started = Channel::unlimited();
let jobs = Vec::new();
for i in 0..4 {
    jobs.push(launch(Dispatchers::Default) {
        started.send(i);
        delay(1_000_000);                       // waiting: cancelled in delay
    });
}
jobs.push(launch(Dispatchers::IO) {
    let ch = Channel::new();
    started.send(4);
    ch.receive();                               // waiting: cancelled in receive
});
for _ in 0..5 { started.receive(); }
jobs.push(launch(Dispatchers::Default) {
    started.send(5);
    loop { ensure_active(); }                   // busy: cancelled at ensure_active
});
started.receive();
for j in jobs { j.cancel(); }
let mut cancelled = 0;
for j in jobs { j.join(); if j.is_cancelled() { cancelled += 1; } }
println(cancelled);
`
	got, _ := runParallel(t, src)
	if got != "6" {
		t.Fatalf("got %q, want 6", got)
	}
}

// TestParallelWorkersStop checks that a finished run leaves no worker
// goroutine behind.
func TestParallelWorkersStop(t *testing.T) {
	before := runtime.NumGoroutine()
	for i := 0; i < 3; i++ {
		runParallel(t, `
let d = async(Dispatchers::IO) { 1 };
let e = async(Dispatchers::Default) { 2 };
println(d.await() + e.await());
`)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines left behind (had %d before)", n-before, before)
	}
}
