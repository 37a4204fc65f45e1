package parser

import (
	"strings"

	"github.com/alecthomas/participle/v2"

	"github.com/cprime-lang/cprime/lexer"
)

// lookahead bounds how far a failed alternative may have read before the
// parser gives up on backtracking; the grammar is close to LL(3), the
// larger figure covers attribute lists and struct-literal lookahead.
const lookahead = 8

func options() []participle.Option {
	return []participle.Option{
		participle.Lexer(lexer.Def),
		participle.UseLookahead(lookahead),
		participle.Union[Stmt](&Item{}, &LetStmt{}, &DeferStmt{}, &EmptyStmt{}, &ExprStmt{}),
		participle.Union[Decl](&FnDecl{}, &ClassDecl{}, &FunctionalDecl{}, &InterfaceDecl{},
			&ImplDecl{}, &UnionDecl{}, &ConstDecl{}, &ImportDecl{}),
		participle.Union[BlockLike](&IfExpr{}, &MatchExpr{}, &WhileExpr{}, &LoopExpr{}, &ForExpr{},
			&LabeledExpr{}, &TryExpr{}, &SelectExpr{}, &ParallelExpr{}, &Block{}),
		participle.Union[Primary](&Literal{}, &StringLit{}, &RawStringLit{}, &ParenExpr{}, &VecLit{},
			&MapLit{}, &Block{}, &IfExpr{}, &MatchExpr{}, &WhileExpr{}, &LoopExpr{}, &ForExpr{},
			&LabeledExpr{}, &TryExpr{}, &SelectExpr{}, &ParallelExpr{}, &ClosureExpr{},
			&ReturnExpr{}, &BreakExpr{}, &ContinueExpr{}, &ThrowExpr{}, &YieldExpr{},
			&StructLit{}, &PathExpr{}),
	}
}

var fileParser = participle.MustBuild[File](options()...)

// ParseFile parses a whole source file.
func ParseFile(filename, src string) (*File, error) {
	f, err := fileParser.ParseString(filename, src)
	if err != nil {
		return nil, missingSemicolon(filename, src, convertError(err))
	}
	if err := checkSemicolons(f); err != nil {
		return nil, err
	}
	return f, nil
}

// Grammar returns the EBNF of the grammar (for documentation and tests).
func Grammar() string { return fileParser.String() }

// missingSemicolon improves "unexpected X" when X starts a new statement
// right after something that ends an expression: the usual cause is a
// missing `;`.
func missingSemicolon(filename, src string, err error) error {
	pe, ok := err.(*Error)
	if !ok || !strings.HasPrefix(pe.Msg, "unexpected ") {
		return err
	}
	toks, lerr := lexer.Tokenize(filename, src)
	if lerr != nil {
		return err
	}
	for i, t := range toks {
		if t.Pos.Offset != pe.Pos.Offset || i == 0 {
			continue
		}
		prev := toks[i-1]
		endsExpr := prev.Type == lexer.Ident || prev.Type == lexer.Int || prev.Type == lexer.Float ||
			prev.Type == lexer.StrEnd || prev.Type == lexer.RawString ||
			(prev.Type == lexer.Punct && (prev.Value == ")" || prev.Value == "]")) ||
			(prev.Type == lexer.Keyword && (prev.Value == "true" || prev.Value == "false" || prev.Value == "self"))
		startsStmt := t.Type == lexer.Ident ||
			(t.Type == lexer.Keyword && statementKeywords[t.Value])
		if endsExpr && startsStmt && prev.Pos.Line < t.Pos.Line || endsExpr && t.Type == lexer.Keyword && statementKeywords[t.Value] {
			return &Error{Pos: pe.Pos, Msg: "expected `;` before " + describe(t)}
		}
		break
	}
	return err
}

var statementKeywords = map[string]bool{
	"let": true, "fn": true, "const": true, "class": true, "functional": true, "interface": true,
	"impl": true, "union": true, "import": true, "defer": true, "return": true, "while": true,
	"for": true, "loop": true, "if": true, "match": true, "try": true, "throw": true,
}
