package compiler

import (
	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// compiler is one compilation run (a file with its imports, or a REPL input).
type compiler struct {
	s    *Session
	vm   *vm.VM
	errs errorSink

	pending []*fnInfo // function bodies still to compile
	impls   []*implDecl
	consts  []*constDecl
	file    string

	finished []*vm.Proto // compiled in this run, verified at the end
	// metaDecls are this run's #[coro_metadata] declarations (meta.go)
	metaDecls []*metaDecl

	// top-level lets of this run: their slots by binding, the names, and
	// what those names meant before this run (the REPL's earlier inputs)
	letSlots    map[*parser.PathPat]*symbol
	newLets     map[string]bool
	prevGlobals map[string]*symbol
	// localLets are the main file's top-level lets compiled as locals of
	// the main chunk (Session.ScriptLocals)
	localLets map[*parser.LetStmt]bool
	// flowBodies are the closure literals and blocks being compiled as
	// flow bodies (flowbody.go)
	flowBodies map[any]bool
}

func newCompiler(s *Session) *compiler {
	return &compiler{s: s, vm: s.VM, letSlots: map[*parser.PathPat]*symbol{},
		newLets: map[string]bool{}, prevGlobals: map[string]*symbol{}, localLets: map[*parser.LetStmt]bool{}}
}

func (c *compiler) errorf(pos parser.Pos, format string, args ...any) {
	c.errs.add(pos, format, args...)
}

type symKind uint8

const (
	symFn symKind = iota + 1
	symGlobal
	symConst
	symClass
	symUnion
	symInterface
	symFunctional
)

// symbol is a top-level name.
type symbol struct {
	kind    symKind
	name    string
	pos     parser.Pos
	fn      *fnInfo
	class   *classInfo
	union   *unionInfo
	iface   *ifaceInfo
	fclass  *funcClassInfo
	global  int
	mutable bool
	typ     *Type
}

// fnInfo is a declared function or method.
type fnInfo struct {
	name     string // qualified, as shown in stack traces
	decl     *parser.FnDecl
	attrs    []*parser.Attribute
	proto    *vm.Proto
	async    bool
	params   []*Type
	ret      *Type
	owner    *classInfo     // danger-class method, or impl method for a class
	fclass   *funcClassInfo // function of a functional class
	iface    *ifaceInfo     // default method of an interface
	kindImpl string         // prelude: method of a built-in type
	hasSelf  bool
	file     string
}

// classInfo is a data or danger class.
type classInfo struct {
	name          string
	vmc           *vm.Class
	decl          *parser.ClassDecl
	fields        map[string]*fieldInfo
	order         []string
	constructedBy string
	danger        bool
	exposes       map[string]*exposeInfo
	methods       map[string]*fnInfo
	ifaces        map[string]*ifaceInfo
	pos           parser.Pos
}

type fieldInfo struct {
	name     string
	index    int
	typ      *Type
	modifier string
}

type exposeInfo struct {
	class   string
	runtime bool
	fields  map[string]string // field -> "", "mutable", "const"
}

// funcClassInfo is a functional class: a namespace of functions, and a right.
type funcClassInfo struct {
	name string
	vmc  *vm.Class
	fns  map[string]*fnInfo
}

type unionInfo struct {
	name          string
	u             *vm.UnionType
	fields        map[string][]*Type
	constructedBy string
}

type ifaceInfo struct {
	name     string
	it       *vm.Interface
	sigs     map[string]*parser.FnDecl
	defaults map[string]*fnInfo
	order    []string
}

type implDecl struct {
	decl *parser.ImplDecl
	file string
}

type constDecl struct {
	decl *parser.ConstDecl
	sym  *symbol
	file string
}

// compileProgram declares every item of the files, compiles all function
// bodies, and compiles the top-level code into the main chunk.
func (c *compiler) compileProgram(mainFile string, files []*sourceFile) *vm.Proto {
	for _, f := range files {
		c.file = f.path
		c.declareTypes(f.ast)
	}
	for _, f := range files {
		c.file = f.path
		c.declareMembers(f.ast)
	}
	var outside map[string]bool
	if c.s.ScriptLocals && !c.s.inPrelude {
		outside = namesOutsideMain(files)
	}
	for i, f := range files {
		c.file = f.path
		c.predeclareGlobals(f.ast, i == len(files)-1 && outside != nil, outside)
	}
	for _, im := range c.impls {
		c.file = im.file
		c.declareImpl(im.decl)
	}
	// compile function bodies (closures are compiled inside them)
	for len(c.pending) > 0 {
		fi := c.pending[0]
		c.pending = c.pending[1:]
		c.file = fi.file
		c.compileFn(fi)
	}
	c.file = mainFile
	return c.compileMain(mainFile, files)
}

// lookup finds a top-level name.
func (c *compiler) lookup(name string) *symbol { return c.s.globals[name] }
