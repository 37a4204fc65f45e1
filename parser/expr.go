package parser

// ---------------------------------------------------------------- expressions

// Expr is the assignment level: `left (op= right)?`.
type Expr struct {
	Pos   Pos
	Left  *Binary `parser:"@@"`
	Op    string  `parser:"( @('=' | '+=' | '-=' | '*=' | '/=' | '%=')"`
	Right *Expr   `parser:"  @@ )?"`
}

// Binary is a flat chain of binary operators; Tree() applies precedence.
type Binary struct {
	Pos  Pos
	Head *Unary   `parser:"@@"`
	Tail []*BinOp `parser:"@@*"`
}

// BinOp is one `op operand` link of a Binary chain.
type BinOp struct {
	Pos   Pos
	Op    string `parser:"@('||' | '&&' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '+' | '-' | '*' | '/' | '%' | '..=' | '..')"`
	Right *Unary `parser:"@@"`
}

// Unary is prefix operators, a postfix expression, then `as T` / `with Caps`.
type Unary struct {
	Pos    Pos
	Prefix []*PrefixOp `parser:"@@*"`
	Value  *Postfix    `parser:"@@"`
	Casts  []*CastOp   `parser:"@@*"`
}

// PrefixOp is `-`, `!`, `*` (deref), `&`, `&mut`, `co_await` or `spawn`.
type PrefixOp struct {
	Pos Pos
	Op  string `parser:"@('-' | '!' | '*' | '&' | 'co_await' | 'spawn')"`
	Mut bool   `parser:"@'mut'?"`
}

// CastOp is `as Type` or `with Cap, Cap`.
type CastOp struct {
	Pos  Pos
	As   *Type    `parser:"(  'as' @@"`
	With []string `parser:" | 'with' @Ident ( CapComma @Ident )* )"`
}

// Postfix is a primary expression followed by field access, method and
// function calls, indexing, `?`, and trailing blocks.
type Postfix struct {
	Pos      Pos
	Primary  Primary   `parser:"@@"`
	Suffixes []*Suffix `parser:"@@*"`
}

// Suffix is one postfix operation.
type Suffix struct {
	Pos       Pos
	Field     *string   `parser:"(  '.' @(Ident | Int | Keyword)"`
	Turbofish []*Type   `parser:"   ( '::' '<' @@ ( ',' @@ )* '>' )?"`
	Index     *Expr     `parser:" | '[' @@ ']'"`
	Call      *CallArgs `parser:" | @@"`
	Block     *Block    `parser:" | @@"`
	Try       bool      `parser:" | @'?' )"`
}

// CallArgs is `(args)` with an optional trailing block.
type CallArgs struct {
	Pos   Pos
	Args  []*Expr `parser:"'(' ( @@ ( ',' @@ )* ','? )? ')'"`
	Block *Block  `parser:"@@?"`
}

// Primary is an operand.
type Primary interface{ primaryNode() }

// BlockLike is an expression that ends at its closing brace when it starts a statement.
type BlockLike interface {
	Primary
	blockLikeNode()
}

// Literal is an int, float or bool literal (numbers as raw text).
type Literal struct {
	Pos   Pos
	Int   *string `parser:"(  @Int"`
	Float *string `parser:" | @Float"`
	Bool  *string `parser:" | @('true' | 'false') )"`
}

// StringLit is an interpolated string.
type StringLit struct {
	Pos   Pos
	Parts []*StrPart `parser:"StrStart @@* StrEnd"`
}

// StrPart is literal text, `$name`, or `${expr}`.
type StrPart struct {
	Pos  Pos
	Text *string `parser:"(  @StrText"`
	Var  *string `parser:" | @StrVar"`
	Expr *Expr   `parser:" | StrExprStart @@ StrExprEnd )"`
}

// RawStringLit is r"...".
type RawStringLit struct {
	Pos   Pos
	Value string `parser:"@RawString"`
}

// ParenExpr is `()` (unit), `(e)`, `(e,)` or `(a, b, ..)`.
type ParenExpr struct {
	Pos      Pos
	Elems    []*Expr `parser:"'(' ( @@ ( ',' @@ )*"`
	Trailing bool    `parser:"  @','? )? ')'"`
}

// VecLit is `[a, b, c]`.
type VecLit struct {
	Pos   Pos
	Elems []*Expr `parser:"'[' ( @@ ( ',' @@ )* ','? )? ']'"`
}

// MapLit is `#{k: v, ...}`.
type MapLit struct {
	Pos     Pos
	Entries []*MapEntry `parser:"'#{' ( @@ ( ',' @@ )* ','? )? '}'"`
}

// MapEntry is `key: value`.
type MapEntry struct {
	Pos   Pos
	Key   *Expr `parser:"@@ ':'"`
	Value *Expr `parser:"@@"`
}

// Block is `{ stmts }`; its value is its last expression without `;`.
type Block struct {
	Pos    Pos
	Stmts  []Stmt `parser:"'{' @@*"`
	EndPos Pos    `parser:"'}'"`
}

