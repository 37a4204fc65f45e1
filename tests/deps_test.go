package tests

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/cprime-lang/cprime/"

// allowedImports is the package table of ARCHITECTURE.md: which project
// packages each may import (directly; their own dependencies follow).
var allowedImports = map[string][]string{
	"lexer":    {},
	"parser":   {"lexer"},
	"compiler": {"parser", "vm"},
	"vm":       {"vmstack"},
	"vmstack":  {},
	"jit":      {"vm", "vmstack"},
	"stdlib":   {"vm"},
}

func closure(pkg string, seen map[string]bool) {
	for _, d := range allowedImports[pkg] {
		if !seen[d] {
			seen[d] = true
			closure(d, seen)
		}
	}
}

// TestImportDirection fails on any import against the architecture's
// table: vm never imports compiler, jit or stdlib, and so on.
func TestImportDirection(t *testing.T) {
	for pkg := range allowedImports {
		out, err := exec.Command("go", "list", "-deps", "../"+pkg+"/...").CombinedOutput()
		if err != nil {
			if strings.Contains(string(out), "matched no packages") || strings.Contains(string(out), "no Go files") || strings.Contains(string(out), "directory not found") {
				continue
			}
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		allowed := map[string]bool{pkg: true}
		closure(pkg, allowed)
		for _, dep := range strings.Fields(string(out)) {
			if !strings.HasPrefix(dep, module) {
				continue
			}
			top := strings.SplitN(strings.TrimPrefix(dep, module), "/", 2)[0]
			if !allowed[top] {
				t.Errorf("package %s depends on %s, which the architecture does not allow", pkg, dep)
			}
		}
	}
}
