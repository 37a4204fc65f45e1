package compiler

import (
	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// References to block-scoped variables.
//
// A reference to a local names its frame's slot, and is valid while the
// frame lives. A variable of an inner block (a block, a loop body, a match
// arm) dies earlier: its register is reused by later variables, and a
// reference that outlived it would alias them. So a block-scoped variable
// whose address is taken (`&x`, `&mut x` anywhere in the function) lives
// in a cell of its own, made fresh at every declaration (every loop
// iteration): a reference to it can never reach another variable. When
// the scope ends, on every exit the compiler sees (the end of the block,
// break, continue, return, `?`), ENDSCOPE marks the cell ended, and a
// reference taken to it then reports DanglingReference. Closures that
// captured the variable keep it.

// refTakenNames returns the names n takes a reference to (`&name`,
// `&mut name`); like capturedNames it over-approximates, which is safe.
func refTakenNames(n any) map[string]bool {
	names := map[string]bool{}
	walk(n, func(x any) bool {
		if u, ok := x.(*parser.Unary); ok && len(u.Prefix) > 0 && u.Prefix[len(u.Prefix)-1].Op == "&" {
			if p, ok := u.Value.Primary.(*parser.PathExpr); ok && len(p.Segments) == 1 && len(u.Value.Suffixes) == 0 {
				names[p.Segments[0]] = true
			}
		}
		return true
	})
	return names
}

// frameLived reports a scope whose variables live as long as the frame:
// the parameters' scope and the function body's.
func (s *scope) frameLived() bool { return s.top || s.root }

// boxed reports whether a variable named name declared now lives in a
// cell: it is captured by a closure, or it is block-scoped and has its
// address taken.
func (f *funcState) boxed(name string) bool {
	return f.captured[name] || f.scoped(name)
}

func (f *funcState) scoped(name string) bool {
	return f.refTaken[name] && !f.scope.frameLived()
}

// bodyInto compiles a function's body block: its scope lives as long as
// the frame.
func (f *funcState) bodyInto(stmts []parser.Stmt, dst int) *Type {
	f.pushScope()
	f.scope.root = true
	t := f.stmtList(stmts, dst, true)
	f.popScope()
	return t
}

// endScopeVars ends the block-scoped variables of s (see above).
func (f *funcState) endScopeVars(s *scope) {
	for _, l := range s.vars {
		if l.scoped {
			f.emitABC(vm.OpEndScope, l.reg, 0, 0)
		}
	}
}

// endScopesTo ends the variables of every scope from the current one up
// to stop (exclusive; nil: all), for a jump out of them.
func (f *funcState) endScopesTo(stop *scope) {
	for s := f.scope; s != nil && s != stop; s = s.parent {
		f.endScopeVars(s)
	}
}

// endThrownOut ends, at a catch clause, the scoped variables declared in
// the try body: an error thrown out of their blocks skipped their ends.
// A register may since hold another such variable's cell (also ended) or
// something that is not a cell (ENDSCOPE leaves it alone).
func (f *funcState) endThrownOut(regs []int) {
	seen := map[int]bool{}
	for _, r := range regs {
		if !seen[r] {
			seen[r] = true
			f.emitABC(vm.OpEndScope, r, 0, 0)
		}
	}
}
