package vm

import (
	"github.com/cprime-lang/cprime/vmstack"
)

// CoroState is the lifecycle state of a coroutine (CoroState in CPrime).
type CoroState uint8

const (
	CoroReady CoroState = iota
	CoroRunning
	CoroSuspended
	CoroComplete
	CoroFailed
	CoroCancelled
)

var coroStateNames = [...]string{"Ready", "Running", "Suspended", "Complete", "Failed", "Cancelled"}

func (s CoroState) String() string { return coroStateNames[s] }

// How a value delivered to a suspended coroutine is stored.
const (
	resumeValue  uint8 = iota // store the value in resumeSlot
	resumeResult              // store CoroResult::Yield/Complete/Error (hand-driven resume)
	resumeIter                // store the raw value; on completion jump out of the for loop
	resumeInline              // it resumed a scheduled coroutine inline: gets () back when that one suspends
)

// Coroutine is a stackful coroutine: its frames live in its own stack,
// which comes from a size-class pool (vmstack).
type Coroutine struct {
	ID    int64
	Self  Value // this coroutine as a value
	Stack []Value
	mem   vmstack.Stack

	base  int // base of the innermost frame when not running
	pc    int // pc in that frame when not running
	State CoroState

	// resumer is the coroutine that resumed this one by hand (it is
	// Running and waiting for this one's next yield or completion).
	resumer *Coroutine
	// resumeSlot is where the value of the next resume goes: the register
	// of the pending yield or of the suspending native call.
	resumeSlot int
	resumeMode uint8
	// parked: suspended waiting for an event (delay, await, channel)
	// rather than by yield. waitEpoch counts waits, so a wake-up left
	// over from an earlier wait (a timer, a channel registration) is ignored.
	parked     bool
	waitReason string
	waitEpoch  uint64
	// nonCancellable > 0 inside with_context(NonCancellable) { .. }
	nonCancellable int
	// waitCont is the continuation it is suspended on, if any
	waitCont *Continuation
	// onDone is called when it finishes (create_coroutine's completion)
	onDone func(t *Thread, v, errv Value)
	// awaitingTask: a user dispatcher holds the task that runs it
	awaitingTask bool
	// inlineResult is what it gets back when the coroutine it resumed
	// inline suspends (launch(Dispatchers::Unconfined) returns the Job)
	inlineResult Value

	Body Value // the function it runs
	Name string
	Job  *Job // set for scheduled coroutines (spawn, launch, async)

	// dispatcher that runs it when it is scheduled
	Dispatcher Dispatcher
	// pendingErr, when set, is raised at the suspension point on resume
	pendingErr Value

	Result Value // the completion value or error
	Class  vmstack.Class

	// profiling
	peak       int
	migrations int
}

func (c *Coroutine) trace(m *marker) {
	top := c.top(m.vm)
	for i := 0; i < top && i < len(c.Stack); i++ {
		m.mark(c.Stack[i])
	}
	m.mark(c.Body)
	m.mark(c.Result)
	m.mark(c.pendingErr)
	if c.resumer != nil {
		m.mark(c.resumer.Self)
	}
	if c.Job != nil {
		c.Job.traceFrom(m)
	}
}

func (c *Coroutine) finalize(vm *VM) {
	if c.mem.Valid() {
		vm.stacks.Free(c.mem)
		c.mem = vmstack.Stack{}
		c.Stack = nil
	}
}

// top returns the slot index just past the innermost frame's registers.
func (c *Coroutine) top(vm *VM) int {
	if c.Stack == nil || c.State == CoroComplete || c.State == CoroFailed || c.State == CoroCancelled {
		return 0
	}
	fv := c.Stack[c.base+hdrFn]
	p := vm.protoOf(fv)
	if p == nil {
		return c.base + FrameHeader
	}
	return c.base + FrameHeader + p.NumRegs
}

// StackUsed returns the bytes of stack in use at the current suspension point.
func (c *Coroutine) StackUsed(vm *VM) int { return c.top(vm) * 8 }

// StackSize returns the current stack capacity in bytes.
func (c *Coroutine) StackSize() int { return len(c.Stack) * 8 }

// IsDone reports a coroutine that has finished one way or another.
func (c *Coroutine) IsDone() bool {
	return c.State == CoroComplete || c.State == CoroFailed || c.State == CoroCancelled
}

// StackWords returns the raw slot words of a coroutine's stack up to its
// top (the frames and registers), for teaching stack layout.
func (c *Coroutine) StackWords(vm *VM) []uint64 {
	top := c.top(vm)
	out := make([]uint64, top)
	for i := 0; i < top; i++ {
		out[i] = uint64(c.Stack[i])
	}
	return out
}
