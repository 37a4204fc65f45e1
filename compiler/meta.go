package compiler

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

// Attributes (LANGUAGE.md §6.2): #[coro_size_hint(Small)] (or the seed's
// CoroSizeTag::Small) picks a body's class; #[coro_metadata(..)] declares
// what the analysis must find, checked once the analysis has run;
// #[danger(stateful_class)] marks a class. Anything else is an error, so a
// misspelt attribute is never silently ignored.

// attrPlaces says which items each attribute may be put on.
var attrPlaces = map[string]string{
	"coro_size_hint": "fn",
	"coro_metadata":  "fn",
	"danger":         "class",
}

// checkAttrs reports unknown attributes and attributes on the wrong item
// (place is "fn", "class", or another item's keyword).
func (c *compiler) checkAttrs(attrs []*parser.Attribute, place string) {
	for _, a := range attrs {
		want, ok := attrPlaces[a.Name]
		switch {
		case !ok:
			c.errorf(a.Pos, "unknown attribute #[%s] (CPrime knows #[coro_size_hint(..)], #[coro_metadata(..)] and #[danger(stateful_class)])", a.Name)
		case want != place:
			what := placeName(want)
			c.errorf(a.Pos, "#[%s] applies to %s, not to %s", a.Name, what, placeName(place))
		}
	}
}

// metaDecl is a #[coro_metadata(..)] declaration, checked after analysis.
type metaDecl struct {
	proto *vm.Proto
	attr  *parser.Attribute
	// what it declares; nil where it says nothing
	maxStack, callDepth *int
	bounded, recursion  *bool
	sizeClass           *int
	at                  map[string]parser.Pos // where each setting is written
}

// attachMeta records the coroutine-size metadata of a compiled function.
func (c *compiler) attachMeta(fi *fnInfo, p *vm.Proto) {
	for _, a := range fi.attrs {
		switch a.Name {
		case "coro_size_hint":
			if len(a.Args) != 1 || a.Args[0].Value != nil {
				c.errorf(a.Pos, "#[coro_size_hint] takes one size class: #[coro_size_hint(Small)]")
				continue
			}
			if cls, ok := sizeClassOf(a.Args[0].Path); ok {
				p.Meta = &vm.CoroMetadata{SizeClass: cls, Hinted: true}
			} else {
				c.errorf(a.Args[0].Pos, "unknown size class %s (Micro, Small, Medium or Large)", a.Args[0].Key())
			}
		case "coro_metadata":
			if d := c.parseMetaDecl(a, p); d != nil {
				c.metaDecls = append(c.metaDecls, d)
			}
		}
	}
}

// sizeClassOf reads Small or CoroSizeTag::Small.
func sizeClassOf(path []string) (int, bool) {
	if len(path) == 2 && path[0] == "CoroSizeTag" {
		path = path[1:]
	}
	if len(path) != 1 {
		return 0, false
	}
	cls, ok := sizeClassNames[path[0]]
	return cls, ok
}

var sizeClassNames = map[string]int{"Micro": 0, "Small": 1, "Medium": 2, "Large": 3}

