// Package jit is cprime's baseline JIT compiler: bytecode to x86-64 and
// arm64 machine code, entered through Go-assembly trampolines, leaving
// through exit codes. This file says what exists today and what remains;
// the design is ../shared/ARCHITECTURE.md's "JIT" section and issue 12.
//
// # What exists
//
//   - jit/amd64, jit/arm64: encoders for exactly the instruction forms the
//     code generators emit, pure Go (they build everywhere), with golden
//     tests that decode every form over every register with
//     golang.org/x/arch (x86asm, arm64asm), including the x86 addressing
//     special cases (RSP/R12 bases need a SIB byte, RBP/R13 bases a disp8,
//     RSP is never an index) and arm64's register 31 (XZR or SP).
//   - jit/arena: W^X executable memory. Load maps a batch of functions
//     read+write, copies them in at 16-byte alignment, mprotects the
//     mapping read+execute and never writes it again; arm64 needs no cache
//     flush because every arena is a fresh mapping.
//   - Context (context.go): the execution context, with the engine seam's
//     vm.ExecContext layout field for field (StackBase, StackLimit, PC,
//     Base, Budget, Gen, Co, Resumer, Exit) and exported Ctx* offsets; the
//     exit codes are the seam's vm.Exit numbers plus ExitPreempt.
//   - Trampolines (enter_amd64.s, enter_arm64.s): enter(ctx, fn, target,
//     table), not NOSPLIT, so each entry is a preemption point.
//   - The baseline compiler (compile.go, x86gen.go, a64gen.go): Compile
//     turns a vm.Proto into position-independent Code with a native entry
//     for every bytecode pc; Load batches Codes into one arena; a Table
//     maps function indexes to loaded code, and Table.Enter runs the
//     function whose frame is at ctx.Base from ctx.PC until an exit
//     (Table.Run until an exit other than ExitPreempt: the engine's inner
//     loop). Module.WritePerfMap writes perf's /tmp/perf-PID.map lines;
//     Code.Disasm and Func.Disasm print bytecode interleaved with machine
//     code decoded by x/arch (the base of disasm --native). Slot memory
//     must never be on a goroutine stack (it moves): the VM's stacks are
//     mmap'ed, tests use Go's heap.
//     Compiled inline: NOP, MOVE, MOVERES,
//     LOADK/LOADI/LOADUNIT/LOADTRUE/LOADFALSE/LOADNONE/LOADFN (constants
//     become immediates), ADD/SUB/MUL/DIV/MOD and their K and I forms on
//     inline ints with the interpreter's rule (a result outside 48 bits
//     leaves for Go, which boxes it: MinSmallInt / -1 is +2^47, one
//     past the inline range), ADD/SUB/MUL/DIV on any other two
//     numbers as the interpreter's arith computes them (ints converted with
//     CVTSI2SD/SCVTF; NaN canonicalised as FloatValue does, except a
//     float-float ADD/SUB/MUL, which the interpreter stores raw), NEG,
//     NOT, EQ/NE/EQK and the equality jumps (JEQ, JNEQ, JEQI, JNEQI, JNEK)
//     wherever one side is a number (vm.Equal: numbers compare as numbers,
//     NaN unequal; a number and a non-number immediate unequal; a heap
//     object, maybe a big int, leaves for Go), LT/LE (any two numbers; NaN
//     compares false),
//     every fused compare-and-jump (ints; the ordering ones also any two
//     numbers, the negated forms taken on NaN), JMP, JTRUE/JFALSE,
//     FORPREP, FORLOOP, CALLK into a compiled function (frame header
//     written as the interpreter writes it: callee, return pc << 32 |
//     caller base, a frame mark with the Context's Gen + 1; the stack room
//     checked against StackLimit, the stack guard polled) and RET/RETUNIT
//     into a compiled caller (value in the callee slot, mark cleared, Base
//     moved back, on through the table); the entry frame's return, a closure
//     caller and a call that needs more stack leave for Go before writing
//     anything. The budget is decremented where the interpreter decrements
//     it (backward JMP, FORLOOP, CALLK): with budget > 1 the code decrements
//     and goes on, otherwise it leaves with ExitStep at that instruction so
//     the interpreter's step runs it and the checkpoint. Back-edges and calls
//     poll g.stackguard0.
//     Every other instruction, and every slow path (other operand types,
//     overflow, zero divisors, a step <= 0), exits with ExitStep at its
//     pc: Go runs that one instruction and re-enters at the pc it leaves.
//     Division by zero and every other fault are explicit checks; the code
//     writes only stack slots and the Context, never a Go pointer.
//   - Tests: the encoders' golden tests; arena sealing (a write faults);
//     the trampoline running sealed code that computes from memory and
//     sets an exit code, and a spinning loop that lets runtime.GC()
//     finish; real protos from the compiler (fib, a loop with % and +=,
//     float loops with NaN, int loops with every comparison) run natively
//     and match the interpreter with a single exit (fib's 21,890 calls and
//     returns all in machine code, one frame generation each); calls that
//     would pass the stack limit leave at the CALLK; a
//     differential test of every compiled arithmetic, compare and jump
//     form against the interpreter over boundary operands (±2^47, NaN,
//     -0.0, infinities, zero divisors, int/float/bool mixes); overflow
//     exits; budget checkpoints counted against the interpreter's rule; a
//     test-only switch (miscompile) that makes ADD subtract changes the
//     result. All of it runs on arm64 too:
//     GOARCH=arm64 go test -exec qemu-aarch64-static ./jit/...
//
// # Register conventions
//
// amd64: the trampoline passes DI = ctx, DX = the target pc's address,
// R12 = the Table's words, R14 = g (loaded from TLS) and CALLs the
// function's prologue, which sets SI = the frame's R[0] (StackBase +
// (Base+FrameHeader)*8) and R15 = intBits (0xFFF9<<48, the int tag and
// the smallest tagged value: x < R15 unsigned means a float), then jumps to
// DX. Generated code keeps SP and BP, uses the goroutine stack only for the
// return address, reads R14 and never writes it, and may clobber RAX, RCX,
// RDX, R8-R13, R15 and X0-X15; the trampoline re-zeroes X15 and reloads R14
// before returning to Go. The stack-guard poll is CMP RSP, 16(R14); JBE
// preempt, Go's own prologue test.
//
// arm64: the trampoline passes X0 = ctx, X2 = the target, X21 = the
// Table's words, and BLs the prologue, which sets X19 = R[0] and X20 =
// intBits and BRs to X2.
// Generated code never writes R28 (g), R18, R29, R30 (it returns through
// it) or RSP, and may clobber X0-X17, X19-X27 and the FP registers. The
// poll loads 16(R28) and compares it with SP (B.LS preempt).
//
// Exits: the code stores PC (where execution continues: for ExitStep the
// instruction to run in Go, not yet run) and Exit into the Context and
// returns to the trampoline. ExitPreempt carries the pc after a taken
// back-edge (its budget already spent), or pc 0 of a callee whose frame
// is pushed (Base is the callee's); the engine just re-enters, and the
// trampoline's prologue is where Go preempts the goroutine.
//
// # What remains (issue 12), for the next engineer
//
//   - Engine wiring (needs the seam, issue 11): an Engine whose Run loads
//     t.Context(), finds (or compiles) the Func of the frame at
//     ctx.Base, enters, handles ExitPreempt by re-entering and returns
//     every other exit to the exit loop; Context becomes vm.ExecContext
//     (same layout: check with a layout test against vm.Ctx*). Register
//     it, --engine=jit/auto, refuse jit where Native is false, eager
//     compilation under jit and call/back-edge counters under auto. The
//     runners must then loop over both engines.
//   - Calls through values (CALL of a function value or closure, CALLM
//     through the method cache) and returns into closures: they need the
//     callee's NumParams/NumRegs and a closure's proto readable from
//     machine code (a pointer-free per-function record in the Table).
//     Today CALLK's exit when the stack is short is ExitStep; the engine
//     may prefer ExitGrowStack. Returns jump through the table (an
//     indirect jump the CPU's return predictor does not see): measure
//     before keeping it for the fib target.
//   - The resume/yield fast path and `for v in co`: switch Co/Resumer,
//     StackBase, StackLimit, Base and PC in the Context without leaving;
//     needs the seam's handle-based coroutine state (and the CoroResult
//     in-place reuse of vm/interp.go's resultFor).
//   - GETFIELD/SETFIELD and CALLM through the inline caches, union tests
//     and payloads: the caches hold Go pointers today; they need a
//     pointer-free shadow (class id, field index) generated code can read.
//   - Equality of two non-numbers (strings, unions: vm.Equal walks the
//     heap), MOD on floats (math.Mod).
//   - The CLI: cprime disasm --native (print Func.Disasm), run
//     --jit-stats (count entries and exits by kind in the engine loop),
//     the REPL's compiled-frame marker, --jit-perf-map (append
//     Module.WritePerfMap to /tmp/perf-PID.map after each Load).
//   - The 0.1x/0.4x/0.5x Lua targets, measured in tests/bench, and the
//     "every golden program under both engines" runner.
package jit
