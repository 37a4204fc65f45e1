package compiler

import (
	"fmt"

	"github.com/cprime-lang/cprime/parser"
)

// checkFiles runs the checks that span every file of a program before
// anything is compiled.
func (c *compiler) checkFiles(files []*sourceFile) {
	c.checkDuplicateItems(files)
	for _, sf := range files {
		c.checkReservedBindings(sf.ast)
	}
}

// checkDuplicateItems refuses an item name defined twice, in one file or
// across files: an imported file's `functional class AdminOps` must not
// silently join (or shadow) the importer's, which would let it read
// fields exposed to the importer's AdminOps.
func (c *compiler) checkDuplicateItems(files []*sourceFile) {
	first := map[string]parser.Pos{}
	for _, sf := range files {
		for _, st := range sf.ast.Stmts {
			it, ok := st.(*parser.Item)
			if !ok {
				continue
			}
			name, pos := itemName(it.Decl)
			if name == "" {
				continue
			}
			if prev, dup := first[name]; dup {
				c.errs.add(pos, "%s is defined twice: here and at %s", name, posString(prev))
				continue
			}
			first[name] = pos
		}
	}
}

func itemName(d parser.Decl) (string, parser.Pos) {
	switch d := d.(type) {
	case *parser.FnDecl:
		return d.Name, d.Pos
	case *parser.ClassDecl:
		return d.Name, d.Pos
	case *parser.FunctionalDecl:
		return d.Name, d.Pos
	case *parser.InterfaceDecl:
		return d.Name, d.Pos
	case *parser.UnionDecl:
		return d.Name, d.Pos
	case *parser.ConstDecl:
		return d.Name, d.Pos
	}
	return "", parser.Pos{}
}

func posString(p parser.Pos) string { return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column) }

// checkReservedBindings refuses `self` and `Self` bound by a pattern (let,
// match, for, if let, while let, closure parameters) or as a parameter of
// anything but a method, whose first parameter `self` is the receiver.
func (c *compiler) checkReservedBindings(f *parser.File) {
	var inMethod func(n any, method bool)
	inMethod = func(n any, method bool) {
		parser.Walk(n, func(x any) bool {
			switch x := x.(type) {
			case *parser.ClassDecl:
				for _, m := range x.Members {
					if m.Method != nil {
						inMethod(m.Method, true)
					}
				}
				return false
			case *parser.ImplDecl:
				for _, m := range x.Members {
					inMethod(m, true)
				}
				return false
			case *parser.InterfaceDecl:
				for _, m := range x.Members {
					inMethod(m, true)
				}
				return false
			case *parser.FnDecl:
				for i, p := range x.Params {
					if p.Name == "self" && (!method || i > 0) {
						c.errs.add(p.Pos, "`self` is reserved: it is the receiver of a method, and cannot be a parameter here")
					}
				}
				parser.Walk(x.Body, func(y any) bool { return c.reservedPattern(y) })
				return false
			}
			return c.reservedPattern(x)
		})
	}
	inMethod(f, false)
}

func (c *compiler) reservedPattern(x any) bool {
	if p, ok := x.(*parser.PathPat); ok && len(p.Segments) == 1 && p.Args == nil {
		if n := p.Segments[0]; n == "self" || n == "Self" {
			c.errs.add(p.Pos, "`%s` is reserved and cannot be bound by a pattern", n)
		}
	}
	return true
}
