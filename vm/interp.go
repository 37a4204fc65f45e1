package vm

import (
	"math"
	"unsafe"
)

// frameState is the interpreter's state that is not needed on every
// instruction. It lives in memory on purpose: kept as separate locals,
// Go's register allocator spills all of them at the dispatch loop's head
// on every instruction; in a struct they are loaded only where used, and
// only pc and the code and register pointers stay in machine registers.
type frameState struct {
	co       *Coroutine
	fn       *Proto
	upv      []Value
	kp       unsafe.Pointer // constants of fn
	sp       unsafe.Pointer // the coroutine's stack
	stackLen int
	base     int
	protos   []*Proto
	budget   int
	// where execution continues, handed between execute and step
	cp, rp unsafe.Pointer // code of fn; registers of the frame
	pc     int
	ins    Instr // the instruction in progress, kept across a call
}

// reg returns a pointer to register i of the frame whose registers start at rp.
func reg(rp unsafe.Pointer, i int) *Value { return (*Value)(unsafe.Add(rp, uintptr(i)*8)) }

// regSlice returns registers i..i+n-1 as a slice.
func regSlice(rp unsafe.Pointer, i, n int) []Value { return unsafe.Slice(reg(rp, i), n) }

// execute runs coroutines on this thread until none is current: the
// running chain finished or parked. Resume and yield between hand-driven
// coroutines switch t.co and reload the loop's state; script-to-script
// calls never recurse in Go.
//
// Code, constants and registers are read through raw pointers: the
// verifier (verify.go) has proved every operand of every instruction in
// range, and a call checks that the stack has room for the callee's
// registers before it builds the frame.
//
// The loop runs the common case of the hot instructions inline and hands
// everything else to step (interp_slow.go), the one place that calls out.
// That keeps pc, the code pointer and the register pointer in machine
// registers: Go's register allocator spills a value live across any call
// at the point that dominates its reloads, which, with calls scattered
// over many cases, is the top of the loop (a store per value per
// instruction). Here nothing is live across a call: before step the loop
// stores pc, cp and rp in fs, and after it reloads them from fs.
func (t *Thread) execute() {
	vm := t.vm
	heap := vm.heap
	var fs frameState
	fs.budget = t.budget
	defer func() { t.budget = fs.budget }()
reload:
	for t.co != nil {
		// load the innermost frame of the running coroutine (written out
		// here: fs is this function's stack variable, so storing pointers
		// in it needs no write barrier, unlike stores through a pointer)
		fs.co = t.co
		if e := fs.co.pendingErr(); e != 0 {
			fs.co.ext.pendingErr = 0
			t.throw(fs.co, int(fs.co.base), int(fs.co.pc), e)
			continue reload
		}
		fs.protos = vm.Protos
		fs.stackLen = int(fs.co.slots)
		if vm.profile != nil {
			fs.stackLen = vm.peakLimit(fs.co)
		}
		fs.sp = fs.co.sp
		fs.base = int(fs.co.base)
		if fv := *reg(fs.sp, fs.base+hdrFn); fv.IsFunc() {
			fs.fn, fs.upv = fs.protos[fv.FuncIndex()], nil
		} else {
			cl := heap.get(fv.Handle()).(*Closure)
			fs.fn, fs.upv = cl.Proto, cl.Cells
		}
		cp := unsafe.Pointer(unsafe.SliceData(fs.fn.Code))
		fs.kp = unsafe.Pointer(unsafe.SliceData(fs.fn.Consts))
		rp := unsafe.Add(fs.sp, (fs.base+FrameHeader)*8)
		pc := int(fs.co.pc)
		for {
			ins := *(*Instr)(unsafe.Add(cp, uintptr(pc)*8))
			pc++
			switch ins.Op() {
			case OpNop:
				continue
			case OpMove, OpMoveResult:
				*reg(rp, ins.A()) = *reg(rp, ins.B())
				continue
			case OpLoadK:
				*reg(rp, ins.A()) = *reg(fs.kp, ins.Bx())
				continue
			case OpLoadI:
				*reg(rp, ins.A()) = SmallInt(int64(ins.SBx()))
				continue
			case OpLoadUnit:
				*reg(rp, ins.A()) = Unit
				continue
			case OpLoadTrue:
				*reg(rp, ins.A()) = True
				continue
			case OpLoadFalse:
				*reg(rp, ins.A()) = False
				continue
			case OpLoadNone:
				*reg(rp, ins.A()) = None
				continue
			case OpLoadFn:
				*reg(rp, ins.A()) = FuncValue(ins.Bx())
				continue
			case OpGetGlobal:
				*reg(rp, ins.A()) = loadValue(&vm.Globals[ins.Bx()])
				continue
			case OpSetGlobal:
				storeValue(&vm.Globals[ins.Bx()], *reg(rp, ins.A()))
				continue
			case OpGetUpv:
				*reg(rp, ins.A()) = loadValue(&heap.get(fs.upv[ins.B()].Handle()).(*Cell).V)
				continue
			case OpSetUpv:
				storeValue(&heap.get(fs.upv[ins.B()].Handle()).(*Cell).V, *reg(rp, ins.A()))
				continue
			case OpGetUpvCell:
				*reg(rp, ins.A()) = fs.upv[ins.B()]
				continue
			case OpGetCell:
				*reg(rp, ins.A()) = loadValue(&heap.get(reg(rp, ins.B()).Handle()).(*Cell).V)
				continue
			case OpSetCell:
				storeValue(&heap.get(reg(rp, ins.A()).Handle()).(*Cell).V, *reg(rp, ins.B()))
				continue

			case OpAdd:
				x, y := *reg(rp, ins.B()), *reg(rp, ins.C())
				if x.IsSmallInt() && y.IsSmallInt() {
					if r := x.Int() + y.Int(); FitsSmall(r) {
						*reg(rp, ins.A()) = SmallInt(r)
						continue
					}
				} else if x.IsFloat() && y.IsFloat() {
					*reg(rp, ins.A()) = Value(math.Float64bits(x.Float() + y.Float()))
					continue
				}
			case OpSub:
				x, y := *reg(rp, ins.B()), *reg(rp, ins.C())
				if x.IsSmallInt() && y.IsSmallInt() {
					if r := x.Int() - y.Int(); FitsSmall(r) {
						*reg(rp, ins.A()) = SmallInt(r)
						continue
					}
				} else if x.IsFloat() && y.IsFloat() {
					*reg(rp, ins.A()) = Value(math.Float64bits(x.Float() - y.Float()))
					continue
				}
			case OpMul:
				x, y := *reg(rp, ins.B()), *reg(rp, ins.C())
				if x.IsSmallInt() && y.IsSmallInt() {
					xi, yi := x.Int(), y.Int()
					if xi > -1<<31 && xi < 1<<31 && yi > -1<<31 && yi < 1<<31 {
						if r := xi * yi; FitsSmall(r) {
							*reg(rp, ins.A()) = SmallInt(r)
							continue
						}
					}
				} else if x.IsFloat() && y.IsFloat() {
					*reg(rp, ins.A()) = Value(math.Float64bits(x.Float() * y.Float()))
					continue
				}
			case OpDiv:
				x, y := *reg(rp, ins.B()), *reg(rp, ins.C())
				if x.IsSmallInt() && y.IsSmallInt() && y.Int() != 0 {
					// -2^47 / -1 is 2^47, one past the inline range
					if r := x.Int() / y.Int(); FitsSmall(r) {
						*reg(rp, ins.A()) = SmallInt(r)
						continue
					}
				}
			case OpMod:
				x, y := *reg(rp, ins.B()), *reg(rp, ins.C())
				if x.IsSmallInt() && y.IsSmallInt() && y.Int() != 0 {
					*reg(rp, ins.A()) = SmallInt(x.Int() % y.Int())
					continue
				}
			case OpAddK:
				x, y := *reg(rp, ins.B()), *reg(fs.kp, ins.C())
				if x.IsSmallInt() && y.IsSmallInt() {
					if r := x.Int() + y.Int(); FitsSmall(r) {
						*reg(rp, ins.A()) = SmallInt(r)
						continue
					}
				}
			case OpSubK:
				x, y := *reg(rp, ins.B()), *reg(fs.kp, ins.C())
				if x.IsSmallInt() && y.IsSmallInt() {
					if r := x.Int() - y.Int(); FitsSmall(r) {
						*reg(rp, ins.A()) = SmallInt(r)
						continue
					}
				}
			case OpModK:
				x, y := *reg(rp, ins.B()), *reg(fs.kp, ins.C())
				if x.IsSmallInt() && y.IsSmallInt() && y.Int() != 0 {
					*reg(rp, ins.A()) = SmallInt(x.Int() % y.Int())
					continue
				}
			case OpAddI:
				if x := *reg(rp, ins.B()); x.IsSmallInt() {
					if r := x.Int() + int64(ins.SC()); FitsSmall(r) {
						*reg(rp, ins.A()) = SmallInt(r)
						continue
					}
				}
			case OpMulI:
				if x := *reg(rp, ins.B()); x.IsSmallInt() {
					if xi := x.Int(); xi > -1<<31 && xi < 1<<31 {
						if r := xi * int64(ins.SC()); FitsSmall(r) {
							*reg(rp, ins.A()) = SmallInt(r)
							continue
						}
					}
				}
			case OpDivI:
				if x := *reg(rp, ins.B()); x.IsSmallInt() {
					if r := x.Int() / int64(ins.SC()); FitsSmall(r) {
						*reg(rp, ins.A()) = SmallInt(r)
						continue
					}
				}
			case OpModI:
				if x := *reg(rp, ins.B()); x.IsSmallInt() {
					*reg(rp, ins.A()) = SmallInt(x.Int() % int64(ins.SC()))
					continue
				}
			case OpNot:
				switch *reg(rp, ins.B()) {
				case True:
					*reg(rp, ins.A()) = False
					continue
				case False:
					*reg(rp, ins.A()) = True
					continue
				}
			case OpEq, OpNe:
				if x, y := *reg(rp, ins.B()), *reg(rp, ins.C()); x.IsSmallInt() && y.IsSmallInt() {
					*reg(rp, ins.A()) = Bool((x == y) == (ins.Op() == OpEq))
					continue
				}
			case OpLt:
				if x, y := *reg(rp, ins.B()), *reg(rp, ins.C()); x.IsSmallInt() && y.IsSmallInt() {
					*reg(rp, ins.A()) = Bool(x.Int() < y.Int())
					continue
				}
			case OpLe:
				if x, y := *reg(rp, ins.B()), *reg(rp, ins.C()); x.IsSmallInt() && y.IsSmallInt() {
					*reg(rp, ins.A()) = Bool(x.Int() <= y.Int())
					continue
				}

			case OpJmp:
				off := ins.SBx()
				if off >= 0 {
					pc += off
					continue
				}
				if fs.budget > 1 {
					fs.budget--
					pc += off
					continue
				}
			case OpJTrue, OpJFalse:
				x := *reg(rp, ins.A())
				if x == True || x == False {
					if (x == True) == (ins.Op() == OpJTrue) {
						pc += ins.SBx()
					}
					continue
				}
			case OpJLt, OpJNLt:
				if x, y := *reg(rp, ins.A()), *reg(rp, ins.B()); x.IsSmallInt() && y.IsSmallInt() {
					if (x.Int() < y.Int()) == (ins.Op() == OpJLt) {
						pc += ins.SJ()
					}
					continue
				}
			case OpJLe, OpJNLe:
				if x, y := *reg(rp, ins.A()), *reg(rp, ins.B()); x.IsSmallInt() && y.IsSmallInt() {
					if (x.Int() <= y.Int()) == (ins.Op() == OpJLe) {
						pc += ins.SJ()
					}
					continue
				}
			case OpJEq, OpJNEq:
				if x, y := *reg(rp, ins.A()), *reg(rp, ins.B()); x.IsSmallInt() && y.IsSmallInt() {
					if (x == y) == (ins.Op() == OpJEq) {
						pc += ins.SJ()
					}
					continue
				}
			case OpJLtI, OpJNLtI:
				if x := *reg(rp, ins.A()); x.IsSmallInt() {
					if (x.Int() < int64(ins.SB())) == (ins.Op() == OpJLtI) {
						pc += ins.SJ()
					}
					continue
				}
			case OpJLeI, OpJNLeI:
				if x := *reg(rp, ins.A()); x.IsSmallInt() {
					if (x.Int() <= int64(ins.SB())) == (ins.Op() == OpJLeI) {
						pc += ins.SJ()
					}
					continue
				}
			case OpJGtI, OpJNGtI:
				if x := *reg(rp, ins.A()); x.IsSmallInt() {
					if (x.Int() > int64(ins.SB())) == (ins.Op() == OpJGtI) {
						pc += ins.SJ()
					}
					continue
				}
			case OpJGeI, OpJNGeI:
				if x := *reg(rp, ins.A()); x.IsSmallInt() {
					if (x.Int() >= int64(ins.SB())) == (ins.Op() == OpJGeI) {
						pc += ins.SJ()
					}
					continue
				}
			case OpJEqI, OpJNEqI:
				if x := *reg(rp, ins.A()); x.IsSmallInt() {
					if (x.Int() == int64(ins.SB())) == (ins.Op() == OpJEqI) {
						pc += ins.SJ()
					}
					continue
				}
			case OpForLoop:
				r := regSlice(rp, ins.A(), 4)
				i, end, step := r[0], r[1], r[2]
				if i.IsSmallInt() && end.IsSmallInt() && step.IsSmallInt() && fs.budget > 1 {
					fs.budget--
					// 48-bit values: the sum cannot overflow
					if n := i.Int() + step.Int(); n < end.Int() || (n == end.Int() && ins.B() == 1) {
						r[0] = SmallInt(n)
						r[3] = SmallInt(n)
						pc += ins.SJ()
					}
					continue
				}
			case OpIterNext:
				it := heap.get(reg(rp, ins.A()).Handle()).(*IterObj)
				if it.vec != nil && !objectLocking.Load() {
					if items := it.vec.items; it.pos < len(items) {
						*reg(rp, ins.B()) = items[it.pos]
						it.pos++
					} else {
						pc += ins.SJ()
					}
					continue
				}
				if it.kind == itCoro && fs.budget > 1 && !vm.parallel.Load() {
					// for v in co: resume it; its yield stores v in the
					// loop variable, its completion jumps out (finished)
					if target := it.co; target.State == CoroSuspended || target.State == CoroReady {
						fs.budget--
						co := fs.co
						co.pc, co.base = int32(pc), int32(fs.base)
						co.resumeSlot = int32(fs.base + FrameHeader + ins.B())
						// (nothing of the loop's state is used after a call:
						// see the comment on execute)
						if err := t.resume(target, Unit, resumeIter); err != nil {
							t.fail(co, int(co.base), int(co.pc), err)
						}
						continue reload
					}
				}

			case OpCallK:
				a := ins.A()
				callee := fs.protos[ins.C()]
				nb := fs.base + FrameHeader + a
				if nb+FrameHeader+callee.NumRegs <= fs.stackLen && fs.budget > 1 {
					fs.budget--
					hp := unsafe.Add(rp, a*8)
					*(*Value)(hp) = FuncValue(callee.Index)
					*(*Value)(unsafe.Add(hp, 8)) = Value(uint64(pc)<<32 | uint64(fs.base))
					t.gen++
					*(*Value)(unsafe.Add(hp, 16)) = frameMark(t.gen)
					fs.base = nb
					rp = unsafe.Add(hp, FrameHeader*8)
					fs.fn, fs.upv = callee, nil
					cp = unsafe.Pointer(unsafe.SliceData(callee.Code))
					fs.kp = unsafe.Pointer(unsafe.SliceData(callee.Consts))
					pc = 0
					continue
				}
			case OpResume:
				// `c.resume(..)` on a coroutine: no method lookup; other
				// receivers take CALLM's way (step)
				a := ins.A()
				if recv := *reg(rp, a+FrameHeader); recv.Kind() == KCoroutine && ins.B() <= 2 && !vm.parallel.Load() {
					fs.pc, fs.cp, fs.rp = pc, cp, rp
					t.resumeHand(&fs, a, ins.B(), heap.get(recv.Handle()).(*Coroutine))
					continue reload
				}
			case OpCall, OpCallM:
				a := ins.A()
				var callee Value
				if ins.Op() == OpCall {
					callee = *reg(rp, a)
				} else {
					// a method found in the call site's cache (instances
					// by class, other values by kind); anything else
					// resolves in step
					recv := *reg(rp, a+FrameHeader)
					var key uintptr
					switch k := recv.Kind(); {
					case pc-1 >= len(fs.fn.icache):
						break
					case k == KInstance:
						key = uintptr(unsafe.Pointer(heap.get(recv.Handle()).(*Instance).Class))
					case recv.IsObj() && k != KUnion && k != KNarrow && k != KBigInt && k != KRef:
						key = uintptr(k) + 1
					}
					if key == 0 {
						break
					}
					tb := fs.fn.icache[pc-1].methods.Load()
					if tb == nil {
						break
					}
					found := false
					for i := 0; i < tb.n; i++ {
						if tb.keys[i] == key {
							callee, found = tb.targets[i], true
							break
						}
					}
					if !found {
						break
					}
					*reg(rp, a) = callee
				}
				var p *Proto
				var cells []Value
				if callee.IsFunc() {
					p = fs.protos[callee.FuncIndex()]
				} else if callee.Kind() == KClosure {
					cl := heap.get(callee.Handle()).(*Closure)
					p, cells = cl.Proto, cl.Cells
				} else if callee.IsNative() {
					fs.pc, fs.cp, fs.rp = pc, cp, rp
					if callee.NativeIndex() == vm.resumeNative && !vm.parallel.Load() {
						if t.resumeAt(&fs, a, ins.B()) {
							continue reload
						}
					} else if t.callNativeAt(&fs, vm.Natives[callee.NativeIndex()], a, ins.B()) {
						continue reload
					}
					pc, cp, rp = fs.pc, fs.cp, fs.rp
					continue
				} else {
					break
				}
				nb := fs.base + FrameHeader + a
				if ins.B() != p.NumParams || nb+FrameHeader+p.NumRegs > fs.stackLen || fs.budget <= 1 {
					break
				}
				fs.budget--
				hp := unsafe.Add(rp, a*8)
				*(*Value)(hp) = callee
				*(*Value)(unsafe.Add(hp, 8)) = Value(uint64(pc)<<32 | uint64(fs.base))
				t.gen++
				*(*Value)(unsafe.Add(hp, 16)) = frameMark(t.gen)
				fs.base = nb
				rp = unsafe.Add(hp, FrameHeader*8)
				fs.fn, fs.upv = p, cells
				cp = unsafe.Pointer(unsafe.SliceData(p.Code))
				fs.kp = unsafe.Pointer(unsafe.SliceData(p.Consts))
				pc = 0
				continue
			case OpCallN:
				fs.pc, fs.cp, fs.rp = pc, cp, rp
				if t.callNativeAt(&fs, vm.Natives[ins.C()], ins.A(), ins.B()) {
					continue reload
				}
				pc, cp, rp = fs.pc, fs.cp, fs.rp
				continue
			case OpYield:
				co := fs.co
				co.pc, co.base = int32(pc), int32(fs.base)
				co.resumeSlot, co.resumeMode = int32(fs.base+FrameHeader+ins.A()), resumeValue
				v := *reg(rp, ins.B())
				if r := co.resumer; r != nil && (r.resumeMode == resumeResult || r.resumeMode == resumeIter) &&
					!vm.parallel.Load() && vm.Hooks.Yielded == nil {
					// back to the coroutine that resumed this one by hand,
					// which gets CoroResult::Yield(v), or v in a for loop
					// (t.yield in short)
					co.State = CoroSuspended
					co.resumer = nil
					t.co = r
					if r.resumeMode == resumeIter {
						r.stk()[int(r.resumeSlot)] = v
					} else {
						r.stk()[int(r.resumeSlot)] = t.resultFor(r, vm.YieldV, v)
					}
					continue reload
				}
				if err := t.yield(co, v); err != nil {
					t.fail(co, int(co.base), int(co.pc), err)
				}
				continue reload
			case OpRet, OpRetUnit:
				hp := unsafe.Add(rp, -FrameHeader*8)
				ret := uint64(*(*Value)(unsafe.Add(hp, 8)))
				cb := uint32(ret)
				v := Unit
				if ins.Op() == OpRet {
					v = *reg(rp, ins.A())
				}
				*(*Value)(unsafe.Add(hp, 16)) = 0
				*(*Value)(hp) = v
				if cb == entryFrame {
					// the coroutine completes
					fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
					t.returned(fs.co, v)
					continue reload
				}
				pc = int(ret >> 32)
				fs.base = int(cb)
				rp = unsafe.Add(fs.sp, (fs.base+FrameHeader)*8)
				if fv := *reg(fs.sp, fs.base+hdrFn); fv.IsFunc() {
					fs.fn, fs.upv = fs.protos[fv.FuncIndex()], nil
				} else {
					cl := heap.get(fv.Handle()).(*Closure)
					fs.fn, fs.upv = cl.Proto, cl.Cells
				}
				cp = unsafe.Pointer(unsafe.SliceData(fs.fn.Code))
				fs.kp = unsafe.Pointer(unsafe.SliceData(fs.fn.Consts))
				continue

			case OpGetField:
				recv := *reg(rp, ins.B())
				if pc-1 >= len(fs.fn.icache) {
					break
				}
				if recv.Kind() == KRef {
					// through a reference (`&x`): follow it outside the
					// loop (see execute's comment), then the field caches
					// apply to what it points to
					fs.pc, fs.cp, fs.rp, fs.ins = pc, cp, rp, ins
					v, ok := vm.derefLocal(recv)
					pc, cp, rp, ins = fs.pc, fs.cp, fs.rp, fs.ins
					if !ok {
						break
					}
					recv = v
				}
				if k := recv.Kind(); k == KInstance {
					inst := heap.get(recv.Handle()).(*Instance)
					if i, ok := fs.fn.icache[pc-1].cachedField(inst.Class); ok {
						*reg(rp, ins.A()) = loadValue(&inst.Fields[i])
						continue
					}
				} else if e := fs.fn.icache[pc-1].narrowed.Load(); k == KNarrow && e != nil {
					n := heap.get(recv.Handle()).(*NarrowObj)
					if inst := heap.get(n.Target.Handle()).(*Instance); inst.Class == e.class && n.Mask == e.mask {
						*reg(rp, ins.A()) = loadValue(&inst.Fields[e.index])
						continue
					}
				}
			case OpSetField:
				recv := *reg(rp, ins.A())
				if pc-1 >= len(fs.fn.icache) {
					break
				}
				if recv.Kind() == KRef {
					fs.pc, fs.cp, fs.rp, fs.ins = pc, cp, rp, ins
					v, ok := vm.derefLocal(recv)
					pc, cp, rp, ins = fs.pc, fs.cp, fs.rp, fs.ins
					if !ok {
						break
					}
					recv = v
				}
				if k := recv.Kind(); k == KInstance {
					inst := heap.get(recv.Handle()).(*Instance)
					if i, ok := fs.fn.icache[pc-1].cachedField(inst.Class); ok {
						storeValue(&inst.Fields[i], *reg(rp, ins.C()))
						continue
					}
				} else if e := fs.fn.icache[pc-1].narrowed.Load(); k == KNarrow && e != nil {
					n := heap.get(recv.Handle()).(*NarrowObj)
					if inst := heap.get(n.Target.Handle()).(*Instance); inst.Class == e.class && n.Mask == e.mask {
						storeValue(&inst.Fields[e.index], *reg(rp, ins.C()))
						continue
					}
				}
			case OpGetIndex:
				x, i := *reg(rp, ins.B()), *reg(rp, ins.C())
				if x.Kind() == KVec && i.IsSmallInt() && !objectLocking.Load() {
					if items := heap.get(x.Handle()).(*VecObj).items; uint64(i.Int()) < uint64(len(items)) {
						*reg(rp, ins.A()) = items[i.Int()]
						continue
					}
				}
			case OpSetIndex:
				x, i := *reg(rp, ins.A()), *reg(rp, ins.B())
				if x.Kind() == KVec && i.IsSmallInt() && !objectLocking.Load() {
					if items := heap.get(x.Handle()).(*VecObj).items; uint64(i.Int()) < uint64(len(items)) {
						items[i.Int()] = *reg(rp, ins.C())
						continue
					}
				}
			case OpJNVariant:
				x := *reg(rp, ins.A())
				if x.Kind() != KUnion || heap.get(x.Handle()).(*UnionObj).Variant.ID != ins.B() {
					pc += ins.SJ()
				}
				continue
			case OpGetPayload:
				*reg(rp, ins.A()) = heap.get(reg(rp, ins.B()).Handle()).(*UnionObj).Fields[ins.C()]
				continue
			case OpUnwrap:
				*reg(rp, ins.A()) = heap.get(reg(rp, ins.B()).Handle()).(*UnionObj).Fields[0]
				continue
			}
			// the general case, in step
			fs.pc, fs.cp, fs.rp = pc, cp, rp
			if t.step(&fs, ins) {
				continue reload
			}
			pc, cp, rp = fs.pc, fs.cp, fs.rp
		}
	}
}

