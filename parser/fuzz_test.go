package parser

import (
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, glob := range []string{"../../shared/conformance/*/*.cpr", "../tests/programs/*/*.cpr", "../examples/*.cpr"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(string(data))
			}
		}
	}
	f.Add(`fn main() { let x = if a { 1 } else { 2 }; match x { 1 | 2 => "a", _ => "b" } }`)
	f.Add(`let s = "a $b ${c + "d ${e}"} \u{1F600}"; /* /* nested */ */`)
	for _, s := range HostileSeeds() {
		f.Add(s)
	}
}

// FuzzParse checks the parser never panics, and that printing a parsed
// file and parsing the output again gives the same printed form.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		ast, err := ParseFile("fuzz.cpr", src)
		if err != nil {
			return
		}
		out := Print(ast)
		ast2, err := ParseFile("fuzz.cpr", out)
		if err != nil {
			t.Fatalf("printed form does not parse: %v\nsource:\n%s\nprinted:\n%s", err, src, out)
		}
		if out2 := Print(ast2); out2 != out {
			t.Fatalf("print is not stable\nfirst:\n%s\nsecond:\n%s", out, out2)
		}
	})
}
