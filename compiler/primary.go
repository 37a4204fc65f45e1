package compiler

import (
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// postfix compiles a primary expression and its suffixes.
func (f *funcState) postfix(p *parser.Postfix, dst int) *Type {
	sfx := p.Suffixes
	var t *Type
	i, cur := 0, dst // cur: the register holding the value so far
	if path, ok := p.Primary.(*parser.PathExpr); ok && len(sfx) > 0 && (sfx[0].Call != nil || sfx[0].Block != nil) {
		args, block := callParts(sfx[0])
		f.setPos(sfx[0].Pos)
		t = f.callPath(path, args, block, dst, path.Pos)
		i = 1
	} else if l := f.plainLocalPrimary(p); l != nil {
		// `local.method()`, `local.field`, `local[i]`: the first step reads
		// the local's register itself, with no copy of it into dst first
		cur, t = l.reg, l.typ
	} else {
		t = f.primary(p.Primary, dst)
	}
	for ; i < len(sfx); i, cur = i+1, dst {
		s := sfx[i]
		f.setPos(s.Pos)
		switch {
		case s.Field != nil:
			name := *s.Field
			if i+1 < len(sfx) && (sfx[i+1].Call != nil || sfx[i+1].Block != nil) {
				args, block := callParts(sfx[i+1])
				t = f.methodCall(cur, t, name, s.Turbofish, args, block, dst, s.Pos)
				i++
				continue
			}
			if s.Turbofish != nil {
				f.c.errorf(s.Pos, "expected a method call after %s::<..>", name)
			}
			if n, err := strconv.Atoi(name); err == nil {
				f.emitABC(vm.OpGetTuple, dst, cur, n)
				if tt := t.deref(); tt.k == tTuple && n < len(tt.elems) {
					t = tt.elems[n]
				} else {
					t = unknownT
				}
				continue
			}
			t = f.fieldGet(cur, t, name, dst, s.Pos)
		case s.Index != nil:
			if t.deref().k == tString {
				f.c.errorf(s.Pos, "cannot index a string")
			}
			save := f.free
			r, _ := f.exprReg(s.Index)
			f.emitABC(vm.OpGetIndex, dst, cur, r)
			f.free = save
			if tt := t.deref(); tt.k == tVec && tt.elem != nil {
				t = tt.elem
			} else {
				t = unknownT
			}
		case s.Call != nil || s.Block != nil:
			args, block := callParts(s)
			t = f.dynamicCall(dst, args, block, dst, s.Pos)
		case s.Try:
			t = f.tryOp(dst, t)
		}
	}
	return t
}

// tryOp compiles `e?`: an Err or None is returned from the function (after
// its finally/defer blocks), an Ok(x) or Some(x) becomes x.
func (f *funcState) tryOp(r int, t *Type) *Type {
	j := f.emitJump(vm.OpJOk, r, 0)
	f.exitThrough(0)
	f.endScopesTo(nil)
	f.emitABC(vm.OpRet, r, 0, 0)
	f.reenter(0)
	f.patchHere(j)
	f.emitABC(vm.OpUnwrap, r, r, 0)
	if t.k == tOption && t.elem != nil {
		return t.elem
	}
	return unknownT
}

// fieldGet compiles obj.name.
func (f *funcState) fieldGet(obj int, t *Type, name string, dst int, pos parser.Pos) *Type {
	ft := f.checkFieldAccess(t, name, false, pos)
	sym := f.c.vm.Intern(name)
	f.emitABC(vm.OpGetField, dst, obj, int(sym))
	return ft
}

// primary compiles an operand into dst.
func (f *funcState) primary(p parser.Primary, dst int) *Type {
	switch e := p.(type) {
	case *parser.Literal:
		f.setPos(e.Pos)
		switch {
		case e.Int != nil:
			v, err := parseIntLit(*e.Int, false)
			if err != nil {
				f.c.errorf(e.Pos, "%v", err)
			}
			f.loadInt(dst, v)
			return intT
		case e.Float != nil:
			x, err := strconv.ParseFloat(strings.ReplaceAll(*e.Float, "_", ""), 64)
			if err != nil {
				f.c.errorf(e.Pos, "malformed float literal %s", *e.Float)
			}
			f.loadFloat(dst, x)
			return floatT
		default:
			if *e.Bool == "true" {
				f.emitABC(vm.OpLoadTrue, dst, 0, 0)
			} else {
				f.emitABC(vm.OpLoadFalse, dst, 0, 0)
			}
			return boolT
		}
	case *parser.StringLit:
		return f.stringLit(e, dst)
	case *parser.RawStringLit:
		f.loadString(dst, e.Value)
		return stringT
	case *parser.ParenExpr:
		if len(e.Elems) == 0 {
			f.emitABC(vm.OpLoadUnit, dst, 0, 0)
			return unitT
		}
		if len(e.Elems) == 1 && !e.Trailing {
			return f.expr(e.Elems[0], dst)
		}
		save := f.free
		base := f.alloc(len(e.Elems))
		tt := &Type{k: tTuple}
		for i, x := range e.Elems {
			tt.elems = append(tt.elems, f.expr(x, base+i))
		}
		f.emitABC(vm.OpNewTuple, dst, base, len(e.Elems))
		f.free = save
		return tt
	case *parser.VecLit:
		save := f.free
		base := f.alloc(len(e.Elems))
		var et *Type
		for i, x := range e.Elems {
			t := f.expr(x, base+i)
			if i == 0 {
				et = t
			} else if et != nil {
				if et = mergeTypes(et, t); et == unknownT {
					et = nil
				}
			}
		}
		f.emitABC(vm.OpNewVec, dst, base, len(e.Elems))
		f.free = save
		return &Type{k: tVec, elem: et}
	case *parser.MapLit:
		save := f.free
		base := f.alloc(2 * len(e.Entries))
		for i, en := range e.Entries {
			f.expr(en.Key, base+2*i)
			f.expr(en.Value, base+2*i+1)
		}
		f.emitABC(vm.OpNewMap, dst, base, len(e.Entries))
		f.free = save
		return mapT
	case *parser.Block:
		return f.blockInto(e.Stmts, dst)
	case *parser.IfExpr:
		return f.ifExpr(e, dst)
	case *parser.MatchExpr:
		return f.match(e, dst)
	case *parser.WhileExpr:
		f.whileLoop(e, "", dst)
		return unitT
	case *parser.LoopExpr:
		return f.loop(e, "", dst)
	case *parser.ForExpr:
		f.forLoop(e, "", dst)
		return unitT
	case *parser.LabeledExpr:
		return f.labeled(e, dst)
	case *parser.TryExpr:
		return f.tryExpr(e, dst)
	case *parser.SelectExpr:
		return f.selectExpr(e, dst)
	case *parser.ParallelExpr:
		return f.scopeCall("coroutine_scope", e.Body, dst, e.Pos)
	case *parser.ClosureExpr:
		return f.closure(e, dst)
	case *parser.ReturnExpr:
		f.returnExpr(e)
		return neverT
	case *parser.BreakExpr:
		f.breakExpr(e)
		return neverT
	case *parser.ContinueExpr:
		f.continueExpr(e)
		return neverT
	case *parser.ThrowExpr:
		save := f.free
		r, _ := f.exprReg(e.Value)
		f.setPos(e.Pos)
		f.emitABC(vm.OpThrow, r, 0, 0)
		f.free = save
		return neverT
	case *parser.YieldExpr:
		return f.yieldExpr(e, dst)
	case *parser.StructLit:
		return f.structLit(e, dst)
	case *parser.PathExpr:
		return f.pathValue(e, dst)
	}
	f.c.errorf(parser.Pos{Filename: f.c.file, Line: f.line}, "unsupported expression")
	return unknownT
}

// scopeCall compiles `parallel { .. }` as a call of a prelude scope
// function with the block as a closure.
func (f *funcState) scopeCall(fn string, body *parser.Block, dst int, pos parser.Pos) *Type {
	s := f.c.lookup(fn)
	if s == nil || s.kind != symFn {
		f.c.errorf(pos, "internal error: %s is missing from the prelude", fn)
		return unknownT
	}
	return f.directCall(s.fn, nil, body, dst, pos)
}

func (f *funcState) yieldExpr(e *parser.YieldExpr, dst int) *Type {
	f.setPos(e.Pos)
	switch {
	case f.parent != nil:
		f.suspends = true
		f.async = true
	case f.fi != nil && f.fi.async:
	default:
		f.c.errorf(e.Pos, "yield is only allowed in an async fn or an async closure")
	}
	save := f.free
	var r int
	if e.Value != nil {
		r, _ = f.exprReg(e.Value)
	} else {
		r = f.tmp()
		f.emitABC(vm.OpLoadUnit, r, 0, 0)
	}
	f.emitABC(vm.OpYield, dst, r, 0)
	f.free = save
	return unknownT
}

// stringLit compiles an interpolated string.
func (f *funcState) stringLit(s *parser.StringLit, dst int) *Type {
	if len(s.Parts) == 0 {
		f.loadString(dst, "")
		return stringT
	}
	if len(s.Parts) == 1 && s.Parts[0].Text != nil {
		f.loadString(dst, *s.Parts[0].Text)
		return stringT
	}
	save := f.free
	base := f.alloc(len(s.Parts))
	for i, p := range s.Parts {
		switch {
		case p.Text != nil:
			f.loadString(base+i, *p.Text)
		case p.Var != nil:
			v := f.resolveVar(*p.Var)
			if v.kind == varNone {
				f.valueByName(*p.Var, base+i, p.Pos)
			} else {
				f.loadVar(v, base+i)
			}
		default:
			f.expr(p.Expr, base+i)
		}
	}
	f.emitABC(vm.OpConcat, dst, base, len(s.Parts))
	f.free = save
	return stringT
}

// pathValue compiles a name or path used as a value.
func (f *funcState) pathValue(p *parser.PathExpr, dst int) *Type {
	f.setPos(p.Pos)
	segs := p.Segments
	if len(segs) == 1 {
		return f.valueByName(segs[0], dst, p.Pos)
	}
	if len(segs) == 2 {
		owner, member := segs[0], segs[1]
		if owner == "Self" && f.selfClass != nil {
			owner = f.selfClass.name
		}
		if s := f.c.lookup(owner); s != nil {
			switch s.kind {
			case symFunctional:
				if fi := s.fclass.fns[member]; fi != nil {
					f.emit(vm.ABx(vm.OpLoadFn, dst, uint32(fi.proto.Index)))
					return fnT
				}
			case symUnion:
				if vr := s.union.u.Variant(member); vr != nil {
					if s.union.constructedBy != "" && f.accessor != s.union.constructedBy {
						f.c.errorf(p.Pos, "%s can only be constructed by %s", owner, s.union.constructedBy)
					}
					return f.variantValue(vr, dst, p.Pos, &Type{k: tUnion, union: s.union})
				}
				f.c.errorf(p.Pos, "union %s has no variant %s", owner, member)
				return unknownT
			}
		}
		if u := f.c.vm.UnionByName(owner); u != nil {
			if vr := u.Variant(member); vr != nil {
				return f.variantValue(vr, dst, p.Pos, unknownT)
			}
		}
		if v, ok := f.c.vm.Consts[owner+"::"+member]; ok {
			f.loadConst(dst, f.valueConst(v))
			return unknownT
		}
		if idx, _, ok := f.c.vm.LookupNative(owner + "::" + member); ok {
			f.loadConst(dst, f.valueConst(vm.NativeValue(idx)))
			return fnT
		}
	}
	f.c.errorf(p.Pos, "undefined name '%s'", joinPath(segs))
	return unknownT
}

func (f *funcState) variantValue(vr *vm.Variant, dst int, pos parser.Pos, t *Type) *Type {
	if vr.Arity != 0 {
		f.c.errorf(pos, "%s::%s takes %d value(s); call it: %s::%s(..)", vr.Union.Name, vr.Name, vr.Arity, vr.Union.Name, vr.Name)
		return unknownT
	}
	if vr == f.c.vm.Option.Variants[1] {
		f.emitABC(vm.OpLoadNone, dst, 0, 0)
		return &Type{k: tOption}
	}
	f.loadConst(dst, f.valueConst(vr.UnitValue()))
	return t
}

// valueByName loads a single name: a variable, a function, a constant, a
// native, or a type.
func (f *funcState) valueByName(name string, dst int, pos parser.Pos) *Type {
	if v := f.resolveVar(name); v.kind != varNone {
		return f.loadVar(v, dst)
	}
	switch name {
	case "None":
		f.emitABC(vm.OpLoadNone, dst, 0, 0)
		return &Type{k: tOption}
	case "self":
		f.c.errorf(pos, "self is only available in methods")
		return unknownT
	}
	if s := f.lookupItem(name); s != nil {
		switch s.kind {
		case symFn:
			f.emit(vm.ABx(vm.OpLoadFn, dst, uint32(s.fn.proto.Index)))
			return fnT
		case symClass, symUnion, symInterface, symFunctional:
			k := f.typeConst(&parser.Type{Pos: pos, Name: name})
			if k >= 0 {
				f.loadConst(dst, k)
			}
			return unknownT
		}
	}
	if v, ok := f.c.vm.Consts[name]; ok {
		f.loadConst(dst, f.valueConst(v))
		return unknownT
	}
	if idx, _, ok := f.c.vm.LookupNative(name); ok {
		if strings.HasPrefix(name, "unsafe_") && (f.selfClass == nil || !f.selfClass.danger) {
			f.c.errorf(pos, "%s may only be used in a danger class (#[danger(stateful_class)])", name)
		}
		f.loadConst(dst, f.valueConst(vm.NativeValue(idx)))
		return fnT
	}
	f.c.errorf(pos, "undefined name '%s'", name)
	return unknownT
}

// structLit compiles `Name { field: value, .. }`.
func (f *funcState) structLit(e *parser.StructLit, dst int) *Type {
	f.setPos(e.Pos)
	name := e.Path[len(e.Path)-1]
	if name == "Self" && f.selfClass != nil {
		name = f.selfClass.name
	}
	var ci *classInfo
	if len(e.Path) == 1 {
		if s := f.c.lookup(name); s != nil && s.kind == symClass {
			ci = s.class
		}
	}
	if ci == nil {
		if len(e.Fields) == 0 && len(e.Path) == 1 {
			// `launch {}`: a trailing-block call with an empty block
			pe := &parser.PathExpr{Pos: e.Pos, Segments: e.Path}
			return f.callPath(pe, nil, &parser.Block{Pos: e.Pos}, dst, e.Pos)
		}
		f.c.errorf(e.Pos, "unknown class %s", joinPath(e.Path))
		return unknownT
	}
	if ci.constructedBy != "" && f.accessor != ci.constructedBy {
		f.c.errorf(e.Pos, "%s can only be constructed by %s", ci.name, ci.constructedBy)
	}
	save := f.free
	base := f.alloc(len(ci.order))
	given := map[string]bool{}
	for _, fi := range e.Fields {
		info, ok := ci.fields[fi.Name]
		if !ok {
			f.c.errorf(fi.Pos, "%s has no field `%s`", ci.name, fi.Name)
			continue
		}
		if given[fi.Name] {
			f.c.errorf(fi.Pos, "field `%s` is given twice", fi.Name)
		}
		given[fi.Name] = true
		t := f.expr(fi.Value, base+info.index)
		if !compatible(info.typ, t) {
			f.c.errorf(fi.Value.Pos, "mismatched types: %s.%s is %s, found %s", ci.name, fi.Name, info.typ, t)
		}
	}
	var missing []string
	for _, n := range ci.order {
		if !given[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		f.c.errorf(e.Pos, "missing field(s) %s in %s literal", strings.Join(missing, ", "), ci.name)
	}
	f.emitABC(vm.OpNewInst, dst, ci.vmc.ID, base)
	f.free = save
	return &Type{k: tClass, class: ci}
}

// plainLocalPrimary returns the local p starts with when p is `local.x..`
// or `local[i]..` on a plain (not captured) local.
func (f *funcState) plainLocalPrimary(p *parser.Postfix) *local {
	if len(p.Suffixes) == 0 || (p.Suffixes[0].Field == nil && p.Suffixes[0].Index == nil) {
		return nil
	}
	path, ok := p.Primary.(*parser.PathExpr)
	if !ok || len(path.Segments) != 1 || path.Turbofish != nil {
		return nil
	}
	if l := f.findLocal(path.Segments[0]); l != nil && !l.cell {
		return l
	}
	return nil
}
