package compiler

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// Session is a compilation context that lives as long as a VM: the
// prelude, then a script, or the REPL's successive inputs, are compiled
// into it, and each sees the items and globals of those before it.
type Session struct {
	VM      *vm.VM
	globals map[string]*symbol
	loaded  map[string]bool // imported files, by absolute path
	// Sources maps file names to their text, for error carets.
	Sources map[string]string
	// ReadFile loads imported files (os.ReadFile by default).
	ReadFile func(path string) ([]byte, error)

	// ScriptLocals keeps the main file's top-level variables that no
	// function or other file mentions in the main chunk's registers rather
	// than in globals (faster: no global loads and stores in loops). A
	// script compiles once; the REPL leaves it off, since its variables
	// must outlive each input.
	ScriptLocals bool

	inPrelude bool
	lazy      []*lazyPart // prelude parts compiled on first use
	chunks    int
	// lastLets are the global variables the last Compile declared, with
	// what each name meant before (see UndefineUnassigned).
	lastLets []declaredLet
}

type declaredLet struct {
	name   string
	global int
	prev   *symbol
}

// NewSession returns a session compiling into v.
func NewSession(v *vm.VM) *Session {
	return &Session{
		VM:       v,
		globals:  map[string]*symbol{},
		loaded:   map[string]bool{},
		Sources:  map[string]string{},
		ReadFile: os.ReadFile,
	}
}

// LoadPrelude compiles and runs the prelude, whose items (free functions,
// builder functions, and methods of built-in types) every program sees.
func (s *Session) LoadPrelude(name, src string) error {
	s.inPrelude = true
	defer func() { s.inPrelude = false }()
	p, err := s.Compile(name, src)
	if err != nil {
		return err
	}
	out := s.VM.RunMain(p)
	if out.Failure != 0 {
		return &Error{Msg: "prelude failed: " + s.VM.FormatError(out.Failure)}
	}
	return nil
}

// Compile compiles a source file (and the files it imports) into a main
// chunk: running it runs the imported files' top-level code once, then the
// file's. Errors are an ErrorList (at most MaxErrors, in source order).
func (s *Session) Compile(filename, src string) (p *vm.Proto, err error) {
	defer func() {
		if r := recover(); r != nil {
			p = nil
			err = ErrorList{{Pos: parser.Pos{Filename: filename, Line: 1, Column: 1},
				Msg: fmt.Sprintf("internal compiler error: %v", r)}}
		}
	}()
	if !s.inPrelude {
		if err := s.loadLazyFor(src); err != nil {
			return nil, err
		}
	}
	s.Sources[filename] = src
	// A failed compile defines nothing: the names it declared (lets,
	// functions, classes) are put back as they were.
	saved := maps.Clone(s.globals)
	s.lastLets = s.lastLets[:0]
	defer func() {
		if err != nil {
			s.globals = saved
			s.lastLets = s.lastLets[:0]
		}
	}()
	f, err := parser.ParseFile(filename, src)
	if err != nil {
		return nil, syntaxError(err)
	}
	c := newCompiler(s)
	files := c.loadImports(filename, f)
	c.checkFiles(files)
	if len(c.errs.errs) > 0 {
		return nil, c.errs.sorted()
	}
	p = c.compileProgram(filename, files)
	if len(c.errs.errs) > 0 {
		return nil, c.errs.sorted()
	}
	for _, q := range c.finished {
		if err := s.VM.Verify(q); err != nil {
			return nil, ErrorList{{Pos: parser.Pos{Filename: filename, Line: q.Line}, Msg: "internal compiler error: " + err.Error()}}
		}
	}
	s.Analyze()
	if c.checkMetaDecls(); len(c.errs.errs) > 0 {
		return nil, c.errs.sorted()
	}
	return p, nil
}