// Body is the block of an if/while/for/match head (opened by a BodyBrace).
type Body struct {
	Pos    Pos
	Stmts  []Stmt `parser:"BodyBrace @@*"`
	EndPos Pos    `parser:"'}'"`
}

// IfExpr is `if cond { } else ..` or `if let pat = e { } else ..`.
type IfExpr struct {
	Pos  Pos
	Let  *Pattern    `parser:"'if' ( 'let' @@ '=' )?"`
	Cond *Expr       `parser:"@@"`
	Then *Body       `parser:"@@"`
	Else *ElseClause `parser:"( 'else' @@ )?"`
}

// ElseClause is `else if ..` or `else { }`.
type ElseClause struct {
	Pos   Pos
	If    *IfExpr `parser:"(  @@"`
	Block *Block  `parser:" | @@ )"`
}

// MatchExpr is `match value { arms }`.
type MatchExpr struct {
	Pos   Pos
	Value *Expr       `parser:"'match' @@"`
	Arms  []*MatchArm `parser:"BodyBrace @@* '}'"`
}

// MatchArm is `pattern (if guard)? => body ,?`.
type MatchArm struct {
	Pos   Pos
	Pat   *Pattern `parser:"@@"`
	Guard *Expr    `parser:"( 'if' @@ )?"`
	Body  *Expr    `parser:"'=>' @@"`
	Comma bool     `parser:"@','?"`
}

// WhileExpr is `while cond { }` or `while let pat = e { }`.
type WhileExpr struct {
	Pos  Pos
	Let  *Pattern `parser:"'while' ( 'let' @@ '=' )?"`
	Cond *Expr    `parser:"@@"`
	Body *Body    `parser:"@@"`
}

// LoopExpr is `loop { }`.
type LoopExpr struct {
	Pos  Pos
	Body *Block `parser:"'loop' @@"`
}

// ForExpr is `for pat in iterable { }`.
type ForExpr struct {
	Pos  Pos
	Pat  *Pattern `parser:"'for' @@"`
	Iter *Expr    `parser:"'in' @@"`
	Body *Body    `parser:"@@"`
}

// LabeledExpr is `"label: loop/while/for/{ }`.
type LabeledExpr struct {
	Pos   Pos
	Label string    `parser:"@Label ':'"`
	Loop  BlockLike `parser:"@@"`
}

// TryExpr is `try { } catch e { } catch e: Kind { } finally { }`.
type TryExpr struct {
	Pos     Pos
	Body    *Block         `parser:"'try' @@"`
	Catches []*CatchClause `parser:"@@*"`
	Finally *Block         `parser:"( 'finally' @@ )?"`
}

// CatchClause is `catch name (: Kind)? { }`.
type CatchClause struct {
	Pos  Pos
	Name string `parser:"'catch' ( @Ident"`
	Kind string `parser:"  ( ':' @Ident )? )?"`
	Body *Block `parser:"@@"`
}

// SelectExpr is `select { clause, ... }`.
type SelectExpr struct {
	Pos     Pos
	Clauses []*SelectClause `parser:"'select' '{' @@* '}'"`
}

// SelectClause is `(name =)? expr => body ,?`.
type SelectClause struct {
	Pos   Pos
	Bind  string `parser:"( @Ident '=' )?"`
	Event *Expr  `parser:"@@"`
	Body  *Expr  `parser:"'=>' @@"`
	Comma bool   `parser:"@','?"`
}

// ParallelExpr is `parallel { }`.
type ParallelExpr struct {
	Pos  Pos
	Body *Block `parser:"'parallel' @@"`
}

// ClosureExpr is `|params| body` or `|| body`.
type ClosureExpr struct {
	Pos    Pos
	Empty  bool            `parser:"(  @'||'"`
	Params []*ClosureParam `parser:" | '|' ( @@ ( ',' @@ )* ','? )? '|' )"`
	Ret    *Type           `parser:"( '->' @@ )?"`
	Body   *Expr           `parser:"@@"`
}

// ClosureParam is `pat (: T)?`.
type ClosureParam struct {
	Pos  Pos
	Pat  *PatAlt `parser:"@@"`
	Type *Type   `parser:"( ':' @@ )?"`
}

// ReturnExpr is `return value?`.
type ReturnExpr struct {
	Pos   Pos
	Value *Expr `parser:"'return' @@?"`
}

// BreakExpr is `break "label? value?`.
type BreakExpr struct {
	Pos   Pos
	Label string `parser:"'break' @Label?"`
	Value *Expr  `parser:"@@?"`
}

// ContinueExpr is `continue "label?`.
type ContinueExpr struct {
	Pos   Pos
	Label string `parser:"'continue' @Label?"`
}

// ThrowExpr is `throw e`.
type ThrowExpr struct {
	Pos   Pos
	Value *Expr `parser:"'throw' @@"`
}

// YieldExpr is `yield value?`.
type YieldExpr struct {
	Pos   Pos
	Value *Expr `parser:"'yield' @@?"`
}

