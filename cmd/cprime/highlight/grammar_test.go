package highlight

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	plex "github.com/alecthomas/participle/v2/lexer"

	"github.com/cprime-lang/cprime/lexer"
)

var update = flag.Bool("update", false, "rewrite editors/cprime.tmLanguage.json from the lexer's token table")

const grammarPath = "../../../editors/cprime.tmLanguage.json"

// The editor grammar file is exactly what Grammar builds from the lexer.
func TestGrammarFileIsGenerated(t *testing.T) {
	want := Grammar().JSON()
	if *update {
		if err := os.WriteFile(grammarPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(grammarPath)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/cprime/highlight -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the grammar built from the lexer's token table; run go test ./cmd/cprime/highlight -update", grammarPath)
	}
	// and the file itself (what editors load) compiles and scans
	var g GrammarFile
	if err := jsonUnmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if _, err := NewScanner(&g); err != nil {
		t.Fatal(err)
	}
}

// tok is a token as (line, column, kind).
type tok struct {
	line, col int
	kind      string
	text      string
}

func (t tok) String() string { return fmt.Sprintf("%d:%d %s %q", t.line, t.col, t.kind, t.text) }

func lexerKind(t plex.Token) string {
	switch t.Type {
	case lexer.Keyword:
		return "keyword"
	case lexer.Ident:
		return "ident"
	case lexer.Int:
		return "int"
	case lexer.Float:
		return "float"
	case lexer.RawString:
		return "raw"
	case lexer.StrStart:
		return "str-start"
	case lexer.StrText:
		return "str-text"
	case lexer.StrVar:
		return "str-var"
	case lexer.StrExprStart:
		return "str-expr-start"
	case lexer.StrExprEnd:
		return "str-expr-end"
	case lexer.StrEnd:
		return "str-end"
	case lexer.Punct, lexer.BodyBrace, lexer.CapComma:
		return "punct"
	case lexer.Label:
		return "label"
	}
	return fmt.Sprintf("type%d", t.Type)
}

// grammarKind is the lexer token kind a grammar scope stands for ("" for
// comments, "text" inside strings).
func grammarKind(sp Span) string {
	s := sp.Scope
	switch {
	case strings.HasPrefix(sp.Region, "comment."):
		return ""
	case strings.HasPrefix(sp.Region, "string.quoted.raw"):
		return "raw-more"
	case s == "" && strings.HasPrefix(sp.Region, "string.quoted.double"):
		return "str-text"
	case s == "":
		return "space"
	case strings.HasPrefix(s, "comment."):
		return ""
	case strings.HasPrefix(s, "string.quoted.raw"):
		return "raw"
	case strings.HasPrefix(s, "punctuation.definition.string.begin"):
		return "str-start"
	case strings.HasPrefix(s, "punctuation.definition.string.end"):
		return "str-end"
	case strings.HasPrefix(s, "constant.character.escape"):
		return "str-text"
	case strings.HasPrefix(s, "variable.other.interpolated"):
		return "str-var"
	case strings.HasPrefix(s, "punctuation.section.interpolation.begin"):
		return "str-expr-start"
	case strings.HasPrefix(s, "punctuation.section.interpolation.end"):
		return "str-expr-end"
	case strings.HasPrefix(s, "constant.numeric.float"):
		return "float"
	case strings.HasPrefix(s, "constant.numeric.integer"):
		return "int"
	case strings.HasPrefix(s, "entity.name.label"):
		return "label"
	case strings.HasPrefix(s, "keyword.control"), strings.HasPrefix(s, "storage.type"),
		strings.HasPrefix(s, "constant.language"), strings.HasPrefix(s, "variable.language"):
		return "keyword"
	case strings.HasPrefix(s, "entity.name.type"), strings.HasPrefix(s, "variable.other"), strings.HasPrefix(s, "entity.name.function"):
		return "ident"
	case strings.HasPrefix(s, "keyword.operator"), strings.HasPrefix(s, "punctuation."):
		return "punct"
	}
	return "unknown scope " + s
}

// grammarTokens scans src with the grammar and returns its tokens.
func grammarTokens(sc *Scanner, src string) []tok {
	var out []tok
	lines := strings.Split(src, "\n")
	all := sc.Source(src)
	for i, spans := range all {
		line := strings.TrimSuffix(lines[i], "\r")
		for _, sp := range spans {
			k := grammarKind(sp)
			text := line[sp.Start:sp.End]
			if k == "" || k == "space" && strings.TrimSpace(text) == "" {
				continue
			}
			if k == "space" {
				k = "unmatched"
			}
			if (k == "str-text" || k == "raw-more") && len(out) > 0 && out[len(out)-1].kind == strings.Replace(k, "-more", "", 1) {
				out[len(out)-1].text += text
				continue
			}
			out = append(out, tok{line: i + 1, col: utf8.RuneCountInString(line[:sp.Start]) + 1, kind: k, text: text})
		}
	}
	return out
}

// Every golden program and example tokenizes to the same kinds, at the
// same places, under the grammar as under the lexer.
func TestGrammarAgreesWithTheLexer(t *testing.T) {
	sc := Default()
	var files []string
	for _, pat := range []string{"../../../tests/programs/*/*.cpr", "../../../examples/*.cpr", "../../../tests/e2e/testdata/*.cpr"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if len(files) < 100 {
		t.Fatalf("found only %d programs", len(files))
	}
	compared := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		ltoks, err := lexer.Tokenize(f, src)
		if err != nil {
			continue // a program that tests a lexical error
		}
		var want []tok
		for _, lt := range ltoks {
			if lt.Type == lexer.EOF {
				continue
			}
			want = append(want, tok{line: lt.Pos.Line, col: lt.Pos.Column, kind: lexerKind(lt), text: lt.Value})
		}
		got := grammarTokens(sc, src)
		compared++
		for i := 0; i < len(want) || i < len(got); i++ {
			var w, g tok
			if i < len(want) {
				w = want[i]
			}
			if i < len(got) {
				g = got[i]
			}
			// after `.` or `fn` a keyword is read as a name (a method
			// name such as .catch), which the grammar colours as one
			nameSpot := i > 0 && (want[i-1].text == "." || want[i-1].text == "fn")
			if nameSpot && w.kind == "keyword" && g.kind == "ident" {
				continue
			}
			if w.line != g.line || w.col != g.col || w.kind != g.kind {
				t.Errorf("%s: token %d: lexer %v, grammar %v", f, i, w, g)
				break
			}
		}
	}
	t.Logf("compared the tokens of %d programs", compared)
}

func TestRenderers(t *testing.T) {
	src := "fn main() { let s = \"a<b ${x + 1}\"; // note\n  'outer: loop { break 'outer; } }"
	got := strings.Join(HTMLLines(src), "\n")
	for _, w := range []string{`<span class="hl-kw">fn</span>`, `<span class="hl-fn">main</span>`, `<span class="hl-str">a&lt;b </span>`,
		`<span class="hl-esc">${</span>`, `<span class="hl-num">1</span>`, `<span class="hl-com">// note</span>`, `<span class="hl-lab">&#39;outer</span>`} {
		if !strings.Contains(got, w) {
			t.Errorf("HTML lacks %s:\n%s", w, got)
		}
	}
	a := ANSI(`let n = 42; // x`)
	if !strings.Contains(a, "\x1b[35mlet\x1b[0m") || !strings.Contains(a, "\x1b[31m42\x1b[0m") {
		t.Errorf("ANSI: %q", a)
	}
	if strip := regexpANSI.ReplaceAllString(a, ""); strip != `let n = 42; // x` {
		t.Errorf("ANSI changed the text: %q", strip)
	}
	// an unterminated string while typing still colours what is there
	if u := ANSI(`let s = "abc`); !strings.Contains(u, "\x1b[32mabc") {
		t.Errorf("unterminated string: %q", u)
	}
}

var regexpANSI = regexp.MustCompile("\x1b\\[[0-9;]*m")
