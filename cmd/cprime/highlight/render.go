package highlight

import (
	"html"
	"strings"
)

// class maps a scope to a short CSS class (and an ANSI colour): the few
// colours a reader tells apart.
func class(sp Span) string {
	s := sp.Scope
	if s == "" {
		switch {
		case strings.HasPrefix(sp.Region, "string."):
			return "str"
		case strings.HasPrefix(sp.Region, "comment."):
			return "com"
		}
		return ""
	}
	switch {
	case strings.HasPrefix(s, "comment."):
		return "com"
	case strings.HasPrefix(s, "constant.character.escape"), strings.HasPrefix(s, "variable.other.interpolated"),
		strings.HasPrefix(s, "punctuation.section.interpolation"):
		return "esc"
	case strings.HasPrefix(s, "string."), strings.HasPrefix(s, "punctuation.definition.string"):
		return "str"
	case strings.HasPrefix(s, "constant."):
		return "num"
	case strings.HasPrefix(s, "keyword.control"), strings.HasPrefix(s, "storage."), strings.HasPrefix(s, "variable.language"):
		return "kw"
	case strings.HasPrefix(s, "entity.name.function"):
		return "fn"
	case strings.HasPrefix(s, "entity.name.type"):
		return "ty"
	case strings.HasPrefix(s, "entity.name.label"):
		return "lab"
	}
	return ""
}

// CSS styles the classes HTMLLines uses.
const CSS = `.hl-kw{color:#7b1fa2;font-weight:600}.hl-str{color:#2e7d32}.hl-esc{color:#00838f}.hl-num{color:#c62828}` +
	`.hl-com{color:#78909c;font-style:italic}.hl-fn{color:#1565c0}.hl-ty{color:#ef6c00}.hl-lab{color:#6d4c41}`

// HTMLLines highlights src and returns each line as escaped HTML with
// <span class="hl-..."> around coloured tokens.
func HTMLLines(src string) []string {
	lines := strings.Split(src, "\n")
	all := Default().Source(src)
	out := make([]string, len(lines))
	for i, spans := range all {
		line := strings.TrimSuffix(lines[i], "\r")
		var b strings.Builder
		for _, sp := range spans {
			text := html.EscapeString(line[sp.Start:sp.End])
			if c := class(sp); c != "" {
				b.WriteString(`<span class="hl-` + c + `">` + text + `</span>`)
			} else {
				b.WriteString(text)
			}
		}
		out[i] = b.String()
	}
	return out
}

// ansi are the terminal colours of the classes.
var ansi = map[string]string{"kw": "\x1b[35m", "str": "\x1b[32m", "esc": "\x1b[36m", "num": "\x1b[31m",
	"com": "\x1b[90m", "fn": "\x1b[34m", "ty": "\x1b[33m", "lab": "\x1b[33m"}

// ANSI colours one line of input for a terminal. The text is unchanged
// apart from the escape sequences around tokens.
func ANSI(line string) string {
	spans, _ := Default().Line(line, nil)
	var b strings.Builder
	for _, sp := range spans {
		text := line[sp.Start:sp.End]
		if c := ansi[class(sp)]; c != "" {
			b.WriteString(c + text + "\x1b[0m")
		} else {
			b.WriteString(text)
		}
	}
	return b.String()
}
