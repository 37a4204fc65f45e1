package compiler

import (
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// checkFieldAccess checks obj.name where obj has static type t, and returns
// the field's type. For a class with `exposes` clauses it enforces, where
// the compiler can see them, the rights of the accessing code.
func (f *funcState) checkFieldAccess(t *Type, name string, write bool, pos parser.Pos) *Type {
	ct := t.deref()
	if ct.k != tClass || ct.class == nil {
		return unknownT
	}
	ci := ct.class
	fi, ok := ci.fields[name]
	if !ok {
		if _, isMethod := ci.methods[name]; isMethod {
			f.c.errorf(pos, "%s.%s is a method; call it with ()", ci.name, name)
		} else {
			f.c.errorf(pos, "%s has no field `%s`", ci.name, name)
		}
		return unknownT
	}
	if write && fi.modifier == "semconst" && f.accessor != ci.constructedBy {
		f.c.errorf(pos, "%s.%s is semconst: only %s may write it", ci.name, name, orNone(ci.constructedBy))
	}
	if len(ci.exposes) == 0 {
		return fi.typ
	}
	acc := f.accessor
	if acc == ci.constructedBy && acc != "" {
		return fi.typ
	}
	ex, ok := ci.exposes[acc]
	if !ok {
		if acc == "" {
			f.c.errorf(pos, "%s.%s is private: %s exposes its fields only to %s", ci.name, name, ci.name, exposedList(ci))
		} else {
			f.c.errorf(pos, "%s.%s is not exposed to %s", ci.name, name, acc)
		}
		return fi.typ
	}
	mode, listed := ex.fields[name]
	if !listed {
		f.c.errorf(pos, "%s.%s is not exposed to %s", ci.name, name, acc)
		return fi.typ
	}
	if write && mode != "mutable" {
		f.c.errorf(pos, "%s.%s is read-only for %s", ci.name, name, acc)
	}
	if len(ct.caps) > 0 && !containsStr(ct.caps, acc) {
		f.c.errorf(pos, "%s reference lacks %s", ci.name, acc)
	}
	return fi.typ
}

func orNone(s string) string {
	if s == "" {
		return "its constructor"
	}
	return s
}

func exposedList(ci *classInfo) string {
	var names []string
	for n := range ci.exposes {
		names = append(names, n)
	}
	if ci.constructedBy != "" {
		names = append(names, ci.constructedBy)
	}
	return strings.Join(names, ", ")
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// narrowTo emits `dst = src with caps`; from is src's static type (or
// nil), used to report rights that cannot be had.
func (f *funcState) narrowTo(dst, src int, caps []string, pos parser.Pos, from *Type) *Type {
	for _, cp := range caps {
		if s := f.c.lookup(cp); s == nil || s.kind != symFunctional {
			f.c.errorf(pos, "%s is not a functional class (rights are named by functional classes)", cp)
			return unknownT
		}
	}
	var result *Type
	if ct := from.deref(); from != nil && ct.k == tClass && ct.class != nil {
		ci := ct.class
		if len(ci.exposes) == 0 {
			f.c.errorf(pos, "%s has no exposes clauses, so it has no rights to narrow", ci.name)
		}
		for _, cp := range caps {
			if _, ok := ci.exposes[cp]; !ok && len(ci.exposes) > 0 {
				f.c.errorf(pos, "%s exposes nothing to %s", ci.name, cp)
			} else if len(ct.caps) > 0 && !containsStr(ct.caps, cp) {
				f.c.errorf(pos, "%s reference lacks %s", ci.name, cp)
			}
		}
		result = &Type{k: tClass, class: ci, caps: caps}
	}
	key := "caps:" + strings.Join(caps, ",")
	k := f.constant(strKey(key), func() vm.Value {
		t := f.c.vm.Main
		items := make([]vm.Value, len(caps))
		for i, cp := range caps {
			items[i] = f.c.vm.Pin(t.NewString(cp))
		}
		return f.c.vm.Pin(t.NewVec(items))
	})
	f.emitABC(vm.OpWith, dst, src, k)
	if result == nil {
		return unknownT
	}
	return result
}

// rightsTest tests a rights pattern `Ops(x)` (in a match on
// `r.dynamic_cast()`): it matches when the reference holds the right Ops,
// binding x to the reference narrowed to Ops.
func (f *funcState) rightsTest(pp *parser.PathPat, r int, targets map[string]int) []int {
	name := pp.Segments[0]
	if len(pp.Args.Elems) != 1 {
		f.c.errorf(pp.Pos, "a rights pattern binds one reference: %s(x)", name)
		return nil
	}
	save := f.free
	a := f.window(f.tmp(), 2)
	f.emitABC(vm.OpMove, a+vm.FrameHeader, r, 0)
	f.loadString(a+vm.FrameHeader+1, name)
	f.callNative("__has_right", a, 2, pp.Pos)
	fails := []int{f.emitJump(vm.OpJFalse, a, 0)}
	f.free = save
	x := f.tmp()
	f.narrowTo(x, r, []string{name}, pp.Pos, nil)
	return append(fails, f.subTest(pp.Args.Elems[0], x, unknownT, targets)...)
}
