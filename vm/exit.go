package vm

import "unsafe"

// The exit loop: the one place that decides what happens when an engine
// leaves straight-line execution. The three drivers (the main run loop,
// the Default/IO workers and the debugger's controller) all run
// coroutines through it (executeSafely, run.go).
//
// The interpreter is written in Go, so it does the common exits in
// place, calling the same runtime functions the handlers below call
// (t.yield, t.resume, callNativeAt, growStack through step): returning to
// this loop on every switch and native call costs a measurable share of
// a generator's round trip. It returns here for the rare ones: no
// coroutine left (ExitDone), a pending error (ExitThrow), a spent budget
// (ExitCheckpoint) and a debugger trap (ExitTrap).

// execute runs coroutines on this thread until none is current.
func (t *Thread) execute() {
	vm := t.vm
	for t.co != nil {
		e := vm.engine
		if c := vm.Hooks.ctl; c != nil && c.trapMode != trapOff {
			// traps are written into the bytecode: only the
			// interpreter sees them
			e = Interpreter
		}
		co := t.co
		if co.pendingErr() != 0 {
			t.ctx.PC, t.ctx.Base = int64(co.pc), int64(co.base)
			t.exit(ExitThrow)
			continue
		}
		t.ctx.enter(vm, co)
		t.exit(e.Run(t))
	}
}

// exit carries out what an engine's exit asks for; the engine left the
// running coroutine's position in the context.
func (t *Thread) exit(x Exit) {
	co := t.co
	if co == nil || x == ExitDone {
		return
	}
	co.pc, co.base = int32(t.ctx.PC), int32(t.ctx.Base)
	switch x {
	case ExitCheckpoint:
		t.checkpoint()
	case ExitTrap:
		t.trap(co)
	case ExitThrow:
		if e := co.pendingErr(); e != 0 {
			co.ext.pendingErr = 0
			t.throw(co, int(co.base), int(co.pc), e)
			return
		}
		t.stepAt(co)
	default:
		// yield, resume, a native call, a call that needs more stack, an
		// instruction the engine does not compile: the interpreter's step
		// runs it, with every runtime decision it implies
		t.stepAt(co)
	}
}

// stepAt runs the instruction at co's pc in the interpreter's step.
func (t *Thread) stepAt(co *Coroutine) {
	var fs frameState
	fs.budget = int(t.ctx.Budget)
	pc := fs.load(t, co)
	ins := *(*Instr)(unsafe.Add(fs.cp, uintptr(pc)*8))
	fs.pc = pc + 1
	reload := t.step(&fs, ins)
	t.ctx.Budget = int64(fs.budget)
	if x := t.exitReq; x != ExitDone {
		t.exitReq = ExitDone
		t.ctx.PC, t.ctx.Base = int64(co.pc), int64(co.base)
		t.exit(x)
		return
	}
	if !reload {
		co.pc, co.base = int32(fs.pc), int32(fs.base)
	}
}

// load points fs at co's innermost frame and returns its pc: the one
// place a coroutine's frame is loaded (the interpreter's reload, stepAt).
func (fs *frameState) load(t *Thread, co *Coroutine) int {
	vm := t.vm
	t.ctx.enter(vm, co)
	fs.co = co
	fs.protos = vm.Protos
	fs.stackLen = int(t.ctx.StackLimit)
	fs.sp = co.sp
	fs.base = int(t.ctx.Base)
	fs.setFn(vm.heap, *reg(fs.sp, fs.base+hdrFn))
	fs.kp = unsafe.Pointer(unsafe.SliceData(fs.fn.Consts))
	fs.cp = unsafe.Pointer(unsafe.SliceData(fs.fn.Code))
	fs.rp = unsafe.Add(fs.sp, (fs.base+FrameHeader)*8)
	return int(t.ctx.PC)
}

// setFn sets fs's function and cells from fv, the function in the header
// of the frame fs enters (small enough to inline into the interpreter's
// return, where fs is the loop's own stack variable).
func (fs *frameState) setFn(heap *Heap, fv Value) {
	if fv.IsFunc() {
		fs.fn, fs.upv = fs.protos[fv.FuncIndex()], nil
	} else {
		cl := heap.get(fv.Handle()).(*Closure)
		fs.fn, fs.upv = cl.Proto, cl.Cells
	}
}

// pushFrame writes the header of a callee's frame at hp (the call
// window): the callee, the return address (pc and base in the caller) and
// a fresh frame generation. The one frame push (calls inline and in step,
// and a coroutine's entry frame).
func pushFrame(hp unsafe.Pointer, callee Value, retPC, callerBase int, gen uint64) {
	*(*Value)(hp) = callee
	*(*Value)(unsafe.Add(hp, 8)) = Value(uint64(retPC)<<32 | uint64(callerBase))
	*(*Value)(unsafe.Add(hp, 16)) = frameMark(gen)
}

// popFrame ends the frame whose header is at hp, leaving its value v in
// the callee slot for the caller, and returns the return address (see
// retPC, retBase): the one frame pop.
func popFrame(hp unsafe.Pointer, v Value) uint64 {
	ret := uint64(*(*Value)(unsafe.Add(hp, 8)))
	*(*Value)(unsafe.Add(hp, 16)) = 0
	*(*Value)(hp) = v
	return ret
}
