package tests

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/cmd/cprime/engine"
	"github.com/cprime-lang/cprime/compiler"
	"github.com/cprime-lang/cprime/vm"
)

func newEngine(t *testing.T, out *bytes.Buffer) *engine.Engine {
	t.Helper()
	e, err := engine.New(engine.Options{VM: vm.Options{VirtualTime: true}, Stdout: out, Stderr: out})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestAnalysisTable checks the size-class analysis of recursive, bounded,
// closure-calling and interface-calling bodies, and a hint override.
func TestAnalysisTable(t *testing.T) {
	src := `
async fn bounded(n: int) { let a = n + 1; yield a; }
fn leaf(x: int) -> int { x * 2 }
async fn calls_leaf(n: int) { yield leaf(n); }
async fn recursive(n: int) -> int { if n == 0 { 0 } else { recursive(n - 1) + 1 } }
async fn mutual_a(n: int) -> int { if n == 0 { 0 } else { mutual_b(n - 1) } }
async fn mutual_b(n: int) -> int { mutual_a(n) }
async fn calls_closure(f) { yield f(1); }
async fn calls_pair(f) { yield f(1, 2); }
let g = |x| recursive(x);   // an arity-1 function value that recurses
let h = |a, b| a + b;       // the only arity-2 function value
interface Area { fn area(&self) -> int; }
class Sq { s: int, }
class Rect { w: int, h: int, }
impl Area for Sq { fn area(&self) -> int { self.s * self.s } }
impl Area for Rect { fn area(&self) -> int { self.w * self.h } }
async fn calls_interface(x) { yield x.area(); }
#[coro_size_hint(Medium)]
async fn hinted(n: int) -> int { if n == 0 { 0 } else { hinted(n - 1) } }
`
	var out bytes.Buffer
	e := newEngine(t, &out)
	first := len(e.VM.Protos)
	if _, err := e.Compile("analysis.cpr", src); err != nil {
		t.Fatal(err)
	}
	table := compiler.AnalysisTable(e.VM.Protos[first:])
	row := func(name string) []string {
		for _, l := range strings.Split(table, "\n") {
			f := strings.Fields(l)
			if len(f) > 0 && f[0] == name {
				return f
			}
		}
		t.Fatalf("no row for %s in:\n%s", name, table)
		return nil
	}
	want := map[string]struct {
		class, bounded, recursion string
	}{
		"bounded":         {"Micro", "true", "false"},
		"calls_leaf":      {"Micro", "true", "false"},
		"recursive":       {"Large", "false", "true"},
		"mutual_a":        {"Large", "false", "true"},
		"mutual_b":        {"Large", "false", "true"},
		"calls_closure":   {"Large", "false", "true"}, // recursion in a callee counts (§6.2)
		"calls_pair":      {"Micro", "true", "false"},
		"calls_interface": {"Micro", "true", "false"},
		"hinted":          {"Medium*", "false", "true"},
	}
	for name, w := range want {
		f := row(name)
		// name class size [B] bounded depth recursion where
		class, bounded, recursion := f[1], f[len(f)-4], f[len(f)-2]
		if class != w.class || bounded != w.bounded || recursion != w.recursion {
			t.Errorf("%s: class %s bounded %s recursion %s, want %+v\n%s", name, class, bounded, recursion, w, table)
		}
	}
	// depth: calls_leaf is its frame plus leaf's; bounded is one frame
	if f := row("calls_leaf"); f[len(f)-3] != "2" {
		t.Errorf("calls_leaf depth %s, want 2", f[len(f)-3])
	}
}

// TestCoroutineCyclesLeavePoolsEmpty creates and completes many
// coroutines of every class; afterwards every pool is empty.
func TestCoroutineCyclesLeavePoolsEmpty(t *testing.T) {
	var out bytes.Buffer
	e := newEngine(t, &out)
	src := `
async fn body(n: int) -> int { yield n; n + 1 }
let mut total = 0;
for i in 0..100000 {
    let c = Coroutine::with_class([CoroSizeTag::Micro, CoroSizeTag::Small, CoroSizeTag::Medium][i % 3], body, i);
    c.resume();
    if let CoroResult::Complete(v) = c.resume() { total += v - i; }
}
println(total);
`
	if code := e.RunSource("cycles.cpr", src); code != 0 {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	if got := strings.TrimSpace(out.String()); got != "100000" {
		t.Fatalf("output %q", got)
	}
	pools, live, _ := e.VM.Stacks().Stats()
	for _, p := range pools {
		if p.Used != 0 {
			t.Errorf("%s pool still has %d stacks in use", p.Class, p.Used)
		}
	}
	if live > 1 { // the main coroutine's own (finished) stack is released too
		t.Errorf("%d large stacks live", live)
	}
}

// TestRandomSuspendResume runs coroutines that each recurse to a random
// depth, writing a value into every frame, suspend at the bottom, and are
// resumed in a random order; on the way back each frame checks its value.
// Deep ones migrate while others sit suspended in their pools.
func TestRandomSuspendResume(t *testing.T) {
	for _, seed := range []int{1, 7, 42} {
		var out bytes.Buffer
		e := newEngine(t, &out)
		src := fmt.Sprintf(`
let mut state = %d;
fn rand(n: int) -> int {
    state = (state * 1103515245 + 12345) %% 2147483648;
    state %% n
}
async fn descend(tag: int, depth: int) -> int {
    let mine = tag * 1000 + depth;
    if depth == 0 {
        yield_to_driver();
    } else {
        let below = descend(tag, depth - 1);
        assert_eq(below, tag * 1000 + depth - 1);
    }
    assert_eq(mine, tag * 1000 + depth);
    mine
}
async fn yield_to_driver() { yield 0; }
async fn body(tag: int, depth: int) -> int { descend(tag, depth) }
let n = 200;
let mut cos = Vec::new();
let mut depths = Vec::new();
for i in 0..n {
    let d = rand(400);
    depths.push(d);
    let c = Coroutine::with_class(CoroSizeTag::Micro, body, i, d);
    c.resume();
    cos.push(c);
}
let mut left = n;
let mut done = Vec::new();
for i in 0..n { done.push(false); }
let mut ok = 0;
while left > 0 {
    let i = rand(n);
    if !done[i] {
        match cos[i].resume() {
            CoroResult::Complete(v) => { if v == i * 1000 + depths[i] { ok += 1; } },
            CoroResult::Error(e) => println("coroutine $i failed: ${e.message}"),
            other => println("coroutine $i: $other"),
        }
        done[i] = true;
        left -= 1;
    }
}
println(ok);
`, seed)
		if code := e.RunSource("random.cpr", src); code != 0 {
			t.Fatalf("seed %d: exit %d: %s", seed, code, out.String())
		}
		if got := strings.TrimSpace(out.String()); got != "200" {
			t.Fatalf("seed %d: output %q", seed, got)
		}
	}
}
