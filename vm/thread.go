package vm

import (
	"errors"
	"fmt"
)

// Thread executes coroutines: the main thread runs the Main dispatcher,
// worker threads run Default and IO. Each has its own allocation cache of
// heap handles and its own frame-generation counter.
type Thread struct {
	vm  *VM
	ID  int
	co  *Coroutine  // running coroutine, nil when idle
	ctx ExecContext // shared by the running engine and the exit loop (execctx.go)

	// exitReq is an exit the interpreter's step asks for (exit.go)
	exitReq Exit

	handles []uint64     // free heap handles taken in a batch
	unions  []*unionObj1 // recycled one-field unions taken in a batch
	coros   []*Coroutine // recycled coroutine structs taken in a batch

	steps int64 // safepoints passed (for the step limit)

	// nativeDepth > 0 while a native runs; a native that tries to switch
	// coroutines then is refused (it could not be suspended across).
	inNative bool

	worker *worker // set on Default and IO pool threads
	// handlers are script callbacks queued by the runtime operation in
	// progress, each a tuple (f, args...) (job.go, flushHandlers)
	handlers []Value
	// runtime sections (stw.go): nesting depth, and whether this thread
	// holds VM.rt
	rtDepth int
	rtHeld  bool

	// In-place resume results (resultFor): reuseFor is the coroutine
	// whose resume call is followed by a MOVERES into the slot reuseSlot;
	// result/resultObj is the last CoroResult allocated for such a slot,
	// valid while resultGC (the collection count) is current, as handles
	// are only reused after a collection.
	reuseFor  *Coroutine
	reuseSlot int32
	resultGC  int
	result    Value
	resultObj *unionObj1
}

const checkpointEvery = 1024

func newThread(vm *VM, id int) *Thread {
	t := &Thread{vm: vm, ID: id}
	t.ctx.Gen, t.ctx.Budget = uint64(id)<<40, checkpointEvery
	return t
}

// VM returns the thread's VM.
func (t *Thread) VM() *VM { return t.vm }

// Current returns the running coroutine.
func (t *Thread) Current() *Coroutine { return t.co }

var errHeapExhausted = errors.New("heap exhausted")

// alloc stores an object in the heap and returns its value.
func (t *Thread) alloc(k Kind, o Object) Value {
	if len(t.handles) == 0 {
		t.refillHandles()
	}
	h := t.handles[len(t.handles)-1]
	t.handles = t.handles[:len(t.handles)-1]
	t.vm.heap.set(h, o)
	return objValue(k, h)
}

const handleBatch = 256

func (t *Thread) refillHandles() {
	heap := t.vm.heap
	t.handles = heap.takeHandles(t.handles, handleBatch)
	heap.mu.Lock()
	heap.allocated += handleBatch
	if heap.allocated >= heap.threshold {
		t.vm.gcPending.Store(true)
	}
	heap.mu.Unlock()
}

// Alloc stores a Go object defined outside vm.
func (t *Thread) Alloc(o *NativeObj) Value { return t.alloc(KNative, o) }

// NewString allocates a string.
func (t *Thread) NewString(s string) Value { return t.alloc(KString, &StrObj{S: s}) }

// NewVec allocates a vector that takes ownership of items.
func (t *Thread) NewVec(items []Value) Value {
	return t.alloc(KVec, &VecObj{items: items, locking: &t.vm.objectLocking})
}

// NewInstance allocates an instance of c with its fields' values.
func (t *Thread) NewInstance(c *Class, fields []Value) Value {
	return t.alloc(KInstance, &Instance{Class: c, Fields: fields})
}

// NewTuple allocates a tuple.
func (t *Thread) NewTuple(items []Value) Value { return t.alloc(KTuple, &TupleObj{Items: items}) }

// NewMap allocates an empty map.
func (t *Thread) NewMap() (Value, *MapObj) {
	m := newMapObj(&t.vm.objectLocking)
	return t.alloc(KMap, m), m
}

// Int returns an int value, boxing it when it does not fit inline.
func (t *Thread) Int(i int64) Value {
	if FitsSmall(i) {
		return SmallInt(i)
	}
	return t.alloc(KBigInt, &BigIntObj{I: i})
}