// parseMetaDecl reads #[coro_metadata(key = value, ..)].
func (c *compiler) parseMetaDecl(a *parser.Attribute, p *vm.Proto) *metaDecl {
	d := &metaDecl{proto: p, attr: a, at: map[string]parser.Pos{}}
	ok := true
	intArg := func(x *parser.AttrArg) *int {
		n, err := strconv.Atoi(strings.ReplaceAll(x.Val(), "_", ""))
		if err != nil || len(x.Value) != 1 || n < 0 {
			c.errorf(x.Pos, "#[coro_metadata] %s must be a non-negative integer, found %s", x.Key(), x.Val())
			ok = false
			return nil
		}
		return &n
	}
	boolArg := func(x *parser.AttrArg) *bool {
		switch x.Val() {
		case "true", "false":
			b := x.Val() == "true"
			return &b
		}
		c.errorf(x.Pos, "#[coro_metadata] %s must be true or false, found %s", x.Key(), x.Val())
		ok = false
		return nil
	}
	if len(a.Args) == 0 {
		c.errorf(a.Pos, "#[coro_metadata] declares nothing: give settings such as #[coro_metadata(max_stack_size = 1024, is_bounded = true)]")
		return nil
	}
	for _, x := range a.Args {
		if x.Value == nil {
			c.errorf(x.Pos, "#[coro_metadata] takes settings (name = value), found %s", x.Key())
			ok = false
			continue
		}
		d.at[x.Key()] = x.Pos
		switch x.Key() {
		case "max_stack_size":
			d.maxStack = intArg(x)
		case "call_depth":
			d.callDepth = intArg(x)
		case "is_bounded":
			d.bounded = boolArg(x)
		case "recursion_detected":
			d.recursion = boolArg(x)
		case "size_class":
			if cls, found := sizeClassOf(x.Value); found {
				d.sizeClass = &cls
			} else {
				c.errorf(x.Pos, "unknown size class %s (Micro, Small, Medium or Large)", x.Val())
				ok = false
			}
		default:
			c.errorf(x.Pos, "#[coro_metadata] has no setting %s (max_stack_size, is_bounded, call_depth, recursion_detected, size_class)", x.Key())
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return d
}

// checkMetaDecls compares every #[coro_metadata] declaration of this
// compilation with the analysis. max_stack_size and call_depth are bounds
// (the body needs at most that much); the rest must match.
func (c *compiler) checkMetaDecls() {
	for _, d := range c.metaDecls {
		m := d.proto.Meta
		if m == nil {
			continue
		}
		name := d.proto.Name
		if d.maxStack != nil {
			switch {
			case !m.IsBounded:
				c.errorf(d.at["max_stack_size"], "#[coro_metadata] declares max_stack_size %d, but the analysis finds %s's stack unbounded (%s)", *d.maxStack, name, unboundedWhy(m))
			case m.MaxStackSize > *d.maxStack:
				c.errorf(d.at["max_stack_size"], "#[coro_metadata] declares max_stack_size %d, but the analysis finds %d B", *d.maxStack, m.MaxStackSize)
			}
		}
		if d.callDepth != nil && m.IsBounded && m.CallDepth > *d.callDepth {
			c.errorf(d.at["call_depth"], "#[coro_metadata] declares call_depth %d, but the analysis finds %d", *d.callDepth, m.CallDepth)
		}
		if d.bounded != nil && *d.bounded != m.IsBounded {
			c.errorf(d.at["is_bounded"], "#[coro_metadata] declares is_bounded %v, but the analysis finds %v%s", *d.bounded, m.IsBounded, boundedWhy(m))
		}
		if d.recursion != nil && *d.recursion != m.RecursionDetected {
			c.errorf(d.at["recursion_detected"], "#[coro_metadata] declares recursion_detected %v, but the analysis finds %v", *d.recursion, m.RecursionDetected)
		}
		if d.sizeClass != nil && *d.sizeClass != m.SizeClass {
			c.errorf(d.at["size_class"], "#[coro_metadata] declares size_class %s, but the analysis finds %s",
				vmstack.Class(*d.sizeClass), vmstack.Class(m.SizeClass))
		}
	}
}

func unboundedWhy(m *vm.CoroMetadata) string {
	if m.RecursionDetected {
		return "recursion on its call chain"
	}
	return "a call it cannot bound"
}

func boundedWhy(m *vm.CoroMetadata) string {
	if m.IsBounded {
		return fmt.Sprintf(" (%d B)", m.MaxStackSize)
	}
	return " (" + unboundedWhy(m) + ")"
}

// itemPlace names an item's kind for checkAttrs.
func itemPlace(d parser.Decl) string {
	switch d.(type) {
	case *parser.FnDecl:
		return "fn"
	case *parser.ClassDecl:
		return "class"
	case *parser.UnionDecl:
		return "union"
	case *parser.InterfaceDecl:
		return "interface"
	case *parser.FunctionalDecl:
		return "functional class"
	case *parser.ImplDecl:
		return "impl"
	case *parser.ConstDecl:
		return "const"
	}
	return "import"
}

func placeName(place string) string {
	switch place {
	case "fn":
		return "a function"
	case "impl", "import", "interface":
		return "an " + place
	}
	return "a " + place
}
