package compiler

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cprime-lang/cprime/parser"
)

// MaxErrors is how many compile errors one run reports.
const MaxErrors = 20

// Error is a compile error at a position.
type Error struct {
	Pos parser.Pos
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: error: %s", e.Pos.Filename, e.Pos.Line, e.Pos.Column, e.Msg)
}

// ErrorList is the compile errors of one run, in source order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Format renders each error with its source line and a caret under the
// column, the way the CLI prints them. sources maps file names to text.
func (l ErrorList) Format(sources map[string]string) string {
	var b strings.Builder
	for _, e := range l {
		msg := []rune(e.Error())
		if len(msg) > 300 { // a message quoting a 70 KB name
			msg = append(msg[:300], '…')
		}
		b.WriteString(string(msg))
		b.WriteByte('\n')
		if src, ok := sources[e.Pos.Filename]; ok {
			b.WriteString(Caret(src, e.Pos.Line, e.Pos.Column))
		}
	}
	return b.String()
}

// caretWidth is how much of a long source line an error shows: the
// window around the column, marked with … where it is cut (a 300 KB line
// must not be printed whole).
const caretWidth = 100

// Caret returns the source line (1-based) and a caret under the (rune)
// column, or "" if the line does not exist.
func Caret(src string, line, col int) string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	text := []rune(strings.TrimRight(lines[line-1], "\r"))
	col = max(1, min(col, len(text)+1))
	start, end := 0, len(text)
	var head, tail string
	if len(text) > caretWidth {
		start = max(0, min(col-1-caretWidth*2/3, len(text)-caretWidth))
		end = min(len(text), start+caretWidth)
		if start > 0 {
			head = "… "
		}
		if end < len(text) {
			tail = " …"
		}
	}
	pad := []rune(strings.Repeat(" ", len([]rune(head))))
	for _, r := range text[start : col-1] {
		if r == '\t' {
			pad = append(pad, '\t')
		} else {
			pad = append(pad, ' ')
		}
	}
	shown := []rune(string(text[start:end]))
	for i, r := range shown {
		if r < 0x20 && r != '\t' || r == 0x7f {
			shown[i] = 0x2400 + r // a control character drawn visibly: ␀ for NUL
			if r == 0x7f {
				shown[i] = 0x2421
			}
		}
	}
	return fmt.Sprintf("    %s%s%s\n    %s^\n", head, string(shown), tail, string(pad))
}

type errorSink struct {
	errs ErrorList
	seen map[string]bool
}

func (s *errorSink) add(pos parser.Pos, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	key := fmt.Sprintf("%s:%d:%d:%s", pos.Filename, pos.Line, pos.Column, msg)
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if s.seen[key] {
		return
	}
	s.seen[key] = true
	s.errs = append(s.errs, &Error{Pos: pos, Msg: msg})
}

func (s *errorSink) sorted() ErrorList {
	out := append(ErrorList(nil), s.errs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.Filename != b.Filename {
			return false
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	if len(out) > MaxErrors {
		out = out[:MaxErrors]
	}
	return out
}
