// Package jit is reserved for cprime's JIT compiler, which is not written
// yet: today every program runs in the interpreter (vm/interp.go), and this
// package holds no code.
//
// The design it will follow is ../shared/ARCHITECTURE.md's "JIT" section:
// a second engine behind a vm interface, with the interpreter as the
// fallback; stackless (all VM state in the coroutine's slot stack and one
// exec-context block Go's collector does not scan); W^X code arenas from
// golang.org/x/sys/unix.Mmap and Mprotect; one Go-assembly trampoline per
// architecture (amd64, arm64) that is a preemption point, JIT code that
// never calls Go and leaves through exit codes (yield, call native, grow
// stack, trap, deopt at pc N, preempt, done); preemption polls at
// back-edges and calls; a small encoder with golden tests decoded by
// golang.org/x/arch.
//
// Where it would pay off first, measured with the interpreter alone
// (tests/bench/README.md): spawning (create, first resume, complete), at
// about 1.3x Lua 5.4's time against a target of 1x, where the interpreter
// spends its time in many small steps (the native call of
// Coroutine::new, stack allocation, the completion hand-off) that compiled
// code could fuse.
package jit
