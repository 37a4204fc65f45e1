package tests

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/cprime-lang/cprime/"

// allowedImports is the package table of ARCHITECTURE.md: which project
// packages each may import directly (a package's subpackages count as the
// package). cmd/ and tests/ may import everything.
var allowedImports = map[string][]string{
	"lexer":    {},
	"parser":   {"lexer"},
	"compiler": {"parser", "vm"},
	"vm":       {"vmstack"},
	"vmstack":  {},
	"jit":      {"vm", "vmstack"},
	"stdlib":   {"vm"},
}

// TestImportDirection fails on any direct import against the
// architecture's table: vm never imports compiler, jit or stdlib; compiler
// and stdlib reach stack classes through vm, not vmstack; and so on.
func TestImportDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "../...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	checked := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || !strings.HasPrefix(fields[0], module) {
			continue
		}
		pkg := top(fields[0])
		allowed, ruled := allowedImports[pkg]
		if !ruled {
			if pkg != "cmd" && pkg != "tests" && pkg != "examples" {
				t.Errorf("package %s is not in the architecture's table", fields[0])
			}
			continue
		}
		checked[pkg] = true
		ok := map[string]bool{pkg: true}
		for _, a := range allowed {
			ok[a] = true
		}
		for _, imp := range fields[1:] {
			if strings.HasPrefix(imp, module) && !ok[top(imp)] {
				t.Errorf("package %s imports %s, which the architecture does not allow", fields[0], imp)
			}
		}
	}
	for _, pkg := range []string{"lexer", "parser", "compiler", "vm", "vmstack", "stdlib"} {
		if !checked[pkg] {
			t.Errorf("package %s was not checked (go list did not list it)", pkg)
		}
	}
}

// top is the first path element of a project package inside the module.
func top(path string) string {
	return strings.SplitN(strings.TrimPrefix(path, module), "/", 2)[0]
}
