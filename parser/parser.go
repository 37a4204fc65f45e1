package parser

import (
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
		return nil, convertError(err)
	}
	return f, nil
}

// Grammar returns the EBNF of the grammar (for documentation and tests).
func Grammar() string { return fileParser.String() }
