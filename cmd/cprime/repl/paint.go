package repl

import (
	"strings"

	"github.com/chzyer/readline"

	"github.com/cprime-lang/cprime/cmd/cprime/highlight"
)

// painter colours the input line as it is typed, with the grammar the
// editors and the tutor page use (cmd/cprime/highlight). Only escape
// sequences are added: readline places the cursor from the plain text.
type painter struct{}

// inputPainter returns the painter, or nil (readline's plain one) when
// colour is off (NO_COLOR, --no-color, not a terminal).
func inputPainter(noColor bool) readline.Painter {
	if noColor {
		return nil
	}
	return painter{}
}

// Paint implements readline.Painter.
func (painter) Paint(line []rune, _ int) []rune {
	s := string(line)
	if strings.HasPrefix(strings.TrimSpace(s), ":") {
		// a command: its name in bold, the arguments as typed
		lead := len(s) - len(strings.TrimLeft(s, " \t"))
		end := strings.IndexAny(s[lead:], " \t")
		if end < 0 {
			end = len(s) - lead
		}
		return []rune(s[:lead] + "\x1b[1m" + s[lead:lead+end] + "\x1b[0m" + s[lead+end:])
	}
	return []rune(highlight.ANSI(s))
}
