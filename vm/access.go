package vm

// Accessors for natives: each returns the object behind a value (seeing
// through references) and whether it is of that type.

func (vm *VM) target(v Value) Value {
	for i := 0; v.Kind() == KRef && i < 64; i++ {
		t, err := vm.readRef(vm.heap.Get(v).(*RefObj))
		if err != nil {
			return v
		}
		v = t
	}
	return v
}

// Str returns a string's text.
func (vm *VM) Str(v Value) (string, bool) {
	v = vm.target(v)
	if v.Kind() != KString {
		return "", false
	}
	return vm.heap.Get(v).(*StrObj).S, true
}

// Vec returns a vector.
func (vm *VM) Vec(v Value) (*VecObj, bool) {
	v = vm.target(v)
	if v.Kind() != KVec {
		return nil, false
	}
	return vm.heap.Get(v).(*VecObj), true
}

// Map returns a map.
func (vm *VM) Map(v Value) (*MapObj, bool) {
	v = vm.target(v)
	if v.Kind() != KMap {
		return nil, false
	}
	return vm.heap.Get(v).(*MapObj), true
}

// Tuple returns a tuple's items.
func (vm *VM) Tuple(v Value) ([]Value, bool) {
	v = vm.target(v)
	if v.Kind() != KTuple {
		return nil, false
	}
	return vm.heap.Get(v).(*TupleObj).Items, true
}

// Union returns a union value's variant and fields (None included).
func (vm *VM) Union(v Value) (*Variant, []Value, bool) {
	v = vm.target(v)
	if v == None {
		return vm.Option.Variants[1], nil, true
	}
	if v.Kind() != KUnion {
		return nil, nil, false
	}
	o := vm.heap.Get(v).(*UnionObj)
	return o.Variant, o.Fields, true
}

// Range returns a range.
func (vm *VM) Range(v Value) (*RangeObj, bool) {
	v = vm.target(v)
	if v.Kind() != KRange {
		return nil, false
	}
	return vm.heap.Get(v).(*RangeObj), true
}

// Instance returns a class instance (through a narrowed reference too).
func (vm *VM) Instance(v Value) (*Instance, bool) {
	_, inst, _, ok := vm.instanceAndRights(v)
	return inst, ok
}

// Native returns a NativeObj.
func (vm *VM) Native(v Value) (*NativeObj, bool) {
	v = vm.target(v)
	if v.Kind() != KNative {
		return nil, false
	}
	return vm.heap.Get(v).(*NativeObj), true
}

// Deref follows references to the value they point at.
func (vm *VM) Deref(v Value) Value { return vm.target(v) }

// ProtoOf returns the compiled function behind a function value, or nil.
func (vm *VM) ProtoOf(v Value) *Proto { return vm.protoOf(v) }

// Sched returns the running coroutine's scheduler clock in ms.
func (vm *VM) Now() int64 { return vm.sched.Now() }
