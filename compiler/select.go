package compiler

import (
	"github.com/cprime-lang/cprime/parser"
)

// compileSelect compiles `select { clause => body, .. }`.
func (f *funcState) compileSelect(e *parser.SelectExpr, dst int) *Type {
	f.c.errorf(e.Pos, "select is not supported yet")
	return unknownT
}
