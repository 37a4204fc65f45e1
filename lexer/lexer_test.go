package lexer

import (
	"fmt"
	"strings"
	"testing"

	plex "github.com/alecthomas/participle/v2/lexer"
)

var typeNames = func() map[plex.TokenType]string {
	m := map[plex.TokenType]string{}
	for name, t := range symbols {
		m[t] = name
	}
	return m
}()

// dump renders tokens as "Type:value" separated by spaces (EOF left out).
func dump(t *testing.T, src string) string {
	t.Helper()
	toks, err := Tokenize("t.cpr", src)
	if err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	var parts []string
	for _, tok := range toks {
		if tok.Type == EOF {
			break
		}
		parts = append(parts, fmt.Sprintf("%s:%s", typeNames[tok.Type], tok.Value))
	}
	return strings.Join(parts, " ")
}

// TestTokenTable: each kind of token, with the values the grammar sees.
func TestTokenTable(t *testing.T) {
	cases := []struct{ src, want string }{
		{`let mut x = 42;`, `Keyword:let Keyword:mut Ident:x Punct:= Int:42 Punct:;`},
		{`1_000 0xFF 0b1010 3.14 1e9 2.5e-3`, `Int:1_000 Int:0xFF Int:0b1010 Float:3.14 Float:1e9 Float:2.5e-3`},
		{`a..=b a..b x::y a -> b`, `Ident:a Punct:..= Ident:b Ident:a Punct:.. Ident:b Ident:x Punct::: Ident:y Ident:a Punct:-> Ident:b`},
		{`"hi $name, ${a + 1}\n"`, "StrStart:\" StrText:hi  StrVar:name StrText:,  StrExprStart:${ Ident:a Punct:+ Int:1 StrExprEnd:} StrText:\n StrEnd:\""},
		{`r"no $interp"`, `RawString:no $interp`},
		{`'outer: loop { break 'outer; }`, `Label:'outer Punct:: Keyword:loop Punct:{ Keyword:break Label:'outer Punct:; Punct:}`},
		{`if x { 1 } else { Point { x: 1 } }`, `Keyword:if Ident:x BodyBrace:{  Int:1 Punct:} Keyword:else Punct:{ Ident:Point Punct:{ Ident:x Punct:: Int:1 Punct:} Punct:}`},
		{`c with Reader, Writer`, `Ident:c Keyword:with Ident:Reader CapComma:,  Ident:Writer`},
		{`f(c with A, b)`, `Ident:f Punct:( Ident:c Keyword:with Ident:A Punct:, Ident:b Punct:)`},
		{"x // comment\n/* block */ y", `Ident:x Ident:y`},
	}
	for _, c := range cases {
		if got := dump(t, c.src); got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.src, got, c.want)
		}
	}
}

// TestLexErrorsHavePositions: bad input is an error with a line and column.
func TestLexErrorsHavePositions(t *testing.T) {
	for _, src := range []string{"let s = \"open", "x = 1\n  `", "/* never closed"} {
		_, err := Tokenize("t.cpr", src)
		if err == nil {
			t.Errorf("%q: no error", src)
			continue
		}
		if !strings.Contains(err.Error(), "t.cpr:") {
			t.Errorf("%q: error without a position: %v", src, err)
		}
	}
}

// TestKeywordsAreReserved: every keyword lexes as a Keyword, a near miss as an Ident.
func TestKeywordsAreReserved(t *testing.T) {
	for _, k := range Keywords {
		if got := dump(t, k); got != "Keyword:"+k {
			t.Errorf("%s lexes as %s", k, got)
		}
		if got := dump(t, k+"_x"); got != "Ident:"+k+"_x" {
			t.Errorf("%s_x lexes as %s", k, got)
		}
	}
}
