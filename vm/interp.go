package vm

import (
	"math"
	"unsafe"
)

// execute runs coroutines on this thread until none is current: the
// running chain finished or parked. Resume and yield between hand-driven
// coroutines switch t.co and reload the loop's locals; script-to-script
// calls never recurse in Go.
func (t *Thread) execute() {
	vm := t.vm
	heap := vm.heap
reload:
	for t.co != nil {
		co := t.co
		if co.pendingErr != 0 {
			e := co.pendingErr
			co.pendingErr = 0
			t.throw(co, co.base, co.pc, e)
			continue reload
		}
		protos := vm.Protos
		stack := co.Stack
		base := co.base
		var fn *Proto
		var upv []Value
		if fv := stack[base+hdrFn]; fv.IsFunc() {
			fn = protos[fv.FuncIndex()]
		} else {
			cl := heap.get(fv.Handle()).(*Closure)
			fn, upv = cl.Proto, cl.Cells
		}
		code, k := fn.Code, fn.Consts
		regs := stack[base+FrameHeader:]
		pc := co.pc

		for {
			ins := code[pc]
			pc++
			switch ins.Op() {
			case OpNop:
			case OpMove:
				regs[ins.A()] = regs[ins.B()]
			case OpLoadK:
				regs[ins.A()] = k[ins.Bx()]
			case OpLoadI:
				regs[ins.A()] = SmallInt(int64(ins.SBx()))
			case OpLoadUnit:
				regs[ins.A()] = Unit
			case OpLoadTrue:
				regs[ins.A()] = True
			case OpLoadFalse:
				regs[ins.A()] = False
			case OpLoadNone:
				regs[ins.A()] = None
			case OpLoadFn:
				regs[ins.A()] = FuncValue(ins.Bx())
			case OpGetGlobal:
				regs[ins.A()] = vm.Globals[ins.Bx()]
			case OpSetGlobal:
				vm.Globals[ins.Bx()] = regs[ins.A()]
			case OpGetUpv:
				regs[ins.A()] = heap.get(upv[ins.B()].Handle()).(*Cell).V
			case OpSetUpv:
				heap.get(upv[ins.B()].Handle()).(*Cell).V = regs[ins.A()]
			case OpGetUpvCell:
				regs[ins.A()] = upv[ins.B()]
			case OpNewCell:
				regs[ins.A()] = t.alloc(KCell, &Cell{V: regs[ins.B()]})
			case OpGetCell:
				regs[ins.A()] = heap.get(regs[ins.B()].Handle()).(*Cell).V
			case OpSetCell:
				heap.get(regs[ins.A()].Handle()).(*Cell).V = regs[ins.B()]
			case OpClosure:
				p := protos[ins.Bx()]
				cells := make([]Value, len(p.Captures))
				for i, c := range p.Captures {
					if c.FromParentCell {
						cells[i] = upv[c.Index]
					} else {
						cells[i] = regs[c.Index]
					}
				}
				regs[ins.A()] = t.alloc(KClosure, &Closure{Proto: p, Cells: cells})

			case OpAdd:
				x, y := regs[ins.B()], regs[ins.C()]
				if x.IsSmallInt() && y.IsSmallInt() {
					if r := x.Int() + y.Int(); FitsSmall(r) {
						regs[ins.A()] = SmallInt(r)
						continue
					}
				} else if x.IsFloat() && y.IsFloat() {
					regs[ins.A()] = Value(math.Float64bits(x.Float() + y.Float()))
					continue
				}
				r, err := t.arith(OpAdd, x, y)
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = r
			case OpSub:
				x, y := regs[ins.B()], regs[ins.C()]
				if x.IsSmallInt() && y.IsSmallInt() {
					if r := x.Int() - y.Int(); FitsSmall(r) {
						regs[ins.A()] = SmallInt(r)
						continue
					}
				} else if x.IsFloat() && y.IsFloat() {
					regs[ins.A()] = Value(math.Float64bits(x.Float() - y.Float()))
					continue
				}
				r, err := t.arith(OpSub, x, y)
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = r
			case OpMul:
				x, y := regs[ins.B()], regs[ins.C()]
				if x.IsSmallInt() && y.IsSmallInt() {
					xi, yi := x.Int(), y.Int()
					if xi > -1<<31 && xi < 1<<31 && yi > -1<<31 && yi < 1<<31 {
						if r := xi * yi; FitsSmall(r) {
							regs[ins.A()] = SmallInt(r)
							continue
						}
					}
				} else if x.IsFloat() && y.IsFloat() {
					regs[ins.A()] = Value(math.Float64bits(x.Float() * y.Float()))
					continue
				}
				r, err := t.arith(OpMul, x, y)
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = r
			case OpDiv, OpMod:
				r, err := t.arith(ins.Op(), regs[ins.B()], regs[ins.C()])
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = r
			case OpAddI:
				x := regs[ins.B()]
				if x.IsSmallInt() {
					if r := x.Int() + int64(ins.SC()); FitsSmall(r) {
						regs[ins.A()] = SmallInt(r)
						continue
					}
				}
				r, err := t.arith(OpAdd, x, SmallInt(int64(ins.SC())))
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = r
			case OpNeg:
				x := regs[ins.B()]
				if x.IsFloat() {
					regs[ins.A()] = x ^ 1<<63
					continue
				}
				r, err := t.arith(OpSub, SmallInt(0), x)
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = r
			case OpNot:
				x := regs[ins.B()]
				if x == True {
					regs[ins.A()] = False
				} else if x == False {
					regs[ins.A()] = True
				} else {
					t.fail(co, base, pc, Errorf(KindTypeError, "cannot apply `!` to %s", vm.TypeName(x)))
					continue reload
				}
			case OpEq, OpNe:
				x, y := regs[ins.B()], regs[ins.C()]
				var eq bool
				if x.IsSmallInt() && y.IsSmallInt() {
					eq = x == y
				} else {
					eq = vm.Equal(x, y)
				}
				regs[ins.A()] = Bool(eq == (ins.Op() == OpEq))
			case OpEqK:
				regs[ins.A()] = Bool(vm.Equal(regs[ins.B()], k[ins.C()]))
			case OpLt, OpLe:
				x, y := regs[ins.B()], regs[ins.C()]
				if x.IsSmallInt() && y.IsSmallInt() {
					if ins.Op() == OpLt {
						regs[ins.A()] = Bool(x.Int() < y.Int())
					} else {
						regs[ins.A()] = Bool(x.Int() <= y.Int())
					}
					continue
				}
				r, err := t.compareOp(ins.Op() == OpLe, x, y)
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = Bool(r)

			case OpJmp:
				off := ins.SBx()
				pc += off
				if off < 0 {
					if t.budget--; t.budget <= 0 {
						co.pc, co.base = pc, base
						if t.checkpoint() {
							continue reload
						}
					}
				}
			case OpJTrue, OpJFalse:
				x := regs[ins.A()]
				if x != True && x != False {
					t.fail(co, base, pc, Errorf(KindTypeError, "condition must be bool, found %s", vm.TypeName(x)))
					continue reload
				}
				if (x == True) == (ins.Op() == OpJTrue) {
					pc += ins.SBx()
				}
			case OpJLt, OpJNLt, OpJLe, OpJNLe:
				x, y := regs[ins.A()], regs[ins.B()]
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
						t.fail(co, base, pc, err)
						continue reload
					}
				}
				if r == (op == OpJLt || op == OpJLe) {
					pc += ins.SJ()
				}
			case OpJEq, OpJNEq:
				x, y := regs[ins.A()], regs[ins.B()]
				var eq bool
				if x.IsSmallInt() && y.IsSmallInt() {
					eq = x == y
				} else {
					eq = vm.Equal(x, y)
				}
				if eq == (ins.Op() == OpJEq) {
					pc += ins.SJ()
				}
			case OpJLtI, OpJNLtI, OpJLeI, OpJNLeI, OpJGtI, OpJNGtI, OpJGeI, OpJNGeI, OpJEqI, OpJNEqI:
				x := regs[ins.A()]
				imm := int64(ins.SB())
				var r bool
				op := ins.Op()
				if x.IsSmallInt() {
					xi := x.Int()
					switch op {
					case OpJLtI, OpJNLtI:
						r = xi < imm
					case OpJLeI, OpJNLeI:
						r = xi <= imm
					case OpJGtI, OpJNGtI:
						r = xi > imm
					case OpJGeI, OpJNGeI:
						r = xi >= imm
					default:
						r = xi == imm
					}
				} else {
					var err error
					r, err = t.compareImm(op, x, imm)
					if err != nil {
						t.fail(co, base, pc, err)
						continue reload
					}
				}
				switch op {
				case OpJLtI, OpJLeI, OpJGtI, OpJGeI, OpJEqI:
				default:
					r = !r
				}
				if r {
					pc += ins.SJ()
				}

			case OpForPrep:
				a := ins.A()
				skip, err := t.forPrep(regs[a:a+4], ins.B() == 1)
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				if skip {
					pc += ins.SJ()
				}
			case OpForLoop:
				a := ins.A()
				i, end := regs[a], regs[a+1]
				if i.IsSmallInt() && end.IsSmallInt() {
					if n := i.Int() + regs[a+2].Int(); n < end.Int() {
						regs[a] = SmallInt(n)
						regs[a+3] = SmallInt(n)
						pc += ins.SJ()
					}
				} else if t.forLoopSlow(regs[a : a+4]) {
					pc += ins.SJ()
				}
				if t.budget--; t.budget <= 0 {
					co.pc, co.base = pc, base
					if t.checkpoint() {
						continue reload
					}
				}
			case OpIterPrep:
				it, err := t.makeIter(regs[ins.B()])
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = it
			case OpIterNext:
				a, b := ins.A(), ins.B()
				it := heap.get(regs[a].Handle()).(*IterObj)
				if it.vec != nil { // fast path: Vec
					items := it.vec.Items
					if it.pos < len(items) {
						regs[b] = items[it.pos]
						it.pos++
					} else {
						pc += ins.SJ()
					}
					continue
				}
				co.pc, co.base = pc, base
				v, state, err := t.iterNext(co, it, base+FrameHeader+b)
				switch state {
				case iterValue:
					regs[b] = v
				case iterDone:
					pc += ins.SJ()
				case iterSwitched:
					continue reload
				case iterError:
					t.fail(co, base, pc, err)
					continue reload
				}
				if t.budget--; t.budget <= 0 {
					co.pc, co.base = pc, base
					if t.checkpoint() {
						continue reload
					}
				}

			case OpCallK:
				a := ins.A()
				callee := protos[ins.C()]
				nb := base + FrameHeader + a
				t.budget--
				if nb+FrameHeader+callee.NumRegs > len(stack) || t.budget <= 0 {
					co.pc, co.base = pc-1, base
					if t.callSlow(co, nb+FrameHeader+callee.NumRegs) {
						continue reload
					}
					stack = co.Stack
					regs = stack[base+FrameHeader:]
				}
				stack[nb+hdrFn] = FuncValue(callee.Index)
				stack[nb+hdrRet] = Value(uint64(pc)<<32 | uint64(base))
				t.gen++
				stack[nb+hdrGen] = frameMark(t.gen)
				base = nb
				regs = stack[nb+FrameHeader:]
				fn, code, k, upv = callee, callee.Code, callee.Consts, nil
				pc = 0
			case OpCall, OpCallM:
				a, nargs := ins.A(), ins.B()
				var callee Value
				if ins.Op() == OpCall {
					callee = regs[a]
				} else {
					recv := regs[a+3]
					if recv.Kind() == KRef {
						var err error
						if recv, err = t.deref(recv); err != nil {
							t.fail(co, base, pc, err)
							continue reload
						}
						regs[a+3] = recv
					}
					var err error
					callee, err = t.method(fn, pc-1, recv, Sym(ins.C()))
					if err != nil {
						t.fail(co, base, pc, err)
						continue reload
					}
					regs[a] = callee
				}
				var p *Proto
				var cells []Value
				if callee.IsFunc() {
					p = protos[callee.FuncIndex()]
				} else if callee.Kind() == KClosure {
					cl := heap.get(callee.Handle()).(*Closure)
					p, cells = cl.Proto, cl.Cells
				} else if callee.IsNative() {
					nat := vm.Natives[callee.NativeIndex()]
					co.pc, co.base = pc, base
					co.resumeSlot, co.resumeMode = base+FrameHeader+a, resumeValue
					v, err := t.callNative(nat, regs[a+FrameHeader:a+FrameHeader+nargs])
					if err != nil {
						if err != errSwitch {
							t.fail(co, base, pc, err)
						}
						continue reload
					}
					regs[a] = v
					continue
				} else {
					t.fail(co, base, pc, t.notCallable(callee))
					continue reload
				}
				if nargs != p.NumParams {
					t.fail(co, base, pc, arityError(p, nargs))
					continue reload
				}
				nb := base + FrameHeader + a
				t.budget--
				if nb+FrameHeader+p.NumRegs > len(stack) || t.budget <= 0 {
					co.pc, co.base = pc-1, base
					if t.callSlow(co, nb+FrameHeader+p.NumRegs) {
						continue reload
					}
					stack = co.Stack
					regs = stack[base+FrameHeader:]
				}
				stack[nb+hdrFn] = callee
				stack[nb+hdrRet] = Value(uint64(pc)<<32 | uint64(base))
				t.gen++
				stack[nb+hdrGen] = frameMark(t.gen)
				base = nb
				regs = stack[nb+FrameHeader:]
				fn, code, k, upv = p, p.Code, p.Consts, cells
				pc = 0
			case OpCallN:
				a := ins.A()
				nat := vm.Natives[ins.C()]
				co.pc, co.base = pc, base
				co.resumeSlot, co.resumeMode = base+FrameHeader+a, resumeValue
				v, err := t.callNative(nat, regs[a+FrameHeader:a+FrameHeader+ins.B()])
				if err != nil {
					if err != errSwitch {
						t.fail(co, base, pc, err)
					}
					continue reload
				}
				regs[ins.A()] = v
			case OpRet, OpRetUnit:
				v := Unit
				if ins.Op() == OpRet {
					v = regs[ins.A()]
				}
				ret := uint64(stack[base+hdrRet])
				stack[base+hdrGen] = 0
				stack[base+hdrFn] = v
				cb := uint32(ret)
				if cb == entryFrame {
					co.pc, co.base = pc, base
					t.returned(co, v)
					continue reload
				}
				pc = int(ret >> 32)
				base = int(cb)
				regs = stack[base+FrameHeader:]
				if fv := stack[base+hdrFn]; fv.IsFunc() {
					fn, upv = protos[fv.FuncIndex()], nil
				} else {
					cl := heap.get(fv.Handle()).(*Closure)
					fn, upv = cl.Proto, cl.Cells
				}
				code, k = fn.Code, fn.Consts

			case OpNewVec:
				items := make([]Value, ins.C())
				copy(items, regs[ins.B():])
				regs[ins.A()] = t.alloc(KVec, &VecObj{Items: items})
			case OpNewTuple:
				items := make([]Value, ins.C())
				copy(items, regs[ins.B():])
				regs[ins.A()] = t.alloc(KTuple, &TupleObj{Items: items})
			case OpNewMap:
				v, err := t.newMapFrom(regs[ins.B() : ins.B()+2*ins.C()])
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = v
			case OpNewInst:
				cls := vm.Classes[ins.B()]
				fields := make([]Value, len(cls.Fields))
				copy(fields, regs[ins.C():])
				regs[ins.A()] = t.alloc(KInstance, &Instance{Class: cls, Fields: fields})
			case OpNewUnion:
				vr := vm.Variants[ins.B()]
				if vr.Arity == 0 {
					regs[ins.A()] = vr.unit
					continue
				}
				fields := make([]Value, vr.Arity)
				copy(fields, regs[ins.C():])
				regs[ins.A()] = t.alloc(KUnion, &UnionObj{Variant: vr, Fields: fields})
			case OpGetField:
				recv := regs[ins.B()]
				if recv.Kind() == KInstance {
					inst := heap.get(recv.Handle()).(*Instance)
					if ic := fn.cache(pc - 1); ic.key == uintptr(unsafe.Pointer(inst.Class)) {
						regs[ins.A()] = inst.Fields[ic.index]
						continue
					}
				}
				v, err := t.getField(fn, pc-1, recv, Sym(ins.C()))
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = v
			case OpSetField:
				recv := regs[ins.A()]
				if recv.Kind() == KInstance {
					inst := heap.get(recv.Handle()).(*Instance)
					if ic := fn.cache(pc - 1); ic.key == uintptr(unsafe.Pointer(inst.Class)) {
						inst.Fields[ic.index] = regs[ins.C()]
						continue
					}
				}
				if err := t.setField(fn, pc-1, recv, Sym(ins.B()), regs[ins.C()]); err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
			case OpGetIndex:
				x, i := regs[ins.B()], regs[ins.C()]
				if x.Kind() == KVec && i.IsSmallInt() {
					items := heap.get(x.Handle()).(*VecObj).Items
					if n := i.Int(); n >= 0 && n < int64(len(items)) {
						regs[ins.A()] = items[n]
						continue
					}
				}
				v, err := t.getIndex(x, i)
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = v
			case OpSetIndex:
				if err := t.setIndex(regs[ins.A()], regs[ins.B()], regs[ins.C()]); err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
			case OpGetTuple:
				v, err := t.tupleField(regs[ins.B()], ins.C())
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = v
			case OpConcat:
				regs[ins.A()] = t.concat(regs[ins.B() : ins.B()+ins.C()])
			case OpRange, OpRangeInc:
				v, err := t.makeRange(regs[ins.B()], regs[ins.C()], ins.Op() == OpRangeInc)
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = v
			case OpCast:
				v, err := t.cast(regs[ins.B()], ins.C())
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = v
			case OpTypeIs:
				regs[ins.A()] = Bool(t.typeIs(regs[ins.B()], k[ins.C()]))

			case OpJNVariant:
				x := regs[ins.A()]
				if x.Kind() != KUnion || heap.get(x.Handle()).(*UnionObj).Variant.ID != ins.B() {
					pc += ins.SJ()
				}
			case OpGetPayload:
				regs[ins.A()] = heap.get(regs[ins.B()].Handle()).(*UnionObj).Fields[ins.C()]
			case OpJNTuple:
				x := regs[ins.A()]
				if x.Kind() != KTuple || len(heap.get(x.Handle()).(*TupleObj).Items) != ins.B() {
					pc += ins.SJ()
				}
			case OpJNEK:
				if !vm.Equal(regs[ins.A()], k[ins.B()]) {
					pc += ins.SJ()
				}
			case OpJOk:
				x := regs[ins.A()]
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
				t.fail(co, base, pc, Errorf(KindTypeError, "the ? operator needs a Result or an Option, found %s", vm.TypeName(x)))
				continue reload
			case OpUnwrap:
				regs[ins.A()] = heap.get(regs[ins.B()].Handle()).(*UnionObj).Fields[0]

			case OpYield:
				co.pc, co.base = pc, base
				co.resumeSlot, co.resumeMode = base+FrameHeader+ins.A(), resumeValue
				if err := t.yield(co, regs[ins.B()]); err != nil {
					t.fail(co, base, pc, err)
				}
				continue reload
			case OpThrow:
				t.fail(co, base, pc, ThrowValue(regs[ins.A()]))
				continue reload
			case OpReraise:
				if x := regs[ins.A()]; x != Unit {
					t.fail(co, base, pc, ThrowValue(x))
					continue reload
				}
			case OpMatchFail:
				t.fail(co, base, pc, Errorf(KindMatchError, "no match arm for %s", vm.Repr(regs[ins.A()])))
				continue reload
			case OpRef:
				regs[ins.A()] = t.alloc(KRef, &RefObj{kind: refSlot, Co: co, FrameBase: base,
					Slot: base + FrameHeader + ins.B(), Gen: stack[base+hdrGen], Mut: ins.C() == 1})
			case OpRefCell:
				regs[ins.A()] = t.alloc(KRef, &RefObj{kind: refCell, Cell: regs[ins.B()], Mut: ins.C() == 1})
			case OpRefGlobal:
				regs[ins.A()] = t.alloc(KRef, &RefObj{kind: refGlobal, Global: ins.B(), Mut: ins.C() == 1})
			case OpDeref:
				v, err := t.deref(regs[ins.B()])
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = v
			case OpSetRef:
				if err := t.setRef(regs[ins.A()], regs[ins.B()]); err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
			case OpWith:
				v, err := t.narrow(regs[ins.B()], k[ins.C()])
				if err != nil {
					t.fail(co, base, pc, err)
					continue reload
				}
				regs[ins.A()] = v
			default:
				t.fail(co, base, pc, Errorf(KindInternal, "internal error: bad opcode %d", ins.Op()))
				continue reload
			}
		}
	}
}

// fail raises err in co at (base, pc).
func (t *Thread) fail(co *Coroutine, base, pc int, err error) {
	co.pc, co.base = pc, base
	t.throw(co, base, pc, t.errorValue(err, co, base, pc))
}

// cache returns the inline cache entry of the instruction at pc.
func (p *Proto) cache(pc int) *inlineCache {
	if p.icache == nil {
		p.icache = make([]inlineCache, len(p.Code))
	}
	return &p.icache[pc]
}
