package repl

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/vm"
)

func newTestSession(t *testing.T) (*Session, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	s, err := NewSession(Options{VM: vm.Options{VirtualTime: true}, Out: &out, Err: &out, NoColor: true})
	if err != nil {
		t.Fatal(err)
	}
	return s, &out
}

func (s *Session) evalOut(t *testing.T, out *bytes.Buffer, input string) string {
	t.Helper()
	out.Reset()
	s.Eval(input)
	return out.String()
}

func TestInputsLeaveSpawnedCoroutinesQueued(t *testing.T) {
	s, out := newTestSession(t)
	s.evalOut(t, out, "async fn w() -> int { delay(5); 7 }")
	got := s.evalOut(t, out, "let d = spawn w()")
	if !strings.Contains(got, "queued: #") {
		t.Fatalf("no queued report: %q", got)
	}
	co, _, err := s.env.Resolve("d")
	if err != nil || co.State != vm.CoroReady || !s.Controller().IsQueued(co) {
		t.Fatalf("d: %v %v", co, err)
	}
	// awaiting it runs it
	if got := s.evalOut(t, out, "co_await d"); strings.TrimSpace(got) != "7" {
		t.Errorf("co_await d = %q", got)
	}
	if got := s.evalOut(t, out, ":auto on"); !strings.Contains(got, "auto on") {
		t.Errorf(":auto on: %q", got)
	}
	s.evalOut(t, out, "let e = spawn w()")
	co, _, _ = s.env.Resolve("e")
	if co.State != vm.CoroComplete {
		t.Errorf("with :auto on, e is %s", co.State)
	}
}

func TestCompletion(t *testing.T) {
	s, out := newTestSession(t)
	s.evalOut(t, out, "let numbers = [1, 2]")
	s.evalOut(t, out, "async fn one() -> int { 1 }")
	s.evalOut(t, out, "let d = spawn one()")
	c := &completer{s: s}
	cases := map[string]string{"numbers.pu": "sh", "numb": "ers", ":jo": "bs", ":time vir": "tual", ":auto o": ""}
	for typed, want := range cases {
		got, _ := c.Do([]rune(typed), len([]rune(typed)))
		found := false
		for _, g := range got {
			if string(g) == want {
				found = true
			}
		}
		if want != "" && !found {
			t.Errorf("completing %q: %q, want %q among them", typed, got, want)
		}
	}
	got, _ := c.Do([]rune(":step "), 6)
	var ids []string
	for _, g := range got {
		ids = append(ids, string(g))
	}
	if !strings.Contains(strings.Join(ids, " "), "d") {
		t.Errorf(":step completions %v lack the variable d", ids)
	}
}

func TestCommandErrorsDoNotEndTheSession(t *testing.T) {
	s, out := newTestSession(t)
	for input, want := range map[string]string{
		":nope":          "unknown command :nope",
		":step":          "usage: :step",
		":run x":         "usage: :run",
		":advance soon":  "usage: :advance",
		":stack 1 2 3":   "usage: :stack",
		":cancel #12345": "no coroutine or job #12345",
		":load /no/such": "no such file",
		"1 +":            "error",
	} {
		if got := s.evalOut(t, out, input); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", input, got, want)
		}
	}
	if s.Quit() {
		t.Fatal("an error ended the session")
	}
	if got := s.evalOut(t, out, "2 * 21"); strings.TrimSpace(got) != "42" {
		t.Errorf("after the errors: %q", got)
	}
}

// TestRedefinitionReanalysesDependents: replacing a function at the prompt
// re-runs the stack analysis of the coroutine bodies that call it.
func TestRedefinitionReanalysesDependents(t *testing.T) {
	s, out := newTestSession(t)
	s.evalOut(t, out, "fn helper(n: int) -> int { n + 1 }")
	s.evalOut(t, out, "async fn body(n: int) -> int { helper(n) }")
	if got := s.evalOut(t, out, "Coroutine::new(body, 1).size_class()"); strings.TrimSpace(got) != "CoroSizeTag::Micro" {
		t.Fatalf("before: body's class %q, want Micro", got)
	}
	before := s.evalOut(t, out, ":analyze body")
	// now helper recurses: body's stack is unbounded, so Large
	s.evalOut(t, out, "fn helper(n: int) -> int { if n == 0 { 0 } else { helper(n - 1) + 1 } }")
	if got := s.evalOut(t, out, "Coroutine::new(body, 1).size_class()"); strings.TrimSpace(got) != "CoroSizeTag::Large" {
		t.Errorf("after redefining helper: body's class %q, want Large", got)
	}
	after := s.evalOut(t, out, ":analyze body")
	if before == after || !strings.Contains(after, "Large") {
		t.Errorf(":analyze body did not change:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// and back: a bounded helper makes it Micro again
	s.evalOut(t, out, "fn helper(n: int) -> int { n * 2 }")
	if got := s.evalOut(t, out, "Coroutine::new(body, 1).size_class()"); strings.TrimSpace(got) != "CoroSizeTag::Micro" {
		t.Errorf("after restoring helper: body's class %q, want Micro", got)
	}
}

func TestInputPainter(t *testing.T) {
	if inputPainter(true) != nil {
		t.Errorf("--no-color still paints the input")
	}
	p := inputPainter(false)
	got := string(p.Paint([]rune(`let s = "hi"; // c`), 0))
	for _, w := range []string{"\x1b[35mlet\x1b[0m", "\x1b[32m", "\x1b[90m// c"} {
		if !strings.Contains(got, w) {
			t.Errorf("painted %q lacks %q", got, w)
		}
	}
	if cmd := string(p.Paint([]rune(":stack 3"), 0)); cmd != "\x1b[1m:stack\x1b[0m 3" {
		t.Errorf("a command is painted %q", cmd)
	}
}
