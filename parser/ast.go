package parser

import (
	"strings"

	plex "github.com/alecthomas/participle/v2/lexer"
)

// Pos is a source position (file, byte offset, line, rune column).
type Pos = plex.Position

// File is a whole source file: items and top-level statements in order.
type File struct {
	Pos   Pos
	Stmts []Stmt `parser:"@@*"`
}

// ---------------------------------------------------------------- statements

// Stmt is a statement or an item.
type Stmt interface{ stmtNode() }

// Item is a declaration with its attributes.
type Item struct {
	Pos   Pos
	Attrs []*Attribute `parser:"@@*"`
	Decl  Decl         `parser:"@@"`
}

// Attribute is #[name] or #[name(arg, ...)]; an argument is a word or a
// path (Small, CoroSizeTag::Small) or a setting (max_stack_size = 1024).
type Attribute struct {
	Pos   Pos
	Name  string     `parser:"'#[' @(Ident | Keyword)"`
	Paren bool       `parser:"( @'('"`
	Args  []*AttrArg `parser:"  ( @@ ( ',' @@ )* )? ')' )? ']'"`
}

// AttrArg is one argument of an attribute: Path, or Path = Value.
type AttrArg struct {
	Pos   Pos
	Path  []string `parser:"@(Ident | Int | Keyword) ( '::' @(Ident | Keyword) )*"`
	Value []string `parser:"( '=' @(Ident | Int | Keyword) ( '::' @(Ident | Keyword) )* )?"`
}

// Key is the argument's path as written (CoroSizeTag::Small).
func (a *AttrArg) Key() string { return strings.Join(a.Path, "::") }

// Val is the value of a setting as written ("" for a plain argument).
func (a *AttrArg) Val() string { return strings.Join(a.Value, "::") }

// String renders the argument as written.
func (a *AttrArg) String() string {
	if a.Value == nil {
		return a.Key()
	}
	return a.Key() + " = " + a.Val()
}

// LetStmt is `let pattern (: type)? (= value)?;`.
type LetStmt struct {
	Pos   Pos
	Pat   *Pattern `parser:"'let' @@"`
	Type  *Type    `parser:"( ':' @@ )?"`
	Value *Expr    `parser:"( '=' @@ )? ';'"`
}

// DeferStmt is `defer expr;`.
type DeferStmt struct {
	Pos  Pos
	Expr *Expr `parser:"'defer' @@"`
	Semi bool  `parser:"@';'?"`
}

// EmptyStmt is a lone `;`.
type EmptyStmt struct {
	Pos  Pos
	Semi bool `parser:"@';'"`
}

// ExprStmt is an expression used as a statement. A block-like expression
// (if, match, loops, try, select, parallel, a bare block) at the start of a
// statement ends the statement at its closing brace, as in Rust, and needs
// no `;`. Any other expression needs a `;` unless it is the last thing in
// its block (then it is the block's value).
type ExprStmt struct {
	Pos       Pos
	BlockLike BlockLike `parser:"( @@"`
	BlockSemi bool      `parser:"  @';'?"`
	Expr      *Expr     `parser:"| @@"`
	ExprSemi  bool      `parser:"  @';'? )"`
}

// Semi reports whether the statement ends with `;`.
func (s *ExprStmt) Semi() bool { return s.BlockSemi || s.ExprSemi }

func (*Item) stmtNode()      {}
func (*LetStmt) stmtNode()   {}
func (*DeferStmt) stmtNode() {}
func (*EmptyStmt) stmtNode() {}
func (*ExprStmt) stmtNode()  {}

// ---------------------------------------------------------------- items

// Decl is one kind of item.
type Decl interface{ declNode() }

// FnDecl is a function (a method inside class, functional class,
// interface and impl bodies). Body is nil for an interface signature.
type FnDecl struct {
	Pos      Pos
	Async    bool     `parser:"@'async'?"`
	Name     string   `parser:"'fn' @(Ident | Keyword)"`
	Generics []string `parser:"( '<' @Ident ( ':' Ident )? ( ',' @Ident ( ':' Ident )? )* '>' )?"`
	Params   []*Param `parser:"'(' ( @@ ( ',' @@ )* ','? )? ')'"`
	Ret      *Type    `parser:"( '->' @@ )?"`
	Body     *Block   `parser:"( @@ | ';' )"`
}

// Param is a parameter: `x`, `mut x`, `x: T`, `self`, `&self`, `&mut self`, `_`.
type Param struct {
	Pos    Pos
	Ref    bool   `parser:"( @'&'"`
	RefMut bool   `parser:"  @'mut'? )?"`
	Mut    bool   `parser:"@'mut'?"`
	Name   string `parser:"@(Ident | 'self')"`
	Type   *Type  `parser:"( ':' @@ )?"`
}

// ClassDecl is a data class or (with #[danger(stateful_class)]) a danger class.
type ClassDecl struct {
	Pos      Pos
	Name     string         `parser:"'class' @Ident"`
	Generics []string       `parser:"( '<' @Ident ( ',' @Ident )* '>' )?"`
	Members  []*ClassMember `parser:"'{' @@* '}'"`
}

