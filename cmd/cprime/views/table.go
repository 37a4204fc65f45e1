package views

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"
)

// table lays out rows of plain cells in columns, then colours each cell
// (widths are measured on the plain text, so escapes do not skew them).
type table struct {
	head   []string
	rows   [][]string
	colors [][]*color.Color
}

func (t *table) add(cells []string, colors []*color.Color) {
	t.rows = append(t.rows, cells)
	t.colors = append(t.colors, colors)
}

func (t *table) write(w io.Writer, p Palette) {
	width := make([]int, len(t.head))
	for i, h := range t.head {
		width[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	line := func(cells []string, colors []*color.Color, head bool) {
		var b strings.Builder
		for i, c := range cells {
			pad := ""
			if i < len(cells)-1 {
				pad = strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)+2)
			}
			switch {
			case head:
				b.WriteString(p.Head.Sprint(c))
			case colors != nil && i < len(colors) && colors[i] != nil:
				b.WriteString(colors[i].Sprint(c))
			default:
				b.WriteString(c)
			}
			b.WriteString(pad)
		}
		io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n")
	}
	line(t.head, nil, true)
	for i, r := range t.rows {
		line(r, t.colors[i], false)
	}
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
