package lexer

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	plex "github.com/alecthomas/participle/v2/lexer"
)

// Token types. participle matches grammar literals by value, and by type
// where a rule names a type (Ident, Int, BodyBrace...).
const (
	EOF          = plex.EOF
	Ident        = plex.TokenType(-2 - iota)
	Keyword      // reserved word
	Int          // 42, 1_000, 0xFF, 0b1010 (raw text)
	Float        // 3.14, 1e9, 2.5e-3 (raw text)
	RawString    // r"..." (value: the contents)
	StrStart     // opening " of an interpolated string
	StrText      // literal text inside a string, escapes decoded
	StrVar       // $name inside a string (value: name)
	StrExprStart // ${ inside a string
	StrExprEnd   // } closing a ${
	StrEnd       // closing "
	Punct        // operators and punctuation
	Label        // 'outer
	BodyBrace    // the { opening an if/while/for/match body (value "{ ")
	CapComma     // a , continuing a `with` capability list (value ", ")
)

// BodyBraceValue and CapCommaValue are the token values of the rewritten
// tokens; they differ from "{" and "," so that grammar literals for those
// never match them.
const (
	BodyBraceValue = "{ "
	CapCommaValue  = ", "
)

var symbols = map[string]plex.TokenType{
	"EOF": EOF, "Ident": Ident, "Keyword": Keyword, "Int": Int, "Float": Float,
	"RawString": RawString, "StrStart": StrStart, "StrText": StrText, "StrVar": StrVar,
	"StrExprStart": StrExprStart, "StrExprEnd": StrExprEnd, "StrEnd": StrEnd,
	"Punct": Punct, "Label": Label, "BodyBrace": BodyBrace, "CapComma": CapComma,
}

// Keywords are the reserved words of §1 of the language reference.
var Keywords = []string{
	"fn", "async", "let", "mut", "const", "if", "else", "while", "loop", "for", "in",
	"break", "continue", "return", "match", "class", "functional", "interface", "impl",
	"union", "runtime", "exposes", "constructed_by", "with", "defer", "yield", "co_await",
	"spawn", "parallel", "select", "try", "catch", "finally", "throw", "true", "false",
	"self", "Self", "as", "import",
}

var keywordSet = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range Keywords {
		m[k] = true
	}
	return m
}()

// IsKeyword reports whether s is reserved.
func IsKeyword(s string) bool { return keywordSet[s] }

// puncts is ordered longest first so the scanner takes the longest match.
var puncts = []string{
	"..=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=",
	"..", "#[", "#{",
	"+", "-", "*", "/", "%", "=", "<", ">", "!", "&", "|", "(", ")", "[", "]", "{", "}",
	",", ";", ":", ".", "?", "@", "#", "^", "~",
}

// Definition is the participle lexer definition for CPrime.
type Definition struct{}

// Def is the shared, stateless definition.
var Def = &Definition{}

// Symbols implements plex.Definition.
func (*Definition) Symbols() map[string]plex.TokenType { return symbols }

