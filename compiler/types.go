package compiler

import (
	"strings"

	"github.com/cprime-lang/cprime/parser"
)

// Type is a static type, as far as the compiler knows it. CPrime's
// annotations are optional and checked where known: most expressions have
// an unknown type, and only known, conflicting types are errors.
type Type struct {
	k      tkind
	elem   *Type // Vec<T>, Option<T>, the target of a reference
	key    *Type
	val    *Type
	elems  []*Type
	class  *classInfo
	union  *unionInfo
	fclass *funcClassInfo
	caps   []string // rights a narrowed reference holds
	mut    bool     // &mut
	name   string
}

type tkind uint8

const (
	tUnknown tkind = iota
	tInt
	tFloat
	tBool
	tString
	tUnit
	tVec
	tMap
	tTuple
	tOption
	tResult
	tRange
	tFn
	tClass
	tUnion
	tRef
	tCoroutine
	tJob
	tDeferred
	tChannel
	tMutex
	tError
	tNever // return, break, throw...
)

var (
	unknownT = &Type{k: tUnknown}
	intT     = &Type{k: tInt}
	floatT   = &Type{k: tFloat}
	boolT    = &Type{k: tBool}
	stringT  = &Type{k: tString}
	unitT    = &Type{k: tUnit}
	rangeT   = &Type{k: tRange}
	neverT   = &Type{k: tNever}
	fnT      = &Type{k: tFn}
	vecT     = &Type{k: tVec}
	mapT     = &Type{k: tMap}
	coroT    = &Type{k: tCoroutine}
	errorT   = &Type{k: tError}
)

func (t *Type) known() bool { return t != nil && t.k != tUnknown && t.k != tNever }

func (t *Type) String() string {
	if t == nil {
		return "unknown"
	}
	switch t.k {
	case tInt:
		return "int"
	case tFloat:
		return "float"
	case tBool:
		return "bool"
	case tString:
		return "string"
	case tUnit:
		return "()"
	case tVec:
		return "Vec"
	case tMap:
		return "Map"
	case tTuple:
		parts := make([]string, len(t.elems))
		for i, e := range t.elems {
			parts[i] = e.String()
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case tOption:
		return "Option"
	case tResult:
		return "Result"
	case tRange:
		return "range"
	case tFn:
		return "fn"
	case tClass:
		return t.class.name
	case tUnion:
		return t.union.name
	case tRef:
		if t.mut {
			return "&mut " + t.elem.String()
		}
		return "&" + t.elem.String()
	case tCoroutine:
		return "Coroutine"
	case tJob:
		return "Job"
	case tDeferred:
		return "Deferred"
	case tChannel:
		return "Channel"
	case tMutex:
		return "Mutex"
	case tError:
		return "Error"
	}
	return "unknown"
}

// deref returns the referenced type of a reference type (field access
// and method calls see through references).
func (t *Type) deref() *Type {
	for t != nil && t.k == tRef {
		t = t.elem
	}
	if t == nil {
		return unknownT
	}
	return t
}

// compatible reports whether a value of type got may be used where want
// is expected (unknown types are compatible with everything).
func compatible(want, got *Type) bool {
	if !want.known() || !got.known() {
		return true
	}
	w, g := want.deref(), got.deref()
	if !w.known() || !g.known() {
		return true
	}
	if w.k != g.k {
		// ints are accepted where floats are expected (promotion)
		return w.k == tFloat && g.k == tInt
	}
	switch w.k {
	case tClass:
		return w.class == g.class
	case tUnion:
		return w.union == g.union
	}
	return true
}

// typeOf converts an annotation to a static type.
func (c *compiler) typeOf(at *parser.Type) *Type {
	if at == nil {
		return unknownT
	}
	var t *Type
	switch {
	case at.Fn != nil:
		t = fnT
	case at.Tuple != nil:
		if len(at.Tuple.Elems) == 0 {
			t = unitT
		} else {
			tt := &Type{k: tTuple}
			for _, e := range at.Tuple.Elems {
				tt.elems = append(tt.elems, c.typeOf(e))
			}
			t = tt
		}
	default:
		t = c.namedType(at)
	}
	if len(at.Caps) > 0 && t.k == tClass {
		n := *t
		n.caps = at.Caps
		t = &n
	}
	if at.Ref {
		t = &Type{k: tRef, elem: t, mut: at.RefMut}
	}
	return t
}

func (c *compiler) namedType(at *parser.Type) *Type {
	switch at.Name {
	case "int", "i64", "i32", "usize", "u64":
		return intT
	case "float", "f64", "f32":
		return floatT
	case "bool":
		return boolT
	case "string", "String", "str":
		return stringT
	case "Vec":
		t := &Type{k: tVec}
		if len(at.Args) == 1 {
			t.elem = c.typeOf(at.Args[0])
		}
		return t
	case "Map":
		t := &Type{k: tMap}
		if len(at.Args) == 2 {
			t.key, t.val = c.typeOf(at.Args[0]), c.typeOf(at.Args[1])
		}
		return t
	case "Option":
		t := &Type{k: tOption}
		if len(at.Args) == 1 {
			t.elem = c.typeOf(at.Args[0])
		}
		return t
	case "Result":
		return &Type{k: tResult}
	case "Coroutine":
		return coroT
	case "Job":
		return &Type{k: tJob}
	case "Deferred":
		return &Type{k: tDeferred}
	case "Channel":
		return &Type{k: tChannel}
	case "Mutex":
		return &Type{k: tMutex}
	case "Error":
		return errorT
	}
	if sym := c.s.globals[at.Name]; sym != nil {
		switch sym.kind {
		case symClass:
			t := &Type{k: tClass, class: sym.class}
			// Conn<UserOps>: a generic argument naming a functional class narrows rights
			for _, a := range at.Args {
				if fs := c.s.globals[a.Name]; fs != nil && fs.kind == symFunctional {
					t.caps = append(t.caps, a.Name)
				}
			}
			return t
		case symUnion:
			return &Type{k: tUnion, union: sym.union}
		}
	}
	return unknownT
}
