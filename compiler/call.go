package compiler

import (
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// window returns the base register A of a call window for nargs arguments
// (the callee's frame header, then its arguments). When dst is the top
// register the window starts at dst, so the result needs no move.
func (f *funcState) window(dst, nargs int) int {
	if dst == f.free-1 {
		f.alloc(vm.FrameHeader - 1 + nargs)
		return dst
	}
	return f.alloc(vm.FrameHeader + nargs)
}

// finishWindow moves a call's result to dst and frees the window.
func (f *funcState) finishWindow(a, dst, save int) {
	if a != dst {
		f.emitABC(vm.OpMove, dst, a, 0)
	}
	f.free = save
}

// callNative emits a call of a runtime native by name.
func (f *funcState) callNative(name string, a, nargs int, pos parser.Pos) {
	idx, _, ok := f.c.vm.LookupNative(name)
	if !ok {
		f.c.errorf(pos, "internal error: runtime function %s is missing", name)
		return
	}
	f.emitABC(vm.OpCallN, a, nargs, idx)
}

func callParts(s *parser.Suffix) ([]*parser.Expr, *parser.Block) {
	if s.Call != nil {
		return s.Call.Args, s.Call.Block
	}
	return nil, s.Block
}

// args compiles call arguments (and a trailing block, as a closure) into
// the window at a.
func (f *funcState) args(a, first int, args []*parser.Expr, block *parser.Block) []*Type {
	var ts []*Type
	for i, e := range args {
		ts = append(ts, f.expr(e, a+vm.FrameHeader+first+i))
	}
	if block != nil {
		ts = append(ts, f.trailingClosure(block, a+vm.FrameHeader+first+len(args)))
	}
	return ts
}

// trailingClosure compiles a trailing block `{ .. }` as `|| { .. }`.
func (f *funcState) trailingClosure(b *parser.Block, dst int) *Type {
	body := &parser.Expr{Pos: b.Pos, Left: &parser.Binary{Pos: b.Pos, Head: &parser.Unary{Pos: b.Pos,
		Value: &parser.Postfix{Pos: b.Pos, Primary: b}}}}
	ce := &parser.ClosureExpr{Pos: b.Pos, Empty: true, Body: body}
	if f.isFlowBody(b) {
		f.c.flowBodies[ce] = true
	}
	return f.closure(ce, dst)
}

func nargsOf(args []*parser.Expr, block *parser.Block) int {
	if block != nil {
		return len(args) + 1
	}
	return len(args)
}

// staticFn resolves a path to a declared function (fn item or a function
// of a functional class), or nil.
func (f *funcState) staticFn(segs []string) *fnInfo {
	switch len(segs) {
	case 1:
		if f.resolveVar(segs[0]).kind != varNone {
			return nil
		}
		if s := f.c.lookup(segs[0]); s != nil && s.kind == symFn {
			return s.fn
		}
	case 2:
		if s := f.c.lookup(segs[0]); s != nil && s.kind == symFunctional {
			return s.fclass.fns[segs[1]]
		}
	}
	return nil
}

// builderAliases maps keyword-named builders to their prelude functions.
var builderAliases = map[string]string{"async": "async_", "CoroutineScope": "__new_coroutine_scope"}

// callPath compiles a call whose callee is a path: a function, a
// functional-class function, a union variant constructor, a native, or a
// variable holding a function.
func (f *funcState) callPath(p *parser.PathExpr, args []*parser.Expr, block *parser.Block, dst int, pos parser.Pos) *Type {
	segs := p.Segments
	nargs := nargsOf(args, block)
	if len(segs) == 1 {
		name := segs[0]
		if v := f.resolveVar(name); v.kind != varNone {
			save := f.free
			a := f.window(dst, nargs)
			f.loadVar(v, a)
			f.args(a, 0, args, block)
			f.emitABC(vm.OpCall, a, nargs, 0)
			f.finishWindow(a, dst, save)
			return unknownT
		}
		if t, ok := f.emitCall(name, args, block, dst, pos); ok {
			return t
		}
		switch name {
		case "Some", "Ok", "Err":
			vr := map[string]*vm.Variant{"Some": f.c.vm.SomeV, "Ok": f.c.vm.OkV, "Err": f.c.vm.ErrV}[name]
			t := f.construct(vr, args, block, dst, pos)
			if name == "Some" {
				return &Type{k: tOption, elem: t.elem}
			}
			return &Type{k: tResult}
		}
		if alias, ok := builderAliases[name]; ok {
			name = alias
		}
		if variadicFns[name] && block == nil {
			args = packArgs(args, pos)
		}
		if s := f.lookupItem(name); s != nil {
			switch s.kind {
			case symFn:
				if flowBodyFns[name] {
					f.markFlowBody(args, block)
				}
				return f.directCall(s.fn, args, block, dst, pos)
			case symClass, symUnion, symInterface, symFunctional:
				f.c.errorf(pos, "%s is a type, not a function", name)
				return unknownT
			}
		}
		if idx, n, ok := f.c.vm.LookupNative(name); ok {
			return f.nativeCall(idx, n, args, block, dst, pos)
		}
		f.c.errorf(p.Pos, "undefined name '%s'", segs[0])
		return unknownT
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
					return f.directCall(fi, args, block, dst, pos)
				}
				f.c.errorf(pos, "functional class %s has no function %s", owner, member)
				return unknownT
			case symUnion:
				vr := s.union.u.Variant(member)
				if vr == nil {
					f.c.errorf(pos, "union %s has no variant %s", owner, member)
					return unknownT
				}
				if s.union.constructedBy != "" && f.accessor != s.union.constructedBy {
					f.c.errorf(pos, "%s can only be constructed by %s", owner, s.union.constructedBy)
				}
				f.construct(vr, args, block, dst, pos)
				return &Type{k: tUnion, union: s.union}
			case symClass:
				if fi := s.class.methods[member]; fi != nil {
					return f.directCall(fi, args, block, dst, pos)
				}
			}
		}
		if u := f.c.vm.UnionByName(owner); u != nil {
			if vr := u.Variant(member); vr != nil {
				f.construct(vr, args, block, dst, pos)
				return unknownT
			}
		}
		if idx, n, ok := f.c.vm.LookupNative(owner + "::" + member); ok {
			return f.nativeCall(idx, n, args, block, dst, pos)
		}
		if s := f.c.lookup(owner + "::" + member); s != nil && s.kind == symFn {
			return f.directCall(s.fn, args, block, dst, pos)
		}
	}
	f.c.errorf(p.Pos, "undefined name '%s'", joinPath(segs))
	return unknownT
}

