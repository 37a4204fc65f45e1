package tests

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/cmd/cprime/engine"
)

// run compiles and runs one input in e, as the REPL does (definitions and
// globals stay for the next input), and returns what it printed.
func runInput(t *testing.T, e *engine.Engine, out *bytes.Buffer, name, src string) string {
	t.Helper()
	out.Reset()
	p, err := e.Compile(name, src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if code := e.Run(p); code != 0 {
		t.Fatalf("%s: exit %d: %s", name, code, out.String())
	}
	return strings.TrimSpace(out.String())
}

// TestExactStackMigratesThroughClosure: a body bounded below Micro gets an
// exact-size stack; when the function its closure calls is redefined (as
// at the REPL) with a much bigger frame, the suspended coroutine's next
// call outgrows the exact stack and it migrates, keeping every local.
func TestExactStackMigratesThroughClosure(t *testing.T) {
	var out bytes.Buffer
	e := newEngine(t, &out)
	got := runInput(t, e, &out, "one", `
fn step(x: int) -> int { x + 1 }
async fn body(f, n: int) {
    let keep = n * 10;
    yield keep;
    let got = f(n);
    yield got + keep;
}
let gen = Coroutine::new(body, |x| step(x), 4);
println(gen.size_class(), gen.stack_size(), gen.metadata().max_stack_size);
println(gen.resume());
`)
	if got != "CoroSizeTag::Micro 96 88\nCoroResult::Yield(40)" {
		t.Fatalf("before the redefinition:\n%s", got)
	}
	got = runInput(t, e, &out, "two", `
fn step(x: int) -> int {
    let (a, b, c, d, e, f, g, h) = (x, 2, 3, 4, 5, 6, 7, 8);
    let (i, j, k, l, m, n, o, p) = (a, b, c, d, e, f, g, h);
    i + j + k + l + m + n + o + p - 35
}
println(gen.resume(), gen.size_class(), gen.stack_size());
println(gen.resume(), gen.state());
`)
	if got != "CoroResult::Yield(44) CoroSizeTag::Small 2048\nCoroResult::Complete(()) CoroState::Complete" {
		t.Fatalf("after the redefinition:\n%s", got)
	}
	pools, _, _ := e.VM.Stacks().Stats()
	for _, p := range pools {
		if p.Used != 0 {
			t.Errorf("%s %d B pool still has %d stacks in use", p.Class, p.Bytes, p.Used)
		}
	}
}

// TestRandomSuspendResumeExactClasses interleaves coroutines of many exact
// sizes (bodies with 0 to 20 locals, each bounded below Micro) with deep
// recursive ones that migrate: all suspended at once, resumed in a random
// order several times, each checking every local it holds on every
// resume. Halfway, the helper their closures call is redefined with a big
// frame, so the exact-size ones still suspended migrate mid-flight.
func TestRandomSuspendResumeExactClasses(t *testing.T) {
	for _, seed := range []int{3, 11, 99} {
		var out bytes.Buffer
		e := newEngine(t, &out)
		var src strings.Builder
		fmt.Fprintf(&src, `
let mut state = %d;
fn rand(n: int) -> int {
    state = (state * 1103515245 + 12345) %% 2147483648;
    state %% n
}
fn grow(x: int) -> int { x }
async fn descend(tag: int, depth: int) -> int {
    let mine = tag * 1000 + depth;
    if depth == 0 { yield 0; yield 0; yield 0; } else { assert_eq(descend(tag, depth - 1), tag * 1000 + depth - 1); }
    assert_eq(mine, tag * 1000 + depth);
    mine
}
`, seed)
		// bodies with k locals, each yielding three times and checking its locals
		const kinds = 21
		for k := 0; k < kinds; k++ {
			fmt.Fprintf(&src, "async fn shallow%d(tag: int, f) -> int {\n", k)
			for i := 0; i < k; i++ {
				fmt.Fprintf(&src, "    let v%d = tag * 100 + %d;\n", i, i)
			}
			src.WriteString("    let mut sum = 0;\n    for round in 0..3 {\n        yield round;\n        sum += f(round);\n")
			for i := 0; i < k; i++ {
				fmt.Fprintf(&src, "        assert_eq(v%d, tag * 100 + %d);\n", i, i)
			}
			src.WriteString("    }\n    tag + sum\n}\n")
		}
		src.WriteString("let bodies = [")
		for k := 0; k < kinds; k++ {
			fmt.Fprintf(&src, "shallow%d, ", k)
		}
		src.WriteString(`];
let n = 300;
let cos = Vec::new();
let want = Vec::new();
let resumes = Vec::new();
let sizes = Map::new();
for i in 0..n {
    if i % 5 == 0 {
        let d = rand(300);
        cos.push(Coroutine::with_class(CoroSizeTag::Micro, descend, i, d));
        want.push(i * 1000 + d);
    } else {
        let c = Coroutine::new(bodies[i % bodies.len()], i, |x| grow(x));
        sizes.insert(c.stack_size(), true);
        cos.push(c);
        want.push(i + 3);
    }
    cos[i].resume();
    resumes.push(1);
}
let mut ok = 0;
fn drive(limit: int) {
    let mut steps = 0;
    while steps < limit {
        let i = rand(n);
        if !cos[i].is_complete() {
            match cos[i].resume() {
                CoroResult::Complete(v) => { if v == want[i] { ok += 1; } else { println("coroutine $i returned $v, want ${want[i]}"); } },
                CoroResult::Error(e) => println("coroutine $i failed: ${e.message}"),
                _ => {},
            }
        }
        steps += 1;
    }
}
drive(400);
println(sizes.len() >= 8);
`)
		got := runInput(t, e, &out, "random.cpr", src.String())
		if got != "true" {
			t.Fatalf("seed %d, first half:\n%s", seed, got)
		}
		got = runInput(t, e, &out, "grow.cpr", `
fn grow(x: int) -> int {
    let (a, b, c, d, e, f, g, h) = (x, 1, 2, 3, 4, 5, 6, 7);
    let (i, j, k, l, m, o, p, q) = (a, b, c, d, e, f, g, h);
    i + j + k + l + m + o + p + q - 28
}
// every exact-size one still suspended calls grow on its next resume: it migrates
let mut migrated = 0;
for i in 0..n {
    let c = cos[i];
    if !c.is_complete() && c.stack_size() < 256 {
        match c.resume() {
            CoroResult::Complete(v) => { if v == want[i] { ok += 1; } },
            CoroResult::Error(e) => println("coroutine $i failed: ${e.message}"),
            _ => { if c.stack_size() >= 256 { migrated += 1; } },
        }
    }
}
println(migrated > 10);
while cos.any(|c| !c.is_complete()) { drive(100); }
println(ok);
`)
		if got != "true\n300" {
			t.Fatalf("seed %d: %s", seed, got)
		}
		pools, live, _ := e.VM.Stacks().Stats()
		for _, p := range pools {
			if p.Used != 0 {
				t.Errorf("seed %d: %s %d B pool still has %d stacks in use", seed, p.Class, p.Bytes, p.Used)
			}
		}
		if live > 1 {
			t.Errorf("seed %d: %d Large stacks live", seed, live)
		}
	}
}
