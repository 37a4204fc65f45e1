package vm

// Capability safety of introspection (LANGUAGE.md §8): introspection
// never widens a right. Values that introspection hands to ordinary code
// (the locals of another frame) are sealed: a copy that holds no right
// and shares nothing mutable with the original. A class instance with
// `exposes` becomes a reference holding none of its rights; containers
// and other instances are copied with their contents sealed; a reference
// becomes the value it points to, sealed; anything that is itself an
// authority (a closure, a coroutine, a job, a channel, a mutex, a
// continuation, a cell, an iterator, a native handle) becomes its display
// string. Danger code, the REPL and the debugger see values whole.

// sealDepth bounds how deep sealing copies; deeper values are displayed.
const sealDepth = 32

// CallerIsDanger reports whether the CPrime code that called the running
// native belongs to a danger class (a danger method, or a closure made
// in one). Natives that hand out raw state ask it, however they were
// reached: called by name, or as a value passed around.
func (t *Thread) CallerIsDanger() bool {
	co := t.co
	if co == nil {
		return false
	}
	st := co.stk()
	base := int(co.base)
	if st == nil || base+hdrFn >= len(st) {
		return false
	}
	p := t.vm.protoOf(st[base+hdrFn])
	if p == nil || p.Owner == "" {
		return false
	}
	c := t.vm.classByName[p.Owner]
	return c != nil && c.Danger
}

// Seal returns v as introspection hands it to ordinary code (above).
func (t *Thread) Seal(v Value) Value { return t.seal(v, 0) }

func (t *Thread) seal(v Value, depth int) Value {
	if !v.IsObj() {
		return v
	}
	vm := t.vm
	if depth >= sealDepth {
		return t.NewString(vm.Display(v))
	}
	switch v.Kind() {
	case KString, KBigInt, KRange, KType:
		return v // immutable, and no right
	case KNarrow:
		n := vm.heap.Get(v).(*NarrowObj)
		return t.alloc(KNarrow, &NarrowObj{Target: n.Target, Class: n.Class})
	case KInstance:
		o := vm.heap.Get(v).(*Instance)
		if o.Class.Guarded() {
			return t.alloc(KNarrow, &NarrowObj{Target: v, Class: o.Class})
		}
		return t.NewInstance(o.Class, t.sealAll(o.Fields, depth))
	case KVec:
		o := vm.heap.Get(v).(*VecObj)
		return t.NewVec(t.sealAll(o.Items(), depth))
	case KTuple:
		return t.NewTuple(t.sealAll(vm.heap.Get(v).(*TupleObj).Items, depth))
	case KUnion:
		o := vm.heap.Get(v).(*UnionObj)
		if len(o.Fields) == 0 {
			return v
		}
		return t.NewUnion(o.Variant, t.sealAll(o.Fields, depth)...)
	case KMap:
		var keys, vals []Value
		vm.heap.Get(v).(*MapObj).Each(func(k, x Value) bool {
			keys, vals = append(keys, k), append(vals, x)
			return true
		})
		out, m := t.NewMap()
		for i := range keys {
			if _, _, err := vm.MapInsert(m, t.seal(keys[i], depth+1), t.seal(vals[i], depth+1)); err != nil {
				return t.NewString(vm.Display(v))
			}
		}
		return out
	case KRef:
		x, err := t.deref(v)
		if err != nil {
			return t.NewString(vm.Display(v))
		}
		return t.seal(x, depth+1)
	}
	return t.NewString(vm.Display(v))
}

func (t *Thread) sealAll(items []Value, depth int) []Value {
	out := make([]Value, len(items))
	for i, x := range items {
		out[i] = t.seal(x, depth+1)
	}
	return out
}

// AutoDeref follows v if it is a reference (for natives).
func (t *Thread) AutoDeref(v Value) (Value, error) { return t.autoDeref(v) }
