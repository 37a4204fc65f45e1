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
// them (only vmstack). Clients name stack size classes through vm
// (StackClass, stackclass.go), not vmstack.
//
// # Engines and the exit loop
//
// An Engine (engine.go) runs bytecode of a thread's running coroutine from
// a pc until it must leave, and says why with an Exit code: done, yield,
// resume, call native, checkpoint, grow stack, throw, trap, step. What it
// shares with the rest of the VM is the thread's ExecContext (execctx.go):
// scalars only (stack base and limit, pc, frame base, budget, frame
// generation, the running and resuming coroutine as heap handles, the exit
// code) at fixed offsets, so that code that is not Go can use it. One exit
// loop (exit.go, Thread.execute) decides everything outside straight-line
// execution, for the three drivers (RunMain's loop, the Default/IO
// workers, the debugger's controller); a thread whose controller has armed
// traps runs the interpreter. Engines register (RegisterEngine); vm
// imports none. The interpreter (interp.go, interp_slow.go) is the first
// engine; being Go, it performs the frequent exits (switches, native
// calls, stack growth) in place through the same runtime functions the
// exit loop calls, and returns for the rare ones (no coroutine left, a
// pending error, a checkpoint, a trap). The opcode table (opcode.go) says
// for every opcode its operands' kinds and whether it may leave; the
// verifier, the disassembler and engines read it.
//
// # Wings
//
// The package is one Go package, but its files fall into three wings,
// each meant to depend only on the ones listed before it:
//
//   - Machine core: values and objects (value.go, objects.go, vecobj.go,
//     omap.go, equal.go, arith.go, display.go, fields.go, access.go,
//     rights.go, refs.go, iter.go, errors.go, builtins.go), the heap and
//     collector (heap.go, gc.go), protos and the opcode table (proto.go,
//     opcode.go, verify.go, disasm.go), the VM and threads (vm.go,
//     thread.go, coroutine.go, stackclass.go), and the engine seam and
//     the interpreter (execctx.go, engine.go, interp.go, interp_slow.go).
//   - Concurrency runtime: the exit loop and switches (exit.go,
//     control.go), runs and scheduling (run.go, scheduler.go,
//     dispatchers.go, workers.go, stw.go, timers.go, waitreason.go), jobs
//     and contexts (job.go, context.go), and what coroutines wait on
//     (channel.go, selectop.go, mutex.go, continuation.go).
//   - Watching layer: hooks (hooks.go), the debugger controller and
//     stepping (controller.go, stepping.go), introspection and profiles
//     (introspect.go, profile.go).
//
// Subpackages do not fit yet: the core's Coroutine holds the runtime's
// *Job, *Continuation and Dispatcher, and the interpreter's step calls
// the runtime (switches, job completion) in place, so a split would close
// an import cycle through the core. The wall to cut is in ARCHITECTURE.md:
// runtime links behind handles in Coroutine, and the core reporting
// through exit codes (as the interpreter already does for checkpoints and
// traps) instead of calling the runtime.
package vm
