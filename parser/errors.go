package parser

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	plex "github.com/alecthomas/participle/v2/lexer"

	"github.com/cprime-lang/cprime/lexer"
)

// Error is a syntax error at a position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Pos.Filename, e.Pos.Line, e.Pos.Column, e.Msg)
}

// convertError turns participle's and the lexer's errors into *Error with
// messages phrased for CPrime users.
func convertError(err error) error {
	var lerr *plex.Error
	if errors.As(err, &lerr) {
		return &Error{Pos: lerr.Pos, Msg: lerr.Msg}
	}
	var ut *participle.UnexpectedTokenError
	if errors.As(err, &ut) {
		return &Error{Pos: ut.Unexpected.Pos, Msg: unexpected(ut.Unexpected, ut.Expect)}
	}
	var perr participle.Error
	if errors.As(err, &perr) {
		return &Error{Pos: perr.Position(), Msg: cleanMessage(perr.Message())}
	}
	return &Error{Msg: err.Error()}
}

func describe(t plex.Token) string {
	switch t.Type {
	case plex.EOF:
		return "end of file"
	case lexer.BodyBrace:
		return "`{`"
	case lexer.CapComma:
		return "`,`"
	case lexer.StrStart, lexer.StrEnd:
		return "`\"`"
	case lexer.StrText:
		return "string text"
	case lexer.Int, lexer.Float:
		return "number `" + t.Value + "`"
	case lexer.Ident:
		return "identifier `" + t.Value + "`"
	case lexer.Keyword:
		return "keyword `" + t.Value + "`"
	}
	return "`" + t.Value + "`"
}

func unexpected(t plex.Token, expect string) string {
	msg := "unexpected " + describe(t)
	if expect != "" {
		msg += " (expected " + cleanMessage(expect) + ")"
	}
	return msg
}

// cleanMessage rewrites participle's messages in CPrime's style: tokens
// quoted with backticks, internal token names spelled as written.
func cleanMessage(s string) string {
	r := strings.NewReplacer(
		`"`+lexer.BodyBraceValue+`"`, "`{`",
		`"`+lexer.CapCommaValue+`"`, "`,`",
		"<eof>", "end of file",
		"BodyBrace", "`{`",
		"CapComma", "`,`",
		"StrStart", "a string",
		"StrEnd", "`\"`",
	)
	s = r.Replace(s)
	// "x" -> `x`
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			j := strings.IndexByte(s[i+1:], '"')
			if j >= 0 && j < 12 {
				b.WriteString("`" + s[i+1:i+1+j] + "`")
				i += j + 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
