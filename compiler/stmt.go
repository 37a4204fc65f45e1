package compiler

import (
	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// blockInto compiles a block in a new scope; its value goes to dst.
func (f *funcState) blockInto(stmts []parser.Stmt, dst int) *Type {
	f.pushScope()
	t := f.stmtList(stmts, dst, true)
	f.popScope()
	return t
}

// stmtList compiles statements in the current scope. With tail, a last
// expression statement without `;` is the value (into dst); otherwise dst
// gets unit. Deferred expressions run at the end, last first.
func (f *funcState) stmtList(stmts []parser.Stmt, dst int, tail bool) *Type {
	var defers []*region
	t := unitT
	valued := false
	for i, st := range stmts {
		last := i == len(stmts)-1
		switch s := st.(type) {
		case *parser.Item:
			f.c.errorf(s.Pos, "items (fn, class, ...) must be declared at the top level")
		case *parser.EmptyStmt:
		case *parser.LetStmt:
			f.setPos(s.Pos)
			f.let(s)
		case *parser.DeferStmt:
			f.setPos(s.Pos)
			defers = append(defers, f.openDefer(s))
		case *parser.ExprStmt:
			f.setPos(s.Pos)
			if s.BlockLike == nil && !s.Semi() && !last && !isBlockLikeExpr(s.Expr) {
				f.c.errorf(s.Expr.Pos, "expected `;` after expression")
			}
			if last && tail && !s.Semi() {
				t = f.exprStmtValue(s, dst)
				valued = true
			} else {
				f.exprStmtDiscard(s)
			}
		}
	}
	if !valued && dst >= 0 {
		f.emitABC(vm.OpLoadUnit, dst, 0, 0)
	}
	for i := len(defers) - 1; i >= 0; i-- {
		f.closeFinally(defers[i])
	}
	return t
}

func (f *funcState) exprStmtValue(s *parser.ExprStmt, dst int) *Type {
	if s.BlockLike != nil {
		return f.primary(s.BlockLike, dst)
	}
	return f.expr(s.Expr, dst)
}

func (f *funcState) exprStmtDiscard(s *parser.ExprStmt) {
	if s.Expr != nil && s.Expr.Op != "" {
		f.setPos(s.Expr.Pos)
		f.assign(s.Expr)
		return
	}
	save := f.free
	r := f.tmp()
	if s.BlockLike != nil {
		f.primary(s.BlockLike, r)
	} else {
		f.expr(s.Expr, r)
	}
	f.free = save
}

// discard compiles an expression for its effects.
func (f *funcState) discard(e *parser.Expr) {
	save := f.free
	f.expr(e, f.tmp())
	f.free = save
}

// isBlockLikeExpr reports an expression that is a bare block-like
// construct (no `;` needed after it as a statement).
func isBlockLikeExpr(e *parser.Expr) bool {
	if e == nil || e.Op != "" || len(e.Left.Tail) > 0 {
		return false
	}
	u := e.Left.Head
	if len(u.Prefix) > 0 || len(u.Casts) > 0 || len(u.Value.Suffixes) > 0 {
		return false
	}
	_, ok := u.Value.Primary.(parser.BlockLike)
	return ok
}

// let compiles `let pattern (: T)? = value;`.
func (f *funcState) let(s *parser.LetStmt) {
	ann := f.c.typeOf(s.Type)
	save := f.free
	r := f.tmp()
	t := unitT
	if s.Value != nil {
		t = f.expr(s.Value, r)
		if ann.known() && !compatible(ann, t) {
			f.c.errorf(s.Value.Pos, "mismatched types: expected %s, found %s", ann, t)
		}
	} else {
		f.emitABC(vm.OpLoadUnit, r, 0, 0)
	}
	typ := t
	if ann.known() {
		typ = ann
		if ann.k == tClass && len(ann.caps) > 0 {
			// `let c: Conn<UserOps> = x;` narrows the reference
			f.narrowTo(r, r, ann.caps, s.Pos, t)
		}
	}
	if f.isMain && f.scope.top && !f.c.localLets[s] {
		f.bindGlobals(s.Pat, r, typ)
		f.free = save
		return
	}
	f.free = save
	if !ann.known() {
		if name, mut, ok := simpleBinding(s.Pat); ok && mut && name != "" {
			typ = unknownT // a mutable variable may later hold another type
		}
	}
	f.bindLet(s.Pat, r, typ, s.Value != nil)
}

// bindLet binds a let pattern to the value in register src (src is at the
// top of the register stack, so a single binding takes it over in place).
func (f *funcState) bindLet(p *parser.Pattern, src int, typ *Type, initialized bool) {
	if name, mut, ok := simpleBinding(p); ok {
		reg := f.alloc(1)
		if reg != src {
			f.emitABC(vm.OpMove, reg, src, 0)
		}
		if !mut && !initialized {
			mut = true
		}
		l := f.declare(name, reg, mut, typ)
		if l.cell {
			f.emitABC(vm.OpNewCell, reg, reg, 0)
		}
		return
	}
	// destructuring: keep the value in a hidden register, bind the parts
	hidden := f.alloc(1)
	if hidden != src {
		f.emitABC(vm.OpMove, hidden, src, 0)
	}
	f.declare("_", hidden, false, typ)
	f.bindIrrefutable(p, hidden, typ)
}

// simpleBinding reports a pattern that is one plain name.
func simpleBinding(p *parser.Pattern) (string, bool, bool) {
	if len(p.Alts) != 1 {
		return "", false, false
	}
	a := p.Alts[0]
	if a.Path == nil || a.Path.Args != nil || a.Path.At != nil || len(a.Path.Segments) != 1 {
		return "", false, false
	}
	n := a.Path.Segments[0]
	if n == "None" || n == "self" || n == "Self" {
		return "", false, false
	}
	return n, a.Path.Mut, true
}

// bindGlobals binds a top-level let to its global slots.
func (f *funcState) bindGlobals(p *parser.Pattern, src int, typ *Type) {
	if name, _, ok := simpleBinding(p); ok {
		if name == "_" {
			return
		}
		sym := f.c.letSlots[p.Alts[0].Path]
		if sym == nil {
			f.c.errorf(p.Pos, "internal: global %s not declared", name)
			return
		}
		if !sym.mutable {
			sym.typ = typ
		}
		f.emit(vm.ABx(vm.OpSetGlobal, src, uint32(sym.global)))
		f.visible[name] = sym
		return
	}
	// destructure into temporaries, then store each binding
	save := f.free
	f.pushScope()
	f.bindIrrefutable(p, src, typ)
	byName := map[string]*symbol{}
	for _, b := range patternBindings(p) {
		byName[b.name] = f.c.letSlots[b.node]
	}
	for _, l := range f.scope.vars {
		sym := byName[l.name]
		if l.name == "_" || sym == nil {
			continue
		}
		r := l.reg
		if l.cell {
			t := f.tmp()
			f.emitABC(vm.OpGetCell, t, l.reg, 0)
			r = t
		}
		f.emit(vm.ABx(vm.OpSetGlobal, r, uint32(sym.global)))
	}
	f.scope.vars = nil
	f.popScope()
	f.free = save
	for name, sym := range byName {
		if sym != nil {
			f.visible[name] = sym
		}
	}
}

// openDefer starts the protected range of a `defer expr;`: the rest of
// the block. The expression runs when the block exits, however it exits.
func (f *funcState) openDefer(s *parser.DeferStmt) *region {
	r := &region{finally: true}
	r.body = f.snapshotBody(func() { f.discard(s.Expr) })
	f.openRegion(r)
	return r
}

// snapshotBody wraps code emission so it compiles in the scope where it
// was written (a finally or defer body may be emitted later, from deeper
// scopes, on every exit path).
func (f *funcState) snapshotBody(emit func()) func() {
	sc := f.scope
	n := len(sc.vars)
	return func() {
		savedScope, savedVars := f.scope, sc.vars
		f.scope = &scope{parent: sc.parent, vars: sc.vars[:n:n], free: f.free}
		emit()
		f.scope = savedScope
		sc.vars = savedVars
	}
}

// closeFinally ends a finally region: the body runs inline on the normal
// path, and from a handler (then re-raises) on the error path. An error
// raised by the body while another is in flight is attached to it as
// suppressed (or replaces a cancellation, as in kotlinx.coroutines).
func (f *funcState) closeFinally(r *region) {
	ranges := f.closeRegion(r)
	r.body()
	if len(ranges) == 0 {
		return
	}
	over := f.emitJump(vm.OpJmp, 0, 0)
	save := f.free
	errReg := f.tmp()
	target := f.pc()
	inner := &region{}
	f.openRegion(inner)
	r.body()
	innerRanges := f.closeRegion(inner)
	f.emitABC(vm.OpThrow, errReg, 0, 0)
	f.addHandlers(ranges, target, errReg, nil, true)
	if len(innerRanges) > 0 {
		second := f.tmp()
		t2 := f.pc()
		a := f.window(f.tmp(), 2)
		f.emitABC(vm.OpMove, a+vm.FrameHeader, errReg, 0)
		f.emitABC(vm.OpMove, a+vm.FrameHeader+1, second, 0)
		f.callNative("__suppress", a, 2, parser.Pos{Filename: f.c.file, Line: f.line})
		f.emitABC(vm.OpThrow, a, 0, 0)
		f.addHandlers(innerRanges, t2, second, nil, true)
	}
	f.free = save
	f.patchHere(over)
}
