package vm

import (
	"fmt"
	"unsafe"

	"github.com/cprime-lang/cprime/vmstack"
)

// NewCoroutine creates a coroutine that will run f(args...): its stack is
// allocated now (state Ready) with f's frame already laid out.
func (t *Thread) NewCoroutine(f Value, args []Value, class vmstack.Class) (*Coroutine, error) {
	vm := t.vm
	p := vm.protoOf(f)
	if p == nil {
		if f.IsNative() {
			return nil, Errorf(KindTypeError, "a native function cannot be a coroutine body")
		}
		return nil, Errorf(KindTypeError, "a coroutine body must be a function, found %s", vm.TypeName(f))
	}
	if len(args) != p.NumParams {
		return nil, arityError(p, len(args))
	}
	need := FrameHeader + p.NumRegs
	if need > class.Slots() && class < vmstack.Large {
		class = vmstack.ClassFor(need)
	}
	if need*8 > vm.Opts.MaxStack {
		return nil, Errorf(KindStackOverflow, "stack overflow: %s needs %s of stack to start, more than the %s limit (--max-stack)", p.Name, formatBytes(need*8), formatBytes(vm.Opts.MaxStack))
	}
	var mem vmstack.Stack
	if n := exactSlots(p, need); class == vmstack.Micro && n < vmstack.Micro.Slots() {
		mem = vm.stacks.AllocExact(n)
	} else {
		mem = vm.stacks.Alloc(class, need)
	}
	if len(t.coros) == 0 {
		t.coros = vm.heap.takeCoroutines(t.coros, 64)
	}
	var co *Coroutine
	if n := len(t.coros); n > 0 {
		co = t.coros[n-1]
		t.coros = t.coros[:n-1]
	} else {
		co = &Coroutine{}
	}
	co.ID, co.State = vm.nextCoID.Add(1), CoroReady
	co.setStack(mem.Mem, mem.Ref().WithTag(bodyTag(p)))
	if lim := vm.Opts.MaxStack / 8; int(co.slots) > lim {
		// a class larger than --max-stack (main starts in Large, 64 KiB)
		// is used only up to the limit: past it the coroutine overflows
		co.slots = uint32(lim)
	}
	stack := co.stk()
	stack[hdrFn] = f
	stack[hdrRet] = Value(entryFrame)
	t.gen++
	stack[hdrGen] = frameMark(t.gen)
	copy(stack[FrameHeader:], args)
	co.Self = t.alloc(KCoroutine, co)
	if vm.profile != nil {
		vm.profileCreated(co, f)
	}
	if vm.Hooks.CoroutineCreated != nil {
		vm.Hooks.CoroutineCreated(co)
	}
	return co, nil
}

// slotsOf views stack memory as Values (the same 64-bit words).
func slotsOf(mem []uint64) []Value {
	if len(mem) == 0 {
		return nil
	}
	return unsafe.Slice((*Value)(unsafe.Pointer(&mem[0])), len(mem))
}

// CoroutineOf returns the coroutine behind a value.
func (vm *VM) CoroutineOf(v Value) (*Coroutine, bool) {
	if v.Kind() != KCoroutine {
		return nil, false
	}
	c, ok := vm.heap.Get(v).(*Coroutine)
	return c, ok
}

// callNative calls a native after checking its arity.
func (t *Thread) callNative(n *Native, args []Value) (Value, error) {
	if len(args) < n.MinArgs || (n.MaxArgs >= 0 && len(args) > n.MaxArgs) {
		return 0, nativeArityError(n, len(args))
	}
	if n.Pure {
		return n.Fn(t, args)
	}
	t.rtEnter()
	v, err := n.Fn(t, args)
	if len(t.handlers) > 0 {
		if err == nil {
			err = t.flushHandlers(v)
		} else {
			t.flushHandlersLater()
		}
	}
	t.rtExit()
	return v, err
}

