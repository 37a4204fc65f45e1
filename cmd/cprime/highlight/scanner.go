package highlight

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Span is a piece of a line with the scope of the rule that matched it
// (the innermost scope; "" for text no rule matched).
type Span struct {
	Start, End int // byte offsets in the line
	Scope      string
	// Region is the content scope of the begin/end region the span lies
	// in ("" at the top level): plain text inside a string is a Span
	// with Scope "" and Region string.quoted.double...
	Region string
}

// compiled is a rule with its regular expressions compiled and its
// includes resolved (lazily: $self and #braces include themselves).
type compiled struct {
	r                  *Rule
	match, begin, end  *regexp.Regexp
	caps, bcaps, ecaps map[int]string
	kids               []*compiled
	resolved           bool
	g                  *Scanner
	top                bool // the grammar's top-level pattern list
}

// Scanner runs a TextMate grammar over source lines, keeping the stack of
// open begin/end regions from one line to the next.
type Scanner struct {
	g     *GrammarFile
	self  *compiled
	cache map[*Rule]*compiled
	mu    sync.Mutex
}

// NewScanner compiles a grammar.
func NewScanner(g *GrammarFile) (*Scanner, error) {
	s := &Scanner{g: g, cache: map[*Rule]*compiled{}}
	s.self = &compiled{r: &Rule{Patterns: g.Patterns}, g: s, top: true}
	if err := s.resolve(s.self); err != nil {
		return nil, err
	}
	return s, nil
}

var (
	defaultOnce sync.Once
	defaultScan *Scanner
)

// Default is the scanner for the grammar Grammar builds.
func Default() *Scanner {
	defaultOnce.Do(func() {
		s, err := NewScanner(Grammar())
		if err != nil {
			panic(err) // the built-in grammar compiles (tested)
		}
		defaultScan = s
	})
	return defaultScan
}

func caps(m map[string]Name) map[int]string {
	out := map[int]string{}
	for k, v := range m {
		if n, err := strconv.Atoi(k); err == nil {
			out[n] = v.Name
		}
	}
	return out
}

func (s *Scanner) rule(r *Rule) (*compiled, error) {
	if c := s.cache[r]; c != nil {
		return c, nil
	}
	c := &compiled{r: r, g: s, caps: caps(r.Captures), bcaps: caps(r.BeginCaptures), ecaps: caps(r.EndCaptures)}
	s.cache[r] = c
	var err error
	comp := func(src string) *regexp.Regexp {
		if src == "" || err != nil {
			return nil
		}
		var re *regexp.Regexp
		if re, err = regexp.Compile(src); err != nil {
			err = fmt.Errorf("rule %q: %w", r.Name, err)
		}
		return re
	}
	c.match, c.begin, c.end = comp(r.Match), comp(r.Begin), comp(r.End)
	return c, err
}

// resolve flattens c's patterns into match and begin rules.
func (s *Scanner) resolve(c *compiled) error {
	if c.resolved {
		return nil
	}
	c.resolved = true
	var add func(r *Rule, depth int) error
	add = func(r *Rule, depth int) error {
		if depth > 20 {
			return fmt.Errorf("include loop at %q", r.Include)
		}
		switch {
		case r.Include == "$self":
			c.kids = append(c.kids, s.self.kids...)
			if !s.self.resolved || len(s.self.kids) == 0 {
				// the top level resolves first; a region that includes it
				// while it is being resolved reads it later
				c.kids = append(c.kids, &compiled{r: r, g: s})
			}
		case r.Include != "":
			target := s.g.Repository[strings.TrimPrefix(r.Include, "#")]
			if target == nil {
				return fmt.Errorf("unknown include %q", r.Include)
			}
			return add(target, depth+1)
		case r.Match == "" && r.Begin == "":
			for _, p := range r.Patterns {
				if err := add(p, depth+1); err != nil {
					return err
				}
			}
		default:
			k, err := s.rule(r)
			if err != nil {
				return err
			}
			c.kids = append(c.kids, k)
		}
		return nil
	}
	for _, p := range c.r.Patterns {
		if err := add(p, 0); err != nil {
			return err
		}
	}
	return nil
}

