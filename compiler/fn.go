package compiler

import (
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// compileFn compiles a declared function's body into its proto.
func (c *compiler) compileFn(fi *fnInfo) {
	d := fi.decl
	f := newFuncState(c, nil, fi.name)
	f.fi = fi
	f.proto = fi.proto
	f.async = fi.async
	f.retType = fi.ret
	f.selfClass = fi.owner
	switch {
	case fi.fclass != nil:
		f.accessor = fi.fclass.name
	case fi.owner != nil:
		f.accessor = fi.owner.name
	}
	f.captured = capturedNames(d.Body)
	f.refTaken = refTakenNames(d.Body)
	f.resultLocals = resumeResultLocals(d.Body, f.captured)
	f.proto.Owner = f.accessor
	f.setPos(d.Pos)
	f.params(d.Params, fi.params)
	f.paramRights(d.Params, fi.params)
	res := f.tmp()
	t := f.bodyInto(d.Body.Stmts, res)
	if fi.ret.known() && t.known() && t.k != tUnit && !compatible(fi.ret, t) && fi.ret.k != tUnit {
		c.errorf(d.Pos, "mismatched types: %s returns %s, found %s", fi.name, fi.ret, t)
	}
	f.setPos(c.braceLine(d.Body.EndPos))
	f.emitABC(vm.OpRet, res, 0, 0)
	p := f.finish()
	c.attachMeta(fi, p)
	c.vm.Redefine(p)
}

// braceLine is the position of the '}' that closes a body, for the line
// of its implicit return (debuggers stop there): participle's EndPos is
// where the next token starts, often lines further down.
func (c *compiler) braceLine(end parser.Pos) parser.Pos {
	src, ok := c.s.Sources[end.Filename]
	if !ok || end.Offset <= 0 || end.Offset > len(src) {
		return end
	}
	i := strings.LastIndexByte(src[:end.Offset], '}')
	if i < 0 {
		return end
	}
	end.Line -= strings.Count(src[i:end.Offset], "\n")
	return end
}

// params binds the parameters to registers 0..n-1.
func (f *funcState) params(ps []*parser.Param, types []*Type) {
	for i, p := range ps {
		reg := f.alloc(1)
		typ := unknownT
		if i < len(types) {
			typ = types[i]
		}
		if p.Name == "self" {
			if f.selfClass != nil {
				typ = &Type{k: tClass, class: f.selfClass}
			}
		}
		l := f.declare(p.Name, reg, p.Mut, typ)
		if l.cell {
			f.emitABC(vm.OpNewCell, reg, reg, 0)
		}
	}
}

// paramRights narrows parameters annotated with rights (`c: &Conn with
// UserOps`, `c: Conn<UserOps>`) at entry, whoever calls, and in a
// functional-class function checks that a parameter of a class exposing
// fields to that class holds its right (AccessDenied otherwise).
func (f *funcState) paramRights(ps []*parser.Param, types []*Type) {
	for i, p := range ps {
		if i >= len(types) || p.Name == "self" {
			continue
		}
		ct := types[i].deref()
		if ct.k != tClass || ct.class == nil {
			continue
		}
		l := f.findLocal(p.Name)
		if l == nil {
			continue
		}
		reg := l.reg
		if l.cell {
			reg = f.tmp()
			f.emitABC(vm.OpGetCell, reg, l.reg, 0)
		}
		if len(ct.caps) > 0 {
			f.narrowTo(reg, reg, ct.caps, p.Pos, nil)
		}
		if fc := f.fi.fclass; fc != nil {
			if _, exposed := ct.class.exposes[fc.name]; exposed {
				save := f.free
				a := f.window(f.tmp(), 2)
				f.emitABC(vm.OpMove, a+vm.FrameHeader, reg, 0)
				f.loadString(a+vm.FrameHeader+1, fc.name)
				f.callNative("__require_right", a, 2, p.Pos)
				f.free = save
			}
		}
		if l.cell {
			f.emitABC(vm.OpSetCell, l.reg, reg, 0)
			f.free--
		}
	}
}

// compileMain compiles the top-level code of the files into the main
// chunk: constants first (in declaration order), then each file's
// statements. The value of a final expression without `;` is the chunk's
// value (the REPL echoes it).
func (c *compiler) compileMain(name string, files []*sourceFile) *vm.Proto {
	f := newFuncState(c, nil, "main")
	f.isMain = true
	f.visible = map[string]*symbol{}
	f.async = true
	f.proto.IsMain = true
	var all []parser.Stmt
	for _, sf := range files {
		all = append(all, sf.ast.Stmts...)
	}
	f.captured = capturedNames(all)
	f.refTaken = refTakenNames(all)
	f.resultLocals = resumeResultLocals(all, f.captured)
	for _, cd := range c.orderConsts() {
		c.file = cd.file
		f.proto.File = cd.file
		f.setPos(cd.decl.Pos)
		r := f.tmp()
		t := f.expr(cd.decl.Value, r)
		if cd.sym.typ.known() && !compatible(cd.sym.typ, t) {
			c.errorf(cd.decl.Value.Pos, "mismatched types: expected %s, found %s", cd.sym.typ, t)
		} else if !cd.sym.typ.known() {
			cd.sym.typ = t
		}
		f.emit(vm.ABx(vm.OpSetGlobal, r, uint32(cd.sym.global)))
		f.free--
	}
	res := f.tmp()
	f.emitABC(vm.OpLoadUnit, res, 0, 0)
	for i, sf := range files {
		c.file = sf.path
		f.proto.File = sf.path
		last := i == len(files)-1
		f.topLevel(sf.ast.Stmts, res, last)
	}
	c.file = name
	f.proto.File = name
	f.emitABC(vm.OpRet, res, 0, 0)
	p := f.finish()
	c.vm.AddProto(p)
	return p
}

// topLevel compiles the statements of one file at the top scope.
func (f *funcState) topLevel(stmts []parser.Stmt, res int, isMainFile bool) {
	var body []parser.Stmt
	for _, st := range stmts {
		if _, ok := st.(*parser.Item); ok {
			continue
		}
		body = append(body, st)
	}
	f.stmtList(body, res, isMainFile)
}

// closure compiles a closure expression into register dst.
func (f *funcState) closure(e *parser.ClosureExpr, dst int) *Type {
	c := f.c
	cf := newFuncState(c, f, "<closure>")
	cf.proto.Closure = true
	if f.fi != nil {
		cf.proto.Name = f.fi.name + "::<closure>"
	} else if f.parent != nil {
		cf.proto.Name = f.proto.Name
	}
	cf.accessor = f.accessor
	cf.proto.Owner = f.accessor
	cf.selfClass = f.selfClass
	cf.line = f.line
	cf.proto.Line = e.Pos.Line
	cf.captured = capturedNames(e.Body)
	cf.refTaken = refTakenNames(e.Body)
	cf.resultLocals = resumeResultLocals(e.Body, cf.captured)
	cf.async = containsYield(e.Body)
	hidden := 0
	if f.isFlowBody(e) {
		hidden = cf.declareEmitParam()
	}
	for _, p := range e.Params {
		reg := cf.alloc(1)
		typ := c.typeOf(p.Type)
		if p.Pat.Path != nil && len(p.Pat.Path.Segments) == 1 && p.Pat.Path.Args == nil && p.Pat.Path.At == nil {
			l := cf.declare(p.Pat.Path.Segments[0], reg, p.Pat.Path.Mut, typ)
			if l.cell {
				cf.emitABC(vm.OpNewCell, reg, reg, 0)
			}
			continue
		}
		// a destructuring parameter: bind its pattern from the register
		cf.bindIrrefutable(&parser.Pattern{Pos: p.Pos, Alts: []*parser.PatAlt{p.Pat}}, reg, typ)
	}
	cf.proto.NumParams = hidden + len(e.Params)
	res := cf.tmp()
	cf.expr(e.Body, res)
	cf.emitABC(vm.OpRet, res, 0, 0)
	p := cf.finish()
	for _, cp := range cf.captures {
		p.Captures = append(p.Captures, vm.Capture{FromParentCell: cp.fromCell, Index: cp.index, Name: cp.name})
	}
	idx := c.vm.AddProto(p)
	if cf.suspends || cf.async {
		f.noteSuspends(e.Pos, "")
		p.IsAsync = true
	}
	if len(p.Captures) == 0 {
		f.emit(vm.ABx(vm.OpLoadFn, dst, uint32(idx)))
	} else {
		f.emit(vm.ABx(vm.OpClosure, dst, uint32(idx)))
	}
	return fnT
}

// noteSuspends records that the function being compiled contains a
// suspension (a yield or a call to async code). A closure becomes async;
// a plain named function may not suspend.
func (f *funcState) noteSuspends(pos parser.Pos, callee string) {
	if f.parent != nil {
		// a closure creating a suspending closure does not itself suspend
		if callee == "" {
			return
		}
		f.suspends = true
		return
	}
	if callee == "" {
		return
	}
	f.suspends = true
	if f.fi != nil && !f.fi.async && !f.isMain {
		f.c.errorf(pos, "async fn '%s' called from non-async fn '%s'", callee, shortName(f.fi.name))
	}
}

func shortName(q string) string {
	for i := len(q) - 1; i > 0; i-- {
		if q[i] == ':' && q[i-1] == ':' {
			return q[i+1:]
		}
	}
	return q
}

// orderConsts sorts constants so each is initialised after the constants
// its value uses (items may be used before they are declared); a cycle is
// a compile error.
func (c *compiler) orderConsts() []*constDecl {
	byName := map[string]*constDecl{}
	for _, cd := range c.consts {
		byName[cd.decl.Name] = cd
	}
	state := map[*constDecl]int{}
	var out []*constDecl
	var visit func(cd *constDecl)
	visit = func(cd *constDecl) {
		switch state[cd] {
		case 1:
			c.errorf(cd.decl.Pos, "constant %s depends on itself", cd.decl.Name)
			return
		case 2:
			return
		}
		state[cd] = 1
		walk(cd.decl.Value, func(n any) bool {
			if pe, ok := n.(*parser.PathExpr); ok && len(pe.Segments) == 1 {
				if dep := byName[pe.Segments[0]]; dep != nil {
					visit(dep)
				}
			}
			return true
		})
		state[cd] = 2
		out = append(out, cd)
	}
	for _, cd := range c.consts {
		visit(cd)
	}
	return out
}