// resumeAt runs co.resume() / co.resume(v) for the call instruction
// before fs.pc (window at register a) as the resume native would, minus
// the native call's machinery: the hot half of a generator's round trip.
// Single-threaded only (the native takes the runtime lock).
func (t *Thread) resumeAt(fs *frameState, a, nargs int) bool {
	recv := *reg(fs.rp, a+FrameHeader)
	if recv.Kind() != KCoroutine || nargs > 2 {
		return t.callNativeAt(fs, t.vm.Natives[t.vm.resumeNative], a, nargs)
	}
	target := t.vm.heap.get(recv.Handle()).(*Coroutine)
	v := Unit
	if nargs == 2 {
		v = *reg(fs.rp, a+FrameHeader+1)
	}
	co := fs.co
	co.pc, co.base = int32(fs.pc), int32(fs.base)
	co.resumeSlot = int32(fs.base + FrameHeader + a)
	if err := t.resume(target, v, resumeResult); err != nil {
		t.fail(co, fs.base, fs.pc, err)
		return true
	}
	if ins := fs.fn.Code[fs.pc]; ins.Op() == OpMoveResult && ins.B() == a {
		t.reuseFor, t.reuseSlot = co, int32(fs.base+FrameHeader+ins.A())
	}
	return true
}

// resumeHand is resumeAt for RESUME on a coroutine: a suspended target
// that nothing else schedules is switched to right here; everything else
// (a first run, errors, hooks) goes through t.resume.
func (t *Thread) resumeHand(fs *frameState, a, nargs int, target *Coroutine) {
	co := fs.co
	co.pc, co.base = int32(fs.pc), int32(fs.base)
	co.resumeSlot = int32(fs.base + FrameHeader + a)
	v := Unit
	if nargs == 2 {
		v = *reg(fs.rp, a+FrameHeader+1)
	}
	if target.State == CoroSuspended && !target.parked && target.Job == nil && t.vm.Hooks.Resumed == nil {
		*reg(target.sp, int(target.resumeSlot)) = v
		target.resumer = co
		co.resumeMode = resumeResult
		target.State = CoroRunning
		t.co = target
	} else if err := t.resume(target, v, resumeResult); err != nil {
		t.fail(co, fs.base, fs.pc, err)
		return
	}
	t.reuseFor = nil
	if ins := *(*Instr)(unsafe.Add(fs.cp, uintptr(fs.pc)*8)); ins.Op() == OpMoveResult && ins.B() == a {
		t.reuseFor, t.reuseSlot = co, int32(fs.base+FrameHeader+ins.A())
	}
}

