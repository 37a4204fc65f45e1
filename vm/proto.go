package vm

import "sync/atomic"

// Frame layout. A frame is a header of frameHeader slots followed by the
// function's registers, all inside the coroutine's stack:
//
//	base+0  the callee (function value), replaced by the result on return
//	base+1  return info: return pc << 32 | caller's base (entryFrame: none)
//	base+2  frame mark: tagFrame | generation, cleared when the frame ends
//	base+3  R[0] ...
//
// A call `CALL A B` builds the callee's frame inside the caller's register
// window at R[A], so arguments evaluated into R[A+3].. are already the
// callee's first registers.
const (
	hdrFn       = 0
	hdrRet      = 1
	hdrGen      = 2
	FrameHeader = 3

	entryFrame = 0xFFFFFFFF // caller base of a coroutine's first frame
)

// Proto is a compiled function.
type Proto struct {
	Index     int
	Name      string // qualified: "fib", "FileOps::construct", "<closure>"
	File      string
	Line      int
	NumParams int
	// OptParams: the last OptParams parameters may be left out of a call
	// through a value or a method (prelude functions such as Flow.collect);
	// they then hold unit.
	OptParams int
	NumRegs   int // registers, not counting the frame header
	IsAsync   bool
	IsMain    bool // a top-level chunk (script or REPL input)
	Closure   bool // a closure literal (one creation site)
	// CoroutineBody: a closure literal created only as an argument of a
	// native that starts a coroutine with it (launch, async, ...). It
	// never runs on its creator's stack, so the stack analysis does not
	// count it among the targets of calls through function values.
	CoroutineBody bool
	Owner         string // the class whose code this is (functional, danger or impl), for access rights

	Code   []Instr
	Consts []Value
	Lines  []int32 // source line of each instruction

	Captures []Capture // for closures: where each cell comes from
	Handlers []Handler // exception table, innermost first
	Locals   []LocalVar

	// Inline caches for CALLM and GETFIELD/SETFIELD, indexed by pc.
	icache []inlineCache

	Meta *CoroMetadata // stack-size analysis (set by the compiler)
}

// Capture says where a closure's cell comes from when CLOSURE runs.
type Capture struct {
	FromParentCell bool // true: the parent's captured cell Index; false: the parent's register Index (holding a cell)
	Index          int
	Name           string
}

// Handler is one exception-table entry: while pc is in [Start, End), an
// error jumps to Target with the error in register Reg.
type Handler struct {
	Start, End int
	Target     int
	Reg        int
	Kinds      []string // catch only these kinds (nil: all)
	Finally    bool     // a finally/defer handler: also runs when a coroutine is closed
}

// LocalVar is debug info: a named variable in register Reg for pcs [Start, End).
type LocalVar struct {
	Name       string
	Reg        int
	Start, End int
	Cell       bool // the register holds a cell (the variable is captured)
}

// LineAt returns the source line of pc.
func (p *Proto) LineAt(pc int) int {
	if pc < 0 {
		pc = 0
	}
	if pc >= len(p.Lines) {
		if len(p.Lines) == 0 {
			return p.Line
		}
		return int(p.Lines[len(p.Lines)-1])
	}
	return int(p.Lines[pc])
}

// CoroMetadata is the compiler's stack analysis of a coroutine body.
type CoroMetadata struct {
	MaxStackSize      int // bytes
	IsBounded         bool
	CallDepth         int
	RecursionDetected bool
	SizeClass         int
	Hinted            bool // #[coro_size_hint] chose the class
	Profiled          bool // --pgo chose the class
	PeakStack         int  // bytes: the peak --pgo's profile measured (0: none)
}

// Field describes one field of a class.
type Field struct {
	Name     string
	Sym      Sym
	Modifier string // "", "semconst", "mutable"
}

// Class is a data class, a danger class, or a functional class (which
// has no fields and is only used for rights and names).
type Class struct {
	ID            int
	Name          string
	Fields        []Field
	fieldIndex    map[Sym]int
	Danger        bool
	Functional    bool
	ConstructedBy string
	Methods       map[Sym]Value // danger methods and interface methods (defaults merged in)
	Interfaces    map[*Interface]bool
	Exposes       []*Exposure
	rightBits     map[string]uint // bit of each exposed functional class in a rights mask
}

