package vm

import (
	"unsafe"
)

// step executes one instruction in full: the general case of the
// instructions the dispatch loop (interpret) runs inline when their
// operands are simple, and every instruction it never runs inline
// (allocation, natives, coroutine switches, errors). fs.pc is already past
// ins. It reports whether interpret must reload its state from t.co (the
// running coroutine or its stack changed, or an error was raised);
// otherwise fs.pc, fs.cp and fs.rp say where execution continues.
func (t *Thread) step(fs *frameState, ins Instr) bool {
	vm := t.vm
	heap := vm.heap
	rp, cp, pc := fs.rp, fs.cp, fs.pc
	var res Value // see result: below
	var err error
	switch ins.Op() {
	case OpNop:
	case OpMove, OpMoveResult:
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
		*reg(rp, ins.A()) = loadValue(&vm.Globals[ins.Bx()])
	case OpSetGlobal:
		vm.storeValue(&vm.Globals[ins.Bx()], *reg(rp, ins.A()))
	case OpGetUpv:
		*reg(rp, ins.A()) = loadValue(&heap.get(fs.upv[ins.B()].Handle()).(*Cell).V)
	case OpSetUpv:
		vm.storeValue(&heap.get(fs.upv[ins.B()].Handle()).(*Cell).V, *reg(rp, ins.A()))
	case OpGetUpvCell:
		*reg(rp, ins.A()) = fs.upv[ins.B()]
	case OpNewCell:
		*reg(rp, ins.A()) = t.alloc(KCell, &Cell{V: *reg(rp, ins.B())})
	case OpGetCell:
		*reg(rp, ins.A()) = loadValue(&heap.get(reg(rp, ins.B()).Handle()).(*Cell).V)
	case OpSetCell:
		vm.storeValue(&heap.get(reg(rp, ins.A()).Handle()).(*Cell).V, *reg(rp, ins.B()))
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

	case OpAdd, OpSub, OpMul, OpDiv, OpMod, OpAddK, OpSubK, OpMulK, OpDivK, OpModK:
		op, x, yp := ins.Op(), *reg(rp, ins.B()), rp
		if op >= OpAddK { // the K forms: the right operand is a constant
			op, yp = op-OpAddK+OpAdd, fs.kp
		}
		y := *reg(yp, ins.C())
		if r, ok := fastArith(op, x, y); ok {
			*reg(rp, ins.A()) = r
			goto done
		}
		res, err = t.arith(op, x, y)
		goto result
	case OpAddI:
		x := *reg(rp, ins.B())
		if x.IsSmallInt() {
			if r := x.Int() + int64(ins.SC()); FitsSmall(r) {
				*reg(rp, ins.A()) = SmallInt(r)
				goto done
			}
		}
		res, err = t.arith(OpAdd, x, SmallInt(int64(ins.SC())))
		goto result
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
						goto done
					}
				}
			case OpDivI:
				if r := xi / imm; FitsSmall(r) { // -2^47 / -1 does not
					*reg(rp, ins.A()) = SmallInt(r)
					goto done
				}
			default:
				*reg(rp, ins.A()) = SmallInt(xi % imm)
				goto done
			}
		}
		op := map[Opcode]Opcode{OpMulI: OpMul, OpDivI: OpDiv, OpModI: OpMod}[ins.Op()]
		res, err = t.arith(op, x, SmallInt(imm))
		goto result
	case OpNeg:
		x := *reg(rp, ins.B())
		if x.IsFloat() {
			*reg(rp, ins.A()) = x ^ 1<<63
			goto done
		}
		res, err = t.arith(OpSub, SmallInt(0), x)
		goto result
	case OpNot:
		x := *reg(rp, ins.B())
		if x == True {
			*reg(rp, ins.A()) = False
		} else if x == False {
			*reg(rp, ins.A()) = True
		} else {
			t.fail(fs.co, fs.base, pc, Errorf(KindTypeError, "cannot apply `!` to %s", vm.TypeName(x)))
			return true
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
			goto done
		}
		r, err := t.compareOp(ins.Op() == OpLe, x, y)
		if err != nil {
			t.fail(fs.co, fs.base, pc, err)
			return true
		}
		*reg(rp, ins.A()) = Bool(r)

	case OpJmp:
		off := ins.SBx()
		pc += off
		if off < 0 {
			if fs.budget--; fs.budget <= 0 {
				return t.leave(fs, pc, ExitCheckpoint)
			}
		}
	case OpJTrue, OpJFalse:
		x := *reg(rp, ins.A())
		if x != True && x != False {
			t.fail(fs.co, fs.base, pc, Errorf(KindTypeError, "condition must be bool, found %s", vm.TypeName(x)))
			return true
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
				return true
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
			goto done
		}
		if !t.jumpImm(fs.co, fs.base, &pc, ins, *reg(rp, ins.A())) {
			return true
		}
	case OpJLeI, OpJNLeI:
		if x := *reg(rp, ins.A()); x.IsSmallInt() {
			if (x.Int() <= int64(ins.SB())) == (ins.Op() == OpJLeI) {
				pc += ins.SJ()
			}
			goto done
		}
		if !t.jumpImm(fs.co, fs.base, &pc, ins, *reg(rp, ins.A())) {
			return true
		}
	case OpJGtI, OpJNGtI:
		if x := *reg(rp, ins.A()); x.IsSmallInt() {
			if (x.Int() > int64(ins.SB())) == (ins.Op() == OpJGtI) {
				pc += ins.SJ()
			}
			goto done
		}
		if !t.jumpImm(fs.co, fs.base, &pc, ins, *reg(rp, ins.A())) {
			return true
		}
	case OpJGeI, OpJNGeI:
		if x := *reg(rp, ins.A()); x.IsSmallInt() {
			if (x.Int() >= int64(ins.SB())) == (ins.Op() == OpJGeI) {
				pc += ins.SJ()
			}
			goto done
		}
		if !t.jumpImm(fs.co, fs.base, &pc, ins, *reg(rp, ins.A())) {
			return true
		}
	case OpJEqI, OpJNEqI:
		if x := *reg(rp, ins.A()); x.IsSmallInt() {
			if (x.Int() == int64(ins.SB())) == (ins.Op() == OpJEqI) {
				pc += ins.SJ()
			}
			goto done
		}
		if !t.jumpImm(fs.co, fs.base, &pc, ins, *reg(rp, ins.A())) {
			return true
		}

	case OpForPrep:
		skip, err := t.forPrep(regSlice(rp, ins.A(), 4), ins.B() == 1)
		if err != nil {
			t.fail(fs.co, fs.base, pc, err)
			return true
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
			return t.leave(fs, pc, ExitCheckpoint)
		}
	case OpIterPrep:
		res, err = t.makeIter(*reg(rp, ins.B()))
		goto result
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
			goto done
		}
		fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
		v, state, err := t.iterNext(fs.co, it, fs.base+FrameHeader+b)
		switch state {
		case iterValue:
			*reg(rp, b) = v
		case iterDone:
			pc += ins.SJ()
		case iterSwitched:
			return true
		case iterError:
			t.fail(fs.co, fs.base, pc, err)
			return true
		}
		if fs.budget--; fs.budget <= 0 {
			return t.leave(fs, pc, ExitCheckpoint)
		}

	case OpCallK:
		callee := fs.protos[ins.C()]
		fs.pc = pc
		return t.enterCall(fs, ins.A(), FuncValue(callee.Index), callee, nil)
	case OpCall, OpCallM, OpResume:
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
					return true
				}
				*reg(rp, a+FrameHeader) = recv
			}
			var err error
			callee, err = t.method(fs.fn, pc-1, recv, Sym(ins.C()))
			if err != nil {
				t.fail(fs.co, fs.base, pc, err)
				return true
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
			fs.pc = pc
			return t.callNativeAt(fs, vm.Natives[callee.NativeIndex()], a, nargs)
		} else {
			t.fail(fs.co, fs.base, pc, t.notCallable(callee))
			return true
		}
		if nargs != p.NumParams && (nargs > p.NumParams || nargs < p.NumParams-p.OptParams) {
			t.fail(fs.co, fs.base, pc, arityError(p, nargs))
			return true
		}
		fs.pc = pc
		if nargs < p.NumParams {
			if t.enterCall(fs, a, callee, p, cells) {
				return true
			}
			for i := nargs; i < p.NumParams; i++ {
				*(*Value)(unsafe.Add(fs.rp, i*8)) = Unit
			}
			return false
		}
		return t.enterCall(fs, a, callee, p, cells)
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
			return true
		}
		*reg(rp, a) = v
	case OpRet, OpRetUnit:
		v := Unit
		if ins.Op() == OpRet {
			v = *reg(rp, ins.A())
		}
		ret := popFrame(unsafe.Add(rp, -FrameHeader*8), v)
		cb := uint32(ret)
		if cb == entryFrame {
			fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
			t.returned(fs.co, v)
			return true
		}
		pc = int(ret >> 32)
		fs.base = int(cb)
		rp = unsafe.Add(fs.sp, (fs.base+FrameHeader)*8)
		fs.setFn(heap, *reg(fs.sp, fs.base+hdrFn))
		fs.kp = unsafe.Pointer(unsafe.SliceData(fs.fn.Consts))
		cp = unsafe.Pointer(unsafe.SliceData(fs.fn.Code))

	case OpNewVec:
		items := make([]Value, ins.C())
		copy(items, regSlice(rp, ins.B(), ins.C()))
		*reg(rp, ins.A()) = t.alloc(KVec, &VecObj{items: items, locking: &vm.objectLocking})
	case OpNewTuple:
		items := make([]Value, ins.C())
		copy(items, regSlice(rp, ins.B(), ins.C()))
		*reg(rp, ins.A()) = t.alloc(KTuple, &TupleObj{Items: items})
	case OpNewMap:
		res, err = t.newMapFrom(regSlice(rp, ins.B(), 2*ins.C()))
		goto result
	case OpNewInst:
		cls := vm.Classes[ins.B()]
		fields := make([]Value, len(cls.Fields))
		copy(fields, regSlice(rp, ins.C(), len(cls.Fields)))
		*reg(rp, ins.A()) = t.alloc(KInstance, &Instance{Class: cls, Fields: fields})
	case OpNewUnion:
		vr := vm.Variants[ins.B()]
		if vr.Arity == 0 {
			*reg(rp, ins.A()) = vr.unit
			goto done
		}
		fields := make([]Value, vr.Arity)
		copy(fields, regSlice(rp, ins.C(), vr.Arity))
		*reg(rp, ins.A()) = t.alloc(KUnion, &UnionObj{Variant: vr, Fields: fields})
	case OpGetField:
		recv := *reg(rp, ins.B())
		if recv.Kind() == KInstance {
			inst := heap.get(recv.Handle()).(*Instance)
			if i, ok := fs.fn.cache(pc - 1).cachedField(inst.Class); ok {
				*reg(rp, ins.A()) = loadValue(&inst.Fields[i])
				goto done
			}
		}
		res, err = t.getField(fs.fn, pc-1, recv, Sym(ins.C()))
		goto result
	case OpSetField:
		recv := *reg(rp, ins.A())
		if recv.Kind() == KInstance {
			inst := heap.get(recv.Handle()).(*Instance)
			if i, ok := fs.fn.cache(pc - 1).cachedField(inst.Class); ok {
				vm.storeValue(&inst.Fields[i], *reg(rp, ins.C()))
				goto done
			}
		}
		if err := t.setField(fs.fn, pc-1, recv, Sym(ins.B()), *reg(rp, ins.C())); err != nil {
			t.fail(fs.co, fs.base, pc, err)
			return true
		}
	case OpGetIndex:
		x, i := *reg(rp, ins.B()), *reg(rp, ins.C())
		if x.Kind() == KVec && i.IsSmallInt() {
			if v, ok := heap.get(x.Handle()).(*VecObj).Get(int(i.Int())); ok {
				*reg(rp, ins.A()) = v
				goto done
			}
		}
		res, err = t.getIndex(x, i)
		goto result
	case OpSetIndex:
		if x, i := *reg(rp, ins.A()), *reg(rp, ins.B()); x.Kind() == KVec && i.IsSmallInt() {
			if heap.get(x.Handle()).(*VecObj).Set(int(i.Int()), *reg(rp, ins.C())) {
				goto done
			}
		}
		if err := t.setIndex(*reg(rp, ins.A()), *reg(rp, ins.B()), *reg(rp, ins.C())); err != nil {
			t.fail(fs.co, fs.base, pc, err)
			return true
		}
	case OpGetTuple:
		res, err = t.tupleField(*reg(rp, ins.B()), ins.C())
		goto result
	case OpConcat:
		res, err = t.concat(regSlice(rp, ins.B(), ins.C()))
		goto result
	case OpAddN:
		res, err = t.addN(regSlice(rp, ins.B(), ins.C()))
		goto result
	case OpRange, OpRangeInc:
		res, err = t.makeRange(*reg(rp, ins.B()), *reg(rp, ins.C()), ins.Op() == OpRangeInc)
		goto result
	case OpCast:
		res, err = t.cast(*reg(rp, ins.B()), ins.C())
		goto result
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
				goto done
			}
			if vr == vm.ErrV {
				goto done
			}
		} else if x == None {
			goto done
		}
		t.fail(fs.co, fs.base, pc, Errorf(KindTypeError, "the ? operator needs a Result or an Option, found %s", vm.TypeName(x)))
		return true
	case OpUnwrap:
		*reg(rp, ins.A()) = heap.get(reg(rp, ins.B()).Handle()).(*UnionObj).Fields[0]

	case OpYield:
		fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
		fs.co.resumeSlot, fs.co.resumeMode = int32(fs.base+FrameHeader+ins.A()), resumeValue
		if err := t.yield(fs.co, *reg(rp, ins.B())); err != nil {
			t.fail(fs.co, fs.base, pc, err)
		}
		return true
	case OpThrow:
		t.fail(fs.co, fs.base, pc, ThrowValue(*reg(rp, ins.A())))
		return true
	case OpReraise:
		if x := *reg(rp, ins.A()); x != Unit {
			t.fail(fs.co, fs.base, pc, ThrowValue(x))
			return true
		}
	case OpMatchFail:
		t.fail(fs.co, fs.base, pc, Errorf(KindMatchError, "no match arm for %s", vm.Repr(*reg(rp, ins.A()))))
		return true
	case OpRef:
		*reg(rp, ins.A()) = t.alloc(KRef, &RefObj{kind: refSlot, Co: fs.co, FrameBase: fs.base,
			Slot: fs.base + FrameHeader + ins.B(), Gen: *reg(fs.sp, fs.base+hdrGen), Mut: ins.C() == 1})
	case OpRefCell:
		*reg(rp, ins.A()) = t.alloc(KRef, &RefObj{kind: refCell, Cell: *reg(rp, ins.B()), Mut: ins.C()&1 != 0, Scoped: ins.C()&2 != 0})
	case OpEndScope:
		endScope(heap, *reg(rp, ins.A()))
	case OpRefGlobal:
		*reg(rp, ins.A()) = t.alloc(KRef, &RefObj{kind: refGlobal, Global: ins.B(), Mut: ins.C() == 1})
	case OpDeref:
		res, err = t.deref(*reg(rp, ins.B()))
		goto result
	case OpSetRef:
		if err := t.setRef(*reg(rp, ins.A()), *reg(rp, ins.B())); err != nil {
			t.fail(fs.co, fs.base, pc, err)
			return true
		}
	case OpWith:
		res, err = t.narrow(*reg(rp, ins.B()), *reg(fs.kp, ins.C()))
		goto result
	case OpTrap: // only while a debugger runs code (stepping.go)
		return t.leave(fs, pc-1, ExitTrap)
	default:
		t.fail(fs.co, fs.base, pc, Errorf(KindInternal, "internal error: bad opcode %d", ins.Op()))
		return true
	}
	goto done