// resultFor is the CoroResult variant(v) (Yield, Complete or Error) that
// a hand-driven resume by r returns. When r's resume call is followed by
// the MOVERES that takes its result (resumeHand noted it: the compiler
// proved the register private, compiler/resumeresult.go) and that register
// still holds the union this thread made for the previous such delivery,
// that union is rewritten in place: the round trip allocates nothing.
func (t *Thread) resultFor(r *Coroutine, variant *Variant, v Value) Value {
	if r != t.reuseFor {
		return t.newUnion1(variant, v)
	}
	t.reuseFor = nil
	old := *reg(r.sp, int(t.reuseSlot))
	if u := t.resultObj; u != nil && old == t.result && t.resultGC == t.vm.heap.collections {
		if u.Variant != variant {
			u.Variant = variant
		}
		u.field[0] = v
		return old
	}
	val, obj := t.newUnion1Obj(variant, v)
	t.result, t.resultObj, t.resultGC = val, obj, t.vm.heap.collections
	return val
}

// callNativeAt calls native n for the call instruction before fs.pc, whose
// argument window starts at register a + FrameHeader and whose result goes
// to register a. It reports whether execute must reload (the native
// switched coroutines or raised an error).
func (t *Thread) callNativeAt(fs *frameState, n *Native, a, nargs int) bool {
	co := fs.co
	co.pc, co.base = int32(fs.pc), int32(fs.base)
	co.resumeSlot, co.resumeMode = int32(fs.base+FrameHeader+a), resumeValue
	v, err := t.callNative(n, regSlice(fs.rp, a+FrameHeader, nargs))
	if err != nil {
		if err != errSwitch {
			t.fail(co, fs.base, fs.pc, err)
		}
		return true
	}
	*reg(fs.rp, a) = v
	return false
}

