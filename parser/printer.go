package parser

import (
	"fmt"
	"strings"
)

// Print renders a file back to canonical CPrime source. Parsing the output
// again gives the same AST (positions aside); the fuzz test holds this.
func Print(f *File) string {
	p := &printer{}
	for _, s := range f.Stmts {
		p.stmt(s)
		p.nl()
	}
	return p.b.String()
}

// PrintType renders a type annotation.
func PrintType(t *Type) string {
	p := &printer{}
	p.typ(t)
	return p.b.String()
}

// PrintPattern renders a pattern.
func PrintPattern(pt *Pattern) string {
	p := &printer{}
	p.pattern(pt)
	return p.b.String()
}

// PrintExpr renders one expression.
func PrintExpr(e *Expr) string {
	p := &printer{}
	p.expr(e)
	return p.b.String()
}

type printer struct {
	b      strings.Builder
	indent int
}

func (p *printer) w(s ...string) {
	for _, x := range s {
		p.b.WriteString(x)
	}
}

func (p *printer) nl() {
	p.b.WriteByte('\n')
	for i := 0; i < p.indent; i++ {
		p.b.WriteString("    ")
	}
}

func (p *printer) stmts(ss []Stmt) {
	p.w("{")
	p.indent++
	for _, s := range ss {
		p.nl()
		p.stmt(s)
	}
	p.indent--
	if len(ss) > 0 {
		p.nl()
	}
	p.w("}")
}

func (p *printer) stmt(s Stmt) {
	switch s := s.(type) {
	case *Item:
		for _, a := range s.Attrs {
			p.w("#[", a.Name)
			if a.Paren {
				args := make([]string, len(a.Args))
				for i, x := range a.Args {
					args[i] = x.String()
				}
				p.w("(", strings.Join(args, ", "), ")")
			}
			p.w("]")
			p.nl()
		}
		p.decl(s.Decl)
	case *LetStmt:
		p.w("let ")
		p.pattern(s.Pat)
		if s.Type != nil {
			p.w(": ")
			p.typ(s.Type)
		}
		if s.Value != nil {
			p.w(" = ")
			p.expr(s.Value)
		}
		p.w(";")
	case *DeferStmt:
		p.w("defer ")
		p.expr(s.Expr)
		p.w(";")
	case *EmptyStmt:
		p.w(";")
	case *ExprStmt:
		if s.BlockLike != nil {
			p.primary(s.BlockLike)
		} else {
			p.expr(s.Expr)
		}
		if s.Semi() {
			p.w(";")
		}
	}
}

func (p *printer) decl(d Decl) {
	switch d := d.(type) {
	case *FnDecl:
		p.fn(d)
	case *ClassDecl:
		p.w("class ", d.Name)
		p.generics(d.Generics)
		p.w(" {")
		p.indent++
		for _, m := range d.Members {
			p.nl()
			switch {
			case m.Exposes != nil:
				if m.Exposes.Runtime {
					p.w("runtime ")
				}
				p.w("exposes ", m.Exposes.Class, " { ")
				for i, f := range m.Exposes.Fields {
					if i > 0 {
						p.w(", ")
					}
					p.w(f.Name)
					if f.As != "" {
						p.w(" as ", f.As)
					}
				}
				p.w(" }")
			case m.ConstructedBy != "":
				p.w("constructed_by: ", m.ConstructedBy, ",")
			case m.Method != nil:
				p.stmt(m.Method)
			case m.Field != nil:
				if m.Field.Modifier != "" {
					p.w(m.Field.Modifier, " ")
				}
				p.w(m.Field.Name, ": ")
				p.typ(m.Field.Type)
				p.w(",")
			}
		}
		p.indent--
		p.nl()
		p.w("}")
	case *FunctionalDecl:
		p.w("functional class ", d.Name, " ")
		p.items(d.Members)
	case *InterfaceDecl:
		p.w("interface ", d.Name)
		p.generics(d.Generics)
		p.w(" ")
		p.items(d.Members)
	case *ImplDecl:
		p.w("impl ", d.Interface)
		if d.IfaceArgs != nil {
			p.typeArgs(d.IfaceArgs)
		}
		if d.For != nil {
			p.w(" for ")
			p.typ(d.For)
		}
		p.w(" ")
		p.items(d.Members)
	case *UnionDecl:
		p.w("union ")
		if d.Runtime {
			p.w("runtime ")
		}
		p.w(d.Name)
		p.generics(d.Generics)
		p.w(" {")
		p.indent++
		for _, m := range d.Members {
			p.nl()
			if m.ConstructedBy != "" {
				p.w("constructed_by: ", m.ConstructedBy, ",")
				continue
			}
			p.w(m.Variant)
			if m.Fields != nil {
				p.w("(")
				for i, t := range m.Fields {
					if i > 0 {
						p.w(", ")
					}
					p.typ(t)
				}
				p.w(")")
			}
			p.w(",")
		}
		p.indent--
		p.nl()
		p.w("}")
	case *ConstDecl:
		p.w("const ", d.Name)
		if d.Type != nil {
			p.w(": ")
			p.typ(d.Type)
		}
		p.w(" = ")
		p.expr(d.Value)
		p.w(";")
	case *ImportDecl:
		p.w("import ")
		if d.Path != nil {
			p.stringLit(d.Path)
		} else {
			p.w(`r"`, *d.Raw, `"`)
		}
		p.w(";")
	}
}