// ClassMember is a field, an exposes clause, constructed_by, or a method.
type ClassMember struct {
	Pos           Pos
	Exposes       *Exposes   `parser:"(  @@"`
	ConstructedBy string     `parser:" | 'constructed_by' ':' @Ident"`
	Method        *Item      `parser:" | @@"`
	Field         *FieldDecl `parser:" | @@ ) ','?"`
}

// FieldDecl is `(semconst | mutable)? name: Type`.
type FieldDecl struct {
	Pos      Pos
	Modifier string `parser:"( @('semconst' | 'mutable') (?= Ident) )?"`
	Name     string `parser:"@Ident"`
	Type     *Type  `parser:"':' @@"`
}

// Exposes is `runtime? exposes Ops { field, field as mutable, field as const }`.
type Exposes struct {
	Pos     Pos
	Runtime bool            `parser:"@'runtime'?"`
	Class   string          `parser:"'exposes' @Ident"`
	Fields  []*ExposedField `parser:"'{' ( @@ ( ',' @@ )* ','? )? '}'"`
}

// ExposedField is one field of an exposes clause.
type ExposedField struct {
	Pos  Pos
	Name string `parser:"@Ident"`
	As   string `parser:"( 'as' @('mutable' | 'const') )?"`
}

// FunctionalDecl is `functional class Name { fn ... }`.
type FunctionalDecl struct {
	Pos     Pos
	Name    string  `parser:"'functional' 'class' @Ident"`
	Members []*Item `parser:"'{' @@* '}'"`
}

// InterfaceDecl is `interface Name { fn sig; fn default() { .. } }`.
type InterfaceDecl struct {
	Pos      Pos
	Name     string   `parser:"'interface' @Ident"`
	Generics []string `parser:"( '<' @Ident ( ',' @Ident )* '>' )?"`
	Members  []*Item  `parser:"'{' @@* '}'"`
}

// ImplDecl is `impl Interface for Type { .. }` (or, rejected by the
// compiler, `impl Type { .. }`).
type ImplDecl struct {
	Pos       Pos
	Interface string  `parser:"'impl' ( '<' Ident ( ',' Ident )* '>' )? @Ident"`
	IfaceArgs []*Type `parser:"( '<' @@ ( ',' @@ )* '>' )?"`
	For       *Type   `parser:"( 'for' @@ )?"`
	Members   []*Item `parser:"( '{' | BodyBrace ) @@* '}'"`
}

// UnionDecl is `union runtime? Name { Variant(T, ..), Unit, constructed_by: Ops }`.
type UnionDecl struct {
	Pos      Pos
	Runtime  bool           `parser:"'union' @'runtime'?"`
	Name     string         `parser:"@Ident"`
	Generics []string       `parser:"( '<' @Ident ( ',' @Ident )* '>' )?"`
	Members  []*UnionMember `parser:"'{' @@* '}'"`
}

// UnionMember is a variant or a constructed_by clause.
type UnionMember struct {
	Pos           Pos
	ConstructedBy string  `parser:"(  'constructed_by' ':' @Ident"`
	Variant       string  `parser:" | @Ident"`
	Fields        []*Type `parser:"    ( '(' ( @@ ( ',' @@ )* ','? )? ')' )? ) ','?"`
}

// ConstDecl is `const NAME (: T)? = expr;`.
type ConstDecl struct {
	Pos   Pos
	Name  string `parser:"'const' @Ident"`
	Type  *Type  `parser:"( ':' @@ )?"`
	Value *Expr  `parser:"'=' @@ ';'"`
}

// ImportDecl is `import "file.cpr";`.
type ImportDecl struct {
	Pos  Pos
	Path *StringLit `parser:"'import' ( @@"`
	Raw  *string    `parser:"| @RawString ) ';'"`
}

func (*FnDecl) declNode()         {}
func (*ClassDecl) declNode()      {}
func (*FunctionalDecl) declNode() {}
func (*InterfaceDecl) declNode()  {}
func (*ImplDecl) declNode()       {}
func (*UnionDecl) declNode()      {}
func (*ConstDecl) declNode()      {}
func (*ImportDecl) declNode()     {}

// ---------------------------------------------------------------- types

// Type is a type annotation.
type Type struct {
	Pos    Pos
	Ref    bool       `parser:"( @'&'"`
	RefMut bool       `parser:"  @'mut'? )?"`
	Fn     *FnType    `parser:"( @@"`
	Tuple  *TupleType `parser:"| @@"`
	Name   string     `parser:"| @(Ident | 'Self')"`
	Args   []*Type    `parser:"  ( '<' @@ ( ',' @@ )* '>' )? )"`
	Caps   []string   `parser:"( 'with' @Ident ( CapComma @Ident )* )?"`
}

// FnType is `fn(A, B) -> R`.
type FnType struct {
	Pos    Pos
	Params []*Type `parser:"'fn' '(' ( @@ ( ',' @@ )* ','? )? ')'"`
	Ret    *Type   `parser:"( '->' @@ )?"`
}

// TupleType is `()` or `(A, B)`.
type TupleType struct {
	Pos   Pos
	Elems []*Type `parser:"'(' ( @@ ( ',' @@ )* ','? )? ')'"`
}
