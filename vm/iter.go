package vm

import "math"

// IterObj is the state of a for loop (or of `.iter()`) over a collection.
type IterObj struct {
	vec *VecObj // fast path in ITERNEXT

	kind      uint8
	pos       int
	cur       int64
	end       int64
	step      int64
	inclusive bool
	done      bool
	m         *MapObj
	co        *Coroutine
	src       Value // the iterated value, kept alive
	native    Iterable
}

const (
	itVec uint8 = iota
	itRange
	itMap
	itCoro
	itNative
)

// Iterable is implemented by NativeObj data that a for loop can iterate
// (channels). Next returns the next value, or done; it may suspend the
// coroutine (return switched after arranging for the value to be stored
// in slot, or for the loop to be left, when it resumes).
type Iterable interface {
	IterNext(t *Thread, co *Coroutine, slot int) (v Value, state int, err error)
}

// States returned by iterNext and Iterable.IterNext.
const (
	iterValue = iota
	iterDone
	iterSwitched
	iterError
)

// Exported iteration states for Iterable implementations.
const (
	IterValue    = iterValue
	IterDone     = iterDone
	IterSwitched = iterSwitched
)

func (o *IterObj) trace(m *marker) {
	m.mark(o.src)
	if o.co != nil {
		m.mark(o.co.Self)
	}
}

// makeIter returns an iterator over v.
func (t *Thread) makeIter(v Value) (Value, error) {
	vm := t.vm
	v, err := t.autoDeref(v)
	if err != nil {
		return 0, err
	}
	it := &IterObj{src: v}
	switch o := vm.heap.Get(v).(type) {
	case *VecObj:
		it.kind, it.vec = itVec, o
	case *RangeObj:
		it.kind, it.cur, it.end, it.step, it.inclusive = itRange, o.Start, o.End, o.Step, o.Inclusive
	case *MapObj:
		it.kind, it.m = itMap, o
	case *Coroutine:
		it.kind, it.co = itCoro, o
	case *IterObj:
		return v, nil
	case *Channel:
		it.kind, it.native = itNative, o
	case *StrObj:
		return 0, Errorf(KindTypeError, "cannot iterate over a string; use .chars()")
	case *NativeObj:
		if n, ok := o.Data.(Iterable); ok {
			it.kind, it.native = itNative, n
			break
		}
		return 0, Errorf(KindTypeError, "cannot iterate over %s", vm.TypeName(v))
	default:
		if !v.IsObj() {
			return 0, Errorf(KindTypeError, "cannot iterate over %s", vm.TypeName(v))
		}
		return 0, Errorf(KindTypeError, "cannot iterate over %s", vm.TypeName(v))
	}
	return t.alloc(KIter, it), nil
}

// NewVecIter returns an iterator over a Vec (for `.iter()`).
func (t *Thread) NewVecIter(v Value) Value {
	return t.alloc(KIter, &IterObj{kind: itVec, vec: t.vm.heap.Get(v).(*VecObj), src: v})
}

// iterNext advances an iterator (every kind but the Vec fast path). slot is
// the loop variable's absolute slot, where a resumed coroutine's yield lands.
func (t *Thread) iterNext(co *Coroutine, it *IterObj, slot int) (Value, int, error) {
	switch it.kind {
	case itVec:
		if v, ok := it.vec.Get(it.pos); ok {
			it.pos++
			return v, iterValue, nil
		}
		return 0, iterDone, nil
	case itRange:
		if it.done {
			return 0, iterDone, nil
		}
		if it.cur < it.end || (it.inclusive && it.cur == it.end) {
			v := it.cur
			if it.cur > math.MaxInt64-it.step {
				it.done = true
			} else {
				it.cur += it.step
			}
			return t.Int(v), iterValue, nil
		}
		return 0, iterDone, nil
	case itMap:
		for {
			e, ok := it.m.entryAt(it.pos)
			if !ok {
				return 0, iterDone, nil
			}
			it.pos++
			if !e.deleted {
				return t.NewTuple([]Value{e.key, e.val}), iterValue, nil
			}
		}
	case itCoro:
		t.rtEnter()
		defer t.rtExit()
		target := it.co
		if target.State == CoroComplete || target.State == CoroCancelled {
			return 0, iterDone, nil
		}
		co.resumeSlot = int32(slot)
		if err := t.resume(target, Unit, resumeIter); err != nil {
			return 0, iterError, err
		}
		return 0, iterSwitched, nil
	case itNative:
		t.rtEnter()
		defer t.rtExit()
		v, st, err := it.native.IterNext(t, co, slot)
		if err != nil {
			return 0, iterError, err
		}
		return v, st, nil
	}
	return 0, iterDone, nil
}

// IterNextValue advances an iterator from a native (`it.next()`): it
// returns the value and whether there was one. Coroutine-backed iterators
// cannot be stepped this way.
func (t *Thread) IterNextValue(v Value) (Value, bool, error) {
	it, ok := t.vm.heap.Get(v).(*IterObj)
	if !ok {
		return 0, false, Errorf(KindTypeError, "not an iterator")
	}
	if it.kind == itCoro || it.kind == itNative {
		return 0, false, Errorf(KindTypeError, "next() cannot step a coroutine or channel; use for-in")
	}
	x, st, err := t.iterNext(nil, it, 0)
	if err != nil {
		return 0, false, err
	}
	return x, st == iterValue, nil
}

// forPrep sets up a numeric for loop over an int range: regs are start,
// end, step, loop variable. It reports whether the range is empty. The end
// stays as written (FORLOOP's B operand says whether it is inclusive), so
// a range may end at the largest int.
func (t *Thread) forPrep(r []Value, inclusive bool) (bool, error) {
	vm := t.vm
	start, ok1 := vm.IntOf(r[0])
	end, ok2 := vm.IntOf(r[1])
	step, ok3 := vm.IntOf(r[2])
	if !ok1 || !ok2 || !ok3 {
		return false, Errorf(KindTypeError, "range bounds must be ints, found %s and %s", vm.TypeName(r[0]), vm.TypeName(r[1]))
	}
	if step <= 0 {
		return false, Errorf(KindPanic, "range step must be positive, got %d", step)
	}
	if start > end || (start == end && !inclusive) {
		return true, nil
	}
	r[0], r[1], r[2], r[3] = t.Int(start), t.Int(end), t.Int(step), t.Int(start)
	return false, nil
}

// forLoopSlow is FORLOOP for bounds outside the inline int range.
func (t *Thread) forLoopSlow(r []Value, inclusive bool) bool {
	vm := t.vm
	i, _ := vm.IntOf(r[0])
	end, _ := vm.IntOf(r[1])
	step, _ := vm.IntOf(r[2])
	// The next value is past the end when end - i < step; i <= end, so
	// the difference is exact as an unsigned number (end - step could
	// overflow).
	if uint64(end)-uint64(i) < uint64(step) {
		return false
	}
	n := i + step
	if n == end && !inclusive {
		return false
	}
	r[0] = t.Int(n)
	r[3] = r[0]
	return true
}
