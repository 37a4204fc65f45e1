package compiler_test

import (
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/compiler"
	"github.com/cprime-lang/cprime/stdlib"
	"github.com/cprime-lang/cprime/vm"
)

func newSession(t *testing.T) *compiler.Session {
	t.Helper()
	v := vm.New(vm.Options{})
	stdlib.Install(v)
	s := compiler.NewSession(v)
	if err := s.LoadPrelude(stdlib.PreludeName, stdlib.Prelude); err != nil {
		t.Fatal(err)
	}
	return s
}

// disasm compiles src and returns the disassembly of its function name.
func disasm(t *testing.T, src, name string) string {
	t.Helper()
	s := newSession(t)
	first := len(s.VM.Protos)
	if _, err := s.Compile("t.cpr", src); err != nil {
		t.Fatal(err)
	}
	for _, p := range s.VM.Protos[first:] {
		if p.Name == name {
			return vm.Disassemble(s.VM, p)
		}
	}
	t.Fatalf("no function %s", name)
	return ""
}

// TestDisassembly pins the code the compiler emits for a few shapes the
// interpreter's fast paths depend on: immediate operands, fused
// compare-and-jump, the numeric for loop, and the local-variable table.
func TestDisassembly(t *testing.T) {
	cases := []struct{ src, name, want string }{
		{`fn add3(a: int, b: int) -> int { a + b + 3 }`, "add3", `
fn add3 (t.cpr:1) params=2 regs=4 consts=0
     0  [  1]  ADD         3 0 1
     1  [  1]  ADDI        2 3 3
     2  [  1]  RET         2
  local a R0 [0, 3)
  local b R1 [0, 3)
`},
		{`fn sign(x: int) -> int { if x < 0 { -1 } else { 1 } }`, "sign", `
fn sign (t.cpr:1) params=1 regs=2 consts=0
     0  [  1]  JNLTI       0 0 2           ; to 3
     1  [  1]  LOADI       1 -1
     2  [  1]  JMP         1               ; to 4
     3  [  1]  LOADI       1 1
     4  [  1]  RET         1
  local x R0 [0, 5)
`},
	}
	for _, c := range cases {
		got := disasm(t, c.src, c.name)
		if strings.TrimSpace(got) != strings.TrimSpace(c.want) {
			t.Errorf("%s\n got:\n%s\nwant:\n%s", c.src, got, c.want)
		}
	}
}

// TestStaticErrors: the checks the compiler makes, each with its position.
func TestStaticErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"fn f() -> int { y }", "t.cpr:1:17: error: undefined name 'y'"},
		{"let x = 1;\nx = 2;", "t.cpr:2:1: error: cannot assign twice to immutable variable 'x'"},
		{"async fn a() {}\nfn f() { a(); }", "t.cpr:2:10: error: async fn 'a' called from non-async fn 'f'"},
		{"union U { A, B }\nfn f(u: U) -> int { match u { U::A => 1 } }", "t.cpr:2:21: error: non-exhaustive match: missing U::B"},
	}
	for _, c := range cases {
		s := newSession(t)
		_, err := s.Compile("t.cpr", c.src)
		if err == nil {
			t.Errorf("%q compiled", c.src)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.src, err, c.want)
		}
	}
}

// TestResumeResultLocals: `r = c.resume(..)` is marked MOVERES only on a
// local whose results nobody else can see (compiler/resumeresult.go).
func TestResumeResultLocals(t *testing.T) {
	const head = "async fn g() { loop { yield 1; } }\n"
	cases := []struct {
		body string
		want bool
	}{
		{"fn d(c) -> int { let mut r = c.resume(); r = c.resume(1); match r { CoroResult::Yield(x) => x, _ => panic(\"$r\") } }", true},
		{"fn d(c) -> int { let mut r = c.resume(); r = c.resume(1); match r { CoroResult::Yield(x) => x, o => panic(\"$o\") } }", true},
		{"fn d(c) -> int { let mut r = c.resume(); r = c.resume(1); match r { CoroResult::Yield(x) => x, o => { let s = o; 0 } } }", false},
		{"fn d(c) -> int { match c.resume(1) { CoroResult::Yield(x) => x, o => panic(\"${o}\") } }", true},
		{"fn d(c) -> int { match c.resume(1) { CoroResult::Yield(x) => x, o => { let s = o; 0 } } }", false},
		{"fn d(c) -> int { match c.resume(1) { CoroResult::Yield(x) => x, o => { let f = || o; 0 } } }", false},
		{"fn d(c) -> int { let mut r = c.resume(); r = c.resume(1); let s = r; 0 }", false},
		{"fn d(c) -> int { let mut r = c.resume(); r = c.resume(1); let f = || r; 0 }", false},
		{"fn d(c) -> int { let mut r = c.resume(); r = c.resume(1); if r == r { 1 } else { 0 } }", false},
		{"fn d(c) -> int { let mut r = 0; r = c.resume(1); 0 }", false},
		{"fn d(c) -> int { let mut r = c.resume(); r = c.other(1); 0 }", false},
	}
	for _, c := range cases {
		got := strings.Contains(disasm(t, head+c.body, "d"), "MOVERES")
		if got != c.want {
			t.Errorf("%s: MOVERES %v, want %v", c.body, got, c.want)
		}
	}
}
