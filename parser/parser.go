package parser

import (
	"strings"

	"github.com/alecthomas/participle/v2"
	plex "github.com/alecthomas/participle/v2/lexer"

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
		return nil, missingSemicolon(filename, src, refineStatementError(filename, src, convertError(err)))
	}
	if err := checkSemicolons(f); err != nil {
		return nil, err
	}
	return f, nil
}

// Grammar returns the EBNF of the grammar (for documentation and tests).
func Grammar() string { return fileParser.String() }

// refineStatementError moves an error participle reports at the first
// token of a statement inside a block (it backtracks to there when the
// statement fails) to the token that is really wrong: it parses again
// from that statement, the text before it blanked out (so positions stay
// exact), for as long as that finds a later error that is not the block's
// closing brace.
func refineStatementError(filename, src string, err error) error {
	for range 64 {
		pe, ok := err.(*Error)
		if !ok || !strings.HasPrefix(pe.Msg, "unexpected ") {
			return err
		}
		toks, lerr := lexer.Tokenize(filename, src)
		if lerr != nil {
			return err
		}
		k := tokenAt(toks, pe.Pos.Offset)
		if k <= 0 || toks[k-1].Type != lexer.Punct && toks[k-1].Type != lexer.BodyBrace ||
			toks[k-1].Value != ";" && toks[k-1].Value != "{" && toks[k-1].Value != "}" {
			return err // not the start of a statement
		}
		off := pe.Pos.Offset
		blank := []byte(src)
		for i := range blank[:off] {
			if blank[i] != '\n' {
				blank[i] = ' '
			}
		}
		_, err2 := fileParser.ParseString(filename, string(blank))
		if err2 == nil {
			return err
		}
		e2, ok := convertError(err2).(*Error)
		if !ok || e2.Pos.Offset <= off {
			return err
		}
		if j := tokenAt(toks, e2.Pos.Offset); j >= 0 && toks[j].Value == "}" {
			return err // the statement parsed; the trouble is elsewhere
		}
		err = e2
	}
	return err
}

// tokenAt returns the index of the token starting at offset, or -1.
func tokenAt(toks []plex.Token, offset int) int {
	for i, t := range toks {
		if t.Pos.Offset == offset {
			return i
		}
		if t.Pos.Offset > offset {
			break
		}
	}
	return -1
}

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

// IsKeyword reports whether s is a reserved word. After `.` and as a
// method's name a keyword is an ordinary name (`.catch(..)`).
func IsKeyword(s string) bool { return lexer.IsKeyword(s) }