// AddExposure records an exposes clause and gives its class a rights bit.
func (c *Class) AddExposure(e *Exposure) {
	if c.rightBits == nil {
		c.rightBits = map[string]uint{}
	}
	if _, ok := c.rightBits[e.Class]; !ok {
		c.rightBits[e.Class] = uint(len(c.rightBits))
	}
	c.Exposes = append(c.Exposes, e)
}

// Guarded reports a class whose fields are private (it has exposes clauses).
func (c *Class) Guarded() bool { return len(c.Exposes) > 0 }

func (c *Class) exposure(name string) *Exposure {
	for _, e := range c.Exposes {
		if e.Class == name {
			return e
		}
	}
	return nil
}

// Exposure is an `exposes` clause: which fields a functional class may touch.
type Exposure struct {
	Class   string
	Runtime bool
	Fields  map[string]string // field -> "", "mutable", "const"
}

// FieldIndex returns the index of a field, or -1.
func (c *Class) FieldIndex(s Sym) int {
	if i, ok := c.fieldIndex[s]; ok {
		return i
	}
	return -1
}

// SetFields installs the field list and its index.
func (c *Class) SetFields(fs []Field) {
	c.Fields = fs
	c.fieldIndex = make(map[Sym]int, len(fs))
	for i, f := range fs {
		c.fieldIndex[f.Sym] = i
	}
}

// UnionType is a union declaration.
type UnionType struct {
	ID            int
	Name          string
	Variants      []*Variant
	Runtime       bool
	Qualified     bool // display as Name::Variant (false for Option and Result)
	ConstructedBy string
	Methods       map[Sym]Value // interface impls (user unions) and prelude methods (Option, Result)
	Interfaces    map[*Interface]bool
}

// Variant is one variant of a union. ID indexes VM.Variants.
type Variant struct {
	ID    int
	Union *UnionType
	Name  string
	Arity int
	unit  Value // the shared value of a unit variant
}

// Interface is an interface declaration.
type Interface struct {
	ID       int
	Name     string
	Methods  []Sym
	Defaults map[Sym]Value
}

// inlineCache is one instruction's cache of a field index or of the
// methods a call site has seen. Threads running in parallel share a
// proto's caches, so a reader must never see half of one entry and half
// of another: a field entry is one word; the methods are an immutable
// table replaced as a whole (copy on write, one atomic pointer store).
// A call site keeps up to picSize receiver types (a polymorphic inline
// cache); past that it resolves every call.
type inlineCache struct {
	field   atomic.Uint64 // field access: (class ID+1)<<32 | field index
	methods atomic.Pointer[methodTable]
	// narrowed: field access through a narrowed reference, valid for one
	// class and one rights mask (access was checked for that pair)
	narrowed atomic.Pointer[narrowedField]
}

// narrowedField is an immutable field-cache entry for narrowed references.
type narrowedField struct {
	class *Class
	mask  uint64
	index int
}

const picSize = 4

// methodTable is an immutable set of (receiver type, method) pairs.
type methodTable struct {
	n       int
	keys    [picSize]uintptr // *Class, *UnionType or kind tag
	targets [picSize]Value
}

// cachedMethod returns the method cached for key.
func (ic *inlineCache) cachedMethod(key uintptr) (Value, bool) {
	if tb := ic.methods.Load(); tb != nil {
		for i := 0; i < tb.n; i++ {
			if tb.keys[i] == key {
				return tb.targets[i], true
			}
		}
	}
	return 0, false
}

// storeMethod adds (key, m) to the site's table while it has room. Two
// threads storing at once may each drop the other's entry: a later call
// just resolves again.
func (ic *inlineCache) storeMethod(key uintptr, m Value) {
	old := ic.methods.Load()
	tb := &methodTable{}
	if old != nil {
		if old.n == picSize {
			return // megamorphic
		}
		*tb = *old
	}
	tb.keys[tb.n], tb.targets[tb.n] = key, m
	tb.n++
	ic.methods.CompareAndSwap(old, tb)
}

// fieldKey is the cache key of a class's field i.
func fieldKey(c *Class, i int) uint64 { return uint64(c.ID+1)<<32 | uint64(uint32(i)) }

// cachedField returns the field index cached for class c.
func (ic *inlineCache) cachedField(c *Class) (int, bool) {
	f := ic.field.Load()
	return int(uint32(f)), f>>32 == uint64(c.ID+1)
}
