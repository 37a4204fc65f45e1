package lexer

import (
	"strings"
	"testing"

	plex "github.com/alecthomas/participle/v2/lexer"
)

// deep builds sources that nest n levels through each construct that
// recurses in the grammar.
func deep(n int) map[string]string {
	r := strings.Repeat
	return map[string]string{
		"parens":      "let x = " + r("(", n) + "1" + r(")", n) + ";",
		"brackets":    "let x = " + r("[", n) + "1" + r("]", n) + ";",
		"blocks":      "let x = " + r("{", n) + "1" + r("}", n) + ";",
		"maps":        "let x = " + r("#{1: ", n) + "1" + r("}", n) + ";",
		"calls":       "let x = " + r("f(", n) + "1" + r(")", n) + ";",
		"else if":     "fn f(a: int) -> int { if a == 0 { 0 } " + r("else if a == 1 { 1 } ", n) + "else { 2 } }",
		"if heads":    "let x = " + r("if ", n) + "true" + r(" { 1 } else { 2 }", n) + ";",
		"returns":     "fn f() { " + r("return ", n) + "1; }",
		"assignments": "fn f() { " + r("a = ", n) + "1; }",
		"closures":    "let f = " + r("|a, b| ", n) + "a;",
		"thunks":      "let f = " + r("|| ", n) + "1;",
		"generics":    "let x: " + r("Vec<", n) + "int" + r(">", n) + " = 1;",
		"map types":   "let x: " + r("Map<string, ", n) + "int" + r(">", n) + " = 1;",
		"fn types":    "let x: " + r("fn() -> ", n) + "int = 1;",
		"strings":     "let x = " + r(`"${`, n) + "1" + r(`}"`, n) + ";",
		"patterns":    "match x { " + r("a @ ", n) + "b => 1 }",
		"tuple pats":  "match x { " + r("(", n) + "a" + r(")", n) + " => 1 }",
		"ors":         "let x = " + r("a || b + (", n) + "1" + r(")", n) + ";",
		"struct lits": "let x = " + r("A { a: ", n) + "1" + r(" }", n) + ";",
	}
}

func TestNestingPastTheLimitIsAnError(t *testing.T) {
	for name, src := range deep(20_000) {
		_, err := Tokenize("deep.cpr", src)
		perr, ok := err.(*plex.Error)
		if !ok || !strings.Contains(perr.Msg, "nesting too deep") {
			t.Errorf("%s: got %v, want a nesting error", name, err)
			continue
		}
		if perr.Pos.Offset > 30*MaxNesting {
			t.Errorf("%s: reported at offset %d, not where the limit was passed", name, perr.Pos.Offset)
		}
	}
}

func TestNestingWithinTheLimitLexes(t *testing.T) {
	for name, src := range deep(MaxNesting / 4) {
		if _, err := Tokenize("ok.cpr", src); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Long flat sequences nest nothing: many statements, items, arms,
// elements and `if` statements without semicolons stay at depth 1.
func TestLongFlatSequencesAreNotNesting(t *testing.T) {
	r := strings.Repeat
	for name, src := range map[string]string{
		"statements": "fn f() { " + r("let a = b = 1; return 2; ", 5000) + "}",
		"items":      r("fn f() -> int { return 1 } ", 5000),
		"ifs":        "fn f() { " + r("if a < b { c = 1 } ", 5000) + "}",
		"arms":       "match x { " + r("1 if y => { 1 } ", 5000) + "}",
		"elements":   "let v = [" + r("|x| x, ", 5000) + "];",
		"else":       "fn f() { " + r("if a { 1 } else { 2 } ", 5000) + "}",
		"closures":   "fn f() { " + r("let g = |a| -> int { a }; ", 5000) + "}",
	} {
		if _, err := Tokenize("flat.cpr", src); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestLongChainsAreBounded(t *testing.T) {
	r := strings.Repeat
	for name, src := range map[string]string{
		"sum":     "let x = 1" + r(" + 1", MaxChain+1) + ";",
		"negs":    "let x = " + r("-", MaxChain+1) + "1;",
		"methods": "let x = a" + r(".f()", MaxChain) + ";",
	} {
		_, err := Tokenize("chain.cpr", src)
		if err == nil || !strings.Contains(err.Error(), "expression too long") {
			t.Errorf("%s: got %v, want expression too long", name, err)
		}
	}
	if _, err := Tokenize("ok.cpr", "let x = 1"+r(" + 1", MaxChain-1)+"; let y = 1"+r(" + 1", MaxChain-1)+";"); err != nil {
		t.Errorf("two long chains in two statements: %v", err)
	}
}
