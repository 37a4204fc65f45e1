package tests

import (
	"testing"
	"unsafe"

	"github.com/cprime-lang/cprime/jit"
	"github.com/cprime-lang/cprime/vm"
)

// TestJITMatchesTheSeam holds the JIT's context block and exit codes to
// vm's (the engine seam), so that compiled code can run against a
// thread's vm.ExecContext unchanged when the JIT registers as an engine.
func TestJITMatchesTheSeam(t *testing.T) {
	offsets := []struct {
		name     string
		jit, seam int
	}{
		{"StackBase", jit.CtxStackBase, vm.CtxStackBase},
		{"StackLimit", jit.CtxStackLimit, vm.CtxStackLimit},
		{"PC", jit.CtxPC, vm.CtxPC},
		{"Base", jit.CtxBase, vm.CtxBase},
		{"Budget", jit.CtxBudget, vm.CtxBudget},
		{"Gen", jit.CtxGen, vm.CtxGen},
		{"Co", jit.CtxCo, vm.CtxCo},
		{"Resumer", jit.CtxResumer, vm.CtxResumer},
		{"Exit", jit.CtxExit, vm.CtxExit},
		{"size", jit.CtxSize, vm.CtxSize},
	}
	for _, o := range offsets {
		if o.jit != o.seam {
			t.Errorf("context %s: jit says offset %d, vm says %d", o.name, o.jit, o.seam)
		}
	}
	if unsafe.Sizeof(jit.Context{}) != unsafe.Sizeof(vm.ExecContext{}) {
		t.Errorf("jit.Context is %d bytes, vm.ExecContext %d", unsafe.Sizeof(jit.Context{}), unsafe.Sizeof(vm.ExecContext{}))
	}
	exits := []struct {
		jit  int
		seam vm.Exit
	}{
		{jit.ExitDone, vm.ExitDone}, {jit.ExitYield, vm.ExitYield}, {jit.ExitResume, vm.ExitResume},
		{jit.ExitCallNative, vm.ExitCallNative}, {jit.ExitCheckpoint, vm.ExitCheckpoint},
		{jit.ExitGrowStack, vm.ExitGrowStack}, {jit.ExitThrow, vm.ExitThrow}, {jit.ExitTrap, vm.ExitTrap},
		{jit.ExitStep, vm.ExitStep},
	}
	for _, x := range exits {
		if x.jit != int(x.seam) {
			t.Errorf("exit %v: jit's code is %d, vm's %d", x.seam, x.jit, int(x.seam))
		}
	}
	if jit.ExitPreempt < int(vm.NumExits) {
		t.Errorf("jit.ExitPreempt (%d) collides with vm's exit codes (below %d)", jit.ExitPreempt, vm.NumExits)
	}
}
