package vm

import "sync"

// StrObj is an immutable string.
type StrObj struct{ S string }

// BigIntObj is an int outside the 48-bit inline range.
type BigIntObj struct{ I int64 }

// VecObj is a growable vector. Its items are reached only through the
// methods in vecobj.go, which take its lock once threads run in parallel.
type VecObj struct {
	mu    sync.Mutex
	items []Value
}

// TupleObj is an immutable tuple.
type TupleObj struct{ Items []Value }

// Instance is an instance of a data or danger class.
type Instance struct {
	Class  *Class
	Fields []Value
}

// UnionObj is a union value (including Some, Ok, Err and the built-in
// coroutine unions). Unit variants are allocated once per variant.
type UnionObj struct {
	Variant *Variant
	Fields  []Value
	// recyclable: this is the head of a unionObj1, which the collector
	// hands back to the allocator instead of to Go's garbage collector
	recyclable bool
}

// Closure is a function value with captured variables (cells).
type Closure struct {
	Proto *Proto
	Cells []Value
}

// Cell boxes a variable captured by a closure; captures are by reference.
type Cell struct {
	V Value
	// Ended is set when the block-scoped variable the cell holds goes out
	// of scope; references taken to it in its scope then dangle (closures
	// that captured it keep it).
	Ended bool
}

// RangeObj is an int range a..b, a..=b, with a step.
type RangeObj struct {
	Start, End, Step int64
	Inclusive        bool
}

// TypeObj is a class, union, interface or functional class used as a value
// (for example the X in `x.is::<X>()`).
type TypeObj struct {
	Name  string
	Class *Class
	Union *UnionType
	Iface *Interface
}

// NativeObj wraps a Go value defined by a package outside vm (stdlib's
// contexts and dispatchers). Its Values are traced.
type NativeObj struct {
	TypeName string
	Data     any
	Refs     []Value
}

func (*StrObj) trace(*marker)    {}
func (*BigIntObj) trace(*marker) {}
func (*RangeObj) trace(*marker)  {}
func (*TypeObj) trace(*marker)   {}

func (o *VecObj) trace(m *marker) {
	for _, v := range o.items {
		m.mark(v)
	}
}

func (o *TupleObj) trace(m *marker) {
	for _, v := range o.Items {
		m.mark(v)
	}
}

func (o *Instance) trace(m *marker) {
	for _, v := range o.Fields {
		m.mark(v)
	}
}

func (o *UnionObj) trace(m *marker) {
	for _, v := range o.Fields {
		m.mark(v)
	}
}

func (o *Closure) trace(m *marker) {
	for _, v := range o.Cells {
		m.mark(v)
	}
}

func (o *Cell) trace(m *marker) { m.mark(o.V) }

func (o *NativeObj) trace(m *marker) {
	for _, v := range o.Refs {
		m.mark(v)
	}
	if t, ok := o.Data.(interface{ Trace(func(Value)) }); ok {
		t.Trace(m.mark)
	}
}
