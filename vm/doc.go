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
// A hand-driven resume returns a CoroResult union, which in a resume loop
// would be one allocation (and its collection) per switch: a third of a
// round trip's time when measured. Where the compiler has proved that the
// register taking the result is private (compiler/resumeresult.go: the
// RESUME instruction is followed by MOVERES), the delivery rewrites the
// union that register already holds instead (Thread.resultFor), so such a
// loop allocates nothing; tests/resume_inplace_test.go holds it to that.
// Together with RESUME (no method lookup when the receiver is a coroutine)
// this took the switch benchmark from 0.75x to about 0.5x of Lua 5.4.
//
// The compiler, stdlib and jit plug in from outside: vm imports none of
// them (only vmstack).
package vm
