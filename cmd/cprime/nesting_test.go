package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/cmd/cprime/repl"
	"github.com/cprime-lang/cprime/vm"
)

// 100,000 nested brackets used to overflow Go's stack in the parser (a
// fatal error nothing recovers); every entry point now reports a compile
// error at the bracket where the limit is passed.
func TestDeepNestingIsACompileErrorEverywhere(t *testing.T) {
	n := 100_000
	srcs := map[string]string{
		"parens":   "let x = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + ";\n",
		"brackets": "let x = " + strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + ";\n",
		"strings":  "let x = " + strings.Repeat(`"${`, n) + "1" + strings.Repeat(`}"`, n) + ";\n",
	}
	dir := t.TempDir()
	for name, src := range srcs {
		path := filepath.Join(dir, "deep.cpr")
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		for cmd, f := range map[string]func([]string, *bytes.Buffer, *bytes.Buffer) int{
			"run":   func(a []string, o, e *bytes.Buffer) int { return cmdRun(a, o, e) },
			"check": func(a []string, o, e *bytes.Buffer) int { return cmdCheck(a, o, e) },
		} {
			var out, errOut bytes.Buffer
			code := f([]string{path}, &out, &errOut)
			if code != 2 || !strings.Contains(errOut.String(), "deep.cpr:1:") || !strings.Contains(errOut.String(), "nesting too deep") {
				t.Errorf("%s %s: exit %d\n%.300s", cmd, name, code, errOut.String())
			}
		}
		var out bytes.Buffer
		s, err := repl.NewSession(repl.Options{VM: vm.Options{VirtualTime: true}, Out: &out, Err: &out, NoColor: true})
		if err != nil {
			t.Fatal(err)
		}
		s.Eval(strings.TrimSpace(src))
		if !strings.Contains(out.String(), "<repl>:1:") || !strings.Contains(out.String(), "nesting too deep") {
			t.Errorf("repl %s: %.300s", name, out.String())
		}
		out.Reset()
		s.Eval("println(40 + 2)")
		if strings.TrimSpace(out.String()) != "42" {
			t.Errorf("repl after %s: %q", name, out.String())
		}
	}
}