// callSlow handles a call that needs more stack, or that hit a
// checkpoint. int(co.pc) points at the call. It reports whether the
// interpreter must reload (an error was raised or the GC/checkpoint
// changed state); otherwise the call proceeds with co's stack.
func (t *Thread) callSlow(co *Coroutine, need int) bool {
	if t.budget <= 0 && t.checkpoint() {
		return true
	}
	if t.vm.profile != nil {
		co.notePeak(need)
	}
	if need > int(co.slots) {
		if err := t.growStack(co, need); err != nil {
			t.fail(co, int(int(co.base)), int(int(co.pc))+1, err)
			return true
		}
	}
	return false
}

// growStack migrates co to a bigger stack: the next size class, or a
// Large stack of twice the size. Frames are addressed by slot index, so
// copying the used slots is all a move takes.
func (t *Thread) growStack(co *Coroutine, need int) error {
	vm := t.vm
	cls := co.Class()
	slots := int(co.slots)
	if slots < cls.Slots() {
		slots = cls.Slots() // an exact-size stack grows to its class's full size first
	}
	for slots < need {
		if cls < vmstack.Large {
			cls++
			slots = cls.Slots()
		} else {
			slots *= 2
		}
	}
	if slots*8 > vm.Opts.MaxStack {
		name := "?"
		if p := vm.protoOf(co.stk()[int(co.base)+hdrFn]); p != nil {
			name = p.Name
		}
		return Errorf(KindStackOverflow, "stack overflow in %s: the coroutine needs more than %s of stack (--max-stack)", name, formatBytes(vm.Opts.MaxStack))
	}
	mem := vm.stacks.Alloc(cls, slots)
	locked := co.lockStack() // a reference written meanwhile must not land in the old stack
	used := co.top(vm)
	copy(slotsOf(mem.Mem)[:used], co.stk()[:used])
	old := co.mem
	co.setStack(mem.Mem, mem.Ref().WithTag(old.Tag()))
	co.unlockStack(locked)
	co.x().migrations++
	vm.stacks.FreeRef(old)
	if vm.Hooks.Migrated != nil {
		vm.Hooks.Migrated(co, old.Class(), co.Class())
	}
	return nil
}

