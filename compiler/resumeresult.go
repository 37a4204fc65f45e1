package compiler

import (
	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// Resume-result locals.
//
// Every hand-driven `c.resume(v)` returns a new CoroResult, so a loop
// around it allocates one union per switch. When a local provably holds
// nothing but resume results that nobody else can see, its old union may
// be rewritten in place by the next resume: the compiler marks the
// `local = x.resume(..)` assignments with MOVERES instead of MOVE, and the
// VM's yield reuses the union that local holds (vm/interp.go, OpYield).
//
// A local qualifies when, in the whole function body:
//   - it is declared once, by `let` with a `.resume(..)` call as its value,
//     and every assignment to it is `name = <expr>.resume(..)`;
//   - every other mention of it is the scrutinee of a `match` whose arms
//     keep it private (armsKeepPrivate), or a `$name` / `${name}` in a
//     string (which only formats it);
//   - no closure mentions it (it would live in a cell).
//
// So the union in it is never copied anywhere that could outlive the next
// assignment; anything else (passing it to a function, `==`, `&name`)
// disqualifies the local.
//
// The same holds for the anonymous scrutinee of `match x.resume(..) {..}`
// whose arms keep it private: the compiler gives it a MOVERES too.

// resumeResultLocals returns the names of body's locals that qualify;
// captured is capturedNames(body).
func resumeResultLocals(body any, captured map[string]bool) map[string]bool {
	decls := map[string]int{}    // `let name = x.resume(..)`
	binds := map[string]int{}    // every pattern binding a plain name
	mentions := map[string]int{} // every use of the name as a value
	allowed := map[string]int{}  // uses that are fine (see above)
	parser.Walk(body, func(n any) bool {
		switch n := n.(type) {
		case *parser.LetStmt:
			if name, ok := plainBinding(n.Pat); ok && isResumeCall(n.Value) {
				decls[name]++
			}
		case *parser.PathPat:
			if len(n.Segments) == 1 && n.Args == nil {
				binds[n.Segments[0]]++
			}
		case *parser.PathExpr:
			if len(n.Segments) == 1 {
				mentions[n.Segments[0]]++
			}
		case *parser.StrPart:
			if n.Var != nil {
				mentions[*n.Var]++
				allowed[*n.Var]++
			} else if name, ok := bareName(n.Expr); ok {
				allowed[name]++
			}
		case *parser.Expr:
			if n.Op == "=" && isResumeCall(n.Right) {
				if name, ok := bareName(&parser.Expr{Left: n.Left}); ok {
					allowed[name]++
				}
			}
		case *parser.MatchExpr:
			if name, ok := bareName(n.Value); ok && armsKeepPrivate(n.Arms) {
				allowed[name]++
			}
		}
		return true
	})
	out := map[string]bool{}
	for name, n := range decls {
		if n == 1 && binds[name] == 1 && mentions[name] == allowed[name] && !captured[name] {
			out[name] = true
		}
	}
	return out
}

// plainBinding reports the name a `let` pattern binds when it is one plain
// (possibly mut) name.
func plainBinding(p *parser.Pattern) (string, bool) {
	if p == nil || len(p.Alts) != 1 {
		return "", false
	}
	pp := p.Alts[0].Path
	if pp == nil || len(pp.Segments) != 1 || pp.Args != nil || pp.At != nil || pp.Segments[0] == "_" {
		return "", false
	}
	return pp.Segments[0], true
}

// simplePostfix returns e's postfix when e is one operand with no
// operators, prefixes or casts.
func simplePostfix(e *parser.Expr) *parser.Postfix {
	if e == nil || e.Op != "" || e.Left == nil || len(e.Left.Tail) > 0 {
		return nil
	}
	u := e.Left.Head
	if u == nil || len(u.Prefix) > 0 || len(u.Casts) > 0 {
		return nil
	}
	return u.Value
}

// bareName reports whether e is just a name.
func bareName(e *parser.Expr) (string, bool) {
	p := simplePostfix(e)
	if p == nil || len(p.Suffixes) > 0 {
		return "", false
	}
	if path, ok := p.Primary.(*parser.PathExpr); ok && len(path.Segments) == 1 && path.Turbofish == nil {
		return path.Segments[0], true
	}
	return "", false
}

// isResumeCall reports whether e is `<something>.resume(..)`.
func isResumeCall(e *parser.Expr) bool {
	p := simplePostfix(e)
	if p == nil || len(p.Suffixes) < 2 {
		return false
	}
	method, call := p.Suffixes[len(p.Suffixes)-2], p.Suffixes[len(p.Suffixes)-1]
	return method.Field != nil && *method.Field == "resume" && method.Turbofish == nil &&
		call.Call != nil && call.Call.Block == nil
}

// armsKeepPrivate reports whether no match arm lets the matched value
// escape: every pattern is `_`, a variant path (`A::B`, `A::B(..)`, which
// take payloads out, not the value), or a plain binding that the arm
// only formats into strings (`r => panic("unexpected $r")`).
func armsKeepPrivate(arms []*parser.MatchArm) bool {
	for _, arm := range arms {
		if arm.Pat == nil {
			return false
		}
		for _, alt := range arm.Pat.Alts {
			pp := alt.Path
			if pp == nil || pp.At != nil || pp.Mut {
				return false
			}
			if len(pp.Segments) == 1 && pp.Segments[0] != "_" && pp.Args == nil &&
				!onlyFormatted(pp.Segments[0], arm) {
				return false
			}
		}
	}
	return true
}

// onlyFormatted reports whether every mention of name in the arm is a
// `$name` or `${name}` in a string, outside closures.
func onlyFormatted(name string, arm *parser.MatchArm) bool {
	mentions, formatted := 0, 0
	count := func(n any) bool {
		switch n := n.(type) {
		case *parser.PathExpr:
			if len(n.Segments) == 1 && n.Segments[0] == name {
				mentions++
			}
		case *parser.StrPart:
			if n.Var != nil && *n.Var == name {
				mentions++
				formatted++
			} else if x, ok := bareName(n.Expr); ok && x == name {
				formatted++
			}
		}
		return true
	}
	parser.Walk(arm.Guard, count)
	parser.Walk(arm.Body, count)
	return mentions == formatted && !capturedNames(arm.Body)[name] &&
		(arm.Guard == nil || !capturedNames(arm.Guard)[name])
}

// matchScrutinee compiles the value of a match into a register: for
// `match x.resume(..)` whose arms keep the result private, through a
// MOVERES into a register of its own, so that the next round trip can
// rewrite the result in place.
func (f *funcState) matchScrutinee(e *parser.MatchExpr) (int, *Type) {
	if !isResumeCall(e.Value) || !armsKeepPrivate(e.Arms) {
		return f.exprReg(e.Value)
	}
	r := f.tmp()
	start := f.pc()
	save := f.free
	val := f.tmp()
	t := f.expr(e.Value, val)
	f.free = save
	end := f.pc()
	switch {
	case end > start && f.code[end-1].Op() == vm.OpResume && f.code[end-1].A() == val:
		// the call's window is val itself
		f.emitABC(vm.OpMoveResult, r, val, 0)
	case end-start >= 2 && f.code[end-1] == vm.ABC(vm.OpMove, val, f.code[end-2].A(), 0) && f.code[end-2].Op() == vm.OpResume:
		f.code[end-1] = vm.ABC(vm.OpMoveResult, r, f.code[end-2].A(), 0)
	default:
		f.emitABC(vm.OpMove, r, val, 0)
	}
	return r, t
}

// markResumeResult turns the final `MOVE local, window` of a qualifying
// `local = x.resume(..)` (the code from start) into MOVERES.
func (f *funcState) markResumeResult(name string, start int) {
	if !f.resultLocals[name] {
		return
	}
	end := f.pc()
	if end-start < 2 {
		return
	}
	last, call := f.code[end-1], f.code[end-2]
	if last.Op() == vm.OpMove && call.Op() == vm.OpResume && call.A() == last.B() {
		f.code[end-1] = vm.ABC(vm.OpMoveResult, last.A(), last.B(), 0)
	}
}