func joinPath(segs []string) string {
	s := ""
	for i, x := range segs {
		if i > 0 {
			s += "::"
		}
		s += x
	}
	return s
}

// directCall calls a declared function by index.
func (f *funcState) directCall(fi *fnInfo, args []*parser.Expr, block *parser.Block, dst int, pos parser.Pos) *Type {
	nargs := nargsOf(args, block)
	pad := 0
	if nargs < len(fi.params) && nargs >= len(fi.params)-fi.proto.OptParams && block == nil {
		pad = len(fi.params) - nargs
	} else if nargs != len(fi.params) {
		s := "s"
		if len(fi.params) == 1 {
			s = ""
		}
		f.c.errorf(pos, "%s expects %d argument%s, got %d", fi.name, len(fi.params), s, nargs)
	}
	if fi.async {
		f.noteSuspends(pos, shortName(fi.name))
	}
	save := f.free
	a := f.window(dst, nargs+pad)
	ts := f.args(a, 0, args, block)
	for i := 0; i < pad; i++ {
		f.emitABC(vm.OpLoadUnit, a+vm.FrameHeader+nargs+i, 0, 0)
	}
	nargs += pad
	for i, t := range ts {
		at := pos
		if i < len(args) {
			at = args[i].Pos
		}
		if i < len(fi.params) && !compatible(fi.params[i], t) {
			f.c.errorf(at, "mismatched types: argument %d of %s expects %s, found %s", i+1, fi.name, fi.params[i], t)
		}
		// a reference the compiler knows lacks the functional class's right
		if fc := fi.fclass; fc != nil {
			if ct := t.deref(); ct.k == tClass && ct.class != nil && len(ct.caps) > 0 && !containsStr(ct.caps, fc.name) {
				if _, exposed := ct.class.exposes[fc.name]; exposed {
					f.c.errorf(at, "%s reference lacks %s", ct.class.name, fc.name)
				}
			}
		}
	}
	if fi.proto.Index < 0x10000 {
		f.emitABC(vm.OpCallK, a, nargs, fi.proto.Index)
	} else {
		f.emit(vm.ABx(vm.OpLoadFn, a, uint32(fi.proto.Index)))
		f.emitABC(vm.OpCall, a, nargs, 0)
	}
	f.finishWindow(a, dst, save)
	if fi.ret.known() {
		return fi.ret
	}
	return unknownT
}

