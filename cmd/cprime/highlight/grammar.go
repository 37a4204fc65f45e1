package highlight

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"

	"github.com/cprime-lang/cprime/lexer"
)

// Rule is one TextMate grammar rule: a match, a begin/end region, an
// include, or a group of patterns.
type Rule struct {
	Name          string          `json:"name,omitempty"`
	ContentName   string          `json:"contentName,omitempty"`
	Match         string          `json:"match,omitempty"`
	Begin         string          `json:"begin,omitempty"`
	End           string          `json:"end,omitempty"`
	Captures      map[string]Name `json:"captures,omitempty"`
	BeginCaptures map[string]Name `json:"beginCaptures,omitempty"`
	EndCaptures   map[string]Name `json:"endCaptures,omitempty"`
	Include       string          `json:"include,omitempty"`
	Patterns      []*Rule         `json:"patterns,omitempty"`
}

// Name is a capture's scope.
type Name struct {
	Name string `json:"name"`
}

// GrammarFile is a TextMate grammar document.
type GrammarFile struct {
	Name       string           `json:"name"`
	ScopeName  string           `json:"scopeName"`
	FileTypes  []string         `json:"fileTypes"`
	Comment    string           `json:"comment"`
	Patterns   []*Rule          `json:"patterns"`
	Repository map[string]*Rule `json:"repository"`
}

// Scope kinds by category of the lexer's keywords: the colour differs, the
// token kind (Keyword) does not.
var (
	constantWords = map[string]bool{"true": true, "false": true}
	selfWords     = map[string]bool{"self": true, "Self": true}
	storageWords  = map[string]bool{"fn": true, "async": true, "let": true, "mut": true, "const": true, "class": true,
		"functional": true, "interface": true, "impl": true, "union": true, "runtime": true, "exposes": true,
		"constructed_by": true, "import": true}
)

func words(pick func(string) bool) string {
	var ws []string
	for _, k := range lexer.Keywords {
		if pick(k) {
			ws = append(ws, regexp.QuoteMeta(k))
		}
	}
	sort.Slice(ws, func(i, j int) bool { return len(ws[i]) > len(ws[j]) || len(ws[i]) == len(ws[j]) && ws[i] < ws[j] })
	return `\b(?:` + strings.Join(ws, "|") + `)\b`
}

// Grammar builds the TextMate grammar from the lexer's token table.
func Grammar() *GrammarFile {
	var ops []string
	for _, p := range lexer.Puncts() {
		ops = append(ops, regexp.QuoteMeta(p))
	}
	sort.SliceStable(ops, func(i, j int) bool { return len(ops[i]) > len(ops[j]) })
	ident := `[A-Za-z_][A-Za-z0-9_]*`
	g := &GrammarFile{
		Name: "CPrime", ScopeName: "source.cprime", FileTypes: []string{"cpr"},
		Comment: "Generated from the lexer's token table (lexer.Keywords, lexer.Puncts) by cmd/cprime/highlight; do not edit: run go test ./cmd/cprime/highlight -update",
		Patterns: []*Rule{{Include: "#comments"}, {Include: "#strings"}, {Include: "#numbers"}, {Include: "#labels"},
			{Include: "#declarations"}, {Include: "#keywords"}, {Include: "#identifiers"}, {Include: "#operators"}},
		Repository: map[string]*Rule{
			"comments": {Patterns: []*Rule{
				{Name: "comment.line.double-slash.cprime", Match: `//.*$`},
				{Include: "#block-comment"},
			}},
			"block-comment": {Name: "comment.block.cprime", Begin: `/\*`, End: `\*/`, Patterns: []*Rule{{Include: "#block-comment"}}},
			"strings": {Patterns: []*Rule{
				{Name: "string.quoted.raw.cprime", Begin: `r"`, End: `"`}, // no escapes; may span lines
				{Name: "string.quoted.double.cprime", Begin: `"`, End: `"`,
					BeginCaptures: map[string]Name{"0": {"punctuation.definition.string.begin.cprime"}},
					EndCaptures:   map[string]Name{"0": {"punctuation.definition.string.end.cprime"}},
					Patterns: []*Rule{
						{Name: "constant.character.escape.cprime", Match: `\\(?:u\{[0-9A-Fa-f]*\}|.)`},
						{Name: "meta.interpolation.cprime", Begin: `\$\{`, End: `\}`,
							BeginCaptures: map[string]Name{"0": {"punctuation.section.interpolation.begin.cprime"}},
							EndCaptures:   map[string]Name{"0": {"punctuation.section.interpolation.end.cprime"}},
							Patterns:      []*Rule{{Include: "#braces"}, {Include: "$self"}}},
						{Name: "variable.other.interpolated.cprime", Match: `\$` + ident},
					}},
			}},
			"braces": {Begin: `#?\{`, End: `\}`,
				BeginCaptures: map[string]Name{"0": {"punctuation.section.braces.begin.cprime"}},
				EndCaptures:   map[string]Name{"0": {"punctuation.section.braces.end.cprime"}},
				Patterns:      []*Rule{{Include: "#braces"}, {Include: "$self"}}},
			"numbers": {Patterns: []*Rule{
				{Name: "constant.numeric.integer.hexadecimal.cprime", Match: `\b0[xX][0-9A-Fa-f_]+\b`},
				{Name: "constant.numeric.integer.binary.cprime", Match: `\b0[bB][01_]+\b`},
				// t.0: a tuple index is an integer even where a float could start
				{Match: `(\.)([0-9][0-9_]*)`, Captures: map[string]Name{"1": {"punctuation.accessor.cprime"}, "2": {"constant.numeric.integer.decimal.cprime"}}},
				{Name: "constant.numeric.float.cprime", Match: `\b[0-9][0-9_]*(?:\.[0-9][0-9_]*(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)\b`},
				{Name: "constant.numeric.integer.decimal.cprime", Match: `\b[0-9][0-9_]*\b`},
			}},
			"labels": {Name: "entity.name.label.cprime", Match: `'` + ident},
			"declarations": {Match: `\b(fn)\s+(` + ident + `)`,
				Captures: map[string]Name{"1": {"storage.type.function.cprime"}, "2": {"entity.name.function.cprime"}}},
			"keywords": {Patterns: []*Rule{
				{Name: "constant.language.cprime", Match: words(func(k string) bool { return constantWords[k] })},
				{Name: "variable.language.self.cprime", Match: words(func(k string) bool { return selfWords[k] })},
				{Name: "storage.type.cprime", Match: words(func(k string) bool { return storageWords[k] })},
				{Name: "keyword.control.cprime", Match: words(func(k string) bool {
					return !constantWords[k] && !selfWords[k] && !storageWords[k]
				})},
			}},
			"identifiers": {Patterns: []*Rule{
				{Name: "entity.name.type.cprime", Match: `\b[A-Z][A-Za-z0-9_]*\b`},
				{Name: "variable.other.cprime", Match: `\b` + ident + `\b`},
			}},
			"operators": {Name: "keyword.operator.cprime", Match: strings.Join(ops, "|")},
		},
	}
	return g
}

// JSON renders the grammar as the editors/cprime.tmLanguage.json file.
func (g *GrammarFile) JSON() []byte {
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		panic(err) // plain structs: cannot fail
	}
	return append(b, '\n')
}
