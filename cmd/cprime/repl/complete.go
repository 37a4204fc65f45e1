package repl

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cprime-lang/cprime/lexer"
)

// completer offers, on Tab: commands after ':' and their arguments;
// fields and methods after 'name.'; otherwise keywords and names in scope.
type completer struct{ s *Session }

// Do implements readline.AutoCompleter. It runs on readline's goroutine,
// so a panic here must not escape.
func (c *completer) Do(line []rune, pos int) (out [][]rune, n int) {
	defer func() {
		if recover() != nil {
			out, n = nil, 0
		}
	}()
	text := string(line[:pos])
	trimmed := strings.TrimLeft(text, " \t")
	if strings.HasPrefix(trimmed, ":") {
		return c.command(trimmed)
	}
	start := len(text)
	for start > 0 && (isIdent(text[start-1]) || text[start-1] == ':') {
		start--
	}
	word := text[start:]
	if start > 0 && text[start-1] == '.' {
		return suffixes(c.members(text[:start-1]), word), len([]rune(word))
	}
	cands := append([]string(nil), lexer.Keywords...)
	for _, n := range c.s.eng.Session.Names() {
		if !strings.HasPrefix(n, "__") {
			cands = append(cands, n)
		}
	}
	return suffixes(cands, word), len([]rune(word))
}

// members lists the fields and methods of the variable before a dot.
func (c *completer) members(before string) []string {
	i := len(before)
	for i > 0 && isIdent(before[i-1]) {
		i--
	}
	name := before[i:]
	if name == "" {
		return nil
	}
	v, ok := c.s.lookupGlobal(name)
	if !ok {
		return nil
	}
	return c.s.eng.VM.MemberNames(v)
}

// command completes a :command's name, then its argument.
func (c *completer) command(text string) ([][]rune, int) {
	fields := strings.Fields(text)
	if len(fields) <= 1 && !strings.HasSuffix(text, " ") {
		var names []string
		for _, cmd := range commandTable {
			names = append(names, ":"+cmd.name)
		}
		return suffixes(names, text), len([]rune(text))
	}
	word := ""
	if !strings.HasSuffix(text, " ") {
		word = fields[len(fields)-1]
	}
	cmd := findCommand(fields[0])
	if cmd == nil {
		return nil, 0
	}
	var cands []string
	switch cmd.name {
	case "help":
		for _, x := range commandTable {
			cands = append(cands, x.name)
		}
	case "time":
		cands = []string{"virtual", "real"}
	case "auto":
		cands = []string{"on", "off"}
	case "pools":
		cands = []string{"full"}
	case "disasm", "analyze":
		for _, p := range c.s.eng.VM.Protos {
			if !strings.HasPrefix(p.Name, "<") && !strings.HasPrefix(p.Name, "__") {
				cands = append(cands, p.Name)
			}
		}
	case "load":
		return suffixes(files(word), word), len([]rune(word))
	case "step", "stepi", "inspect", "stack", "cancel":
		argIndex := len(fields) - 1
		if word == "" {
			argIndex++
		}
		if argIndex >= 2 {
			switch cmd.name {
			case "step":
				cands = []string{"line", "over", "out"}
			case "stack":
				cands = []string{"full"}
			}
			break
		}
		cands = c.coroutineArgs()
	}
	return suffixes(cands, word), len([]rune(word))
}

// coroutineArgs are the ids of live coroutines and the variables bound to
// coroutines, jobs and deferreds.
func (c *completer) coroutineArgs() []string {
	v := c.s.eng.VM
	var out []string
	for _, co := range v.Coroutines() {
		if !co.IsDone() && c.s.env.Shown(co) {
			out = append(out, itoa(co.ID))
		}
	}
	for i, n := range v.GlobalNames {
		if _, _, ok := v.CoroutineOrJob(v.Globals[i]); ok && !strings.HasPrefix(n, "__") {
			out = append(out, n)
		}
	}
	return out
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// files lists the paths that complete a partial one.
func files(partial string) []string {
	dir, base := filepath.Split(partial)
	d := dir
	if d == "" {
		d = "."
	}
	entries, err := os.ReadDir(d)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), base) || strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		name := dir + e.Name()
		if e.IsDir() {
			name += "/"
		} else if !strings.HasSuffix(name, ".cpr") {
			continue
		}
		out = append(out, name)
	}
	return out
}

// suffixes returns, for each candidate that extends word, what Tab adds.
func suffixes(cands []string, word string) [][]rune {
	sort.Strings(cands)
	var out [][]rune
	seen := map[string]bool{}
	for _, cand := range cands {
		if strings.HasPrefix(cand, word) && cand != word && !seen[cand] {
			seen[cand] = true
			out = append(out, []rune(cand[len(word):]))
		}
	}
	return out
}
