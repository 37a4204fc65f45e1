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
}

// reg returns a pointer to register i of the frame whose registers start at rp.
func reg(rp unsafe.Pointer, i int) *Value { return (*Value)(unsafe.Add(rp, uintptr(i)*8)) }

// regSlice returns registers i..i+n-1 as a slice.
func regSlice(rp unsafe.Pointer, i, n int) []Value { return unsafe.Slice(reg(rp, i), n) }

// execute runs coroutines on this thread until none is current: the
// running chain finished or parked. Resume and yield between hand-driven
// coroutines switch t.co and reload the loop's locals; script-to-script
// calls never recurse in Go.
//
// Code, constants and registers are read through raw pointers: the
// verifier (verify.go) has proved every operand of every instruction in
// range, and a call checks that the stack has room for the callee's
// registers before it builds the frame.
func (t *Thread) execute() {
	vm := t.vm
	heap := vm.heap
	var fs frameState
	fs.budget = t.budget
	defer func() { t.budget = fs.budget }()
reload:
	for t.co != nil {
		fs.co = t.co
		if e := fs.co.pendingErr(); e != 0 {
			fs.co.ext.pendingErr = 0
			t.throw(fs.co, int(fs.co.base), int(fs.co.pc), e)
			continue reload
		}
		fs.protos = vm.Protos
		fs.stackLen = vm.peakLimit(fs.co)
		fs.sp = fs.co.sp
		fs.base = int(fs.co.base)
		if fv := *reg(fs.sp, fs.base+hdrFn); fv.IsFunc() {
			fs.fn = fs.protos[fv.FuncIndex()]
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
			case OpMove:
				*reg(rp, ins.A()) = *reg(rp, ins.B())
			case OpLoadK:
				*reg(rp, ins.A()) = *reg(fs.kp, ins.Bx())
			case OpLoadI:
				*reg(rp, ins.A()) = SmallInt(int64(ins.SBx()))
			case OpLoadUnit:
				*reg(rp, ins.A()) = Unit
			case OpLoadTrue:
				*reg(rp, ins.A()) = True
			case OpLoadFalse:
				*reg(rp, ins.A()) = False
			case OpLoadNone:
				*reg(rp, ins.A()) = None
			case OpLoadFn:
				*reg(rp, ins.A()) = FuncValue(ins.Bx())
			case OpGetGlobal:
				*reg(rp, ins.A()) = vm.Globals[ins.Bx()]
			case OpSetGlobal:
				vm.Globals[ins.Bx()] = *reg(rp, ins.A())
			case OpGetUpv:
				*reg(rp, ins.A()) = heap.get(fs.upv[ins.B()].Handle()).(*Cell).V
			case OpSetUpv:
				heap.get(fs.upv[ins.B()].Handle()).(*Cell).V = *reg(rp, ins.A())
			case OpGetUpvCell:
				*reg(rp, ins.A()) = fs.upv[ins.B()]
			case OpNewCell:
				*reg(rp, ins.A()) = t.alloc(KCell, &Cell{V: *reg(rp, ins.B())})
			case OpGetCell:
				*reg(rp, ins.A()) = heap.get(reg(rp, ins.B()).Handle()).(*Cell).V
			case OpSetCell:
				heap.get(reg(rp, ins.A()).Handle()).(*Cell).V = *reg(rp, ins.B())
			case OpClosure:
				p := fs.protos[ins.Bx()]
				cells := make([]Value, len(p.Captures))
				for i, c := range p.Captures {
					if c.FromParentCell {
						cells[i] = fs.upv[c.Index]
					} else {
						cells[i] = *reg(rp, c.Index)
					}
				}
				*reg(rp, ins.A()) = t.alloc(KClosure, &Closure{Proto: p, Cells: cells})

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
				r, err := t.arith(OpAdd, x, y)
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = r
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
				r, err := t.arith(OpSub, x, y)
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = r
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
				r, err := t.arith(OpMul, x, y)
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = r
			case OpDiv, OpMod:
				x, y := *reg(rp, ins.B()), *reg(rp, ins.C())
				if x.IsSmallInt() && y.IsSmallInt() {
					// 48-bit operands: no MinInt64 / -1 case
					if yi := y.Int(); yi != 0 {
						if ins.Op() == OpDiv {
							*reg(rp, ins.A()) = SmallInt(x.Int() / yi)
						} else {
							*reg(rp, ins.A()) = SmallInt(x.Int() % yi)
						}
						continue
					}
				}
				r, err := t.arith(ins.Op(), x, y)
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = r
			case OpAddI:
				x := *reg(rp, ins.B())
				if x.IsSmallInt() {
					if r := x.Int() + int64(ins.SC()); FitsSmall(r) {
						*reg(rp, ins.A()) = SmallInt(r)
						continue
					}
				}
				r, err := t.arith(OpAdd, x, SmallInt(int64(ins.SC())))
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = r
			case OpMulI, OpDivI, OpModI:
				x := *reg(rp, ins.B())
				imm := int64(ins.SC())
				if x.IsSmallInt() {
					xi := x.Int()
					switch ins.Op() {
					case OpMulI:
						if xi > -1<<31 && xi < 1<<31 {
							if r := xi * imm; FitsSmall(r) {
								*reg(rp, ins.A()) = SmallInt(r)
								continue
							}
						}
					case OpDivI:
						*reg(rp, ins.A()) = SmallInt(xi / imm)
						continue
					default:
						*reg(rp, ins.A()) = SmallInt(xi % imm)
						continue
					}
				}
				op := map[Opcode]Opcode{OpMulI: OpMul, OpDivI: OpDiv, OpModI: OpMod}[ins.Op()]
				r, err := t.arith(op, x, SmallInt(imm))
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = r
			case OpNeg:
				x := *reg(rp, ins.B())
				if x.IsFloat() {
					*reg(rp, ins.A()) = x ^ 1<<63
					continue
				}
				r, err := t.arith(OpSub, SmallInt(0), x)
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = r
			case OpNot:
				x := *reg(rp, ins.B())
				if x == True {
					*reg(rp, ins.A()) = False
				} else if x == False {
					*reg(rp, ins.A()) = True
				} else {
					t.fail(fs.co, fs.base, pc, Errorf(KindTypeError, "cannot apply `!` to %s", vm.TypeName(x)))
					continue reload
				}
			case OpEq, OpNe:
				x, y := *reg(rp, ins.B()), *reg(rp, ins.C())
				var eq bool
				if x.IsSmallInt() && y.IsSmallInt() {
					eq = x == y
				} else {
					eq = vm.Equal(x, y)
				}
				*reg(rp, ins.A()) = Bool(eq == (ins.Op() == OpEq))
			case OpEqK:
				*reg(rp, ins.A()) = Bool(vm.Equal(*reg(rp, ins.B()), *reg(fs.kp, ins.C())))
			case OpLt, OpLe:
				x, y := *reg(rp, ins.B()), *reg(rp, ins.C())
				if x.IsSmallInt() && y.IsSmallInt() {
					if ins.Op() == OpLt {
						*reg(rp, ins.A()) = Bool(x.Int() < y.Int())
					} else {
						*reg(rp, ins.A()) = Bool(x.Int() <= y.Int())
					}
					continue
				}
				r, err := t.compareOp(ins.Op() == OpLe, x, y)
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = Bool(r)

			case OpJmp:
				off := ins.SBx()
				pc += off
				if off < 0 {
					if fs.budget--; fs.budget <= 0 {
						fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
						t.budget = 0
						if t.checkpoint() {
							fs.budget = t.budget
							continue reload
						}
						fs.budget = t.budget
					}
				}
			case OpJTrue, OpJFalse:
				x := *reg(rp, ins.A())
				if x != True && x != False {
					t.fail(fs.co, fs.base, pc, Errorf(KindTypeError, "condition must be bool, found %s", vm.TypeName(x)))
					continue reload
				}
				if (x == True) == (ins.Op() == OpJTrue) {
					pc += ins.SBx()
				}
			case OpJLt, OpJNLt, OpJLe, OpJNLe:
				x, y := *reg(rp, ins.A()), *reg(rp, ins.B())
				var r bool
				op := ins.Op()
				if x.IsSmallInt() && y.IsSmallInt() {
					if op == OpJLt || op == OpJNLt {
						r = x.Int() < y.Int()
					} else {
						r = x.Int() <= y.Int()
					}
				} else {
					var err error
					r, err = t.compareOp(op == OpJLe || op == OpJNLe, x, y)
					if err != nil {
						t.fail(fs.co, fs.base, pc, err)
						continue reload
					}
				}
				if r == (op == OpJLt || op == OpJLe) {
					pc += ins.SJ()
				}
			case OpJEq, OpJNEq:
				x, y := *reg(rp, ins.A()), *reg(rp, ins.B())
				var eq bool
				if x.IsSmallInt() && y.IsSmallInt() {
					eq = x == y
				} else {
					eq = vm.Equal(x, y)
				}
				if eq == (ins.Op() == OpJEq) {
					pc += ins.SJ()
				}
			case OpJLtI, OpJNLtI:
				if x := *reg(rp, ins.A()); x.IsSmallInt() {
					if (x.Int() < int64(ins.SB())) == (ins.Op() == OpJLtI) {
						pc += ins.SJ()
					}
					continue
				}
				if !t.jumpImm(fs.co, fs.base, &pc, ins, *reg(rp, ins.A())) {
					continue reload
				}
			case OpJLeI, OpJNLeI:
				if x := *reg(rp, ins.A()); x.IsSmallInt() {
					if (x.Int() <= int64(ins.SB())) == (ins.Op() == OpJLeI) {
						pc += ins.SJ()
					}
					continue
				}
				if !t.jumpImm(fs.co, fs.base, &pc, ins, *reg(rp, ins.A())) {
					continue reload
				}
			case OpJGtI, OpJNGtI:
				if x := *reg(rp, ins.A()); x.IsSmallInt() {
					if (x.Int() > int64(ins.SB())) == (ins.Op() == OpJGtI) {
						pc += ins.SJ()
					}
					continue
				}
				if !t.jumpImm(fs.co, fs.base, &pc, ins, *reg(rp, ins.A())) {
					continue reload
				}
			case OpJGeI, OpJNGeI:
				if x := *reg(rp, ins.A()); x.IsSmallInt() {
					if (x.Int() >= int64(ins.SB())) == (ins.Op() == OpJGeI) {
						pc += ins.SJ()
					}
					continue
				}
				if !t.jumpImm(fs.co, fs.base, &pc, ins, *reg(rp, ins.A())) {
					continue reload
				}
			case OpJEqI, OpJNEqI:
				if x := *reg(rp, ins.A()); x.IsSmallInt() {
					if (x.Int() == int64(ins.SB())) == (ins.Op() == OpJEqI) {
						pc += ins.SJ()
					}
					continue
				}
				if !t.jumpImm(fs.co, fs.base, &pc, ins, *reg(rp, ins.A())) {
					continue reload
				}

			case OpForPrep:
				skip, err := t.forPrep(regSlice(rp, ins.A(), 4), ins.B() == 1)
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				if skip {
					pc += ins.SJ()
				}
			case OpForLoop:
				r := regSlice(rp, ins.A(), 4)
				i, end, step := r[0], r[1], r[2]
				if i.IsSmallInt() && end.IsSmallInt() && step.IsSmallInt() {
					// 48-bit values: the sum cannot overflow
					if n := i.Int() + step.Int(); n < end.Int() || (n == end.Int() && ins.B() == 1) {
						r[0] = SmallInt(n)
						r[3] = SmallInt(n)
						pc += ins.SJ()
					}
				} else if t.forLoopSlow(r, ins.B() == 1) {
					pc += ins.SJ()
				}
				if fs.budget--; fs.budget <= 0 {
					fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
					t.budget = 0
					if t.checkpoint() {
						fs.budget = t.budget
						continue reload
					}
					fs.budget = t.budget
				}
			case OpIterPrep:
				it, err := t.makeIter(*reg(rp, ins.B()))
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = it
			case OpIterNext:
				a, b := ins.A(), ins.B()
				it := heap.get(reg(rp, a).Handle()).(*IterObj)
				if it.vec != nil { // fast path: Vec
					if v, ok := it.vec.Get(it.pos); ok {
						*reg(rp, b) = v
						it.pos++
					} else {
						pc += ins.SJ()
					}
					continue
				}
				fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
				v, state, err := t.iterNext(fs.co, it, fs.base+FrameHeader+b)
				switch state {
				case iterValue:
					*reg(rp, b) = v
				case iterDone:
					pc += ins.SJ()
				case iterSwitched:
					continue reload
				case iterError:
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				if fs.budget--; fs.budget <= 0 {
					fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
					t.budget = 0
					if t.checkpoint() {
						fs.budget = t.budget
						continue reload
					}
					fs.budget = t.budget
				}

			case OpCallK:
				a := ins.A()
				callee := fs.protos[ins.C()]
				nb := fs.base + FrameHeader + a
				fs.budget--
				if nb+FrameHeader+callee.NumRegs > fs.stackLen || fs.budget <= 0 {
					fs.co.pc, fs.co.base = int32(pc-1), int32(fs.base)
					t.budget = fs.budget
					reloadNeeded := t.callSlow(fs.co, nb+FrameHeader+callee.NumRegs)
					fs.budget = t.budget
					if reloadNeeded || int(fs.co.slots) != fs.stackLen {
						continue reload
					}
				}
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
			case OpCall, OpCallM:
				a, nargs := ins.A(), ins.B()
				var callee Value
				if ins.Op() == OpCall {
					callee = *reg(rp, a)
				} else {
					recv := *reg(rp, a+FrameHeader)
					if recv.Kind() == KRef {
						var err error
						if recv, err = t.deref(recv); err != nil {
							t.fail(fs.co, fs.base, pc, err)
							continue reload
						}
						*reg(rp, a+FrameHeader) = recv
					}
					var err error
					callee, err = t.method(fs.fn, pc-1, recv, Sym(ins.C()))
					if err != nil {
						t.fail(fs.co, fs.base, pc, err)
						continue reload
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
					nat := vm.Natives[callee.NativeIndex()]
					fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
					fs.co.resumeSlot, fs.co.resumeMode = int32(fs.base+FrameHeader+a), resumeValue
					v, err := t.callNative(nat, regSlice(rp, a+FrameHeader, nargs))
					if err != nil {
						if err != errSwitch {
							t.fail(fs.co, fs.base, pc, err)
						}
						continue reload
					}
					*reg(rp, a) = v
					continue
				} else {
					t.fail(fs.co, fs.base, pc, t.notCallable(callee))
					continue reload
				}
				if nargs != p.NumParams {
					t.fail(fs.co, fs.base, pc, arityError(p, nargs))
					continue reload
				}
				nb := fs.base + FrameHeader + a
				fs.budget--
				if nb+FrameHeader+p.NumRegs > fs.stackLen || fs.budget <= 0 {
					fs.co.pc, fs.co.base = int32(pc-1), int32(fs.base)
					t.budget = fs.budget
					reloadNeeded := t.callSlow(fs.co, nb+FrameHeader+p.NumRegs)
					fs.budget = t.budget
					if reloadNeeded || int(fs.co.slots) != fs.stackLen {
						continue reload
					}
				}
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
			case OpCallN:
				a := ins.A()
				nat := vm.Natives[ins.C()]
				fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
				fs.co.resumeSlot, fs.co.resumeMode = int32(fs.base+FrameHeader+a), resumeValue
				v, err := t.callNative(nat, regSlice(rp, a+FrameHeader, ins.B()))
				if err != nil {
					if err != errSwitch {
						t.fail(fs.co, fs.base, pc, err)
					}
					continue reload
				}
				*reg(rp, a) = v
			case OpRet, OpRetUnit:
				v := Unit
				if ins.Op() == OpRet {
					v = *reg(rp, ins.A())
				}
				hp := unsafe.Add(rp, -FrameHeader*8)
				ret := uint64(*(*Value)(unsafe.Add(hp, 8)))
				*(*Value)(unsafe.Add(hp, 16)) = 0
				*(*Value)(hp) = v
				cb := uint32(ret)
				if cb == entryFrame {
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

			case OpNewVec:
				items := make([]Value, ins.C())
				copy(items, regSlice(rp, ins.B(), ins.C()))
				*reg(rp, ins.A()) = t.alloc(KVec, &VecObj{items: items})
			case OpNewTuple:
				items := make([]Value, ins.C())
				copy(items, regSlice(rp, ins.B(), ins.C()))
				*reg(rp, ins.A()) = t.alloc(KTuple, &TupleObj{Items: items})
			case OpNewMap:
				v, err := t.newMapFrom(regSlice(rp, ins.B(), 2*ins.C()))
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = v
			case OpNewInst:
				cls := vm.Classes[ins.B()]
				fields := make([]Value, len(cls.Fields))
				copy(fields, regSlice(rp, ins.C(), len(cls.Fields)))
				*reg(rp, ins.A()) = t.alloc(KInstance, &Instance{Class: cls, Fields: fields})
			case OpNewUnion:
				vr := vm.Variants[ins.B()]
				if vr.Arity == 0 {
					*reg(rp, ins.A()) = vr.unit
					continue
				}
				fields := make([]Value, vr.Arity)
				copy(fields, regSlice(rp, ins.C(), vr.Arity))
				*reg(rp, ins.A()) = t.alloc(KUnion, &UnionObj{Variant: vr, Fields: fields})
			case OpGetField:
				recv := *reg(rp, ins.B())
				if recv.Kind() == KInstance {
					inst := heap.get(recv.Handle()).(*Instance)
					if i, ok := fs.fn.cache(pc - 1).cachedField(inst.Class); ok {
						*reg(rp, ins.A()) = inst.Fields[i]
						continue
					}
				}
				v, err := t.getField(fs.fn, pc-1, recv, Sym(ins.C()))
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = v
			case OpSetField:
				recv := *reg(rp, ins.A())
				if recv.Kind() == KInstance {
					inst := heap.get(recv.Handle()).(*Instance)
					if i, ok := fs.fn.cache(pc - 1).cachedField(inst.Class); ok {
						inst.Fields[i] = *reg(rp, ins.C())
						continue
					}
				}
				if err := t.setField(fs.fn, pc-1, recv, Sym(ins.B()), *reg(rp, ins.C())); err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
			case OpGetIndex:
				x, i := *reg(rp, ins.B()), *reg(rp, ins.C())
				if x.Kind() == KVec && i.IsSmallInt() {
					if v, ok := heap.get(x.Handle()).(*VecObj).Get(int(i.Int())); ok {
						*reg(rp, ins.A()) = v
						continue
					}
				}
				v, err := t.getIndex(x, i)
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = v
			case OpSetIndex:
				if x, i := *reg(rp, ins.A()), *reg(rp, ins.B()); x.Kind() == KVec && i.IsSmallInt() {
					if heap.get(x.Handle()).(*VecObj).Set(int(i.Int()), *reg(rp, ins.C())) {
						continue
					}
				}
				if err := t.setIndex(*reg(rp, ins.A()), *reg(rp, ins.B()), *reg(rp, ins.C())); err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
			case OpGetTuple:
				v, err := t.tupleField(*reg(rp, ins.B()), ins.C())
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = v
			case OpConcat:
				*reg(rp, ins.A()) = t.concat(regSlice(rp, ins.B(), ins.C()))
			case OpRange, OpRangeInc:
				v, err := t.makeRange(*reg(rp, ins.B()), *reg(rp, ins.C()), ins.Op() == OpRangeInc)
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = v
			case OpCast:
				v, err := t.cast(*reg(rp, ins.B()), ins.C())
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = v
			case OpTypeIs:
				*reg(rp, ins.A()) = Bool(t.typeIs(*reg(rp, ins.B()), *reg(fs.kp, ins.C())))

			case OpJNVariant:
				x := *reg(rp, ins.A())
				if x.Kind() != KUnion || heap.get(x.Handle()).(*UnionObj).Variant.ID != ins.B() {
					pc += ins.SJ()
				}
			case OpGetPayload:
				*reg(rp, ins.A()) = heap.get(reg(rp, ins.B()).Handle()).(*UnionObj).Fields[ins.C()]
			case OpJNTuple:
				x := *reg(rp, ins.A())
				if x.Kind() != KTuple || len(heap.get(x.Handle()).(*TupleObj).Items) != ins.B() {
					pc += ins.SJ()
				}
			case OpJNEK:
				if !vm.Equal(*reg(rp, ins.A()), *reg(fs.kp, ins.B())) {
					pc += ins.SJ()
				}
			case OpJOk:
				x := *reg(rp, ins.A())
				if x.Kind() == KUnion {
					vr := heap.get(x.Handle()).(*UnionObj).Variant
					if vr == vm.OkV || vr == vm.SomeV {
						pc += ins.SJ()
						continue
					}
					if vr == vm.ErrV {
						continue
					}
				} else if x == None {
					continue
				}
				t.fail(fs.co, fs.base, pc, Errorf(KindTypeError, "the ? operator needs a Result or an Option, found %s", vm.TypeName(x)))
				continue reload
			case OpUnwrap:
				*reg(rp, ins.A()) = heap.get(reg(rp, ins.B()).Handle()).(*UnionObj).Fields[0]

			case OpYield:
				fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
				fs.co.resumeSlot, fs.co.resumeMode = int32(fs.base+FrameHeader+ins.A()), resumeValue
				if err := t.yield(fs.co, *reg(rp, ins.B())); err != nil {
					t.fail(fs.co, fs.base, pc, err)
				}
				continue reload
			case OpThrow:
				t.fail(fs.co, fs.base, pc, ThrowValue(*reg(rp, ins.A())))
				continue reload
			case OpReraise:
				if x := *reg(rp, ins.A()); x != Unit {
					t.fail(fs.co, fs.base, pc, ThrowValue(x))
					continue reload
				}
			case OpMatchFail:
				t.fail(fs.co, fs.base, pc, Errorf(KindMatchError, "no match arm for %s", vm.Repr(*reg(rp, ins.A()))))
				continue reload
			case OpRef:
				*reg(rp, ins.A()) = t.alloc(KRef, &RefObj{kind: refSlot, Co: fs.co, FrameBase: fs.base,
					Slot: fs.base + FrameHeader + ins.B(), Gen: *reg(fs.sp, fs.base+hdrGen), Mut: ins.C() == 1})
			case OpRefCell:
				*reg(rp, ins.A()) = t.alloc(KRef, &RefObj{kind: refCell, Cell: *reg(rp, ins.B()), Mut: ins.C() == 1})
			case OpRefGlobal:
				*reg(rp, ins.A()) = t.alloc(KRef, &RefObj{kind: refGlobal, Global: ins.B(), Mut: ins.C() == 1})
			case OpDeref:
				v, err := t.deref(*reg(rp, ins.B()))
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = v
			case OpSetRef:
				if err := t.setRef(*reg(rp, ins.A()), *reg(rp, ins.B())); err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
			case OpWith:
				v, err := t.narrow(*reg(rp, ins.B()), *reg(fs.kp, ins.C()))
				if err != nil {
					t.fail(fs.co, fs.base, pc, err)
					continue reload
				}
				*reg(rp, ins.A()) = v
			case OpTrap: // only while a debugger runs code (stepping.go)
				fs.co.pc, fs.co.base = int32(pc-1), int32(fs.base)
				t.trap(fs.co)
				continue reload
			default:
				t.fail(fs.co, fs.base, pc, Errorf(KindInternal, "internal error: bad opcode %d", ins.Op()))
				continue reload
			}
		}
	}
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
