package repl

import (
	"slices"
	"testing"
)

// Tab after `v.` on a Vec offers the Vec's methods, not the rights
// methods (cast, dynamic_cast, has_capability) that only class instances
// have.
func TestMemberCompletionFitsTheValue(t *testing.T) {
	s, out := newTestSession(t)
	s.evalOut(t, out, "let v = [1, 2]")
	s.evalOut(t, out, "class Account { owner: string, balance: int, exposes Viewer { owner } }\nfunctional class Viewer { fn show(a: &Account) -> string { a.owner } }")
	s.evalOut(t, out, `let acct = Account { owner: "ada", balance: 1 }`)
	c := &completer{s: s}
	vec := c.members("v")
	for _, want := range []string{"push", "len", "map"} {
		if !slices.Contains(vec, want) {
			t.Errorf("v. offers %v, without %q", vec, want)
		}
	}
	for _, bad := range []string{"cast", "dynamic_cast", "has_capability"} {
		if slices.Contains(vec, bad) {
			t.Errorf("v. offers %q: %v", bad, vec)
		}
	}
	if acct := c.members("acct"); !slices.Contains(acct, "has_capability") || !slices.Contains(acct, "balance") {
		t.Errorf("acct. offers %v", acct)
	}
}
