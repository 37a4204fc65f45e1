package repl

import (
	"strings"
	"testing"
)

// Redefining an async fn while a coroutine is suspended inside it: the
// suspended frames keep running the code they were suspended in (their
// pc means nothing in the new bytecode), and new coroutines run the new
// body. It used to resume the old pc in the new bytecode.
func TestRedefiningAnAsyncFnKeepsSuspendedFramesOnTheOldBody(t *testing.T) {
	s, out := newTestSession(t)
	s.evalOut(t, out, "async fn inner(a: int) -> int { yield a; a + 1 }")
	s.evalOut(t, out, "async fn g() { let a = 1; yield a; let b = inner(a + 10); yield b; yield b + 100; }")
	s.evalOut(t, out, "let c = Coroutine::new(g)")
	steps := []string{"c.resume()", "c.resume()"}
	want := []string{"CoroResult::Yield(1)", "CoroResult::Yield(11)"}
	for i, in := range steps {
		if got := strings.TrimSpace(s.evalOut(t, out, in)); got != want[i] {
			t.Fatalf("%s = %q, want %q", in, got, want[i])
		}
	}
	// c is suspended in inner, called from g: redefine both
	s.evalOut(t, out, `async fn g() { yield "new"; let s = "x"; yield s + "y"; }`)
	s.evalOut(t, out, `async fn inner(a: int) -> int { yield "inner"; 0 }`)
	for i, w := range []string{"CoroResult::Yield(12)", "CoroResult::Yield(112)", "CoroResult::Complete(())"} {
		if got := strings.TrimSpace(s.evalOut(t, out, "c.resume()")); got != w {
			t.Fatalf("resume %d after the redefinition = %q, want %q", i, got, w)
		}
	}
	s.evalOut(t, out, "let d = Coroutine::new(g)")
	if got := strings.TrimSpace(s.evalOut(t, out, "d.resume()")); got != `CoroResult::Yield("new")` {
		t.Fatalf("a new coroutine runs %q, want the new body", got)
	}
}
