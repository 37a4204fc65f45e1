package compiler

import (
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// Flow bodies (§7.7.1): `emit` is bound lexically, like Kotlin's
// FlowCollector receiver. The closure literal given to `flow { }` and to
// the operators below gets a hidden first parameter, __emit, which holds
// the downstream; `emit(v)` inside it (also in closures nested in it)
// calls that parameter, and `emit_all(f)` runs f into it. The prelude
// calls such closures with the collector first.

// emitParam is the hidden parameter's name; no user name can clash.
const emitParam = "__emit"

// flowBodyMethods are the operators whose closure argument is a flow body.
var flowBodyMethods = map[string]bool{
	"transform": true, "transform_latest": true, "on_start": true, "on_completion": true, "catch": true,
}

// flowBodyFns are the free functions whose block is a flow body.
var flowBodyFns = map[string]bool{"flow": true}

// closureLit returns the closure literal an argument is, or nil.
func closureLit(e *parser.Expr) *parser.ClosureExpr {
	if e == nil || e.Right != nil || e.Left == nil || len(e.Left.Tail) > 0 {
		return nil
	}
	u := e.Left.Head
	if u == nil || len(u.Prefix) > 0 || len(u.Casts) > 0 || u.Value == nil || len(u.Value.Suffixes) > 0 {
		return nil
	}
	c, _ := u.Value.Primary.(*parser.ClosureExpr)
	return c
}

// markFlowBody records that the last argument (a closure literal or the
// trailing block) of a call is a flow body that emits.
func (f *funcState) markFlowBody(args []*parser.Expr, block *parser.Block) {
	if f.c.flowBodies == nil {
		f.c.flowBodies = map[any]bool{}
	}
	if block != nil {
		if usesEmit(block) {
			f.c.flowBodies[block] = true
		}
		return
	}
	if len(args) > 0 {
		if c := closureLit(args[len(args)-1]); c != nil && usesEmit(c.Body) {
			f.c.flowBodies[c] = true
		}
	}
}

// usesEmit reports whether a closure body mentions emit or emit_all: only
// then does it get the hidden emitter (the prelude asks the closure's arity),
// so a user's own method named catch or transform gets its closure as written.
func usesEmit(body any) bool {
	names := map[string]bool{}
	collectNames(body, names)
	return names["emit"] || names["emit_all"]
}

// isFlowBody reports (and forgets) whether a closure or block was marked.
func (f *funcState) isFlowBody(n any) bool {
	if f.c.flowBodies[n] {
		delete(f.c.flowBodies, n)
		return true
	}
	return false
}

// declareEmitParam adds the hidden __emit parameter to a closure being
// compiled; it returns 1 (the parameter count it adds).
func (cf *funcState) declareEmitParam() int {
	if cf.captured["emit"] || cf.captured["emit_all"] {
		cf.captured[emitParam] = true
	}
	reg := cf.alloc(1)
	l := cf.declare(emitParam, reg, false, unknownT)
	if l.cell {
		cf.emitABC(vm.OpNewCell, reg, reg, 0)
	}
	return 1
}

// emitCall compiles `emit(v)` and `emit_all(f)` inside a flow body; it
// reports false when name is neither or no flow body encloses the call.
func (f *funcState) emitCall(name string, args []*parser.Expr, block *parser.Block, dst int, pos parser.Pos) (*Type, bool) {
	if name != "emit" && name != "emit_all" {
		return nil, false
	}
	v := f.resolveVar(emitParam)
	if v.kind == varNone {
		if s := f.lookupItem(name); s != nil {
			return nil, false // a user's own fn emit
		}
		f.c.errorf(pos, "%s outside a flow body", name)
		return unknownT, true
	}
	if nargsOf(args, block) != 1 {
		f.c.errorf(pos, "%s expects 1 argument, got %d", name, nargsOf(args, block))
		return unknownT, true
	}
	f.noteSuspends(pos, name)
	save := f.free
	if name == "emit" {
		a := f.window(dst, 1)
		f.loadVar(v, a)
		f.args(a, 0, args, block)
		f.emitABC(vm.OpCall, a, 1, 0)
		f.finishWindow(a, dst, save)
		return unknownT, true
	}
	s := f.lookupItem("__emit_all")
	if s == nil || s.kind != symFn {
		f.c.errorf(pos, "internal error: __emit_all is missing from the prelude")
		return unknownT, true
	}
	a := f.window(dst, 2)
	f.loadVar(v, a+vm.FrameHeader)
	f.args(a, 1, args, block)
	f.emitABC(vm.OpCallK, a, 2, s.fn.proto.Index)
	f.finishWindow(a, dst, save)
	return unknownT, true
}

// isUserClass reports a static type that is a known class of the program
// (whose `value` field is a plain field).
func isUserClass(t *Type) bool {
	t = t.deref()
	return t.k == tClass && t.class != nil && !strings.HasPrefix(t.class.name, "Mutable")
}

// stateFlowSet compiles the guard before `x.value = v`: when x is a
// MutableStateFlow the prelude's setter runs (it compares, bumps the
// version and wakes collectors) and the plain field write is skipped.
// patchStateFlowSet ends the guard after that write.
func (f *funcState) stateFlowSet(obj, val int, pos parser.Pos) int {
	s := f.lookupItem("__state_set")
	if s == nil || s.kind != symFn {
		return -1
	}
	save := f.free
	a := f.window(f.tmp(), 1)
	f.emitABC(vm.OpMove, a+vm.FrameHeader, obj, 0)
	f.callNative("__is_state_flow", a, 1, pos)
	skip := f.emitJump(vm.OpJFalse, a, 0)
	f.free = save
	b := f.window(f.tmp(), 2)
	f.emitABC(vm.OpMove, b+vm.FrameHeader, obj, 0)
	f.emitABC(vm.OpMove, b+vm.FrameHeader+1, val, 0)
	f.emitABC(vm.OpCallK, b, 2, s.fn.proto.Index)
	f.free = save
	done := f.emitJump(vm.OpJmp, 0, 0)
	f.patchHere(skip)
	return done
}

// variadicFns are prelude functions that take any number of arguments:
// the call passes them as one Vec.
var variadicFns = map[string]bool{"flow_of": true, "await_all": true, "join_all": true}

func packArgs(args []*parser.Expr, pos parser.Pos) []*parser.Expr {
	vec := &parser.VecLit{Pos: pos, Elems: args}
	return []*parser.Expr{{Pos: pos, Left: &parser.Binary{Pos: pos, Head: &parser.Unary{Pos: pos,
		Value: &parser.Postfix{Pos: pos, Primary: vec}}}}}
}
