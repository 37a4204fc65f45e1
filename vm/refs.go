package vm

// RefObj is a reference `&x` / `&mut x`. A reference to a local names the
// coroutine, the slot and the generation of the frame that owns it, so it
// stays valid when the coroutine suspends or its stack migrates, and it
// is detected as dangling once that frame has returned (its frame mark is
// cleared or replaced).
type RefObj struct {
	kind      uint8
	Co        *Coroutine
	FrameBase int
	Slot      int
	Gen       Value
	Cell      Value
	Global    int
	Mut       bool
	// Scoped marks a reference to a block-scoped variable (held in a
	// cell): it dangles once the variable's scope has ended.
	Scoped bool
}

const (
	refSlot uint8 = iota
	refCell
	refGlobal
)

func (o *RefObj) trace(m *marker) {
	if o.Co != nil {
		m.mark(o.Co.Self)
	}
	m.mark(o.Cell)
}

func errDangling() error {
	return Errorf(KindDanglingReference, "reference to a variable whose frame has returned")
}

func errScopeEnded() error {
	return Errorf(KindDanglingReference, "reference to a variable whose scope has ended")
}

// endScope ends the block-scoped variable in cell v (ENDSCOPE). The
// compiler keeps a block-scoped variable that has its address taken in a
// cell of its own, so a reference that outlives the block can never
// alias the register a later variable reuses; ending the cell makes the
// reference report that it dangles.
func endScope(heap *Heap, v Value) {
	if v.Kind() == KCell {
		heap.get(v.Handle()).(*Cell).Ended = true
	}
}

// readRef reads the variable a reference points to.
func (vm *VM) readRef(o *RefObj) (Value, error) {
	switch o.kind {
	case refCell:
		c := vm.heap.Get(o.Cell).(*Cell)
		if o.Scoped && c.Ended {
			return 0, errScopeEnded()
		}
		return loadValue(&c.V), nil
	case refGlobal:
		return loadValue(&vm.Globals[o.Global]), nil
	}
	locked := o.Co.lockStack()
	defer o.Co.unlockStack(locked)
	st := o.Co.stk()
	if st == nil || o.FrameBase+hdrGen >= len(st) || st[o.FrameBase+hdrGen] != o.Gen {
		return 0, errDangling()
	}
	return st[o.Slot], nil
}

// deref follows references (a reference to a reference too) to a value.
func (t *Thread) deref(v Value) (Value, error) {
	if v.Kind() != KRef {
		return 0, Errorf(KindTypeError, "cannot dereference a value of type %s", t.vm.TypeName(v))
	}
	for i := 0; v.Kind() == KRef && i < 64; i++ {
		var err error
		if v, err = t.vm.readRef(t.vm.heap.Get(v).(*RefObj)); err != nil {
			return 0, err
		}
	}
	return v, nil
}

// autoDeref follows references if v is one (field access, indexing and
// method calls see through references).
func (t *Thread) autoDeref(v Value) (Value, error) {
	if v.Kind() != KRef {
		return v, nil
	}
	return t.deref(v)
}

// setRef writes through a &mut reference.
func (t *Thread) setRef(r, v Value) error {
	if r.Kind() != KRef {
		return Errorf(KindTypeError, "cannot assign through a value of type %s; it is not a reference", t.vm.TypeName(r))
	}
	o := t.vm.heap.Get(r).(*RefObj)
	if !o.Mut {
		return Errorf(KindTypeError, "cannot assign through a `&` reference; take it with `&mut`")
	}
	switch o.kind {
	case refCell:
		c := t.vm.heap.Get(o.Cell).(*Cell)
		if o.Scoped && c.Ended {
			return errScopeEnded()
		}
		storeValue(&c.V, v)
		return nil
	case refGlobal:
		storeValue(&t.vm.Globals[o.Global], v)
		return nil
	}
	locked := o.Co.lockStack()
	defer o.Co.unlockStack(locked)
	st := o.Co.stk()
	if st == nil || o.FrameBase+hdrGen >= len(st) || st[o.FrameBase+hdrGen] != o.Gen {
		return errDangling()
	}
	st[o.Slot] = v
	return nil
}

// derefLocal reads through a reference to a live local or a cell, the
// references the interpreter follows on its fast path; false for anything
// else (a dangling reference: the slow path reports it).
func (vm *VM) derefLocal(r Value) (Value, bool) {
	o := vm.heap.get(r.Handle()).(*RefObj)
	switch o.kind {
	case refSlot:
		locked := o.Co.lockStack()
		st := o.Co.stk()
		if o.FrameBase+hdrGen >= len(st) || st[o.FrameBase+hdrGen] != o.Gen {
			o.Co.unlockStack(locked)
			return 0, false
		}
		v := st[o.Slot]
		o.Co.unlockStack(locked)
		return v, true
	case refCell:
		c := vm.heap.get(o.Cell.Handle()).(*Cell)
		return loadValue(&c.V), !(o.Scoped && c.Ended)
	}
	return 0, false
}

// RefTarget says where a reference to a local points: the coroutine and
// the stack slot of the variable; false for any other value, a reference
// to a captured variable or a global, or a dangling one.
func (vm *VM) RefTarget(v Value) (co *Coroutine, slot int, mut, ok bool) {
	if v.Kind() != KRef || !v.IsObj() || vm.heap.get(v.Handle()) == nil {
		return nil, 0, false, false
	}
	o, isRef := vm.heap.get(v.Handle()).(*RefObj)
	if !isRef || o.kind != refSlot || o.Co == nil {
		return nil, 0, false, false
	}
	st := o.Co.stk()
	if st == nil || o.FrameBase+hdrGen >= len(st) || st[o.FrameBase+hdrGen] != o.Gen {
		return nil, 0, false, false
	}
	return o.Co, o.Slot, o.Mut, true
}
