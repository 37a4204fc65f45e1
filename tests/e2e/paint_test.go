package e2e

import (
	"regexp"
	"strings"
	"testing"
)

// The REPL colours its input as it is typed: keywords, strings and
// numbers take the editor grammar's colours before Enter is pressed.
func TestREPLInputHighlightedAsTyped(t *testing.T) {
	t.Parallel()
	tm := startREPL(t)
	tm.text(`let word = "hi"; 42`)
	sgr := regexp.MustCompile(`\x1b\[[0-9;]*m`)
	screen := tm.waitUntil("the typed line", func(s string) bool { return strings.Contains(s, `let word = "hi"; 42`) })
	_ = screen
	col := tm.coloured()
	line := ""
	for _, l := range strings.Split(col, "\n") {
		if strings.Contains(sgr.ReplaceAllString(l, ""), `let word = "hi"; 42`) {
			line = l
		}
	}
	for _, w := range []string{"\x1b[35mlet", "\x1b[32m\"hi\"", "\x1b[31m42"} {
		if !strings.Contains(line, w) {
			t.Errorf("the input line is not coloured (%q missing): %q", w, line)
		}
	}
	tm.keys("Enter")
	tm.waitFor("42")
}
