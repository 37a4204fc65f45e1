package tests

import (
	"bytes"
	"strings"
	"testing"
)

// TestResumeResultsInPlace: a round trip `r = c.resume(i)` on a local that
// only holds resume results allocates nothing (its CoroResult is rewritten
// in place), so a million of them run no collection; the same loop on a
// local whose results escape allocates one union per round trip.
func TestResumeResultsInPlace(t *testing.T) {
	const adder = `
async fn adder() { let mut total = 0; loop { total += yield total; } }
`
	cases := []struct {
		name, body string
		inPlace    bool
	}{
		{"private local", `
fn drive(n: int) -> int {
    let c = Coroutine::new(adder);
    let mut r = c.resume();
    for i in 0..n { r = c.resume(i); }
    match r { CoroResult::Yield(t) => t, _ => panic("unexpected ${r}") }
}`, true},
		{"whole value only formatted in a match arm", `
fn drive(n: int) -> int {
    let c = Coroutine::new(adder);
    let mut r = c.resume();
    for i in 0..n { r = c.resume(i); }
    match r { CoroResult::Yield(t) => t, other => panic("unexpected ${other}") }
}`, true},
		{"whole value kept by a match arm", `
fn drive(n: int) -> int {
    let c = Coroutine::new(adder);
    let mut r = c.resume();
    for i in 0..n { r = c.resume(i); }
    match r { CoroResult::Yield(t) => t, other => { let kept = other; panic("unexpected ${kept}") } }
}`, false},
		{"match on the resume call itself", `
fn drive(n: int) -> int {
    let c = Coroutine::new(adder);
    c.resume();
    let mut last = 0;
    for i in 0..n {
        match c.resume(i) { CoroResult::Yield(t) => last = t, r => panic("unexpected $r") }
    }
    last
}`, true},
		{"passed to a function", `
fn total_of(r: CoroResult) -> int { match r { CoroResult::Yield(t) => t, _ => 0 } }
fn drive(n: int) -> int {
    let c = Coroutine::new(adder);
    let mut r = c.resume();
    for i in 0..n { r = c.resume(i); }
    total_of(r)
}`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			e := newEngine(t, &out)
			p, err := e.Compile("inplace.cpr", adder+c.body+"\nprintln(drive(1_000_000));\n")
			if err != nil {
				t.Fatal(err)
			}
			before := e.VM.Heap().Collections()
			if code := e.Run(p); code != 0 {
				t.Fatalf("exit %d: %s", code, out.String())
			}
			if got := strings.TrimSpace(out.String()); got != "499999500000" {
				t.Fatalf("printed %q", got)
			}
			collections := e.VM.Heap().Collections() - before
			if c.inPlace && collections > 1 {
				t.Errorf("%d collections: the results were allocated, not rewritten in place", collections)
			}
			if !c.inPlace && collections < 5 {
				t.Errorf("only %d collections: results that escape must be fresh unions", collections)
			}
		})
	}
}