// Lex implements plex.Definition.
func (d *Definition) Lex(filename string, r io.Reader) (plex.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

// LexBytes implements plex.BytesDefinition.
func (d *Definition) LexBytes(filename string, b []byte) (plex.Lexer, error) {
	return d.LexString(filename, string(b))
}

// LexString implements plex.StringDefinition.
func (*Definition) LexString(filename string, src string) (plex.Lexer, error) {
	toks, err := Tokenize(filename, src)
	if err != nil {
		return nil, err
	}
	return &sliceLexer{toks: toks}, nil
}

type sliceLexer struct {
	toks []plex.Token
	i    int
}

func (l *sliceLexer) Next() (plex.Token, error) {
	if l.i >= len(l.toks) {
		return l.toks[len(l.toks)-1], nil
	}
	t := l.toks[l.i]
	l.i++
	return t, nil
}

// Tokenize lexes a whole source and applies the BodyBrace/CapComma rewrite.
// The last token is always EOF.
func Tokenize(filename, src string) ([]plex.Token, error) {
	s := &scanner{src: src, pos: plex.Position{Filename: filename, Line: 1, Column: 1}}
	if err := s.run(); err != nil {
		return nil, err
	}
	rewrite(s.toks)
	if err := checkNesting(s.toks); err != nil {
		return nil, err
	}
	return s.toks, nil
}

type scanner struct {
	src  string
	off  int
	pos  plex.Position
	toks []plex.Token
	// interps counts the `${` open around the scanner, which recurses
	// once per level; checkNesting sees the tokens only afterwards.
	interps int
}

func (s *scanner) errorf(pos plex.Position, format string, args ...any) error {
	return &plex.Error{Msg: fmt.Sprintf(format, args...), Pos: pos}
}

func (s *scanner) peekByte(n int) byte {
	if s.off+n < len(s.src) {
		return s.src[s.off+n]
	}
	return 0
}

// advance moves over n bytes, keeping line and (rune) column right.
func (s *scanner) advance(n int) {
	end := s.off + n
	for s.off < end {
		r, size := utf8.DecodeRuneInString(s.src[s.off:])
		s.off += size
		if r == '\n' {
			s.pos.Line++
			s.pos.Column = 1
		} else {
			s.pos.Column++
		}
	}
	s.pos.Offset = s.off
}

func (s *scanner) emit(typ plex.TokenType, value string, pos plex.Position) {
	s.toks = append(s.toks, plex.Token{Type: typ, Value: value, Pos: pos})
}

func (s *scanner) run() error {
	s.pos.Offset = 0
	if err := s.tokens(false); err != nil {
		return err
	}
	s.emit(EOF, "", s.pos)
	return nil
}

// tokens lexes ordinary tokens. Inside an interpolation (interp=true) it
// stops at the `}` that closes the `${`, leaving it unconsumed.
func (s *scanner) tokens(interp bool) error {
	depth := 0
	for {
		if err := s.skipSpaceAndComments(); err != nil {
			return err
		}
		if s.off >= len(s.src) {
			if interp {
				return s.errorf(s.pos, "unterminated ${ in string")
			}
			return nil
		}
		c := s.src[s.off]
		start := s.pos
		switch {
		case c == '"':
			if err := s.str(); err != nil {
				return err
			}
		case c == 'r' && s.peekByte(1) == '"':
			if err := s.rawStr(); err != nil {
				return err
			}
		case isIdentStart(c):
			n := 1
			for s.off+n < len(s.src) && isIdentPart(s.src[s.off+n]) {
				n++
			}
			word := s.src[s.off : s.off+n]
			s.advance(n)
			if keywordSet[word] {
				s.emit(Keyword, word, start)
			} else {
				s.emit(Ident, word, start)
			}
		case isDigit(c):
			if err := s.number(); err != nil {
				return err
			}
		case c == '\'' && s.off+1 < len(s.src) && isIdentStart(s.src[s.off+1]):
			n := 2
			for s.off+n < len(s.src) && isIdentPart(s.src[s.off+n]) {
				n++
			}
			word := s.src[s.off : s.off+n]
			s.advance(n)
			s.emit(Label, word, start)
		default:
			p := matchPunct(s.src[s.off:])
			if p == "" {
				r, _ := utf8.DecodeRuneInString(s.src[s.off:])
				return s.errorf(start, "unexpected character %q", r)
			}
			if interp {
				switch p {
				case "{", "#{":
					depth++
				case "}":
					if depth == 0 {
						return nil
					}
					depth--
				}
			}
			s.advance(len(p))
			s.emit(Punct, p, start)
		}
	}
}

func matchPunct(rest string) string {
	for _, p := range puncts {
		if strings.HasPrefix(rest, p) {
			return p
		}
	}
	return ""
}

func (s *scanner) skipSpaceAndComments() error {
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			s.advance(1)
		case c == '/' && s.peekByte(1) == '/':
			n := strings.IndexByte(s.src[s.off:], '\n')
			if n < 0 {
				n = len(s.src) - s.off
			}
			s.advance(n)
		case c == '/' && s.peekByte(1) == '*':
			start := s.pos
			s.advance(2)
			nest := 1
			for nest > 0 {
				if s.off >= len(s.src) {
					return s.errorf(start, "unterminated block comment")
				}
				switch {
				case s.src[s.off] == '/' && s.peekByte(1) == '*':
					nest++
					s.advance(2)
				case s.src[s.off] == '*' && s.peekByte(1) == '/':
					nest--
					s.advance(2)
				default:
					s.advance(1)
				}
			}
		default:
			return nil
		}
	}
	return nil
}

func (s *scanner) number() error {
	start := s.pos
	begin := s.off
	afterDot := len(s.toks) > 0 && s.toks[len(s.toks)-1].Type == Punct && s.toks[len(s.toks)-1].Value == "."
	if s.src[s.off] == '0' && (s.peekByte(1) == 'x' || s.peekByte(1) == 'X' || s.peekByte(1) == 'b' || s.peekByte(1) == 'B') {
		hex := s.peekByte(1) == 'x' || s.peekByte(1) == 'X'
		n := 2
		for s.off+n < len(s.src) {
			d := s.src[s.off+n]
			if d == '_' || (hex && isHex(d)) || (!hex && (d == '0' || d == '1')) {
				n++
				continue
			}
			break
		}
		if n == 2 || (s.off+n < len(s.src) && isIdentPart(s.src[s.off+n])) {
			return s.errorf(start, "malformed number literal")
		}
		s.advance(n)
		s.emit(Int, s.src[begin:s.off], start)
		return nil
	}
	n := 0
	for s.off+n < len(s.src) && (isDigit(s.src[s.off+n]) || s.src[s.off+n] == '_') {
		n++
	}
	isFloat := false
	if !afterDot {
		if s.off+n+1 < len(s.src) && s.src[s.off+n] == '.' && isDigit(s.src[s.off+n+1]) {
			isFloat = true
			n++
			for s.off+n < len(s.src) && (isDigit(s.src[s.off+n]) || s.src[s.off+n] == '_') {
				n++
			}
		}
		if s.off+n < len(s.src) && (s.src[s.off+n] == 'e' || s.src[s.off+n] == 'E') {
			m := n + 1
			if s.off+m < len(s.src) && (s.src[s.off+m] == '+' || s.src[s.off+m] == '-') {
				m++
			}
			if s.off+m < len(s.src) && isDigit(s.src[s.off+m]) {
				for s.off+m < len(s.src) && isDigit(s.src[s.off+m]) {
					m++
				}
				n = m
				isFloat = true
			}
		}
	}
	if s.off+n < len(s.src) && isIdentStart(s.src[s.off+n]) {
		return s.errorf(start, "malformed number literal")
	}
	s.advance(n)
	if isFloat {
		s.emit(Float, s.src[begin:s.off], start)
	} else {
		s.emit(Int, s.src[begin:s.off], start)
	}
	return nil
}