// NewUnion allocates a union value (unit variants are shared).
func (t *Thread) NewUnion(v *Variant, fields ...Value) Value {
	switch {
	case v.Arity == 0:
		return v.unit
	case len(fields) == 1:
		return t.newUnion1(v, fields[0])
	}
	return t.alloc(KUnion, &UnionObj{Variant: v, Fields: append([]Value(nil), fields...)})
}

// newUnion1 allocates a union value with one field in one allocation
// (Some(x), Ok(x), CoroResult::Yield(x)...). These are the most common
// short-lived objects (every resume returns one), so the collector
// recycles them (gc.go) and this reuses them: no Go allocation, and no
// work for Go's collector, in a resume/yield loop.
func (t *Thread) newUnion1(v *Variant, x Value) Value {
	val, _ := t.newUnion1Obj(v, x)
	return val
}

// newUnion1Obj is newUnion1 that also returns the object.
func (t *Thread) newUnion1Obj(v *Variant, x Value) (Value, *unionObj1) {
	if len(t.unions) == 0 {
		t.unions = t.vm.heap.takeUnions(t.unions, handleBatch)
	}
	var u *unionObj1
	if n := len(t.unions); n > 0 {
		u = t.unions[n-1]
		t.unions = t.unions[:n-1]
		u.Variant, u.field[0] = v, x
	} else {
		u = &unionObj1{UnionObj: UnionObj{Variant: v, recyclable: true}, field: [1]Value{x}}
		u.Fields = u.field[:]
	}
	return t.alloc(KUnion, &u.UnionObj), u
}

// unionObj1 is a UnionObj together with the storage of its one field.
type unionObj1 struct {
	UnionObj
	field [1]Value
}

// Some returns Some(v).
func (t *Thread) Some(v Value) Value { return t.newUnion1(t.vm.SomeV, v) }

// Ok returns Ok(v).
func (t *Thread) Ok(v Value) Value { return t.newUnion1(t.vm.OkV, v) }

// Err returns Err(v).
func (t *Thread) Err(v Value) Value { return t.newUnion1(t.vm.ErrV, v) }

// NewRange allocates a range.
func (t *Thread) NewRange(start, end, step int64, inclusive bool) Value {
	return t.alloc(KRange, &RangeObj{Start: start, End: end, Step: step, Inclusive: inclusive})
}

// Throw is the error a native returns to raise a CPrime error: either a
// new error of a kind with a message, or an existing error value.
type Throw struct {
	Kind  string
	Msg   string
	Value Value // an Error object to raise as is (when non-zero)
}

func (e *Throw) Error() string {
	if e.Kind != "" {
		return e.Kind + ": " + e.Msg
	}
	return "error value"
}

// Errorf makes a Throw of a kind.
func Errorf(kind, format string, args ...any) error {
	return &Throw{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// ThrowValue makes a Throw that raises an existing Error value.
func ThrowValue(v Value) error { return &Throw{Value: v} }

// errSwitch is returned by natives that changed the running coroutine.
var errSwitch = errors.New("vm: coroutine switch")

// Error kinds used by the runtime.
const (
	KindPanic             = "Panic"
	KindTypeError         = "TypeError"
	KindIndexOutOfBounds  = "IndexOutOfBounds"
	KindDivisionByZero    = "DivisionByZero"
	KindIntegerOverflow   = "IntegerOverflow"
	KindMatchError        = "MatchError"
	KindAssertionFailed   = "AssertionFailed"
	KindStackOverflow     = "StackOverflow"
	KindDanglingReference = "DanglingReference"
	KindAccessDenied      = "AccessDenied"
	KindCancellation      = "Cancellation"
	KindTimeout           = "Timeout"
	KindCoroutineError    = "CoroutineError"
	KindKeyError          = "KeyError"
	KindInternal          = "InternalError"
	KindInterrupted       = "Interrupted"
	KindDeadlock          = "Deadlock"
	KindChannelClosed     = "ChannelClosed"
	KindIOError           = "IOError"
)
