package repl

import (
	"sort"
	"strings"

	"github.com/cprime-lang/cprime/lexer"
)

// completer offers keywords, names in scope and commands on Tab.
type completer struct{ s *Session }

// Do implements readline.AutoCompleter.
func (c *completer) Do(line []rune, pos int) ([][]rune, int) {
	text := string(line[:pos])
	start := len(text)
	for start > 0 && (isIdent(text[start-1]) || text[start-1] == ':') {
		start--
	}
	word := text[start:]
	var cands []string
	if strings.HasPrefix(strings.TrimSpace(text), ":") && !strings.Contains(strings.TrimSpace(text), " ") {
		for _, cmd := range commandTable {
			cands = append(cands, ":"+cmd.name)
		}
	} else {
		cands = append(cands, lexer.Keywords...)
		cands = append(cands, c.s.eng.Session.Names()...)
	}
	sort.Strings(cands)
	var out [][]rune
	seen := map[string]bool{}
	for _, cand := range cands {
		if strings.HasPrefix(cand, word) && cand != word && !seen[cand] {
			seen[cand] = true
			out = append(out, []rune(cand[len(word):]))
		}
	}
	return out, len([]rune(word))
}