func (p *printer) items(items []*Item) {
	p.w("{")
	p.indent++
	for _, it := range items {
		p.nl()
		p.stmt(it)
	}
	p.indent--
	if len(items) > 0 {
		p.nl()
	}
	p.w("}")
}

func (p *printer) generics(g []string) {
	if g != nil {
		p.w("<", strings.Join(g, ", "), ">")
	}
}

func (p *printer) fn(d *FnDecl) {
	if d.Async {
		p.w("async ")
	}
	p.w("fn ", d.Name)
	p.generics(d.Generics)
	p.w("(")
	for i, prm := range d.Params {
		if i > 0 {
			p.w(", ")
		}
		if prm.Ref {
			p.w("&")
			if prm.RefMut {
				p.w("mut ")
			}
		}
		if prm.Mut {
			p.w("mut ")
		}
		p.w(prm.Name)
		if prm.Type != nil {
			p.w(": ")
			p.typ(prm.Type)
		}
	}
	p.w(")")
	if d.Ret != nil {
		p.w(" -> ")
		p.typ(d.Ret)
	}
	if d.Body == nil {
		p.w(";")
		return
	}
	p.w(" ")
	p.stmts(d.Body.Stmts)
}

func (p *printer) typeArgs(ts []*Type) {
	p.w("<")
	for i, t := range ts {
		if i > 0 {
			p.w(", ")
		}
		p.typ(t)
	}
	p.w(">")
}

func (p *printer) typ(t *Type) {
	if t.Ref {
		p.w("&")
		if t.RefMut {
			p.w("mut ")
		}
	}
	switch {
	case t.Fn != nil:
		p.w("fn(")
		for i, x := range t.Fn.Params {
			if i > 0 {
				p.w(", ")
			}
			p.typ(x)
		}
		p.w(")")
		if t.Fn.Ret != nil {
			p.w(" -> ")
			p.typ(t.Fn.Ret)
		}
	case t.Tuple != nil:
		p.w("(")
		for i, x := range t.Tuple.Elems {
			if i > 0 {
				p.w(", ")
			}
			p.typ(x)
		}
		if len(t.Tuple.Elems) == 1 {
			p.w(",")
		}
		p.w(")")
	default:
		p.w(t.Name)
		if t.Args != nil {
			p.typeArgs(t.Args)
		}
	}
	if t.Caps != nil {
		p.w(" with ", strings.Join(t.Caps, ", "))
	}
}

func (p *printer) expr(e *Expr) {
	p.binary(e.Left)
	if e.Op != "" {
		p.w(" ", e.Op, " ")
		p.expr(e.Right)
	}
}

func (p *printer) binary(b *Binary) {
	p.unary(b.Head)
	for _, t := range b.Tail {
		p.w(" ", t.Op, " ")
		p.unary(t.Right)
	}
}

func (p *printer) unary(u *Unary) {
	for _, op := range u.Prefix {
		p.w(op.Op)
		if op.Mut {
			p.w("mut ")
		}
		if op.Op == "co_await" || op.Op == "spawn" {
			p.w(" ")
		}
	}
	p.postfix(u.Value)
	for _, c := range u.Casts {
		if c.As != nil {
			p.w(" as ")
			p.typ(c.As)
		} else {
			p.w(" with ", strings.Join(c.With, ", "))
		}
	}
}

