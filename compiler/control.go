package compiler

import (
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// blockDiscard compiles a block for its effects.
func (f *funcState) blockDiscard(stmts []parser.Stmt) {
	f.pushScope()
	f.stmtList(stmts, -1, false)
	f.popScope()
}

// ---------------------------------------------------------------- conditions

// cond compiles a condition and returns the jumps taken when it is false.
func (f *funcState) cond(e *parser.Expr) []int {
	if e.Op != "" {
		f.c.errorf(e.Pos, "an assignment is not a condition (did you mean ==?)")
	}
	return f.condNode(tree(e.Left), false)
}

// condNode compiles a boolean expression into jumps taken when its value
// equals when; comparisons become fused compare-and-jump instructions.
func (f *funcState) condNode(n *binNode, when bool) []int {
	if n.leaf != nil {
		u := n.leaf
		if len(u.Prefix) > 0 && u.Prefix[0].Op == "!" && len(u.Casts) == 0 {
			inner := &parser.Unary{Pos: u.Pos, Prefix: u.Prefix[1:], Value: u.Value}
			return f.condNode(&binNode{leaf: inner, pos: u.Pos}, !when)
		}
		if len(u.Prefix) == 0 && len(u.Casts) == 0 && len(u.Value.Suffixes) == 0 {
			if pe, ok := u.Value.Primary.(*parser.ParenExpr); ok && len(pe.Elems) == 1 && !pe.Trailing && pe.Elems[0].Op == "" {
				return f.condNode(tree(pe.Elems[0].Left), when)
			}
		}
		return f.condValue(n, when)
	}
	f.setPos(n.pos)
	switch n.op {
	case "&&":
		if !when {
			return append(f.condNode(n.left, false), f.condNode(n.right, false)...)
		}
		skip := f.condNode(n.left, false)
		js := f.condNode(n.right, true)
		for _, j := range skip {
			f.patchHere(j)
		}
		return js
	case "||":
		if when {
			return append(f.condNode(n.left, true), f.condNode(n.right, true)...)
		}
		skip := f.condNode(n.left, true)
		js := f.condNode(n.right, false)
		for _, j := range skip {
			f.patchHere(j)
		}
		return js
	case "<", "<=", ">", ">=", "==", "!=":
		return []int{f.compareJump(n, when)}
	}
	return f.condValue(n, when)
}

func (f *funcState) condValue(n *binNode, when bool) []int {
	save := f.free
	r, t := f.nodeReg(n)
	if t.known() && t.k != tBool {
		f.c.errorf(n.pos, "condition must be bool, found %s", t)
	}
	op := vm.OpJFalse
	if when {
		op = vm.OpJTrue
	}
	j := f.emitJump(op, r, 0)
	f.free = save
	return []int{j}
}

// compareJump emits one fused compare-and-jump.
func (f *funcState) compareJump(n *binNode, when bool) int {
	save := f.free
	defer func() { f.free = save }()
	if imm, ok := smallIntLeaf(n.right); ok {
		a, at := f.nodeReg(n.left)
		if n.op != "==" && n.op != "!=" {
			f.checkOrdered(at, intT, n.pos)
		}
		ops := map[string][2]vm.Opcode{
			"<": {vm.OpJLtI, vm.OpJNLtI}, "<=": {vm.OpJLeI, vm.OpJNLeI},
			">": {vm.OpJGtI, vm.OpJNGtI}, ">=": {vm.OpJGeI, vm.OpJNGeI},
			"==": {vm.OpJEqI, vm.OpJNEqI}, "!=": {vm.OpJNEqI, vm.OpJEqI},
		}[n.op]
		op := ops[1]
		if when {
			op = ops[0]
		}
		return f.emitJump(op, a, int(imm))
	}
	a, at := f.nodeReg(n.left)
	b, bt := f.nodeReg(n.right)
	if n.op != "==" && n.op != "!=" {
		f.checkOrdered(at, bt, n.pos)
	}
	pick := func(yes, no vm.Opcode) vm.Opcode {
		if when {
			return yes
		}
		return no
	}
	switch n.op {
	case "<":
		return f.emitJump(pick(vm.OpJLt, vm.OpJNLt), a, b)
	case "<=":
		return f.emitJump(pick(vm.OpJLe, vm.OpJNLe), a, b)
	case ">":
		return f.emitJump(pick(vm.OpJLt, vm.OpJNLt), b, a)
	case ">=":
		return f.emitJump(pick(vm.OpJLe, vm.OpJNLe), b, a)
	case "==":
		return f.emitJump(pick(vm.OpJEq, vm.OpJNEq), a, b)
	default:
		return f.emitJump(pick(vm.OpJNEq, vm.OpJEq), a, b)
	}
}

// ---------------------------------------------------------------- if

func mergeTypes(a, b *Type) *Type {
	if a.k == tNever {
		return b
	}
	if b.k == tNever {
		return a
	}
	if a.known() && b.known() && a.k == b.k && a.k != tClass && a.k != tUnion {
		return a
	}
	if a.known() && b.known() && a.k == b.k && a.class == b.class && a.union == b.union {
		if strings.Join(a.caps, ",") != strings.Join(b.caps, ",") {
			return &Type{k: a.k, class: a.class} // differently narrowed: the compiler cannot tell which
		}
		return a
	}
	return unknownT
}

func (f *funcState) ifExpr(e *parser.IfExpr, dst int) *Type {
	f.setPos(e.Pos)
	var fails []int
	var then *Type
	if e.Let != nil {
		f.pushScope()
		owned := f.plainLocal(e.Cond) == nil
		r, t := f.exprReg(e.Cond)
		fails = f.patternTest(e.Let, r, t, owned)
		then = f.blockInto(e.Then.Stmts, dst)
		f.popScope()
	} else {
		fails = f.cond(e.Cond)
		then = f.blockInto(e.Then.Stmts, dst)
	}
	if e.Else == nil {
		for _, j := range fails {
			f.patchHere(j)
		}
		f.emitABC(vm.OpLoadUnit, dst, 0, 0)
		return unitT
	}
	end := f.emitJump(vm.OpJmp, 0, 0)
	for _, j := range fails {
		f.patchHere(j)
	}
	var other *Type
	if e.Else.If != nil {
		other = f.ifExpr(e.Else.If, dst)
	} else {
		other = f.blockInto(e.Else.Block.Stmts, dst)
	}
	f.patchHere(end)
	return mergeTypes(then, other)
}

// ---------------------------------------------------------------- loops

func (f *funcState) pushLoop(label string, result int, isLoop bool) *loopInfo {
	l := &loopInfo{scope: f.scope, label: label, result: result, regionDepth: len(f.regions), isLoop: isLoop}
	f.loops = append(f.loops, l)
	return l
}

func (f *funcState) popLoop(l *loopInfo, continueTarget, breakTarget int) {
	for _, j := range l.continues {
		f.patch(j, continueTarget)
	}
	for _, j := range l.breaks {
		f.patch(j, breakTarget)
	}
	f.loops = f.loops[:len(f.loops)-1]
}

func (f *funcState) whileLoop(e *parser.WhileExpr, label string, dst int) {
	f.setPos(e.Pos)
	start := f.pc()
	l := f.pushLoop(label, -1, false)
	var fails []int
	if e.Let != nil {
		f.pushScope()
		owned := f.plainLocal(e.Cond) == nil
		r, t := f.exprReg(e.Cond)
		fails = f.patternTest(e.Let, r, t, owned)
		f.blockDiscard(e.Body.Stmts)
		f.popScope()
	} else {
		fails = f.cond(e.Cond)
		f.blockDiscard(e.Body.Stmts)
	}
	f.jumpTo(start)
	for _, j := range fails {
		f.patchHere(j)
	}
	f.popLoop(l, start, f.pc())
	f.emitABC(vm.OpLoadUnit, dst, 0, 0)
}

func (f *funcState) loop(e *parser.LoopExpr, label string, dst int) *Type {
	f.setPos(e.Pos)
	f.emitABC(vm.OpLoadUnit, dst, 0, 0)
	start := f.pc()
	l := f.pushLoop(label, dst, true)
	f.blockDiscard(e.Body.Stmts)
	f.jumpTo(start)
	f.popLoop(l, start, f.pc())
	return unknownT
}

// rangeParts recognises `a..b`, `a..=b` and `(a..b).step(k)` for the
// numeric for loop.
func rangeParts(e *parser.Expr) (lo, hi *binNode, step *parser.Expr, incl, ok bool) {
	if e.Op != "" {
		return
	}
	n := tree(e.Left)
	if n.leaf == nil && (n.op == ".." || n.op == "..=") {
		return n.left, n.right, nil, n.op == "..=", true
	}
	if n.leaf == nil {
		return
	}
	u := n.leaf
	if len(u.Prefix) > 0 || len(u.Casts) > 0 || len(u.Value.Suffixes) != 2 {
		return
	}
	s0, s1 := u.Value.Suffixes[0], u.Value.Suffixes[1]
	if s0.Field == nil || *s0.Field != "step" || s1.Call == nil || len(s1.Call.Args) != 1 || s1.Call.Block != nil {
		return
	}
	pe, isParen := u.Value.Primary.(*parser.ParenExpr)
	if !isParen || len(pe.Elems) != 1 || pe.Trailing || pe.Elems[0].Op != "" {
		return
	}
	inner := tree(pe.Elems[0].Left)
	if inner.leaf == nil && (inner.op == ".." || inner.op == "..=") {
		return inner.left, inner.right, s1.Call.Args[0], inner.op == "..=", true
	}
	return
}

func (f *funcState) forLoop(e *parser.ForExpr, label string, dst int) {
	f.setPos(e.Pos)
	save := f.free
	if lo, hi, step, incl, ok := rangeParts(e.Iter); ok {
		base := f.alloc(4)
		_, lt := f.binaryTo(lo, base)
		_, ht := f.binaryTo(hi, base+1)
		f.checkIntOperand(lt, lo.pos)
		f.checkIntOperand(ht, hi.pos)
		if step != nil {
			f.expr(step, base+2)
		} else {
			f.loadInt(base+2, 1)
		}
		inclFlag := 0
		if incl {
			inclFlag = 1
		}
		prep := f.emitJump(vm.OpForPrep, base, inclFlag)
		bodyStart := f.pc()
		l := f.pushLoop(label, -1, false)
		f.pushScope()
		f.bindLoopVar(e.Pat, base+3, intT)
		f.blockDiscard(e.Body.Stmts)
		f.popScope()
		cont := f.pc()
		back := f.emitJump(vm.OpForLoop, base, inclFlag)
		f.patch(back, bodyStart)
		f.patchHere(prep)
		f.popLoop(l, cont, f.pc())
		f.free = save
		f.emitABC(vm.OpLoadUnit, dst, 0, 0)
		return
	}
	it := f.tmp()
	src, st := f.exprReg(e.Iter)
	f.emitABC(vm.OpIterPrep, it, src, 0)
	item := f.tmp()
	top := f.pc()
	next := f.emitJump(vm.OpIterNext, it, item)
	l := f.pushLoop(label, -1, false)
	f.pushScope()
	et := unknownT
	if st.k == tVec && st.elem != nil {
		et = st.elem
	} else if st.k == tRange {
		et = intT
	}
	f.bindLoopVar(e.Pat, item, et)
	f.blockDiscard(e.Body.Stmts)
	f.popScope()
	f.jumpTo(top)
	f.patchHere(next)
	f.popLoop(l, top, f.pc())
	f.free = save
	f.emitABC(vm.OpLoadUnit, dst, 0, 0)
}

func (f *funcState) binaryTo(n *binNode, dst int) (int, *Type) {
	return dst, f.binary(n, dst)
}

// bindLoopVar binds a for loop's pattern to the item in register src;
// every iteration binds a fresh variable.
func (f *funcState) bindLoopVar(p *parser.Pattern, src int, typ *Type) {
	if name, mut, ok := simpleBinding(p); ok {
		if name == "_" {
			return
		}
		if f.boxed(name) {
			r := f.tmp()
			f.emitABC(vm.OpNewCell, r, src, 0)
			f.declare(name, r, mut, typ)
			return
		}
		if mut {
			r := f.tmp()
			f.emitABC(vm.OpMove, r, src, 0)
			f.declare(name, r, true, unknownT)
			return
		}
		f.declare(name, src, false, typ)
		return
	}
	f.bindIrrefutable(p, src, typ)
}

func (f *funcState) labeled(e *parser.LabeledExpr, dst int) *Type {
	switch x := e.Loop.(type) {
	case *parser.LoopExpr:
		return f.loop(x, e.Label, dst)
	case *parser.WhileExpr:
		f.whileLoop(x, e.Label, dst)
	case *parser.ForExpr:
		f.forLoop(x, e.Label, dst)
	default:
		f.c.errorf(e.Pos, "a label must be on a loop, while or for")
	}
	return unitT
}

func (f *funcState) findLoop(label string, pos parser.Pos, what string) *loopInfo {
	for i := len(f.loops) - 1; i >= 0; i-- {
		if label == "" || f.loops[i].label == label {
			return f.loops[i]
		}
	}
	if label != "" {
		f.c.errorf(pos, "use of undeclared label %s", label)
	} else {
		f.c.errorf(pos, "%s outside of a loop", what)
	}
	return nil
}

func (f *funcState) breakExpr(e *parser.BreakExpr) {
	f.setPos(e.Pos)
	l := f.findLoop(e.Label, e.Pos, "break")
	if l == nil {
		return
	}
	if e.Value != nil {
		if !l.isLoop {
			f.c.errorf(e.Pos, "break with a value is only allowed in `loop`")
		} else {
			f.expr(e.Value, l.result)
		}
	} else if l.isLoop {
		f.emitABC(vm.OpLoadUnit, l.result, 0, 0)
	}
	f.exitThrough(l.regionDepth)
	f.endScopesTo(l.scope)
	l.breaks = append(l.breaks, f.emitJump(vm.OpJmp, 0, 0))
	f.reenter(l.regionDepth)
}

func (f *funcState) continueExpr(e *parser.ContinueExpr) {
	f.setPos(e.Pos)
	l := f.findLoop(e.Label, e.Pos, "continue")
	if l == nil {
		return
	}
	f.exitThrough(l.regionDepth)
	f.endScopesTo(l.scope)
	l.continues = append(l.continues, f.emitJump(vm.OpJmp, 0, 0))
	f.reenter(l.regionDepth)
}

func (f *funcState) returnExpr(e *parser.ReturnExpr) {
	f.setPos(e.Pos)
	save := f.free
	r := f.tmp()
	if e.Value != nil {
		t := f.expr(e.Value, r)
		if f.retType != nil && f.retType.known() && !compatible(f.retType, t) && f.retType.k != tUnit {
			f.c.errorf(e.Value.Pos, "mismatched types: %s returns %s, found %s", f.name, f.retType, t)
		}
	} else {
		f.emitABC(vm.OpLoadUnit, r, 0, 0)
	}
	f.exitThrough(0)
	f.endScopesTo(nil)
	f.emitABC(vm.OpRet, r, 0, 0)
	f.reenter(0)
	f.free = save
}

// ---------------------------------------------------------------- try

func (f *funcState) tryExpr(e *parser.TryExpr, dst int) *Type {
	f.setPos(e.Pos)
	var fr *region
	if e.Finally != nil {
		fin := e.Finally
		fr = &region{finally: true}
		fr.body = f.snapshotBody(func() { f.blockDiscard(fin.Stmts) })
		f.openRegion(fr)
	}
	var cr *region
	save, errReg := f.free, -1
	if len(e.Catches) > 0 {
		// the error register lies below the body's registers, so that the
		// error a handler receives does not overwrite the cells it ends
		errReg = f.tmp()
		cr = &region{}
		f.openRegion(cr)
	}
	firstScoped := len(f.scopedRegs)
	t := f.blockInto(e.Body.Stmts, dst)
	thrownOut := f.scopedRegs[firstScoped:]
	if cr != nil {
		ranges := f.closeRegion(cr)
		ends := []int{f.emitJump(vm.OpJmp, 0, 0)}
		for _, c := range e.Catches {
			f.setPos(c.Pos)
			target := f.pc()
			f.pushScope()
			if c.Name != "" {
				l := f.declare(c.Name, errReg, false, errorT)
				if l.cell {
					f.emitABC(vm.OpNewCell, errReg, errReg, 0)
				}
			}
			var kinds []string
			if c.Kind != "" {
				kinds = []string{c.Kind}
			}
			f.addHandlers(ranges, target, errReg, kinds, false)
			f.endThrownOut(thrownOut)
			ct := f.blockInto(c.Body.Stmts, dst)
			t = mergeTypes(t, ct)
			f.popScope()
			ends = append(ends, f.emitJump(vm.OpJmp, 0, 0))
		}
		for _, j := range ends {
			f.patchHere(j)
		}
	}
	f.free = save
	if fr != nil {
		f.closeFinally(fr)
	}
	return t
}

// selectExpr compiles `select { .. }` (see select.go).
func (f *funcState) selectExpr(e *parser.SelectExpr, dst int) *Type {
	return f.compileSelect(e, dst)
}
