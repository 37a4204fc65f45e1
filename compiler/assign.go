package compiler

import (
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

var compoundOps = map[string]vm.Opcode{"+=": vm.OpAdd, "-=": vm.OpSub, "*=": vm.OpMul, "/=": vm.OpDiv, "%=": vm.OpMod}

// assign compiles `target op= value`.
func (f *funcState) assign(e *parser.Expr) {
	save := f.free
	defer func() { f.free = save }()
	if len(e.Left.Tail) > 0 {
		f.c.errorf(e.Pos, "invalid assignment target")
		return
	}
	u := e.Left.Head
	if len(u.Casts) > 0 {
		f.c.errorf(e.Pos, "invalid assignment target")
		return
	}
	compound, isCompound := compoundOps[e.Op]
	// *r = v
	if len(u.Prefix) > 0 {
		if len(u.Prefix) != 1 || u.Prefix[0].Op != "*" {
			f.c.errorf(e.Pos, "invalid assignment target")
			return
		}
		ref := f.tmp()
		f.postfix(u.Value, ref)
		val := f.tmp()
		if isCompound {
			f.emitABC(vm.OpDeref, val, ref, 0)
			rhs, _ := f.exprReg(e.Right)
			f.emitABC(compound, val, val, rhs)
		} else {
			f.expr(e.Right, val)
		}
		f.emitABC(vm.OpSetRef, ref, val, 0)
		return
	}
	post := u.Value
	sfx := post.Suffixes
	if len(sfx) == 0 {
		p, ok := post.Primary.(*parser.PathExpr)
		if !ok || len(p.Segments) != 1 {
			f.c.errorf(e.Pos, "invalid assignment target")
			return
		}
		name := p.Segments[0]
		v := f.resolveVar(name)
		if v.kind == varNone {
			f.c.errorf(p.Pos, "undefined name '%s'", name)
			return
		}
		// a plain local is updated in place
		if v.kind == varLocal && !v.loc.cell {
			if !v.loc.mutable {
				f.c.errorf(e.Pos, "cannot assign twice to immutable variable '%s'", name)
			}
			if isCompound {
				rhs, rt := f.exprReg(e.Right)
				f.emitABC(compound, v.loc.reg, v.loc.reg, rhs)
				f.checkCompound(e, v.loc.typ, rt)
			} else {
				start := f.pc()
				f.assignLocal(e.Right, v.loc.reg)
				f.markResumeResult(name, start)
			}
			return
		}
		val := f.tmp()
		if isCompound {
			f.loadVar(v, val)
			rhs, _ := f.exprReg(e.Right)
			f.emitABC(compound, val, val, rhs)
		} else {
			f.expr(e.Right, val)
		}
		f.storeVar(name, v, val, e.Pos)
		return
	}
	// obj.field = v, obj[i] = v
	last := sfx[len(sfx)-1]
	objPost := &parser.Postfix{Pos: post.Pos, Primary: post.Primary, Suffixes: sfx[:len(sfx)-1]}
	obj := f.tmp()
	ot := f.postfix(objPost, obj)
	switch {
	case last.Field != nil:
		name := *last.Field
		if _, err := strconv.Atoi(name); err == nil {
			f.c.errorf(last.Pos, "cannot assign to a tuple element; tuples are immutable")
			return
		}
		f.checkFieldAccess(ot, name, true, last.Pos)
		sym := int(f.c.vm.Intern(name))
		val := f.tmp()
		if isCompound {
			f.emitABC(vm.OpGetField, val, obj, sym)
			rhs, _ := f.exprReg(e.Right)
			f.emitABC(compound, val, val, rhs)
		} else {
			f.expr(e.Right, val)
		}
		done := -1
		if name == "value" && !isUserClass(ot) && !strings.HasPrefix(f.c.file, "<prelude") {
			done = f.stateFlowSet(obj, val, last.Pos)
		}
		f.emitABC(vm.OpSetField, obj, sym, val)
		if done >= 0 {
			f.patchHere(done)
		}
	case last.Index != nil:
		if ot.deref().k == tString {
			f.c.errorf(last.Pos, "cannot index a string")
		}
		idx, _ := f.exprReg(last.Index)
		val := f.tmp()
		if isCompound {
			f.emitABC(vm.OpGetIndex, val, obj, idx)
			rhs, _ := f.exprReg(e.Right)
			f.emitABC(compound, val, val, rhs)
		} else {
			f.expr(e.Right, val)
		}
		f.emitABC(vm.OpSetIndex, obj, idx, val)
	default:
		f.c.errorf(e.Pos, "invalid assignment target")
	}
}

func (f *funcState) checkCompound(e *parser.Expr, lt, rt *Type) {
	op := e.Op[:1]
	f.arithType(op, lt, rt, e.Pos)
}

// assignLocal compiles `local = value`. The value is computed into a
// temporary, not into the local's register: an expression uses its
// destination as scratch (a method chain keeps its receiver there), and a
// failure part-way must leave the variable as it was (`q = s.parse_int()
// .unwrap()` caught by a try must not leave q = None). When the code has a
// single path and ends in an instruction that only writes its destination,
// that instruction is retargeted at the local instead of adding a MOVE.
func (f *funcState) assignLocal(value *parser.Expr, local int) {
	start := f.pc()
	tmp := f.tmp()
	f.expr(value, tmp)
	end := f.pc()
	if end > start && singlePath(f.code[start:end]) {
		if last := f.code[end-1]; last.A() == tmp && writesOnlyA[last.Op()] {
			f.code[end-1] = last.WithA(local)
			return
		}
	}
	f.emitABC(vm.OpMove, local, tmp, 0)
}

// singlePath reports whether code has no branch: it runs start to end.
func singlePath(code []vm.Instr) bool {
	for _, ins := range code {
		switch op := ins.Op(); {
		case op == vm.OpJmp || op == vm.OpJTrue || op == vm.OpJFalse:
			return false
		case vm.Opcodes[op].Format == vm.FmtABsJ || vm.Opcodes[op].Format == vm.FmtAsJ:
			return false
		}
	}
	return true
}

// writesOnlyA lists the instructions whose register A is a destination
// only (written once, at the end, and never read).
var writesOnlyA = func() [vm.NumOpcodes]bool {
	var w [vm.NumOpcodes]bool
	for _, op := range []vm.Opcode{
		vm.OpMove, vm.OpLoadK, vm.OpLoadI, vm.OpLoadUnit, vm.OpLoadTrue, vm.OpLoadFalse, vm.OpLoadNone,
		vm.OpLoadFn, vm.OpGetGlobal, vm.OpGetUpv, vm.OpGetCell,
		vm.OpAdd, vm.OpSub, vm.OpMul, vm.OpDiv, vm.OpMod, vm.OpAddK, vm.OpSubK, vm.OpMulK, vm.OpDivK, vm.OpModK,
		vm.OpAddI, vm.OpMulI, vm.OpDivI, vm.OpModI, vm.OpNeg, vm.OpNot, vm.OpEq, vm.OpNe, vm.OpLt, vm.OpLe, vm.OpEqK,
		vm.OpGetField, vm.OpGetIndex, vm.OpGetTuple, vm.OpGetPayload, vm.OpUnwrap, vm.OpDeref, vm.OpConcat,
		vm.OpAddN, vm.OpNewVec, vm.OpNewTuple, vm.OpRange, vm.OpRangeInc, vm.OpCast, vm.OpTypeIs,
	} {
		w[op] = true
	}
	return w
}()