func (p *printer) postfix(x *Postfix) {
	p.primary(x.Primary)
	for _, s := range x.Suffixes {
		switch {
		case s.Field != nil:
			p.w(".", *s.Field)
			if s.Turbofish != nil {
				p.w("::")
				p.typeArgs(s.Turbofish)
			}
		case s.Index != nil:
			p.w("[")
			p.expr(s.Index)
			p.w("]")
		case s.Call != nil:
			p.args(s.Call.Args)
			if s.Call.Block != nil {
				p.w(" ")
				p.stmts(s.Call.Block.Stmts)
			}
		case s.Block != nil:
			p.w(" ")
			p.stmts(s.Block.Stmts)
		case s.Try:
			p.w("?")
		}
	}
}

func (p *printer) args(es []*Expr) {
	p.w("(")
	for i, a := range es {
		if i > 0 {
			p.w(", ")
		}
		p.expr(a)
	}
	p.w(")")
}

func (p *printer) stringLit(s *StringLit) {
	p.w(`"`)
	for _, part := range s.Parts {
		switch {
		case part.Text != nil:
			p.w(EscapeString(*part.Text))
		case part.Var != nil:
			p.w("$", *part.Var)
		case part.Expr != nil:
			p.w("${")
			p.expr(part.Expr)
			p.w("}")
		}
	}
	p.w(`"`)
}

