package vm

// ExecContext is a thread's execution context: the state an engine and
// the exit loop (exit.go) hand each other. It holds scalars only (no Go
// pointers: the running coroutine is a heap handle, the stack an address
// of memory Go's collector does not scan), so code that is not Go, the
// JIT, can read and write it without write barriers. It lives inside the
// Thread, which Go never moves.
//
// On entry an engine finds Co's innermost frame at Base and its next
// instruction at PC; on exit it leaves them where execution continues and
// the reason in Exit. In between the engine may keep its own working copy
// (the interpreter's frameState, a JIT's machine registers) and switch
// coroutines without writing the context; it writes it back when it
// returns. Budget and Gen belong to the thread and carry across
// coroutines. The layout is fixed: the Ctx* constants are the offsets
// non-Go code uses, and a test holds the struct to them.
type ExecContext struct {
	StackBase  uintptr // address of slot 0 of Co's stack
	StackLimit int64   // slots a frame may use in that stack (calls check against it)
	PC         int64   // next instruction of the innermost frame
	Base       int64   // slot of the innermost frame's header
	Budget     int64   // safepoints left until the next checkpoint
	Gen        uint64  // the last frame generation this thread handed out
	Co         uint64  // heap handle of the running coroutine (0: none)
	Resumer    uint64  // heap handle of the coroutine that resumed Co by hand (0: none)
	Exit       uint64  // why the engine returned (an Exit)
}

// Offsets of ExecContext's fields, for engines written in assembly.
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

// enter points the context at co's innermost frame (co is about to run).
func (c *ExecContext) enter(vm *VM, co *Coroutine) {
	// (under a profile the limit is the peak so far: calls past it
	// leave the fast path, so the profile sees every new peak)
	c.StackBase, c.StackLimit = uintptr(co.sp), int64(vm.peakLimit(co))
	c.PC, c.Base = int64(co.pc), int64(co.base)
	c.Co, c.Resumer = uint64(co.Self)&handleMask, 0
	if r := co.resumer; r != nil {
		c.Resumer = uint64(r.Self) & handleMask
	}
}

// Context returns the thread's execution context (for engines).
func (t *Thread) Context() *ExecContext { return &t.ctx }
