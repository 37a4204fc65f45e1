//go:build (amd64 || arm64) && (linux || darwin || freebsd || netbsd || openbsd)

package jit

// Native reports whether this build can run generated code.
const Native = true

// enter calls generated code: fn is the function's prologue, which loads
// its registers from ctx and jumps to target, the native address of the
// bytecode pc to start at. It returns when the code stores an exit in
// ctx. table is the address of a code table (Table) that calls and
// returns between compiled functions read. enter is written in assembly (enter_amd64.s, enter_arm64.s) and is
// not NOSPLIT: its stack-check prologue is a preemption point, so each
// entry is one (see doc.go for the register conventions).
//
//go:noescape
func enter(ctx *Context, fn, target, table uintptr)
