package lexer

import (
	"fmt"

	plex "github.com/alecthomas/participle/v2/lexer"
)

// MaxNesting is the deepest nesting a source may have. The parser, the
// compiler and the printer all recurse once (or a few times) per level;
// bounding the level here keeps every one of them far from Go's stack
// limit, whose overflow is a fatal error nothing can catch.
const MaxNesting = 256

// checkNesting measures, at every token, an upper bound of how deeply the
// grammar nests there and refuses the first token past MaxNesting. The
// bound counts open brackets (`( [ { #{ #[`, `${`, strings, closure
// parameter lists, generic `<` lists) plus, inside each bracket, the
// constructs that nest without one (`return return x`, `else if` chains,
// `a = b = c`, closures, `fn() -> fn() -> T`, `x @ y @ z`). Those counts
// end where the construct must end: a `;`, a `,` in a bracket, or a `}`
// after which no expression can continue. It over-counts rather than
// under-counts: a construct is never forgotten while still open.
func checkNesting(toks []plex.Token) error {
	type frame struct {
		close string // the token that closes it ("" for an angle frame)
		angle bool   // a `<` that may or may not be a generic list
		pipe  bool   // a closure's `|params|`
		extra int    // bracketless constructs open in this frame
		ops   int    // operators in the chain now open in this frame
	}
	stack := []frame{{close: "EOF"}}
	depth := 1 // len(stack) + the sum of every extra
	fail := func(t plex.Token) error {
		return &plex.Error{Pos: t.Pos, Msg: fmt.Sprintf("nesting too deep: more than %d levels of brackets or nested expressions", MaxNesting)}
	}
	push := func(f frame) { stack = append(stack, f); depth++ }
	pop := func() {
		top := stack[len(stack)-1]
		depth -= 1 + top.extra
		stack = stack[:len(stack)-1]
	}
	popAngles := func() {
		for len(stack) > 1 && stack[len(stack)-1].angle {
			pop()
		}
	}
	nest := func() { stack[len(stack)-1].extra++; depth++ }
	reset := func() {
		top := &stack[len(stack)-1]
		depth -= top.extra
		top.extra, top.ops = 0, 0
	}
	closeTo := func(close string) {
		for len(stack) > 1 {
			top := stack[len(stack)-1]
			pop()
			if top.close == close {
				return
			}
		}
	}
	for i, t := range toks {
		prevEnds := i > 0 && endsOperand(toks[i-1])
		if t.Type == Punct && chainOps[t.Value] {
			top := &stack[len(stack)-1]
			if top.ops++; top.ops > MaxChain {
				return &plex.Error{Pos: t.Pos, Msg: fmt.Sprintf("expression too long: more than %d operators in one chain", MaxChain)}
			}
		}
		switch t.Type {
		case StrStart:
			push(frame{close: `"`})
		case StrEnd:
			closeTo(`"`)
		case StrExprStart:
			push(frame{close: "${"})
		case StrExprEnd:
			closeTo("${")
		case BodyBrace:
			popAngles()
			push(frame{close: "}"})
		case Label:
			nest()
		case Keyword:
			switch t.Value {
			case "if", "match", "while", "for", "loop", "try", "select", "parallel", "return",
				"break", "throw", "yield", "let", "fn", "spawn", "co_await":
				nest()
			}
		case Punct:
			switch t.Value {
			case "(", "[", "#{", "#[":
				push(frame{close: closing(t.Value)})
			case "{":
				popAngles()
				push(frame{close: "}"})
			case ")", "]", "}":
				closeTo(t.Value)
				if t.Value == "}" && i+1 < len(toks) && !continuesExpr(toks[i+1]) {
					reset()
				}
			case ";":
				popAngles()
				reset()
			case ",":
				if top := stack[len(stack)-1]; !top.angle && !top.pipe {
					reset()
				}
			case "<":
				if prevEnds || i > 0 && toks[i-1].Value == "::" {
					push(frame{angle: true})
				}
			case ">", ">>":
				for n := len(t.Value); n > 0 && stack[len(stack)-1].angle; n-- {
					pop()
				}
			case "|":
				switch {
				case stack[len(stack)-1].pipe:
					pop()
					nest()
				case !prevEnds:
					push(frame{pipe: true})
				}
			case "||":
				if !prevEnds {
					nest()
				}
			case "=", "+=", "-=", "*=", "/=", "%=", "->", "@", "=>":
				nest()
			}
		}
		if depth > MaxNesting {
			return fail(t)
		}

	}
	return nil
}

// MaxChain bounds the operators (binary, prefix, `.`, `?`, calls) of
// one expression: the compiler's tree for a chain is as deep as it is long.
const MaxChain = 10000

var chainOps = map[string]bool{
	"+": true, "-": true, "*": true, "/": true, "%": true, "==": true, "!=": true, "<": true,
	">": true, "<=": true, ">=": true, "&&": true, "||": true, "..": true, "..=": true, "!": true,
	"&": true, ".": true, "?": true, "(": true, "[": true, "|": true,
}

func closing(open string) string {
	switch open {
	case "(":
		return ")"
	case "[":
		return "]"
	}
	return "}"
}

// endsOperand reports whether t can end an operand, so that a following
// `|` or `<` is a binary operator (or a generic list) rather than the
// start of a closure.
func endsOperand(t plex.Token) bool {
	switch t.Type {
	case Ident, Int, Float, StrEnd, RawString:
		return true
	case Keyword:
		return t.Value == "true" || t.Value == "false" || t.Value == "self" || t.Value == "Self"
	case Punct:
		return t.Value == ")" || t.Value == "]" || t.Value == "}" || t.Value == "?" || t.Value == ">"
	}
	return false
}

// continuesExpr reports whether t, right after a `}`, may continue the
// expression that brace ended (so constructs open around it stay open).
func continuesExpr(t plex.Token) bool {
	switch t.Type {
	case BodyBrace, CapComma:
		return true
	case Keyword:
		switch t.Value {
		case "as", "with", "else", "catch", "finally", "in":
			return true
		}
	case Punct:
		switch t.Value {
		case ";", ",", ")", "]", "}", "#[":
			return false
		}
		return true
	}
	return false
}