func formatBytes(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkpoint runs the periodic work of safepoints: garbage collection,
// the step limit, interrupts. It reports whether it raised an error in the
// current coroutine (the interpreter must then reload).
func (t *Thread) checkpoint() bool {
	vm := t.vm
	t.budget = checkpointEvery
	co := t.co
	if vm.Opts.StepLimit > 0 {
		t.steps += checkpointEvery
		if t.steps > vm.Opts.StepLimit {
			t.steps = 0
			t.fail(co, int(co.base), int(co.pc), Errorf(KindInterrupted, "step limit of %d exceeded", vm.Opts.StepLimit))
			return true
		}
	}
	if vm.interrupt.Load() {
		vm.interrupt.Store(false)
		t.fail(co, int(co.base), int(co.pc), Errorf(KindInterrupted, "interrupted"))
		return true
	}
	if vm.gcPending.Load() || vm.stwRequested.Load() {
		t.safepointGC()
	}
	if vm.parallel.Load() {
		if vm.halting.Load() && t.worker != nil {
			t.co = nil // the run is over: drop the coroutine
			return true
		}
		if s := vm.sched; t == vm.Main && !s.virtual && s.earliest.Load() <= s.Now() {
			// a long-running Main coroutine must not hold up timers that
			// wake coroutines on the parallel pools
			t.rtEnter()
			s.fireDue(t)
			t.rtExit()
		}
	}
	if vm.Hooks.Safepoint != nil && vm.Hooks.Safepoint(t, co) {
		return true
	}
	return false
}

// throw unwinds co from (base, pc) to the innermost handler that takes
// errv; without one, the coroutine fails.
func (t *Thread) throw(co *Coroutine, base, pc int, errv Value) {
	vm := t.vm
	eo, _ := vm.ErrorOf(errv)
	closing := eo != nil && eo.closing
	exiting := eo != nil && eo.exit
	stack := co.stk()
	for !exiting {
		p := vm.protoOf(stack[base+hdrFn])
		at := pc - 1
		for i := range p.Handlers {
			h := &p.Handlers[i]
			if at < h.Start || at >= h.End {
				continue
			}
			if closing && !h.Finally {
				continue
			}
			if !h.Finally && eo != nil && !kindMatches(h.Kinds, eo) {
				continue
			}
			stack[base+FrameHeader+h.Reg] = errv
			co.base, co.pc = int32(base), int32(h.Target)
			return
		}
		ret := uint64(stack[base+hdrRet])
		stack[base+hdrGen] = 0
		cb := uint32(ret)
		if cb == entryFrame {
			break
		}
		pc = int(ret >> 32)
		base = int(cb)
	}
	co.base = int32(base)
	t.finished(co, 0, errv)
}

// returned completes co with value v (its entry frame returned).
func (t *Thread) returned(co *Coroutine, v Value) { t.finished(co, v, 0) }

// finished ends co with a value or an error and hands control to whoever
// waits for it: the resumer of a hand-driven coroutine, or the job of a
// scheduled one.
func (t *Thread) finished(co *Coroutine, v, errv Value) {
	t.rtEnter()
	defer t.rtExit()
	defer t.flushHandlersLater()
	vm := t.vm
	closing := false
	if errv != 0 {
		if eo, ok := vm.ErrorOf(errv); ok && eo.closing {
			closing = true
		}
	}
	result := v
	switch {
	case closing:
		co.State, result = CoroCancelled, Unit
	case errv != 0 && co.Job != nil && vm.IsCancellation(errv):
		// a scheduled coroutine ended by its job's cancellation
		co.State, result = CoroCancelled, errv
	case errv != 0:
		co.State, result = CoroFailed, errv
	default:
		co.State = CoroComplete
	}
	// the result is kept for the REPL's and debugger's views; a script
	// has no use for it, and finishing a coroutine should not allocate
	if co.ext != nil || vm.Opts.Serial {
		co.x().result = result
	}
	co.parked = false
	if vm.profile != nil {
		co.notePeak(co.top(vm))
		vm.profileFinished(co)
	}
	vm.releaseStack(co)
	if vm.Hooks.CoroutineFinished != nil {
		vm.Hooks.CoroutineFinished(co)
	}
	r := co.resumer
	if r == nil || r.resumeMode == resumeInline {
		if r != nil {
			co.resumer = nil
			r.stk()[int(r.resumeSlot)] = r.takeInlineResult()
			t.co = r
		} else {
			t.co = nil
		}
		if co.ext != nil && co.ext.onDone != nil {
			co.ext.onDone(t, v, errv)
		}
		if co.Job != nil {
			t.jobBodyFinished(co.Job, v, errv)
		}
		return
	}
	co.resumer = nil
	t.co = r
	switch r.resumeMode {
	case resumeResult:
		var res Value
		switch {
		case closing:
			res = Unit
		case errv != 0:
			res = t.resultFor(r, vm.ErrorV, errv)
		default:
			res = t.resultFor(r, vm.CompleteV, v)
		}
		r.stk()[int(r.resumeSlot)] = res
	case resumeIter:
		if errv != 0 && !closing {
			t.throw(r, int(r.base), int(r.pc), errv)
			return
		}
		// leave the for loop: jump as the ITERNEXT at pc-1 says
		r.pc += int32(vm.protoOf(r.stk()[int(r.base)+hdrFn]).Code[int(r.pc)-1].SJ())
	default:
		if errv != 0 && !closing {
			t.throw(r, int(r.base), int(r.pc), errv)
			return
		}
		r.stk()[int(r.resumeSlot)] = Unit
	}
}

// releaseStack returns a finished coroutine's stack to its pool.
func (vm *VM) releaseStack(co *Coroutine) {
	if co.mem.Valid() {
		if co.ext != nil {
			if u := co.top(vm) * 8; u > co.ext.peak {
				co.ext.peak = u
			}
		}
		locked := co.lockStack()
		vm.stacks.FreeRef(co.mem)
		co.setStack(nil, co.mem.Released())
		co.unlockStack(locked)
	}
}

// yield suspends co (which must have been resumed by hand) and delivers v
// to its resumer.
func (t *Thread) yield(co *Coroutine, v Value) error {
	t.rtEnter()
	defer t.rtExit()
	r := co.resumer
	if r == nil || r.resumeMode == resumeInline {
		return Errorf(KindCoroutineError, "yield outside a resumable coroutine; use yield_now()")
	}
	if co.ext != nil && co.ext.closing {
		// being closed: the coroutine may not suspend again; it goes on
		// unwinding through its remaining defers and ends Cancelled
		return ThrowValue(t.alloc(KError, &ErrorObj{Kind: KindCancellation, Message: "coroutine closed", closing: true}))
	}
	co.State = CoroSuspended
	co.resumer = nil
	t.co = r
	if t.vm.Hooks.Yielded != nil {
		t.vm.Hooks.Yielded(co, v)
	}
	switch r.resumeMode {
	case resumeResult:
		r.stk()[int(r.resumeSlot)] = t.NewUnion(t.vm.YieldV, v)
	default:
		r.stk()[int(r.resumeSlot)] = v
	}
	return nil
}

// resume switches from the running coroutine to target (driven by hand);
// mode says how target's next yield or completion is delivered back.
// The caller has saved the running coroutine's pc and resumeSlot.
func (t *Thread) resume(target *Coroutine, v Value, mode uint8) error {
	cur := t.co
	switch target.State {
	case CoroComplete, CoroFailed, CoroCancelled, CoroRunning:
		return Errorf(KindCoroutineError, "cannot resume a %s coroutine", target.State)
	}
	if target.parked {
		return Errorf(KindCoroutineError, "cannot resume a coroutine that is waiting (it resumes itself when its event arrives)")
	}
	if target.Job != nil {
		return Errorf(KindCoroutineError, "cannot resume a scheduled coroutine; it is run by its dispatcher")
	}
	if target.State == CoroSuspended {
		*reg(target.sp, int(target.resumeSlot)) = v
	}
	t.reuseFor = nil // a result goes in place only where resumeAt says so
	target.resumer = cur
	cur.resumeMode = mode
	target.State = CoroRunning
	t.co = target
	if t.vm.Hooks.Resumed != nil {
		t.vm.Hooks.Resumed(target)
	}
	return nil
}

// Resume is resume for natives: it returns errSwitch on success.
func (t *Thread) Resume(target *Coroutine, v Value) error {
	if err := t.resume(target, v, resumeResult); err != nil {
		return err
	}
	return errSwitch
}

// Close implements co.close(): a Ready coroutine is cancelled without
// running; a suspended one runs its pending finally/defer handlers.
func (t *Thread) Close(target *Coroutine) (Value, error) {
	switch target.State {
	case CoroComplete, CoroFailed, CoroCancelled:
		return Unit, nil
	case CoroRunning:
		return 0, Errorf(KindCoroutineError, "cannot close a Running coroutine")
	case CoroReady:
		target.State = CoroCancelled
		t.vm.releaseStack(target)
		return Unit, nil
	}
	if target.parked || target.Job != nil {
		return 0, Errorf(KindCoroutineError, "cannot close a scheduled or waiting coroutine; cancel its job")
	}
	sig := t.alloc(KError, &ErrorObj{Kind: KindCancellation, Message: "coroutine closed", closing: true})
	target.x().pendingErr = sig
	target.ext.closing = true
	if err := t.resume(target, Unit, resumeValue); err != nil {
		return 0, err
	}
	return 0, errSwitch
}

// ErrSwitch is errSwitch for natives in other packages.
var ErrSwitch = errSwitch
