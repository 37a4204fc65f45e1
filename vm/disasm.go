package vm

import (
	"fmt"
	"strings"
)

// Disassemble renders a compiled function: one line per instruction with
// its pc, source line, opcode, operands, and what they refer to.
func Disassemble(vm *VM, p *Proto) string {
	var b strings.Builder
	async := ""
	if p.IsAsync {
		async = "async "
	}
	fmt.Fprintf(&b, "%sfn %s (%s:%d) params=%d regs=%d consts=%d\n", async, p.Name, p.File, p.Line, p.NumParams, p.NumRegs, len(p.Consts))
	for pc, ins := range p.Code {
		b.WriteString(DisassembleInstr(vm, p, pc, ins))
		b.WriteByte('\n')
	}
	for _, h := range p.Handlers {
		kind := "catch"
		if h.Finally {
			kind = "finally"
		}
		if len(h.Kinds) > 0 {
			kind += " " + strings.Join(h.Kinds, ",")
		}
		fmt.Fprintf(&b, "  handler [%d, %d) -> %d  R%d  %s\n", h.Start, h.End, h.Target, h.Reg, kind)
	}
	for _, l := range p.Locals {
		cell := ""
		if l.Cell {
			cell = " (cell)"
		}
		fmt.Fprintf(&b, "  local %s R%d [%d, %d)%s\n", l.Name, l.Reg, l.Start, l.End, cell)
	}
	for i, c := range p.Captures {
		from := "R"
		if c.FromParentCell {
			from = "U"
		}
		fmt.Fprintf(&b, "  capture U%d %s = parent %s%d\n", i, c.Name, from, c.Index)
	}
	return b.String()
}

// DisassembleInstr renders one instruction.
func DisassembleInstr(vm *VM, p *Proto, pc int, ins Instr) string {
	op := ins.Op()
	if int(op) >= len(Opcodes) || Opcodes[op].Name == "" {
		return fmt.Sprintf("  %4d  [%3d]  ??? %#x", pc, p.LineAt(pc), uint64(ins))
	}
	info := Opcodes[op]
	var args string
	switch info.Format {
	case FmtA:
		args = fmt.Sprintf("%d", ins.A())
	case FmtAB:
		args = fmt.Sprintf("%d %d", ins.A(), ins.B())
	case FmtABC:
		args = fmt.Sprintf("%d %d %d", ins.A(), ins.B(), ins.C())
	case FmtABx:
		args = fmt.Sprintf("%d %d", ins.A(), ins.Bx())
	case FmtAsBx:
		args = fmt.Sprintf("%d %d", ins.A(), ins.SBx())
	case FmtsBx:
		args = fmt.Sprintf("%d", ins.SBx())
	case FmtABsJ:
		args = fmt.Sprintf("%d %d %d", ins.A(), ins.B(), ins.SJ())
	case FmtAsJ:
		args = fmt.Sprintf("%d %d", ins.A(), ins.SJ())
	}
	line := fmt.Sprintf("  %4d  [%3d]  %-11s %s", pc, p.LineAt(pc), info.Name, args)
	if c := comment(vm, p, pc, ins); c != "" {
		line = fmt.Sprintf("%-42s ; %s", line, c)
	}
	return line
}

// comment annotates the operands the opcode table says name something:
// constants, functions, natives, symbols, globals, classes, variants and
// jump targets.
func comment(vm *VM, p *Proto, pc int, ins Instr) string {
	var parts []string
	f, n := ins.Fields()
	for i, x := range f[:n] {
		var s string
		switch Opcodes[ins.Op()].Operands[i] {
		case OpndConst:
			if x < len(p.Consts) {
				s = vm.Repr(p.Consts[x])
			}
		case OpndProto:
			if x < len(vm.Protos) {
				s = vm.Protos[x].Name
			}
		case OpndNative:
			if x < len(vm.Natives) {
				s = vm.Natives[x].Name
			}
		case OpndSym:
			if x < vm.numSyms() {
				s = "." + vm.SymName(Sym(x))
			}
		case OpndGlobal:
			if x < len(vm.GlobalNames) {
				s = vm.GlobalNames[x]
			}
		case OpndClass:
			if x < len(vm.Classes) {
				s = vm.Classes[x].Name
			}
		case OpndVariant:
			if x < len(vm.Variants) {
				s = vm.Variants[x].Union.Name + "::" + vm.Variants[x].Name
			}
		case OpndJump:
			s = fmt.Sprintf("to %d", pc+1+x)
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}
