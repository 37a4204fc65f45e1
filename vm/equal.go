package vm

// Equal is `==`: structural for numbers (1 == 1.0), strings, tuples, Vec,
// Map (ignoring insertion order), unions and data-class instances;
// identity for runtime objects, closures and danger-class instances.
func (vm *VM) Equal(x, y Value) bool { return vm.equal(x, y, 0) }

const maxEqualDepth = 256

func (vm *VM) equal(x, y Value, depth int) bool {
	if x == y {
		return !(x.IsFloat() && x.Float() != x.Float()) // NaN != NaN
	}
	if depth > maxEqualDepth {
		return false
	}
	if x.IsFloat() || y.IsFloat() || x.IsSmallInt() || y.IsSmallInt() {
		a, ok1 := vm.NumberOf(x)
		b, ok2 := vm.NumberOf(y)
		if ok1 && ok2 {
			if vm.IsInt(x) && vm.IsInt(y) {
				i, _ := vm.IntOf(x)
				j, _ := vm.IntOf(y)
				return i == j
			}
			return a == b
		}
		return false
	}
	if x.Kind() == KNarrow {
		return vm.equal(vm.heap.Get(x).(*NarrowObj).Target, y, depth+1)
	}
	if y.Kind() == KNarrow {
		return vm.equal(x, vm.heap.Get(y).(*NarrowObj).Target, depth+1)
	}
	if x.Kind() == KRef {
		if t, err := vm.readRef(vm.heap.Get(x).(*RefObj)); err == nil {
			return vm.equal(t, y, depth+1)
		}
		return false
	}
	if y.Kind() == KRef {
		if t, err := vm.readRef(vm.heap.Get(y).(*RefObj)); err == nil {
			return vm.equal(x, t, depth+1)
		}
		return false
	}
	if !x.IsObj() || !y.IsObj() || x.Kind() != y.Kind() {
		return false
	}
	if x.Kind() == KCoroutine { // a view (CoroView) is its coroutine
		c1, _ := vm.CoroutineOf(x)
		c2, _ := vm.CoroutineOf(y)
		return c1 == c2
	}
	a, b := vm.heap.Get(x), vm.heap.Get(y)
	switch a := a.(type) {
	case *StrObj:
		return a.S == b.(*StrObj).S
	case *BigIntObj:
		return a.I == b.(*BigIntObj).I
	case *VecObj:
		return vm.equalSlices(a.Items(), b.(*VecObj).Items(), depth)
	case *TupleObj:
		return vm.equalSlices(a.Items, b.(*TupleObj).Items, depth)
	case *UnionObj:
		bo := b.(*UnionObj)
		return a.Variant == bo.Variant && vm.equalSlices(a.Fields, bo.Fields, depth)
	case *Instance:
		bo := b.(*Instance)
		if a.Class != bo.Class || a.Class.Danger {
			return false
		}
		return vm.equalSlices(a.Fields, bo.Fields, depth)
	case *MapObj:
		bo := b.(*MapObj)
		if a.Len() != bo.Len() {
			return false
		}
		eq := true
		a.Each(func(k, v Value) bool {
			w, ok, err := vm.MapGet(bo, k)
			if err != nil || !ok || !vm.equal(v, w, depth+1) {
				eq = false
			}
			return eq
		})
		return eq
	case *RangeObj:
		return *a == *b.(*RangeObj)
	}
	return false
}

func (vm *VM) equalSlices(a, b []Value, depth int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !vm.equal(a[i], b[i], depth+1) {
			return false
		}
	}
	return true
}
