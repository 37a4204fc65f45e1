package compiler

import "strings"

// Parts of the prelude (flows and the rest of §7.7) are compiled the first
// time a program mentions one of their names, so that an empty program
// does not pay for them at start-up. A part has no top-level code to run:
// its functions, classes and methods exist once it is compiled.

type lazyPart struct {
	name, src string // src is padded with blank lines: line numbers match the whole prelude
	whole     string // the whole prelude text, for Sources (listing lines)
	triggers  []string
	loaded    bool
}

// AddLazyPrelude registers a part of the prelude compiled on first use:
// before a compilation whose source contains one of triggers (or an
// import, whose files are not scanned).
func (s *Session) AddLazyPrelude(name, src, whole string, triggers []string) {
	s.lazy = append(s.lazy, &lazyPart{name: name, src: src, whole: whole, triggers: triggers})
}

// LoadAllPrelude compiles every part not yet loaded.
func (s *Session) LoadAllPrelude() error { return s.loadLazy(func(*lazyPart) bool { return true }) }

func (s *Session) loadLazyFor(src string) error {
	if len(s.lazy) == 0 {
		return nil
	}
	all := strings.Contains(src, "import")
	return s.loadLazy(func(p *lazyPart) bool {
		if all {
			return true
		}
		for _, t := range p.triggers {
			if strings.Contains(src, t) {
				return true
			}
		}
		return false
	})
}

func (s *Session) loadLazy(wanted func(*lazyPart) bool) error {
	for _, p := range s.lazy {
		if p.loaded || !wanted(p) {
			continue
		}
		p.loaded = true
		s.inPrelude = true
		_, err := s.Compile(p.name, p.src)
		s.inPrelude = false
		s.Sources[p.name] = p.whole
		if err != nil {
			return &Error{Msg: "prelude failed: " + err.Error()}
		}
	}
	return nil
}
