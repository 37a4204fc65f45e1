package tests

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/cmd/cprime/engine"
	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// FuzzCompileAndRun compiles arbitrary source and runs what compiles under
// a step limit: neither may panic, and neither may report an internal error.
func FuzzCompileAndRun(f *testing.F) {
	for _, glob := range []string{"../../shared/conformance/*/*.cpr", "programs/*/*.cpr", "../examples/*.cpr"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(string(data))
			}
		}
	}
	for _, s := range parser.HostileSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var out, errOut bytes.Buffer
		e, err := engine.New(engine.Options{
			VM:     vm.Options{VirtualTime: true, StepLimit: 200_000, MaxStack: 1 << 20},
			Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(""),
		})
		if err != nil {
			t.Fatal(err)
		}
		e.RunSource("fuzz.cpr", src)
		if msg := errOut.String(); strings.Contains(msg, "internal") {
			t.Fatalf("internal error:\n%s\nsource:\n%s", msg, src)
		}
	})
}
