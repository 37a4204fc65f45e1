package jit

// Context is the execution context compiled code runs against: scalars
// only, no Go pointers, so machine code reads and writes it with plain
// loads and stores (no write barriers exist there). Its layout is the one
// the engine seam (issue 11) gives vm.ExecContext, field for field, so
// that when the seam lands this type becomes that one (and the Ctx*
// constants its Ctx* constants) without changing a byte of generated
// code; TestContextLayout holds the struct to the constants.
//
// Compiled code reads StackBase and Base on entry (the frame's registers
// start at StackBase + (Base+FrameHeader)*8), reads and decrements Budget
// at the same points as the interpreter, and on every exit writes PC (the
// bytecode pc where execution continues: for ExitStep the instruction to
// run in Go, not yet run) and Exit. It never writes the other fields yet.
type Context struct {
	StackBase  uintptr // address of slot 0 of the running coroutine's stack
	StackLimit int64   // slots a frame may use in that stack
	PC         int64   // next instruction of the innermost frame
	Base       int64   // slot of the innermost frame's header
	Budget     int64   // safepoints left until the next checkpoint
	Gen        uint64  // the last frame generation the thread handed out
	Co         uint64  // heap handle of the running coroutine
	Resumer    uint64  // heap handle of the coroutine that resumed Co by hand
	Exit       uint64  // why compiled code returned
}

// Offsets of Context's fields, used by the code generators.
const (
	CtxStackBase  = 0
	CtxStackLimit = 8
	CtxPC         = 16
	CtxBase       = 24
	CtxBudget     = 32
	CtxGen        = 40
	CtxCo         = 48
	CtxResumer    = 56
	CtxExit       = 64
	CtxSize       = 72
)

// Exit codes compiled code stores in Context.Exit. The first ones are
// the seam's vm.Exit values (same numbers, same meaning); the exit loop
// handles them. ExitPreempt is the JIT engine's own and never reaches
// the exit loop: the engine re-enters through the trampoline, whose
// stack-check prologue is where Go preempts the goroutine.
const (
	ExitDone       = 0
	ExitYield      = 1
	ExitResume     = 2
	ExitCallNative = 3
	ExitCheckpoint = 4
	ExitGrowStack  = 5
	ExitThrow      = 6
	ExitTrap       = 7
	ExitStep       = 8 // run the instruction at PC in Go, then re-enter at the pc it leaves

	ExitPreempt = 32 // g.stackguard0 asked for preemption at a back-edge; re-enter at PC
)

// gStackguard0 is the offset of stackguard0 in the runtime's g (after
// stack.lo and stack.hi), the word Go's own function prologues compare
// the stack pointer against; the runtime sets it to a huge value to ask a
// goroutine to stop. Stable since Go 1.4; TestStackGuardOffset checks it.
const gStackguard0 = 16