// StructLit is `Name { field: value, .. }`. The lookahead keeps a
// trailing-block call (`launch { .. }`) from being read as a literal.
type StructLit struct {
	Pos    Pos
	Path   []string     `parser:"(?= ( Ident | 'Self' ) ( '::' Ident )* '{' ( '}' | Ident ':' ) ) @( Ident | 'Self' ) ( '::' @Ident )*"`
	Fields []*FieldInit `parser:"'{' ( @@ ( ',' @@ )* ','? )? '}'"`
}

// FieldInit is `name: value` in a struct literal.
type FieldInit struct {
	Pos   Pos
	Name  string `parser:"@Ident ':'"`
	Value *Expr  `parser:"@@"`
}

// PathExpr is a name or a `::` path, with an optional turbofish.
type PathExpr struct {
	Pos       Pos
	Segments  []string `parser:"@( Ident | 'self' | 'Self' | 'async' ) ( '::' @Ident )*"`
	Turbofish []*Type  `parser:"( '::' '<' @@ ( ',' @@ )* '>' )?"`
}

func (*Literal) primaryNode()      {}
func (*StringLit) primaryNode()    {}
func (*RawStringLit) primaryNode() {}
func (*ParenExpr) primaryNode()    {}
func (*VecLit) primaryNode()       {}
func (*MapLit) primaryNode()       {}
func (*Block) primaryNode()        {}
func (*IfExpr) primaryNode()       {}
func (*MatchExpr) primaryNode()    {}
func (*WhileExpr) primaryNode()    {}
func (*LoopExpr) primaryNode()     {}
func (*ForExpr) primaryNode()      {}
func (*LabeledExpr) primaryNode()  {}
func (*TryExpr) primaryNode()      {}
func (*SelectExpr) primaryNode()   {}
func (*ParallelExpr) primaryNode() {}
func (*ClosureExpr) primaryNode()  {}
func (*ReturnExpr) primaryNode()   {}
func (*BreakExpr) primaryNode()    {}
func (*ContinueExpr) primaryNode() {}
func (*ThrowExpr) primaryNode()    {}
func (*YieldExpr) primaryNode()    {}
func (*StructLit) primaryNode()    {}
func (*PathExpr) primaryNode()     {}

func (*Block) blockLikeNode()        {}
func (*IfExpr) blockLikeNode()       {}
func (*MatchExpr) blockLikeNode()    {}
func (*WhileExpr) blockLikeNode()    {}
func (*LoopExpr) blockLikeNode()     {}
func (*ForExpr) blockLikeNode()      {}
func (*LabeledExpr) blockLikeNode()  {}
func (*TryExpr) blockLikeNode()      {}
func (*SelectExpr) blockLikeNode()   {}
func (*ParallelExpr) blockLikeNode() {}

// ---------------------------------------------------------------- patterns

// Pattern is one or more alternatives separated by `|`.
type Pattern struct {
	Pos  Pos
	Alts []*PatAlt `parser:"@@ ( '|' @@ )*"`
}

// PatAlt is a single pattern.
type PatAlt struct {
	Pos   Pos
	Lit   *LitPat   `parser:"(  @@"`
	Tuple *TuplePat `parser:" | @@"`
	Path  *PathPat  `parser:" | @@ )"`
}

// LitPat is a literal, optionally a range `lo..=hi` / `lo..hi`.
type LitPat struct {
	Pos   Pos
	Value *PatLiteral `parser:"@@"`
	Op    string      `parser:"( @('..=' | '..')"`
	End   *PatLiteral `parser:"  @@ )?"`
}

// PatLiteral is a literal usable in a pattern.
type PatLiteral struct {
	Pos   Pos
	Neg   bool       `parser:"@'-'?"`
	Int   *string    `parser:"(  @Int"`
	Float *string    `parser:" | @Float"`
	Bool  *string    `parser:" | @('true' | 'false')"`
	Str   *StringLit `parser:" | @@"`
	Raw   *string    `parser:" | @RawString )"`
}

// TuplePat is `(p, q, ..)`.
type TuplePat struct {
	Pos   Pos
	Elems []*Pattern `parser:"'(' ( @@ ( ',' @@ )* ','? )? ')'"`
}

// PathPat is a binding (`x`, `mut x`, `_`, `x @ pat`), a unit variant or
// constant (`None`, `Shape::Empty`), or a constructor (`Some(x)`, `Shape::Rect(w, h)`).
type PathPat struct {
	Pos      Pos
	Mut      bool     `parser:"@'mut'?"`
	Segments []string `parser:"@( Ident | 'self' | 'Self' ) ( '::' @Ident )*"`
	Args     *PatArgs `parser:"@@?"`
	At       *PatAlt  `parser:"( '@' @@ )?"`
}

// PatArgs is the parenthesised argument list of a constructor pattern.
type PatArgs struct {
	Pos   Pos
	Elems []*Pattern `parser:"'(' ( @@ ( ',' @@ )* ','? )? ')'"`
}