// jumpImm is the slow path of a compare-with-immediate jump (the operand
// is not an inline int). It reports false when it raised an error.
func (t *Thread) jumpImm(co *Coroutine, base int, pc *int, ins Instr, x Value) bool {
	r, err := t.compareImm(ins.Op(), x, int64(ins.SB()))
	if err != nil {
		t.fail(co, base, *pc, err)
		return false
	}
	switch ins.Op() {
	case OpJLtI, OpJLeI, OpJGtI, OpJGeI, OpJEqI:
	default:
		r = !r
	}
	if r {
		*pc += ins.SJ()
	}
	return true
}

// fail raises err in co at (base, pc).
func (t *Thread) fail(co *Coroutine, base, pc int, err error) {
	co.pc, co.base = int32(pc), int32(base)
	t.throw(co, base, pc, t.errorValue(err, co, base, pc))
}

// cache returns the inline cache entry of the instruction at pc.
func (p *Proto) cache(pc int) *inlineCache {
	if p.icache == nil {
		p.icache = make([]inlineCache, len(p.Code))
	}
	return &p.icache[pc]
}

// fastArith is the inline-int and float fast path of the arithmetic
// operators (op is OpAdd..OpMod); false sends the operands to t.arith.
func fastArith(op Opcode, x, y Value) (Value, bool) {
	if x.IsSmallInt() && y.IsSmallInt() {
		xi, yi := x.Int(), y.Int()
		var r int64
		switch op {
		case OpAdd:
			r = xi + yi
		case OpSub:
			r = xi - yi
		case OpMul:
			if xi <= -1<<31 || xi >= 1<<31 || yi <= -1<<31 || yi >= 1<<31 {
				return 0, false
			}
			r = xi * yi
		case OpDiv:
			if yi == 0 {
				return 0, false
			}
			r = xi / yi
		default:
			if yi == 0 {
				return 0, false
			}
			r = xi % yi
		}
		if !FitsSmall(r) {
			return 0, false
		}
		return SmallInt(r), true
	}
	if x.IsFloat() && y.IsFloat() {
		var r float64
		switch op {
		case OpAdd:
			r = x.Float() + y.Float()
		case OpSub:
			r = x.Float() - y.Float()
		case OpMul:
			r = x.Float() * y.Float()
		default:
			return 0, false // division and modulo: t.arith handles zero and sign rules
		}
		return Value(math.Float64bits(r)), true
	}
	return 0, false
}