// nativeCall calls a native function by index.
func (f *funcState) nativeCall(idx int, n *vm.Native, args []*parser.Expr, block *parser.Block, dst int, pos parser.Pos) *Type {
	nargs := nargsOf(args, block)
	if nargs < n.MinArgs || (n.MaxArgs >= 0 && nargs > n.MaxArgs) {
		switch {
		case n.MinArgs == n.MaxArgs:
			f.c.errorf(pos, "%s expects %d argument(s), got %d", n.Name, n.MinArgs, nargs)
		case n.MaxArgs < 0:
			f.c.errorf(pos, "%s expects at least %d argument(s), got %d", n.Name, n.MinArgs, nargs)
		default:
			f.c.errorf(pos, "%s expects %d to %d arguments, got %d", n.Name, n.MinArgs, n.MaxArgs, nargs)
		}
	}
	if n.Suspends {
		f.noteSuspends(pos, n.Name)
	}
	if strings.HasPrefix(n.Name, "unsafe_") && (f.selfClass == nil || !f.selfClass.danger) {
		f.c.errorf(pos, "%s may only be called from a danger class (#[danger(stateful_class)])", n.Name)
	}
	save := f.free
	a := f.window(dst, nargs)
	start := len(f.code)
	f.args(a, 0, args, block)
	if coroutineStarters[n.Name] {
		f.markCoroutineBodies(start, a+vm.FrameHeader, nargs)
	}
	f.emitABC(vm.OpCallN, a, nargs, idx)
	f.finishWindow(a, dst, save)
	return nativeResultType(n.Name)
}

// coroutineStarters are the natives that run a function argument in a
// new coroutine (its own stack), never on the caller's.
var coroutineStarters = map[string]bool{
	"launch": true, "async_": true, "produce": true, "__spawn": true,
	"Coroutine::new": true, "Coroutine::with_class": true, "create_coroutine": true,
}

// markCoroutineBodies flags the closure literals that the code emitted
// since start built straight into the argument registers [first,
// first+n): their values go nowhere but to the coroutine starter. (A
// closure literal has one creation site: CLOSURE, or LOADFN when it
// captures nothing. A named fn may be taken as a value elsewhere too.)
func (f *funcState) markCoroutineBodies(start, first, n int) {
	for _, ins := range f.code[start:] {
		op := ins.Op()
		if (op != vm.OpClosure && op != vm.OpLoadFn) || ins.A() < first || ins.A() >= first+n || ins.Bx() >= len(f.c.vm.Protos) {
			continue
		}
		if p := f.c.vm.Protos[ins.Bx()]; p.Closure {
			p.CoroutineBody = true
		}
	}
}

func nativeResultType(name string) *Type {
	switch name {
	case "format", "type_of":
		return stringT
	case "now_ms":
		return intT
	case "Vec::new", "args":
		return vecT
	case "Map::new":
		return mapT
	case "Coroutine::new", "Coroutine::with_class":
		return coroT
	case "println", "print", "assert", "assert_eq", "panic", "delay", "yield_now", "exit":
		return unitT
	}
	return unknownT
}

// construct builds a union value of a variant.
func (f *funcState) construct(vr *vm.Variant, args []*parser.Expr, block *parser.Block, dst int, pos parser.Pos) *Type {
	nargs := nargsOf(args, block)
	if nargs != vr.Arity {
		f.c.errorf(pos, "%s::%s takes %d value(s), got %d", vr.Union.Name, vr.Name, vr.Arity, nargs)
	}
	save := f.free
	base := f.alloc(nargs)
	var t *Type
	for i, e := range args {
		at := f.expr(e, base+i)
		if i == 0 {
			t = at
		}
	}
	if block != nil {
		f.trailingClosure(block, base+len(args))
	}
	f.emitABC(vm.OpNewUnion, dst, vr.ID, base)
	f.free = save
	return &Type{elem: t}
}

// dynamicCall calls the function value in register fn.
func (f *funcState) dynamicCall(fn int, args []*parser.Expr, block *parser.Block, dst int, pos parser.Pos) *Type {
	nargs := nargsOf(args, block)
	save := f.free
	a := f.window(dst, nargs)
	if a != fn {
		f.emitABC(vm.OpMove, a, fn, 0)
	}
	f.args(a, 0, args, block)
	f.emitABC(vm.OpCall, a, nargs, 0)
	f.finishWindow(a, dst, save)
	return unknownT
}

// suspendingMethods are built-in methods that may suspend the caller.
var suspendingMethods = map[string]bool{
	"send": true, "receive": true, "recv": true, "await": true, "join": true, "cancel_and_join": true,
	"lock": true, "with_lock": true,
}

// universalMethods exist on every value (or every class instance).
var universalMethods = map[string]bool{
	"is": true, "cast": true, "has_capability": true, "dynamic_cast": true, "to_string": true,
}

