package compiler

import (
	"strconv"

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
				t := f.expr(e.Right, v.loc.reg)
				if v.loc.typ != nil && v.loc.typ.known() && !v.loc.mutable {
					_ = t
				}
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
		f.emitABC(vm.OpSetField, obj, sym, val)
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
