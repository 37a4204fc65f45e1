package lexer

import (
	plex "github.com/alecthomas/participle/v2/lexer"
)

// rewrite marks body braces and capability-list commas in place.
//
// Body braces: after `if`, `while`, `for` or `match`, the first `{` at the
// same bracket depth opens the body (Rust's rule: no struct literal and no
// trailing block in the head of these constructs unless parenthesised).
//
// Capability commas: in `x with A, B` the comma continues the list when the
// next token is a capability-like name (capitalised, not ALL_CAPS, or a
// single letter) that is not itself followed by something that makes it an
// expression or a parameter (`:`, `(`, `::`, `.`, `{`, `[`).
func rewrite(toks []plex.Token) {
	depth := 0
	var heads []int
	for i := range toks {
		t := &toks[i]
		switch t.Type {
		case Keyword:
			switch t.Value {
			case "if", "while", "for", "match":
				heads = append(heads, depth)
			case "with":
				markCapCommas(toks, i)
			}
		case StrExprStart:
			depth++
		case StrExprEnd:
			depth--
			heads = dropDeeper(heads, depth)
		case Punct:
			switch t.Value {
			case "{":
				if n := len(heads); n > 0 && heads[n-1] == depth {
					t.Type = BodyBrace
					t.Value = BodyBraceValue
					heads = heads[:n-1]
				}
				depth++
			case "=>":
				// A match guard (`pat if cond => ..`) opens no body.
				if n := len(heads); n > 0 && heads[n-1] == depth {
					heads = heads[:n-1]
				}
			case "(", "[", "#{", "#[":
				depth++
			case ")", "]", "}":
				depth--
				heads = dropDeeper(heads, depth)
			}
		}
	}
}

func dropDeeper(heads []int, depth int) []int {
	for len(heads) > 0 && heads[len(heads)-1] > depth {
		heads = heads[:len(heads)-1]
	}
	return heads
}

func markCapCommas(toks []plex.Token, i int) {
	j := i + 1
	if j >= len(toks) || toks[j].Type != Ident {
		return
	}
	for j+2 < len(toks) {
		comma, name := &toks[j+1], toks[j+2]
		if comma.Type != Punct || comma.Value != "," || name.Type != Ident || !capLike(name.Value) {
			return
		}
		if j+3 < len(toks) && toks[j+3].Type == Punct {
			switch toks[j+3].Value {
			case ":", "(", "::", ".", "{", "[", "=":
				return
			}
		}
		comma.Type = CapComma
		comma.Value = CapCommaValue
		j += 2
	}
}

// capLike reports whether a name looks like a functional-class name:
// CamelCase (an upper-case first letter and some lower-case letter), or a
// single capital letter. ALL_CAPS names are constants, not capabilities.
func capLike(name string) bool {
	if name == "" || name[0] < 'A' || name[0] > 'Z' {
		return false
	}
	if len(name) == 1 {
		return true
	}
	for i := 1; i < len(name); i++ {
		if name[i] >= 'a' && name[i] <= 'z' {
			return true
		}
	}
	return false
}
