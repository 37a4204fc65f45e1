// Package vm is CPrime's runtime: values, the heap and its collector, the
// opcode table and the interpreter loop, coroutines, jobs and the
// scheduler.
//
// Values are NaN-boxed 64-bit words (value.go). Heap objects are Go values
// in a segmented handle table (heap.go) that the VM's own mark-sweep
// collector frees (gc.go); values hold handles, never Go pointers, so
// coroutine stacks are plain []uint64 memory that the Go collector never
// scans and a JIT can read and write freely.
//
// Frames live in the coroutine's stack (proto.go describes the layout). A
// script-to-script call builds the callee's frame in place and jumps, so
// calls never recurse in Go; resume and yield swap the current coroutine
// inside the same dispatch loop (interp.go, control.go). Natives never
// call back into script: higher-order library code is CPrime in the
// prelude.
//
// The compiler, stdlib and jit plug in from outside: vm imports none of
// them (only vmstack).
package vm