result:
	// the cases that compute a value for register A or fail with an error
	if err != nil {
		t.fail(fs.co, fs.base, pc, err)
		return true
	}
	*reg(rp, ins.A()) = res
done:
	fs.rp, fs.cp, fs.pc = rp, cp, pc
	return false
}

// enterCall pushes the frame of a call to script function p (closure
// cells, or nil) whose window is register a of the frame fs describes,
// after the budget and stack-room checks (a checkpoint may run; the stack
// may migrate to a bigger class). fs.pc is the return address. It reports
// whether interpret must reload; otherwise fs describes the callee's frame.
// (interpret pushes frames inline when no check fails.)
func (t *Thread) enterCall(fs *frameState, a int, callee Value, p *Proto, cells []Value) bool {
	nb := fs.base + FrameHeader + a
	if fs.budget--; fs.budget <= 0 {
		// the call runs again after the checkpoint
		return t.leave(fs, fs.pc-1, ExitCheckpoint)
	}
	if need := nb + FrameHeader + p.NumRegs; need > fs.stackLen {
		fs.co.pc, fs.co.base = int32(fs.pc-1), int32(fs.base)
		if t.callSlow(fs.co, need) || int(fs.co.slots) != fs.stackLen {
			return true
		}
	}
	hp := unsafe.Add(fs.rp, a*8)
	t.ctx.Gen++
	pushFrame(hp, callee, fs.pc, fs.base, t.ctx.Gen)
	fs.base = nb
	fs.rp = unsafe.Add(hp, FrameHeader*8)
	fs.fn, fs.upv = p, cells
	fs.cp = unsafe.Pointer(unsafe.SliceData(p.Code))
	fs.kp = unsafe.Pointer(unsafe.SliceData(p.Consts))
	fs.pc = 0
	return false
}

// leave ends a step with an exit for the exit loop (exit.go): the
// running coroutine stops at pc (where it continues).
func (t *Thread) leave(fs *frameState, pc int, x Exit) bool {
	fs.co.pc, fs.co.base = int32(pc), int32(fs.base)
	t.exitReq = x
	return true
}
