package compiler

import (
	"github.com/cprime-lang/cprime/parser"
)

// walk visits every AST node below n (see parser.Walk).
func walk(n any, visit func(any) bool) { parser.Walk(n, visit) }

// capturedNames returns the names used inside the closures nested in n:
// variables of those names declared in the enclosing function live in
// cells, so closures capture them by reference. It over-approximates
// (a name is included even if the closure shadows it), which is safe.
func capturedNames(n any) map[string]bool {
	names := map[string]bool{}
	walk(n, func(x any) bool {
		switch x := x.(type) {
		case *parser.ClosureExpr:
			collectNames(x, names)
			return false
		case *parser.CallArgs: // a trailing block is a closure
			if x.Block != nil {
				collectNames(x.Block, names)
			}
		case *parser.Suffix:
			if x.Block != nil {
				collectNames(x.Block, names)
			}
		case *parser.ParallelExpr: // parallel { } is coroutine_scope(|| { })
			collectNames(x.Body, names)
			return false
		case *parser.StructLit: // `launch {}` reaches the compiler as an empty struct literal
			if len(x.Fields) == 0 {
				collectNames(x, names)
			}
		}
		return true
	})
	return names
}

func collectNames(n any, names map[string]bool) {
	walk(n, func(x any) bool {
		switch x := x.(type) {
		case *parser.PathExpr:
			if len(x.Segments) == 1 {
				names[x.Segments[0]] = true
			}
		case *parser.StrPart:
			if x.Var != nil {
				names[*x.Var] = true
			}
		}
		return true
	})
}

// containsYield reports whether n (not looking into nested closures) has a
// yield expression.
func containsYield(n any) bool {
	found := false
	walk(n, func(x any) bool {
		switch x.(type) {
		case *parser.ClosureExpr:
			return false
		case *parser.YieldExpr:
			found = true
		}
		return !found
	})
	return found
}