// EscapeString escapes text for a double-quoted CPrime string.
func EscapeString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '$':
			b.WriteString(`\$`)
		case 0:
			b.WriteString(`\0`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u{%x}`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func (p *printer) body(b *Body) { p.stmts(b.Stmts) }

func (p *printer) primary(x Primary) {
	switch x := x.(type) {
	case *Literal:
		switch {
		case x.Int != nil:
			p.w(*x.Int)
		case x.Float != nil:
			p.w(*x.Float)
		default:
			p.w(*x.Bool)
		}
	case *StringLit:
		p.stringLit(x)
	case *RawStringLit:
		p.w(`r"`, x.Value, `"`)
	case *ParenExpr:
		p.w("(")
		for i, e := range x.Elems {
			if i > 0 {
				p.w(", ")
			}
			p.expr(e)
		}
		if x.Trailing {
			p.w(",")
		}
		p.w(")")
	case *VecLit:
		p.w("[")
		for i, e := range x.Elems {
			if i > 0 {
				p.w(", ")
			}
			p.expr(e)
		}
		p.w("]")
	case *MapLit:
		p.w("#{")
		for i, e := range x.Entries {
			if i > 0 {
				p.w(", ")
			}
			p.expr(e.Key)
			p.w(": ")
			p.expr(e.Value)
		}
		p.w("}")
	case *Block:
		p.stmts(x.Stmts)
	case *IfExpr:
		p.ifExpr(x)
	case *MatchExpr:
		p.w("match ")
		p.expr(x.Value)
		p.w(" {")
		p.indent++
		for _, a := range x.Arms {
			p.nl()
			p.pattern(a.Pat)
			if a.Guard != nil {
				p.w(" if ")
				p.expr(a.Guard)
			}
			p.w(" => ")
			p.expr(a.Body)
			p.w(",")
		}
		p.indent--
		p.nl()
		p.w("}")
	case *WhileExpr:
		p.w("while ")
		if x.Let != nil {
			p.w("let ")
			p.pattern(x.Let)
			p.w(" = ")
		}
		p.expr(x.Cond)
		p.w(" ")
		p.body(x.Body)
	case *LoopExpr:
		p.w("loop ")
		p.stmts(x.Body.Stmts)
	case *ForExpr:
		p.w("for ")
		p.pattern(x.Pat)
		p.w(" in ")
		p.expr(x.Iter)
		p.w(" ")
		p.body(x.Body)
	case *LabeledExpr:
		p.w(x.Label, ": ")
		p.primary(x.Loop)
	case *TryExpr:
		p.w("try ")
		p.stmts(x.Body.Stmts)
		for _, c := range x.Catches {
			p.w(" catch ")
			if c.Name != "" {
				p.w(c.Name)
				if c.Kind != "" {
					p.w(": ", c.Kind)
				}
				p.w(" ")
			}
			p.stmts(c.Body.Stmts)
		}
		if x.Finally != nil {
			p.w(" finally ")
			p.stmts(x.Finally.Stmts)
		}
	case *SelectExpr:
		p.w("select {")
		p.indent++
		for _, c := range x.Clauses {
			p.nl()
			if c.Bind != "" {
				p.w(c.Bind, " = ")
			}
			p.expr(c.Event)
			p.w(" => ")
			p.expr(c.Body)
			p.w(",")
		}
		p.indent--
		p.nl()
		p.w("}")
	case *ParallelExpr:
		p.w("parallel ")
		p.stmts(x.Body.Stmts)
	case *ClosureExpr:
		if x.Empty {
			p.w("||")
		} else {
			p.w("|")
			for i, prm := range x.Params {
				if i > 0 {
					p.w(", ")
				}
				p.patAlt(prm.Pat)
				if prm.Type != nil {
					p.w(": ")
					p.typ(prm.Type)
				}
			}
			p.w("|")
		}
		if x.Ret != nil {
			p.w(" -> ")
			p.typ(x.Ret)
		}
		p.w(" ")
		p.expr(x.Body)
	case *ReturnExpr:
		p.w("return")
		if x.Value != nil {
			p.w(" ")
			p.expr(x.Value)
		}
	case *BreakExpr:
		p.w("break")
		if x.Label != "" {
			p.w(" ", x.Label)
		}
		if x.Value != nil {
			p.w(" ")
			p.expr(x.Value)
		}
	case *ContinueExpr:
		p.w("continue")
		if x.Label != "" {
			p.w(" ", x.Label)
		}
	case *ThrowExpr:
		p.w("throw ")
		p.expr(x.Value)
	case *YieldExpr:
		p.w("yield")
		if x.Value != nil {
			p.w(" ")
			p.expr(x.Value)
		}
	case *StructLit:
		p.w(strings.Join(x.Path, "::"), " {")
		for i, f := range x.Fields {
			if i > 0 {
				p.w(",")
			}
			p.w(" ", f.Name, ": ")
			p.expr(f.Value)
		}
		p.w(" }")
	case *PathExpr:
		p.w(strings.Join(x.Segments, "::"))
		if x.Turbofish != nil {
			p.w("::")
			p.typeArgs(x.Turbofish)
		}
	}
}

func (p *printer) ifExpr(x *IfExpr) {
	p.w("if ")
	if x.Let != nil {
		p.w("let ")
		p.pattern(x.Let)
		p.w(" = ")
	}
	p.expr(x.Cond)
	p.w(" ")
	p.body(x.Then)
	if x.Else != nil {
		p.w(" else ")
		if x.Else.If != nil {
			p.ifExpr(x.Else.If)
		} else {
			p.stmts(x.Else.Block.Stmts)
		}
	}
}

func (p *printer) pattern(pt *Pattern) {
	for i, a := range pt.Alts {
		if i > 0 {
			p.w(" | ")
		}
		p.patAlt(a)
	}
}

func (p *printer) patLiteral(l *PatLiteral) {
	if l.Neg {
		p.w("-")
	}
	switch {
	case l.Int != nil:
		p.w(*l.Int)
	case l.Float != nil:
		p.w(*l.Float)
	case l.Bool != nil:
		p.w(*l.Bool)
	case l.Str != nil:
		p.stringLit(l.Str)
	case l.Raw != nil:
		p.w(`r"`, *l.Raw, `"`)
	}
}

func (p *printer) patAlt(a *PatAlt) {
	switch {
	case a.Lit != nil:
		p.patLiteral(a.Lit.Value)
		if a.Lit.Op != "" {
			p.w(a.Lit.Op)
			p.patLiteral(a.Lit.End)
		}
	case a.Tuple != nil:
		p.w("(")
		for i, e := range a.Tuple.Elems {
			if i > 0 {
				p.w(", ")
			}
			p.pattern(e)
		}
		if len(a.Tuple.Elems) == 1 {
			p.w(",")
		}
		p.w(")")
	case a.Path != nil:
		if a.Path.Mut {
			p.w("mut ")
		}
		p.w(strings.Join(a.Path.Segments, "::"))
		if a.Path.Args != nil {
			p.w("(")
			for i, e := range a.Path.Args.Elems {
				if i > 0 {
					p.w(", ")
				}
				p.pattern(e)
			}
			p.w(")")
		}
		if a.Path.At != nil {
			p.w(" @ ")
			p.patAlt(a.Path.At)
		}
	}
}
