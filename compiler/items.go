package compiler

import (
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// builtinTypeKinds maps the names the prelude may `impl` to built-in kinds.
var builtinTypeKinds = map[string]vm.Kind{
	"Vec": vm.KVec, "Map": vm.KMap, "string": vm.KString, "tuple": vm.KTuple,
	"Option": vm.KUnion, "Result": vm.KUnion, "int": vm.KInt, "float": vm.KFloat, "bool": vm.KBool,
	"range": vm.KRange, "Coroutine": vm.KCoroutine, "Job": vm.KJob, "Error": vm.KError,
	"fn": vm.KClosure, "iterator": vm.KIter, "native": vm.KNative, "any": vm.KNone,
	"Channel": vm.KChannel, "Mutex": vm.KMutex, "Continuation": vm.KContinuation,
}

func hasAttr(attrs []*parser.Attribute, name string, arg string) bool {
	for _, a := range attrs {
		if a.Name == name && (arg == "" || (len(a.Args) == 1 && a.Args[0].String() == arg)) {
			return true
		}
	}
	return false
}

// define binds a top-level name, reporting a duplicate within one run.
func (c *compiler) define(name string, sym *symbol, seen map[string]parser.Pos) {
	if seen != nil {
		if _, dup := seen[name]; dup {
			c.errorf(sym.pos, "%s is defined twice", name)
		}
		seen[name] = sym.pos
	}
	c.s.globals[name] = sym
}

// declareTypes creates the classes, unions, interfaces and functional
// classes of a file, so that any item may mention any type.
func (c *compiler) declareTypes(f *parser.File) {
	seen := map[string]parser.Pos{}
	for _, st := range f.Stmts {
		it, ok := st.(*parser.Item)
		if !ok {
			continue
		}
		if _, fn := it.Decl.(*parser.FnDecl); !fn {
			c.checkAttrs(it.Attrs, itemPlace(it.Decl)) // a function's are checked in newFn
		}
		switch d := it.Decl.(type) {
		case *parser.ClassDecl:
			ci := &classInfo{name: d.Name, decl: d, fields: map[string]*fieldInfo{}, exposes: map[string]*exposeInfo{},
				methods: map[string]*fnInfo{}, ifaces: map[string]*ifaceInfo{}, pos: d.Pos}
			ci.danger = hasAttr(it.Attrs, "danger", "")
			ci.vmc = c.vm.NewClass(d.Name)
			ci.vmc.Danger = ci.danger
			c.define(d.Name, &symbol{kind: symClass, name: d.Name, pos: d.Pos, class: ci}, seen)
		case *parser.UnionDecl:
			var names []string
			var arities []int
			for _, m := range d.Members {
				if m.Variant != "" {
					names = append(names, m.Variant)
					arities = append(arities, len(m.Fields))
				}
			}
			ui := &unionInfo{name: d.Name, fields: map[string][]*Type{}}
			ui.u = c.vm.NewUnion(d.Name, true, names, arities)
			ui.u.Runtime = d.Runtime
			c.define(d.Name, &symbol{kind: symUnion, name: d.Name, pos: d.Pos, union: ui}, seen)
		case *parser.InterfaceDecl:
			ii := &ifaceInfo{name: d.Name, sigs: map[string]*parser.FnDecl{}, defaults: map[string]*fnInfo{}}
			var methods []string
			for _, m := range d.Members {
				if fd, ok := m.Decl.(*parser.FnDecl); ok {
					methods = append(methods, fd.Name)
				}
			}
			if old := c.vm.InterfaceByName(d.Name); old != nil && c.s.inPrelude {
				// a built-in interface (CoroLifecycle) the prelude spells out,
				// so user classes may implement it
				ii.it = old
			} else {
				ii.it = c.vm.NewInterface(d.Name, methods)
			}
			c.define(d.Name, &symbol{kind: symInterface, name: d.Name, pos: d.Pos, iface: ii}, seen)
		case *parser.FunctionalDecl:
			fc := &funcClassInfo{name: d.Name, fns: map[string]*fnInfo{}}
			fc.vmc = c.vm.NewClass(d.Name)
			fc.vmc.Functional = true
			c.define(d.Name, &symbol{kind: symFunctional, name: d.Name, pos: d.Pos, fclass: fc}, seen)
		}
	}
}

// declareMembers declares functions, fields, variants and consts.
func (c *compiler) declareMembers(f *parser.File) {
	seen := map[string]parser.Pos{}
	for _, st := range f.Stmts {
		it, ok := st.(*parser.Item)
		if !ok {
			continue
		}
		switch d := it.Decl.(type) {
		case *parser.FnDecl:
			if parser.IsKeyword(d.Name) {
				// only a method may be named by a keyword (called after `.`)
				c.errorf(d.Pos, "`%s` is a keyword; only a method may have it as its name", d.Name)
			}
			fi := c.newFn(d, it.Attrs, d.Name)
			if old := c.s.globals[d.Name]; old != nil && old.kind == symFn && seen[d.Name] == (parser.Pos{}) {
				// a REPL redefinition: keep the function's index, so every caller gets the new body
				fi.proto.Index = old.fn.proto.Index
			} else {
				c.vm.AddProto(fi.proto)
			}
			c.define(d.Name, &symbol{kind: symFn, name: d.Name, pos: d.Pos, fn: fi}, seen)
		case *parser.ClassDecl:
			c.declareClass(c.s.globals[d.Name].class, d)
		case *parser.UnionDecl:
			c.declareUnion(c.s.globals[d.Name].union, d)
		case *parser.InterfaceDecl:
			c.declareInterface(c.s.globals[d.Name].iface, d)
		case *parser.FunctionalDecl:
			fc := c.s.globals[d.Name].fclass
			for _, m := range d.Members {
				fd, ok := m.Decl.(*parser.FnDecl)
				if !ok {
					c.errorf(m.Pos, "a functional class holds only functions")
					continue
				}
				if fd.Body == nil {
					c.errorf(fd.Pos, "function %s::%s has no body", d.Name, fd.Name)
					continue
				}
				if _, dup := fc.fns[fd.Name]; dup {
					c.errorf(fd.Pos, "%s::%s is defined twice", d.Name, fd.Name)
				}
				fi := c.newFn(fd, m.Attrs, d.Name+"::"+fd.Name)
				fi.fclass = fc
				c.vm.AddProto(fi.proto)
				fc.fns[fd.Name] = fi
			}
		case *parser.ConstDecl:
			sym := &symbol{kind: symConst, name: d.Name, pos: d.Pos, typ: c.typeOf(d.Type)}
			sym.global = c.vm.AddGlobal(d.Name)
			c.define(d.Name, sym, seen)
			c.consts = append(c.consts, &constDecl{decl: d, sym: sym, file: c.file})
		case *parser.ImplDecl:
			c.impls = append(c.impls, &implDecl{decl: d, file: c.file})
		}
	}
}

// newFn makes the fnInfo and (empty) proto of a declared function and
// queues its body for compilation.
func (c *compiler) newFn(d *parser.FnDecl, attrs []*parser.Attribute, name string) *fnInfo {
	fi := &fnInfo{name: name, decl: d, attrs: attrs, async: d.Async, file: c.file}
	c.checkAttrs(attrs, "fn")
	fi.proto = &vm.Proto{Name: name, File: c.file, Line: d.Pos.Line, NumParams: len(d.Params), IsAsync: d.Async}
	for i, p := range d.Params {
		if p.Name == "self" {
			if i != 0 {
				c.errorf(p.Pos, "self must be the first parameter")
			}
			fi.hasSelf = true
			fi.params = append(fi.params, unknownT)
			continue
		}
		fi.params = append(fi.params, c.typeOf(p.Type))
	}
	fi.ret = c.typeOf(d.Ret)
	// in the prelude, trailing parameters named opt_* may be left out
	if strings.HasPrefix(c.file, "<prelude") {
		for i := len(d.Params) - 1; i >= 0 && strings.HasPrefix(d.Params[i].Name, "opt_"); i-- {
			fi.proto.OptParams++
		}
	}
	if d.Body != nil {
		c.pending = append(c.pending, fi)
	}
	return fi
}

func (c *compiler) declareClass(ci *classInfo, d *parser.ClassDecl) {
	var fields []vm.Field
	for _, m := range d.Members {
		switch {
		case m.Field != nil:
			if _, dup := ci.fields[m.Field.Name]; dup {
				c.errorf(m.Field.Pos, "field %s.%s is declared twice", d.Name, m.Field.Name)
				continue
			}
			fi := &fieldInfo{name: m.Field.Name, index: len(fields), typ: c.typeOf(m.Field.Type), modifier: m.Field.Modifier}
			ci.fields[fi.name] = fi
			ci.order = append(ci.order, fi.name)
			fields = append(fields, vm.Field{Name: fi.name, Sym: c.vm.Intern(fi.name), Modifier: fi.modifier})
		case m.ConstructedBy != "":
			ci.constructedBy = m.ConstructedBy
		case m.Exposes != nil:
			ex := &exposeInfo{class: m.Exposes.Class, runtime: m.Exposes.Runtime, fields: map[string]string{}}
			for _, ef := range m.Exposes.Fields {
				ex.fields[ef.Name] = ef.As
			}
			ci.exposes[ex.class] = ex
		case m.Method != nil:
			fd, ok := m.Method.Decl.(*parser.FnDecl)
			if !ok {
				c.errorf(m.Method.Pos, "only fields, methods, exposes and constructed_by may appear in a class")
				continue
			}
			if !ci.danger {
				c.errorf(fd.Pos, "data class %s cannot have methods (data classes hold state only; put functions in a functional class, or mark the class #[danger(stateful_class)])", d.Name)
				continue
			}
			fi := c.newFn(fd, m.Method.Attrs, d.Name+"::"+fd.Name)
			fi.owner = ci
			c.vm.AddProto(fi.proto)
			ci.methods[fd.Name] = fi
			ci.vmc.Methods[c.vm.Intern(fd.Name)] = vm.FuncValue(fi.proto.Index)
		}
	}
	ci.vmc.SetFields(fields)
	ci.vmc.ConstructedBy = ci.constructedBy
	for _, ex := range ci.exposes {
		for f := range ex.fields {
			if _, ok := ci.fields[f]; !ok {
				c.errorf(d.Pos, "exposes %s lists %s.%s, which is not a field", ex.class, d.Name, f)
			}
		}
		ci.vmc.AddExposure(&vm.Exposure{Class: ex.class, Runtime: ex.runtime, Fields: ex.fields})
	}
	for _, ex := range ci.exposes {
		if s := c.s.globals[ex.class]; s == nil || s.kind != symFunctional {
			c.errorf(d.Pos, "%s exposes fields to %s, which is not a functional class", d.Name, ex.class)
		}
	}
	if ci.constructedBy != "" {
		if s := c.s.globals[ci.constructedBy]; s == nil || s.kind != symFunctional {
			c.errorf(d.Pos, "%s is constructed_by %s, which is not a functional class", d.Name, ci.constructedBy)
		}
	}
}

func (c *compiler) declareUnion(ui *unionInfo, d *parser.UnionDecl) {
	seen := map[string]bool{}
	for _, m := range d.Members {
		if m.ConstructedBy != "" {
			ui.constructedBy = m.ConstructedBy
			ui.u.ConstructedBy = m.ConstructedBy
			continue
		}
		if seen[m.Variant] {
			c.errorf(m.Pos, "variant %s::%s is declared twice", d.Name, m.Variant)
		}
		seen[m.Variant] = true
		var ts []*Type
		for _, ft := range m.Fields {
			ts = append(ts, c.typeOf(ft))
		}
		ui.fields[m.Variant] = ts
	}
}

func (c *compiler) declareInterface(ii *ifaceInfo, d *parser.InterfaceDecl) {
	for _, m := range d.Members {
		fd, ok := m.Decl.(*parser.FnDecl)
		if !ok {
			c.errorf(m.Pos, "an interface holds only method signatures and default methods")
			continue
		}
		ii.sigs[fd.Name] = fd
		ii.order = append(ii.order, fd.Name)
		if fd.Body != nil {
			fi := c.newFn(fd, m.Attrs, d.Name+"::"+fd.Name)
			fi.iface = ii
			c.vm.AddProto(fi.proto)
			ii.defaults[fd.Name] = fi
			ii.it.Defaults[c.vm.Intern(fd.Name)] = vm.FuncValue(fi.proto.Index)
		}
	}
}

// declareImpl installs the methods of `impl Interface for Type`.
func (c *compiler) declareImpl(d *parser.ImplDecl) {
	if d.For == nil {
		if kind, ok := builtinTypeKinds[d.Interface]; ok && c.s.inPrelude {
			c.declareBuiltinMethods(d, kind)
			return
		}
		if s := c.s.globals[d.Interface]; s != nil && s.kind == symClass && s.class.danger {
			c.errorf(d.Pos, "danger class %s declares its methods inside its class body", d.Interface)
			return
		}
		c.errorf(d.Pos, "impl without an interface: data classes hold no methods; put functions in a functional class")
		return
	}
	isym := c.s.globals[d.Interface]
	if isym == nil || isym.kind != symInterface {
		c.errorf(d.Pos, "%s is not an interface", d.Interface)
		return
	}
	ii := isym.iface
	var methods map[vm.Sym]vm.Value
	var ifaces map[*vm.Interface]bool
	var owner *classInfo
	target := d.For.Name
	tsym := c.s.globals[target]
	switch {
	case tsym != nil && tsym.kind == symClass:
		owner = tsym.class
		methods, ifaces = owner.vmc.Methods, owner.vmc.Interfaces
		owner.ifaces[ii.name] = ii
	case tsym != nil && tsym.kind == symUnion:
		u := tsym.union.u
		if u.Methods == nil {
			u.Methods = map[vm.Sym]vm.Value{}
			u.Interfaces = map[*vm.Interface]bool{}
		}
		methods, ifaces = u.Methods, u.Interfaces
	default:
		c.errorf(d.For.Pos, "cannot implement %s for %s: not a class or union", d.Interface, target)
		return
	}
	implemented := map[string]bool{}
	for _, m := range d.Members {
		fd, ok := m.Decl.(*parser.FnDecl)
		if !ok || fd.Body == nil {
			c.errorf(m.Pos, "an impl holds only methods with bodies")
			continue
		}
		if _, ok := ii.sigs[fd.Name]; !ok {
			c.errorf(fd.Pos, "method %s is not a member of interface %s", fd.Name, ii.name)
			continue
		}
		fi := c.newFn(fd, m.Attrs, target+"::"+fd.Name)
		fi.owner = owner
		c.vm.AddProto(fi.proto)
		if owner != nil {
			owner.methods[fd.Name] = fi
		}
		methods[c.vm.Intern(fd.Name)] = vm.FuncValue(fi.proto.Index)
		implemented[fd.Name] = true
	}
	var missing []string
	for _, name := range ii.order {
		if implemented[name] {
			continue
		}
		if def, ok := ii.defaults[name]; ok {
			methods[c.vm.Intern(name)] = vm.FuncValue(def.proto.Index)
			if owner != nil {
				if _, has := owner.methods[name]; !has {
					owner.methods[name] = def
				}
			}
			continue
		}
		missing = append(missing, name)
	}
	if len(missing) > 0 {
		c.errorf(d.Pos, "impl %s for %s is missing method %s", ii.name, target, strings.Join(missing, ", "))
	}
	ifaces[ii.it] = true
}

// declareBuiltinMethods installs prelude methods of a built-in type.
func (c *compiler) declareBuiltinMethods(d *parser.ImplDecl, kind vm.Kind) {
	for _, m := range d.Members {
		fd, ok := m.Decl.(*parser.FnDecl)
		if !ok || fd.Body == nil {
			continue
		}
		fi := c.newFn(fd, m.Attrs, d.Interface+"::"+fd.Name)
		fi.kindImpl = d.Interface
		c.vm.AddProto(fi.proto)
		switch d.Interface {
		case "Option":
			c.unionMethod(c.vm.Option, fd.Name, fi)
		case "Result":
			c.unionMethod(c.vm.Result, fd.Name, fi)
		default:
			c.vm.DefineMethod(kind, fd.Name, vm.FuncValue(fi.proto.Index))
		}
	}
}

func (c *compiler) unionMethod(u *vm.UnionType, name string, fi *fnInfo) {
	if u.Methods == nil {
		u.Methods = map[vm.Sym]vm.Value{}
		u.Interfaces = map[*vm.Interface]bool{}
	}
	u.Methods[c.vm.Intern(name)] = vm.FuncValue(fi.proto.Index)
}

// predeclareGlobals makes a global for every binding of a top-level
// `let`, so functions may use top-level variables and the REPL keeps them.
// Each `let` gets its own slot (shadowing makes a new variable, and a
// closure keeps the binding it captured); the name's global symbol is the
// last binding, which is what functions and later REPL inputs see.
//
// In the main file of a script (mainFile), a let none of whose names
// appears in outside (code other than the main file's top-level
// statements) stays a local of the main chunk instead.
func (c *compiler) predeclareGlobals(f *parser.File, mainFile bool, outside map[string]bool) {
	for _, st := range f.Stmts {
		ls, ok := st.(*parser.LetStmt)
		if !ok {
			continue
		}
		bs := patternBindings(ls.Pat)
		if mainFile && !anyNamed(bs, outside) {
			c.localLets[ls] = true
			continue
		}
		for _, b := range bs {
			if b.name == "_" {
				continue
			}
			if !c.newLets[b.name] {
				c.newLets[b.name] = true
				c.prevGlobals[b.name] = c.s.globals[b.name]
			}
			sym := &symbol{kind: symGlobal, name: b.name, pos: b.pos, mutable: b.mutable, typ: unknownT}
			sym.global = c.vm.AddGlobal(b.name)
			c.s.lastLets = append(c.s.lastLets, declaredLet{b.name, sym.global, c.s.globals[b.name]})
			c.letSlots[b.node] = sym
			c.s.globals[b.name] = sym
		}
	}
}

func anyNamed(bs []binding, names map[string]bool) bool {
	for _, b := range bs {
		if names[b.name] {
			return true
		}
	}
	return false
}

// namesOutsideMain collects every name mentioned by code other than the
// main file's top-level statements: items (fn, impl, const, ...) of every
// file, and other files' top-level statements. (The main file is last.)
func namesOutsideMain(files []*sourceFile) map[string]bool {
	names := map[string]bool{}
	visit := func(n any) bool {
		switch x := n.(type) {
		case *parser.PathExpr:
			names[x.Segments[0]] = true
		case *parser.PathPat:
			names[x.Segments[0]] = true
		case *parser.StrPart:
			if x.Var != nil {
				names[*x.Var] = true
			}
		}
		return true
	}
	for i, sf := range files {
		for _, st := range sf.ast.Stmts {
			if _, item := st.(*parser.Item); item || i != len(files)-1 {
				parser.Walk(st, visit)
			}
		}
	}
	return names
}

// binding is a name a pattern binds.
type binding struct {
	name    string
	mutable bool
	pos     parser.Pos
	node    *parser.PathPat
}

// patternBindings lists the names a pattern binds (a single lower-case
// path segment, or any path that is not a known constant, is a binding).
func patternBindings(p *parser.Pattern) []binding {
	var out []binding
	if p == nil || len(p.Alts) == 0 {
		return nil
	}
	var walk func(a *parser.PatAlt)
	walk = func(a *parser.PatAlt) {
		switch {
		case a.Tuple != nil:
			for _, e := range a.Tuple.Elems {
				if len(e.Alts) > 0 {
					walk(e.Alts[0])
				}
			}
		case a.Path != nil:
			pp := a.Path
			if pp.Args != nil {
				for _, e := range pp.Args.Elems {
					if len(e.Alts) > 0 {
						walk(e.Alts[0])
					}
				}
			} else if len(pp.Segments) == 1 && isBindingName(pp.Segments[0]) {
				out = append(out, binding{name: pp.Segments[0], mutable: pp.Mut, pos: pp.Pos, node: pp})
			}
			if pp.At != nil {
				walk(pp.At)
			}
		}
	}
	walk(p.Alts[0])
	return out
}

// isBindingName reports whether a single-segment pattern name binds a
// variable (rather than naming a unit variant such as None).
func isBindingName(n string) bool {
	return n != "_" && n != "None" && n != "self" && n != "Self"
}