// patterns returns the rules tried inside c, expanding late $self includes.
func (s *Scanner) patterns(c *compiled) []*compiled {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.resolve(c); err != nil {
		return nil
	}
	var out []*compiled
	for _, k := range c.kids {
		if k.r.Include == "$self" {
			out = append(out, s.self.kids...)
		} else {
			out = append(out, k)
		}
	}
	return out
}

// State is the stack of open regions between lines.
type State []*compiled

// Line scans one line (without its newline) from state st and returns its
// spans and the state for the next line.
func (s *Scanner) Line(line string, st State) ([]Span, State) {
	var spans []Span
	pos := 0
	region := func() string {
		if len(st) == 0 {
			return ""
		}
		top := st[len(st)-1]
		if top.r.ContentName != "" {
			return top.r.ContentName
		}
		return top.r.Name
	}
	emit := func(a, b int, scope string) {
		if b > a {
			spans = append(spans, Span{Start: a, End: b, Scope: scope, Region: region()})
		}
	}
	emitCaps := func(m []int, whole string, cs map[int]string) {
		if len(cs) == 0 || (len(cs) == 1 && cs[0] != "") {
			name := whole
			if cs[0] != "" {
				name = cs[0]
			}
			emit(m[0], m[1], name)
			return
		}
		at := m[0]
		for i := 1; 2*i < len(m); i++ {
			if m[2*i] < 0 || cs[i] == "" {
				continue
			}
			emit(at, m[2*i], whole)
			emit(m[2*i], m[2*i+1], cs[i])
			at = m[2*i+1]
		}
		emit(at, m[1], whole)
	}
	for pos <= len(line) {
		var ctx *compiled = s.self
		if len(st) > 0 {
			ctx = st[len(st)-1]
		}
		rest := line[pos:]
		best, bestAt := -1, len(rest)+1
		var bestM []int
		var endM []int
		if len(st) > 0 && ctx.end != nil {
			if m := ctx.end.FindStringSubmatchIndex(rest); m != nil {
				endM, bestAt = m, m[0]
			}
		}
		kids := s.patterns(ctx)
		for i, k := range kids {
			re := k.match
			if re == nil {
				re = k.begin
			}
			if re == nil {
				continue
			}
			m := re.FindStringSubmatchIndex(rest)
			if m == nil || m[0] >= bestAt || (endM != nil && m[0] == bestAt) || m[1] == m[0] {
				continue
			}
			best, bestAt, bestM = i, m[0], m
		}
		if best < 0 && endM == nil {
			emit(pos, len(line), "")
			break
		}
		if best < 0 {
			for i := range endM {
				if endM[i] >= 0 {
					endM[i] += pos
				}
			}
			emit(pos, endM[0], "")
			emitCaps(endM, ctx.r.Name, ctx.ecaps)
			st = st[:len(st)-1]
			pos = endM[1]
			if endM[1] == endM[0] {
				break // a zero-width end would loop
			}
			continue
		}
		for i := range bestM {
			if bestM[i] >= 0 {
				bestM[i] += pos
			}
		}
		emit(pos, bestM[0], "")
		k := kids[best]
		if k.match != nil {
			emitCaps(bestM, k.r.Name, k.caps)
		} else {
			emitCaps(bestM, k.r.Name, k.bcaps)
			st = append(append(State(nil), st...), k)
		}
		pos = bestM[1]
	}
	return spans, st
}

// Source scans a whole text, line by line; the spans of line i are in
// out[i].
func (s *Scanner) Source(src string) [][]Span {
	var out [][]Span
	var st State
	for _, line := range strings.Split(src, "\n") {
		var spans []Span
		spans, st = s.Line(strings.TrimSuffix(line, "\r"), st)
		out = append(out, spans)
	}
	return out
}
