package compiler

import (
	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

type varKind uint8

const (
	varNone varKind = iota
	varLocal
	varUpval
	varGlobal
)

// varRef is what a variable name resolves to.
type varRef struct {
	kind varKind
	loc  *local
	up   int
	cap  *capInfo
	sym  *symbol
}

// resolveVar finds a variable: a local, a variable of an enclosing
// function (captured), or a top-level global or constant.
func (f *funcState) resolveVar(name string) varRef {
	if l := f.findLocal(name); l != nil {
		return varRef{kind: varLocal, loc: l}
	}
	if f.parent != nil {
		pr := f.parent.resolveVar(name)
		switch pr.kind {
		case varLocal:
			if !pr.loc.cell {
				f.c.errorf(parser.Pos{Filename: f.c.file, Line: f.line}, "internal error: captured variable %s is not boxed", name)
			}
			i, cp := f.addCapture(name, false, pr.loc.reg, pr.loc.mutable, pr.loc.typ)
			return varRef{kind: varUpval, up: i, cap: cp}
		case varUpval:
			i, cp := f.addCapture(name, true, pr.up, pr.cap.mutable, pr.cap.typ)
			return varRef{kind: varUpval, up: i, cap: cp}
		case varGlobal:
			return pr
		}
	}
	if f.isMain && f.c.newLets[name] {
		// top-level code sees the binding declared so far (or an earlier input's)
		if sym := f.visible[name]; sym != nil {
			return varRef{kind: varGlobal, sym: sym}
		}
		if sym := f.c.prevGlobals[name]; sym != nil && (sym.kind == symGlobal || sym.kind == symConst) {
			return varRef{kind: varGlobal, sym: sym}
		}
		return varRef{}
	}
	if sym := f.c.lookup(name); sym != nil && (sym.kind == symGlobal || sym.kind == symConst) {
		return varRef{kind: varGlobal, sym: sym}
	}
	return varRef{}
}

func (f *funcState) addCapture(name string, fromCell bool, index int, mutable bool, typ *Type) (int, *capInfo) {
	for i, c := range f.captures {
		if c.name == name {
			return i, c
		}
	}
	cp := &capInfo{name: name, fromCell: fromCell, index: index, mutable: mutable, typ: typ}
	f.captures = append(f.captures, cp)
	return len(f.captures) - 1, cp
}

// loadVar loads a resolved variable into dst.
func (f *funcState) loadVar(v varRef, dst int) *Type {
	switch v.kind {
	case varLocal:
		if v.loc.cell {
			f.emitABC(vm.OpGetCell, dst, v.loc.reg, 0)
		} else if v.loc.reg != dst {
			f.emitABC(vm.OpMove, dst, v.loc.reg, 0)
		}
		return v.loc.typ
	case varUpval:
		f.emitABC(vm.OpGetUpv, dst, v.up, 0)
		return v.cap.typ
	case varGlobal:
		f.emit(vm.ABx(vm.OpGetGlobal, dst, uint32(v.sym.global)))
		if v.sym.kind == symConst || !v.sym.mutable {
			return v.sym.typ
		}
		return unknownT
	}
	return unknownT
}

// storeVar stores register src into a resolved variable, checking that it
// may be assigned.
func (f *funcState) storeVar(name string, v varRef, src int, pos parser.Pos) {
	switch v.kind {
	case varLocal:
		if !v.loc.mutable {
			f.c.errorf(pos, "cannot assign twice to immutable variable '%s'", name)
		}
		if v.loc.cell {
			f.emitABC(vm.OpSetCell, v.loc.reg, src, 0)
		} else if v.loc.reg != src {
			f.emitABC(vm.OpMove, v.loc.reg, src, 0)
		}
	case varUpval:
		if !v.cap.mutable {
			f.c.errorf(pos, "cannot assign twice to immutable variable '%s'", name)
		}
		f.emitABC(vm.OpSetUpv, src, v.up, 0)
	case varGlobal:
		if v.sym.kind == symConst {
			f.c.errorf(pos, "cannot assign to constant '%s'", name)
		} else if !v.sym.mutable {
			f.c.errorf(pos, "cannot assign twice to immutable variable '%s'", name)
		}
		f.emit(vm.ABx(vm.OpSetGlobal, src, uint32(v.sym.global)))
	default:
		f.c.errorf(pos, "undefined name '%s'", name)
	}
}

// lookupItem finds a top-level item (fn, class, ...) by name. In top-level
// code a name about to be rebound by a `let` still means what it meant
// before the let (`let fizz = fizz();` calls the function fizz).
func (f *funcState) lookupItem(name string) *symbol {
	for g := f; g != nil; g = g.parent {
		if g.isMain {
			if g.c.newLets[name] && g.visible[name] == nil {
				return g.c.prevGlobals[name]
			}
			break
		}
	}
	return f.c.lookup(name)
}
