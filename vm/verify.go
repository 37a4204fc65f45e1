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
		var errs []error
		add := func(e error) {
			if e != nil {
				errs = append(errs, e)
			}
		}
		outOf := func(what string, i int) {
			add(fmt.Errorf("%s: pc %d: %s %d out of range", p.Name, pc, what, i))
		}
		// the operands, by the kinds the opcode table gives them
		f, nf := ins.Fields()
		for i, x := range f[:nf] {
			switch Opcodes[op].Operands[i] {
			case OpndReg:
				add(reg(pc, x))
			case OpndRegs:
				add(span(pc, x, vm.regsLen(ins)))
			case OpndWindow:
				add(span(pc, x, FrameHeader+ins.B()))
			case OpndConst:
				add(konst(pc, x))
			case OpndJump:
				add(target(pc, x))
			case OpndProto:
				if x >= len(vm.Protos) && (x != p.Index || op == OpClosure) {
					outOf("function", x)
				}
			case OpndNative:
				if x >= len(vm.Natives) {
					outOf("native", x)
				}
			case OpndGlobal:
				if x >= len(vm.Globals) {
					outOf("global", x)
				}
			case OpndUpv:
				if x >= len(p.Captures) {
					outOf("captured cell", x)
				}
			case OpndClass:
				if x >= len(vm.Classes) {
					outOf("class", x)
				}
			case OpndVariant:
				if x >= len(vm.Variants) {
					outOf("variant", x)
				}
			case OpndSym:
				if x >= vm.numSyms() {
					outOf("symbol", x)
				}
			}
		}
		// what the table cannot say
		switch op {
		case OpClosure:
			if i := ins.Bx(); i < len(vm.Protos) {
				for _, c := range vm.Protos[i].Captures {
					if c.FromParentCell && c.Index >= len(p.Captures) {
						add(fmt.Errorf("%s: pc %d: capture of cell %d out of range", p.Name, pc, c.Index))
					} else if !c.FromParentCell {
						add(reg(pc, c.Index))
					}
				}
			}
		case OpDivI, OpModI:
			if ins.SC() == 0 {
				add(fmt.Errorf("%s: pc %d: division by an immediate zero", p.Name, pc))
			}
		case OpTrap:
			add(fmt.Errorf("%s: pc %d: TRAP is never compiled", p.Name, pc))
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