// UndefineUnassigned undoes the variables of the last compiled input that
// never received a value: the REPL calls it when an input fails at run
// time, so that `let x = 1 / 0` leaves x as it was (undefined, or its
// previous meaning) rather than bound to ().
func (s *Session) UndefineUnassigned() {
	for i := len(s.lastLets) - 1; i >= 0; i-- {
		l := s.lastLets[i]
		if s.VM.Globals[l.global] != vm.Unit || s.globals[l.name] == nil || s.globals[l.name].global != l.global {
			continue
		}
		if l.prev == nil {
			delete(s.globals, l.name)
		} else {
			s.globals[l.name] = l.prev
		}
	}
	s.lastLets = s.lastLets[:0]
}

// Check compiles without keeping anything (cprime check).
func (s *Session) Check(filename, src string) error {
	_, err := s.Compile(filename, src)
	return err
}

func syntaxError(err error) error {
	if pe, ok := err.(*parser.Error); ok {
		return ErrorList{{Pos: pe.Pos, Msg: pe.Msg}}
	}
	return ErrorList{{Msg: err.Error()}}
}

// sourceFile is a parsed file of a program.
type sourceFile struct {
	path string
	ast  *parser.File
}

// loadImports parses every file imported (transitively) by the main file,
// each once, and returns them dependencies first, the main file last.
func (c *compiler) loadImports(mainName string, main *parser.File) []*sourceFile {
	var order []*sourceFile
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(path string, f *parser.File, chain []string)
	visit = func(path string, f *parser.File, chain []string) {
		state[path] = 1
		chain = append(chain, filepath.Base(path))
		for _, st := range f.Stmts {
			it, ok := st.(*parser.Item)
			if !ok {
				continue
			}
			imp, ok := it.Decl.(*parser.ImportDecl)
			if !ok {
				continue
			}
			rel, ok := importPath(imp)
			if !ok {
				c.errs.add(imp.Pos, "import path must be a plain string")
				continue
			}
			full := rel
			if !filepath.IsAbs(rel) {
				full = filepath.Join(filepath.Dir(path), rel)
			}
			abs, _ := filepath.Abs(full)
			switch state[abs] {
			case 1:
				cyc := append(append([]string(nil), chain...), filepath.Base(abs))
				c.errs.add(imp.Pos, "import cycle: %s", joinArrow(cyc))
				continue
			case 2:
				continue
			}
			if c.s.loaded[abs] {
				continue
			}
			data, err := c.s.ReadFile(full)
			if err != nil {
				c.errs.add(imp.Pos, "cannot import %q: %v", rel, err)
				continue
			}
			c.s.Sources[full] = string(data)
			af, err := parser.ParseFile(full, string(data))
			if err != nil {
				for _, e := range syntaxError(err).(ErrorList) {
					c.errs.add(e.Pos, "%s", e.Msg)
				}
				continue
			}
			visit(abs, af, chain)
			c.s.loaded[abs] = true
			order = append(order, &sourceFile{path: full, ast: af})
		}
		state[path] = 2
	}
	mainAbs, _ := filepath.Abs(mainName)
	visit(mainAbs, main, nil)
	return append(order, &sourceFile{path: mainName, ast: main})
}

func importPath(imp *parser.ImportDecl) (string, bool) {
	if imp.Raw != nil {
		return *imp.Raw, true
	}
	if imp.Path == nil {
		return "", false
	}
	s := ""
	for _, p := range imp.Path.Parts {
		if p.Text == nil {
			return "", false
		}
		s += *p.Text
	}
	return s, true
}

func joinArrow(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += " -> "
		}
		out += p
	}
	return out
}

// Names returns every top-level name (for completion).
func (s *Session) Names() []string {
	var out []string
	for n := range s.globals {
		out = append(out, n)
	}
	for _, n := range s.VM.Natives {
		if !strings.HasPrefix(n.Name, "__") && !strings.Contains(n.Name, ".") {
			out = append(out, n.Name)
		}
	}
	return out
}
