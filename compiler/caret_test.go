package compiler

import (
	"strings"
	"testing"
)

// A compile error on a very long line shows a window of it around the
// column, marked where it is cut, with the caret under the column.
func TestCaretWindowsLongLines(t *testing.T) {
	line := strings.Repeat("1 + ", 50000) + "oops"
	col := len(line) - 3
	got := Caret(line, 1, col)
	lines := strings.Split(got, "\n")
	if len(got) > 400 || !strings.HasPrefix(lines[0], "    … ") {
		t.Fatalf("caret for a 200 KB line is %d bytes:\n%.300s", len(got), got)
	}
	caret := strings.IndexRune(lines[1], '^')
	if at := []rune(lines[0])[caret:]; !strings.HasPrefix(string(at), "oops") {
		t.Errorf("caret points at %q, want \"oops\"", string(at))
	}
	if short := Caret("let x = 1 +;", 1, 12); short != "    let x = 1 +;\n               ^\n" {
		t.Errorf("short line: %q", short)
	}
}
