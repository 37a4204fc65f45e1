package vm

import (
	"unsafe"

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
// which comes from a size-class pool (vmstack). The struct is kept small
// (a 96-byte allocation): a million suspended Micro coroutines must fit in
// 400 bytes each with their stacks, so rarely used state lives in ext.
type Coroutine struct {
	Self    Value          // this coroutine as a value
	sp      unsafe.Pointer // its stack: slots words
	mem     vmstack.Ref    // where the stack came from
	resumer *Coroutine     // the coroutine that resumed this one by hand (Running, waiting)
	Job     *Job           // set for scheduled coroutines (spawn, launch, async)
	ext     *coroExt       // rarely used state, allocated on first use
	ID      int64

	slots uint32
	// waitEpoch counts waits, so a wake-up left over from an earlier wait
	// (a timer, a channel registration) is ignored.
	waitEpoch uint32
	base      int32 // base of the innermost frame when not running
	pc        int32 // pc in that frame when not running
	// resumeSlot is where the value of the next resume goes: the register
	// of the pending yield or of the suspending native call.
	resumeSlot int32

	State      CoroState
	resumeMode uint8
	// parked: suspended waiting for an event (delay, await, channel)
	// rather than by yield.
	parked bool
	disp   uint8 // dispatcher: a built-in one, or ext.dispatcher
	// cancellableWait: it waits in a cancellation point, so it resumes
	// with Cancellation (not its value) if its job was cancelled meanwhile
	cancellableWait bool
	waitKind        uint8  // why it is parked (waitreason.go)
	waitArg         uint32 // and the deadline or ID that goes with it
}

// coroExt is the state few coroutines need.
type coroExt struct {
	name string
	role string // what a library coroutine is for (a flow operator's producer)
	// pendingErr, when set, is raised at the suspension point on resume
	pendingErr Value
	// closing: close() is running its defers; a yield there raises the
	// closing signal again (a suspension point in a cancelled coroutine)
	closing bool
	// bigWait is the wait argument (a deadline) when it does not fit the
	// 32 bits of waitArg
	bigWait    int64
	result     Value // the completion value or error
	dispatcher Dispatcher
	// nonCancellable > 0 inside with_context(NonCancellable) { .. }
	nonCancellable int
	waitCont       *Continuation // the continuation it is suspended on
	// set when its wait ended but it has not run since: the cancellable
	// continuation resumed with a value, or the mutex handed to it (prompt
	// cancellation must run the one's handlers or release the other)
	resumedCont *Continuation
	heldMutex   *Mutex
	onDone      func(t *Thread, v, errv Value)
	// awaitingTask: a user dispatcher holds the task that runs it
	awaitingTask bool
	// inlineResult is what it gets back when the coroutine it resumed
	// inline suspends (launch(Dispatchers::Unconfined) returns the Job)
	inlineResult Value
	// profiling
	peak       int
	migrations int
	body       Value
}

func (c *Coroutine) x() *coroExt {
	if c.ext == nil {
		c.ext = &coroExt{}
	}
	return c.ext
}

// stk returns the stack as slots (nil once the coroutine has finished).
func (c *Coroutine) stk() []Value {
	if c.sp == nil {
		return nil
	}
	return unsafe.Slice((*Value)(c.sp), c.slots)
}

func (c *Coroutine) setStack(mem []uint64, ref vmstack.Ref) {
	if len(mem) == 0 {
		c.sp, c.slots, c.mem = nil, 0, ref
		return
	}
	c.sp, c.slots, c.mem = unsafe.Pointer(&mem[0]), uint32(len(mem)), ref
}

// Class returns the coroutine's stack size class.
func (c *Coroutine) Class() vmstack.Class { return c.mem.Class() }

// Name returns the coroutine's name (CoroutineName, or main, handler...).
func (c *Coroutine) Name() string {
	if c.ext == nil {
		return ""
	}
	return c.ext.name
}

// SetName names the coroutine.
func (c *Coroutine) SetName(n string) {
	if n != "" || c.ext != nil {
		c.x().name = n
	}
}

func (c *Coroutine) pendingErr() Value {
	if c.ext == nil {
		return 0
	}
	return c.ext.pendingErr
}

// Built-in dispatchers by number (Coroutine.disp).
const (
	dispNone uint8 = iota
	dispMain
	dispDefault
	dispIO
	dispUnconfined
	dispOther
)

// Dispatcher returns the dispatcher that runs the coroutine, or nil.
func (c *Coroutine) Dispatcher(vm *VM) Dispatcher {
	s := vm.sched
	switch c.disp {
	case dispMain:
		return s.Main
	case dispDefault:
		return s.Default
	case dispIO:
		return s.IO
	case dispUnconfined:
		return s.Unconfined
	case dispOther:
		return c.ext.dispatcher
	}
	return nil
}

// SetDispatcher sets the dispatcher that runs the coroutine.
func (c *Coroutine) SetDispatcher(vm *VM, d Dispatcher) {
	s := vm.sched
	switch d {
	case nil:
		c.disp = dispNone
	case Dispatcher(s.Main):
		c.disp = dispMain
	case s.Default:
		c.disp = dispDefault
	case s.IO:
		c.disp = dispIO
	case Dispatcher(s.Unconfined):
		c.disp = dispUnconfined
	default:
		c.disp = dispOther
		c.x().dispatcher = d
	}
}

func (c *Coroutine) trace(m *marker) {
	top := c.top(m.vm)
	for i := 0; i < top && i < int(c.slots); i++ {
		m.mark(c.stk()[i])
	}
	if x := c.ext; x != nil {
		m.mark(x.result)
		m.mark(x.pendingErr)
		m.mark(x.inlineResult)
		m.mark(x.body)
		if x.waitCont != nil {
			m.mark(x.waitCont.Self)
		}
	}
	if c.resumer != nil {
		m.mark(c.resumer.Self)
	}
	if c.Job != nil {
		c.Job.traceFrom(m)
	}
}

func (c *Coroutine) finalize(vm *VM) {
	if c.mem.Valid() {
		vm.profileCollected(c)
		locked := c.lockStack(vm)
		vm.stacks.FreeRef(c.mem)
		c.setStack(nil, c.mem.Released())
		c.unlockStack(locked)
	}
}

// top returns the slot index just past the innermost frame's registers.
func (c *Coroutine) top(vm *VM) int {
	if c.sp == nil || c.State == CoroComplete || c.State == CoroFailed || c.State == CoroCancelled {
		return 0
	}
	if int(c.base)+FrameHeader > len(c.stk()) {
		return len(c.stk())
	}
	fv := c.stk()[int(c.base)+hdrFn]
	p := vm.protoOf(fv)
	if p == nil {
		return int(c.base) + FrameHeader
	}
	return int(c.base) + FrameHeader + p.NumRegs
}

// StackUsed returns the bytes of stack in use at the current suspension point.
func (c *Coroutine) StackUsed(vm *VM) int { return c.top(vm) * 8 }

// StackSize returns the current stack capacity in bytes.
func (c *Coroutine) StackSize() int { return int(c.slots) * 8 }

// IsDone reports a coroutine that has finished one way or another.
func (c *Coroutine) IsDone() bool {
	return c.State == CoroComplete || c.State == CoroFailed || c.State == CoroCancelled
}

// StackWords returns the raw slot words of a coroutine's stack up to its
// top (the frames and registers), for teaching stack layout.
func (c *Coroutine) StackWords(vm *VM) []uint64 {
	st := c.stk()
	top := c.top(vm)
	if top > len(st) { // a running coroutine's saved frame may be behind its stack
		top = len(st)
	}
	out := make([]uint64, top)
	for i := 0; i < top; i++ {
		out[i] = uint64(st[i])
	}
	return out
}

// takeInlineResult returns (and clears) what the coroutine gets back when
// the one it resumed inline suspends: () unless set.
func (c *Coroutine) takeInlineResult() Value {
	if c.ext == nil || c.ext.inlineResult == 0 {
		return Unit
	}
	v := c.ext.inlineResult
	c.ext.inlineResult = 0
	return v
}

func (c *Coroutine) nonCancel() int {
	if c.ext == nil {
		return 0
	}
	return c.ext.nonCancellable
}

func (c *Coroutine) waitingOn() *Continuation {
	if c.ext == nil {
		return nil
	}
	return c.ext.waitCont
}