func (s *scanner) rawStr() error {
	start := s.pos
	end := strings.IndexByte(s.src[s.off+2:], '"')
	if end < 0 {
		return s.errorf(start, "unterminated raw string")
	}
	body := s.src[s.off+2 : s.off+2+end]
	s.advance(end + 3)
	s.emit(RawString, body, start)
	return nil
}

// str lexes an interpolated string: StrStart (StrText | StrVar |
// StrExprStart tokens... StrExprEnd)* StrEnd.
func (s *scanner) str() error {
	start := s.pos
	s.advance(1)
	s.emit(StrStart, `"`, start)
	var text strings.Builder
	textPos := s.pos
	flush := func() {
		if text.Len() > 0 {
			s.emit(StrText, text.String(), textPos)
			text.Reset()
		}
	}
	for {
		if s.off >= len(s.src) {
			return s.errorf(start, "unterminated string")
		}
		c := s.src[s.off]
		switch {
		case c == '"':
			flush()
			p := s.pos
			s.advance(1)
			s.emit(StrEnd, `"`, p)
			return nil
		case c == '\\':
			if text.Len() == 0 {
				textPos = s.pos
			}
			if err := s.escape(&text); err != nil {
				return err
			}
		case c == '$' && s.peekByte(1) == '{':
			flush()
			p := s.pos
			s.advance(2)
			s.emit(StrExprStart, "${", p)
			if s.interps++; s.interps > MaxNesting/2 {
				return s.errorf(p, "nesting too deep: more than %d levels of brackets or nested expressions", MaxNesting)
			}
			if err := s.tokens(true); err != nil {
				return err
			}
			s.interps--
			p = s.pos
			s.advance(1)
			s.emit(StrExprEnd, "}", p)
			textPos = s.pos
		case c == '$' && isIdentStart(s.peekByte(1)):
			flush()
			p := s.pos
			n := 1
			for s.off+n < len(s.src) && isIdentPart(s.src[s.off+n]) {
				n++
			}
			name := s.src[s.off+1 : s.off+n]
			s.advance(n)
			s.emit(StrVar, name, p)
			textPos = s.pos
		default:
			if text.Len() == 0 {
				textPos = s.pos
			}
			_, size := utf8.DecodeRuneInString(s.src[s.off:])
			text.WriteString(s.src[s.off : s.off+size])
			s.advance(size)
		}
	}
}

func (s *scanner) escape(out *strings.Builder) error {
	p := s.pos
	if s.off+1 >= len(s.src) {
		return s.errorf(p, "unterminated string")
	}
	e := s.src[s.off+1]
	switch e {
	case 'n':
		out.WriteByte('\n')
	case 't':
		out.WriteByte('\t')
	case 'r':
		out.WriteByte('\r')
	case '\\':
		out.WriteByte('\\')
	case '"':
		out.WriteByte('"')
	case '$':
		out.WriteByte('$')
	case '0':
		out.WriteByte(0)
	case 'u':
		if s.peekByte(2) != '{' {
			return s.errorf(p, "malformed unicode escape: expected \\u{...}")
		}
		end := strings.IndexByte(s.src[s.off:], '}')
		if end < 0 {
			return s.errorf(p, "malformed unicode escape: missing }")
		}
		hex := s.src[s.off+3 : s.off+end]
		var r rune
		if len(hex) == 0 || len(hex) > 6 {
			return s.errorf(p, "malformed unicode escape \\u{%s}", hex)
		}
		for i := 0; i < len(hex); i++ {
			if !isHex(hex[i]) {
				return s.errorf(p, "malformed unicode escape \\u{%s}", hex)
			}
			r = r*16 + rune(hexVal(hex[i]))
		}
		if !utf8.ValidRune(r) {
			return s.errorf(p, "invalid unicode scalar value \\u{%s}", hex)
		}
		out.WriteRune(r)
		s.advance(end + 1)
		return nil
	default:
		r, _ := utf8.DecodeRuneInString(s.src[s.off+1:])
		return s.errorf(p, "unknown escape sequence \\%c", r)
	}
	s.advance(2)
	return nil
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) }
func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
func hexVal(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}

// Puncts returns the operators and punctuation the lexer knows, longest
// first (the editor grammar is derived from this list and Keywords).
func Puncts() []string { return append([]string(nil), puncts...) }