// methodCall compiles recv.name(args) with the receiver in register recv.
func (f *funcState) methodCall(recv int, rt *Type, name string, turbofish []*parser.Type, args []*parser.Expr, block *parser.Block, dst int, pos parser.Pos) *Type {
	if name == "is" && len(turbofish) == 1 && len(args) == 0 && block == nil {
		k := f.typeConst(turbofish[0])
		if k >= 0 {
			f.emitABC(vm.OpTypeIs, dst, recv, k)
		}
		return boolT
	}
	nargs := 1 + nargsOf(args, block)
	extra := ""
	switch name {
	case "cast", "has_capability", "try_as":
		if len(turbofish) != 1 {
			f.c.errorf(pos, "%s needs a type argument: x.%s::<T>()", name, name)
			return unknownT
		}
		extra = turbofish[0].Name
		nargs++
	}
	var known *fnInfo
	if t := rt.deref(); t.k == tClass && t.class != nil {
		known = t.class.methods[name]
		if known == nil && !universalMethods[name] {
			if _, isField := t.class.fields[name]; isField {
				f.c.errorf(pos, "%s.%s is a field, not a method", t.class.name, name)
			} else if !t.class.danger && len(t.class.ifaces) == 0 {
				f.c.errorf(pos, "no method `%s` on %s (data classes hold no methods; put functions in a functional class)", name, t.class.name)
			} else {
				f.c.errorf(pos, "no method `%s` on %s", name, t.class.name)
			}
		}
	}
	if known != nil {
		if want := len(known.params); want != nargs && (nargs > want || nargs < want-known.proto.OptParams) {
			f.c.errorf(pos, "%s expects %d argument(s), got %d", known.name, want-1, nargs-1)
		}
		if known.async {
			f.noteSuspends(pos, shortName(known.name))
		}
	} else if suspendingMethods[name] && f.parent != nil {
		f.suspends = true
	}
	if flowBodyMethods[name] {
		f.markFlowBody(args, block)
	}
	save := f.free
	a := f.window(dst, nargs)
	if a+vm.FrameHeader != recv {
		f.emitABC(vm.OpMove, a+vm.FrameHeader, recv, 0)
	}
	f.args(a, 1, args, block)
	if extra != "" {
		f.loadString(a+vm.FrameHeader+nargs-1, extra)
	}
	sym := f.c.vm.Intern(name)
	if sym > 0xFFFF {
		f.c.errorf(pos, "too many distinct names in the program")
	}
	op := vm.OpCallM
	if name == "resume" && known == nil {
		op = vm.OpResume
	}
	f.emitABC(op, a, nargs, int(sym))
	f.finishWindow(a, dst, save)
	if known != nil && known.ret.known() {
		return known.ret
	}
	return builtinMethodType(rt.deref(), name)
}

// builtinMethodType is the result type of well-known built-in methods.
func builtinMethodType(t *Type, name string) *Type {
	switch name {
	case "len":
		return intT
	case "is_empty", "contains", "starts_with", "ends_with", "contains_key", "is_complete", "is_active",
		"is_cancelled", "is_completed", "has_capability", "is_closed_for_receive":
		return boolT
	case "to_upper", "to_lower", "trim", "join", "to_string":
		return stringT
	case "chars", "split", "keys", "values":
		return vecT
	case "map", "filter":
		if t.k == tVec {
			return vecT
		}
	case "sqrt", "floor", "ceil", "round":
		if t.k == tFloat {
			return floatT
		}
	case "abs", "pow", "min", "max":
		if t.k == tInt || t.k == tFloat {
			return t
		}
	}
	return unknownT
}

// typeConst returns the constant index of a type used in is::<T>.
func (f *funcState) typeConst(at *parser.Type) int {
	name := at.Name
	o := &vm.TypeObj{Name: name}
	if s := f.c.lookup(name); s != nil {
		switch s.kind {
		case symClass:
			o.Class = s.class.vmc
		case symUnion:
			o.Union = s.union.u
		case symInterface:
			o.Iface = s.iface.it
		case symFunctional:
			o.Class = s.fclass.vmc
		}
	} else if it := f.c.vm.InterfaceByName(name); it != nil {
		o.Iface = it
	} else if u := f.c.vm.UnionByName(name); u != nil {
		o.Union = u
	} else if !builtinTypeName[name] {
		f.c.errorf(at.Pos, "unknown type %s", name)
		return -1
	}
	key := "type:" + name + ":" + strconv.Itoa(len(f.consts))
	if o.Class != nil || o.Union != nil || o.Iface != nil {
		key = "type:" + name
	}
	return f.constant(strKey(key), func() vm.Value { return f.c.vm.Main.TypeValue(o) })
}

var builtinTypeName = map[string]bool{
	"int": true, "float": true, "bool": true, "string": true, "unit": true, "tuple": true, "Vec": true,
	"Map": true, "Option": true, "Result": true, "range": true, "fn": true, "Coroutine": true, "Job": true,
	"Deferred": true, "Channel": true, "Mutex": true, "Continuation": true, "Error": true,
}
