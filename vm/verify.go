package vm

import "fmt"

// Verify checks that every operand of every instruction of p is in range:
// registers below NumRegs (call windows included), constants, jump
// targets, functions, natives, classes, variants and handlers. The
// interpreter reads registers, constants and code without bounds checks;
// a proto that passes Verify cannot make it read or write out of range.
func (vm *VM) Verify(p *Proto) error {
	if err := vm.verify(p); err != nil {
		return err
	}
	// inline caches exist before any thread runs the code: created lazily,
	// two parallel threads could race on the slice
	if len(p.icache) != len(p.Code) {
		p.icache = make([]inlineCache, len(p.Code))
	}
	return nil
}

func (vm *VM) verify(p *Proto) error {
	n := len(p.Code)
	if len(p.Lines) != n {
		return fmt.Errorf("%s: %d instructions but %d line entries", p.Name, n, len(p.Lines))
	}
	if n == 0 {
		return fmt.Errorf("%s: no code", p.Name)
	}
	if last := p.Code[n-1].Op(); last != OpRet && last != OpRetUnit && last != OpJmp && last != OpThrow && last != OpMatchFail {
		return fmt.Errorf("%s: code does not end in a return, jump or throw", p.Name)
	}
	if p.NumParams > p.NumRegs {
		return fmt.Errorf("%s: %d params but %d registers", p.Name, p.NumParams, p.NumRegs)
	}
	nr := p.NumRegs
	reg := func(pc, r int) error {
		if r < 0 || r >= nr {
			return fmt.Errorf("%s: pc %d (%s): register %d out of range (%d registers)", p.Name, pc, Opcodes[p.Code[pc].Op()].Name, r, nr)
		}
		return nil
	}
	span := func(pc, r, count int) error {
		if count == 0 {
			return nil
		}
		if err := reg(pc, r); err != nil {
			return err
		}
		return reg(pc, r+count-1)
	}
	konst := func(pc, k int) error {
		if k < 0 || k >= len(p.Consts) {
			return fmt.Errorf("%s: pc %d: constant %d out of range", p.Name, pc, k)
		}
		return nil
	}
	target := func(pc, off int) error {
		if t := pc + 1 + off; t < 0 || t >= n {
			return fmt.Errorf("%s: pc %d: jump to %d out of range", p.Name, pc, t)
		}
		return nil
	}
	for pc, ins := range p.Code {
		op := ins.Op()
		if op >= NumOpcodes {
			return fmt.Errorf("%s: pc %d: bad opcode %d", p.Name, pc, op)
		}
		a, b, c := ins.A(), ins.B(), ins.C()
		var errs []error
		add := func(e error) {
			if e != nil {
				errs = append(errs, e)
			}
		}
		switch op {
		case OpNop, OpRetUnit:
		case OpMove, OpMoveResult, OpNeg, OpNot, OpNewCell, OpGetCell, OpSetCell, OpDeref, OpSetRef, OpUnwrap, OpIterPrep:
			add(reg(pc, a))
			add(reg(pc, b))
		case OpLoadK:
			add(reg(pc, a))
			add(konst(pc, ins.Bx()))
		case OpEndScope, OpLoadI, OpLoadUnit, OpLoadTrue, OpLoadFalse, OpLoadNone, OpRet, OpThrow, OpReraise, OpMatchFail:
			add(reg(pc, a))
		case OpLoadFn:
			add(reg(pc, a))
			if i := ins.Bx(); i >= len(vm.Protos) && i != p.Index {
				add(fmt.Errorf("%s: pc %d: function %d out of range", p.Name, pc, i))
			}
		case OpClosure:
			add(reg(pc, a))
			i := ins.Bx()
			if i >= len(vm.Protos) {
				add(fmt.Errorf("%s: pc %d: function %d out of range", p.Name, pc, i))
				break
			}
			for _, c := range vm.Protos[i].Captures {
				if c.FromParentCell && c.Index >= len(p.Captures) {
					add(fmt.Errorf("%s: pc %d: capture of cell %d out of range", p.Name, pc, c.Index))
				} else if !c.FromParentCell {
					add(reg(pc, c.Index))
				}
			}
		case OpGetGlobal, OpSetGlobal:
			add(reg(pc, a))
			if ins.Bx() >= len(vm.Globals) {
				add(fmt.Errorf("%s: pc %d: global %d out of range", p.Name, pc, ins.Bx()))
			}
		case OpGetUpv, OpSetUpv, OpGetUpvCell:
			add(reg(pc, a))
			if b >= len(p.Captures) {
				add(fmt.Errorf("%s: pc %d: captured cell %d out of range", p.Name, pc, b))
			}
		case OpAdd, OpSub, OpMul, OpDiv, OpMod, OpEq, OpNe, OpLt, OpLe, OpGetIndex, OpSetIndex, OpRange, OpRangeInc:
			add(reg(pc, a))
			add(reg(pc, b))
			add(reg(pc, c))
		case OpMulI, OpDivI, OpModI:
			add(reg(pc, a))
			add(reg(pc, b))
			if ins.SC() == 0 && op != OpMulI {
				add(fmt.Errorf("%s: pc %d: division by an immediate zero", p.Name, pc))
			}
		case OpAddI, OpGetTuple, OpGetPayload, OpCast, OpRef, OpRefCell:
			add(reg(pc, a))
			add(reg(pc, b))
		case OpEqK, OpTypeIs, OpWith, OpAddK, OpSubK, OpMulK, OpDivK, OpModK:
			add(reg(pc, a))
			add(reg(pc, b))
			add(konst(pc, c))
		case OpJmp:
			add(target(pc, ins.SBx()))
		case OpJTrue, OpJFalse:
			add(reg(pc, a))
			add(target(pc, ins.SBx()))
		case OpJLt, OpJNLt, OpJLe, OpJNLe, OpJEq, OpJNEq:
			add(reg(pc, a))
			add(reg(pc, b))
			add(target(pc, ins.SJ()))
		case OpJLtI, OpJNLtI, OpJLeI, OpJNLeI, OpJGtI, OpJNGtI, OpJGeI, OpJNGeI, OpJEqI, OpJNEqI,
			OpJNVariant, OpJNTuple, OpJOk:
			add(reg(pc, a))
			add(target(pc, ins.SJ()))
			if op == OpJNVariant && b >= len(vm.Variants) {
				add(fmt.Errorf("%s: pc %d: variant %d out of range", p.Name, pc, b))
			}
		case OpJNEK:
			add(reg(pc, a))
			add(konst(pc, b))
			add(target(pc, ins.SJ()))
		case OpForPrep, OpForLoop:
			add(span(pc, a, 4))
			add(target(pc, ins.SJ()))
		case OpIterNext:
			add(reg(pc, a))
			add(reg(pc, b))
			add(target(pc, ins.SJ()))
		case OpCall, OpCallM, OpResume:
			add(span(pc, a, FrameHeader+b))
		case OpCallK:
			add(span(pc, a, FrameHeader+b))
			if c >= len(vm.Protos) && c != p.Index {
				add(fmt.Errorf("%s: pc %d: function %d out of range", p.Name, pc, c))
			}
		case OpCallN:
			add(span(pc, a, FrameHeader+b))
			if c >= len(vm.Natives) {
				add(fmt.Errorf("%s: pc %d: native %d out of range", p.Name, pc, c))
			}
		case OpNewVec, OpNewTuple, OpConcat, OpAddN:
			add(reg(pc, a))
			add(span(pc, b, c))
		case OpNewMap:
			add(reg(pc, a))
			add(span(pc, b, 2*c))
		case OpNewInst:
			add(reg(pc, a))
			if b >= len(vm.Classes) {
				add(fmt.Errorf("%s: pc %d: class %d out of range", p.Name, pc, b))
			} else {
				add(span(pc, c, len(vm.Classes[b].Fields)))
			}
		case OpNewUnion:
			add(reg(pc, a))
			if b >= len(vm.Variants) {
				add(fmt.Errorf("%s: pc %d: variant %d out of range", p.Name, pc, b))
			} else {
				add(span(pc, c, vm.Variants[b].Arity))
			}
		case OpGetField:
			add(reg(pc, a))
			add(reg(pc, b))
		case OpSetField:
			add(reg(pc, a))
			add(reg(pc, c))
		case OpYield:
			add(reg(pc, a))
			add(reg(pc, b))
		case OpRefGlobal:
			add(reg(pc, a))
			if b >= len(vm.Globals) {
				add(fmt.Errorf("%s: pc %d: global %d out of range", p.Name, pc, b))
			}
		case OpTrap:
			add(fmt.Errorf("%s: pc %d: TRAP is never compiled", p.Name, pc))
		default:
			add(fmt.Errorf("%s: pc %d: opcode %s not known to the verifier", p.Name, pc, Opcodes[op].Name))
		}
		if len(errs) > 0 {
			return errs[0]
		}
	}
	for _, h := range p.Handlers {
		if h.Start < 0 || h.End > n || h.Start > h.End || h.Target < 0 || h.Target >= n {
			return fmt.Errorf("%s: handler [%d, %d) -> %d out of range", p.Name, h.Start, h.End, h.Target)
		}
		if h.Reg < 0 || h.Reg >= nr {
			return fmt.Errorf("%s: handler register %d out of range", p.Name, h.Reg)
		}
	}
	for _, c := range p.Captures {
		if c.Index < 0 {
			return fmt.Errorf("%s: bad capture", p.Name)
		}
	}
	return nil
}
