package vm

import (
	"strconv"
	"strings"
	"unsafe"
)

// MethodKind returns the kind whose method table serves v: objects by
// their kind (boxed ints as KInt), immediates by pseudo-kind, None as a
// union, functions as closures.
func MethodKind(v Value) Kind {
	switch {
	case v.IsFloat():
		return KFloat
	case v.IsSmallInt():
		return KInt
	case v == True || v == False:
		return KBool
	case v == None:
		return KUnion
	case v == Unit:
		return KUnitV
	case v.IsFunc() || v.IsNative():
		return KClosure
	}
	k := v.Kind()
	switch k {
	case KBigInt:
		return KInt
	case KNarrow:
		return KInstance
	}
	return k
}

// method resolves recv.name through the inline cache of the CALLM at pc.
func (t *Thread) method(fn *Proto, pc int, recv Value, sym Sym) (Value, error) {
	vm := t.vm
	ic := fn.cache(pc)
	var key uintptr
	var cls *Class
	var un *UnionType
	switch {
	case recv.Kind() == KInstance:
		cls = vm.heap.Get(recv).(*Instance).Class
		key = uintptr(unsafe.Pointer(cls))
	case recv.Kind() == KNarrow:
		cls = vm.heap.Get(recv).(*NarrowObj).Class
		key = uintptr(unsafe.Pointer(cls))
	case recv.Kind() == KUnion:
		un = vm.heap.Get(recv).(*UnionObj).Variant.Union
		key = uintptr(unsafe.Pointer(un))
	case recv == None:
		un = vm.Option
		key = uintptr(unsafe.Pointer(un))
	default:
		key = uintptr(MethodKind(recv)) + 1
	}
	if m, ok := ic.cachedMethod(key); ok {
		return m, nil
	}
	m, ok := vm.resolveMethod(recv, cls, un, sym)
	if !ok {
		return 0, t.noMethod(recv, sym)
	}
	ic.storeMethod(key, m)
	return m, nil
}

func (vm *VM) resolveMethod(recv Value, cls *Class, un *UnionType, sym Sym) (Value, bool) {
	if cls != nil {
		if m, ok := cls.Methods[sym]; ok {
			return m, true
		}
		m, ok := vm.anyMethods[sym]
		return m, ok
	}
	if un != nil {
		if m, ok := un.Methods[sym]; ok {
			return m, true
		}
	}
	return vm.KindMethod(MethodKind(recv), sym)
}

// LookupMethod resolves a method without a cache (natives, REPL completion).
func (vm *VM) LookupMethod(recv Value, name string) (Value, bool) {
	sym := vm.Intern(name)
	var cls *Class
	var un *UnionType
	switch {
	case recv.Kind() == KInstance:
		cls = vm.heap.Get(recv).(*Instance).Class
	case recv.Kind() == KNarrow:
		cls = vm.heap.Get(recv).(*NarrowObj).Class
	case recv.Kind() == KUnion:
		un = vm.heap.Get(recv).(*UnionObj).Variant.Union
	case recv == None:
		un = vm.Option
	}
	return vm.resolveMethod(recv, cls, un, sym)
}

func (t *Thread) noMethod(recv Value, sym Sym) error {
	vm := t.vm
	name := vm.SymName(sym)
	if recv.Kind() == KInstance {
		inst := vm.heap.Get(recv).(*Instance)
		if inst.Class.FieldIndex(sym) >= 0 {
			return Errorf(KindTypeError, "%s.%s is a field, not a method", inst.Class.Name, name)
		}
		if !inst.Class.Danger && len(inst.Class.Interfaces) == 0 {
			return Errorf(KindTypeError, "no method `%s` on %s (data classes hold no methods; put functions in a functional class)", name, inst.Class.Name)
		}
	}
	return Errorf(KindTypeError, "no method `%s` on %s", name, vm.TypeName(recv))
}

func (t *Thread) notCallable(v Value) error {
	return Errorf(KindTypeError, "%s is not callable", t.vm.TypeName(v))
}

// arityError reports a call with n arguments to p. For a method the
// receiver is not counted: c.get(5) on get(self) has one argument.
func arityError(p *Proto, n int) error {
	if p.NumParams > 0 && p.paramName(0) == "self" {
		return Errorf(KindTypeError, "%s expects %s besides self, got %d", p.Name, plural(p.NumParams-1, "argument"), n-1)
	}
	return Errorf(KindTypeError, "%s expects %s, got %d", p.Name, plural(p.NumParams, "argument"), n)
}

// nativeArityError reports a call with n arguments to a native; a
// method's ("Vec.push") receiver is not counted.
func nativeArityError(nt *Native, n int) error {
	lo, hi, name := nt.MinArgs, nt.MaxArgs, nt.Name
	if strings.Contains(name, ".") && lo > 0 {
		lo, n = lo-1, n-1
		if hi > 0 {
			hi--
		}
	}
	switch {
	case lo == hi:
		return Errorf(KindTypeError, "%s expects %s, got %d", name, plural(lo, "argument"), n)
	case hi < 0:
		return Errorf(KindTypeError, "%s expects at least %s, got %d", name, plural(lo, "argument"), n)
	}
	return Errorf(KindTypeError, "%s expects %d to %d arguments, got %d", name, lo, hi, n)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return itoa(int64(n)) + " " + what + "s"
}

// paramName is the name of parameter i ("" if the function has no
// local-variable entry for it).
func (p *Proto) paramName(i int) string {
	for _, l := range p.Locals {
		if l.Reg == i && l.Start == 0 {
			return l.Name
		}
	}
	return ""
}

// cachedFieldOf looks up the field the instruction at pc of fn reads or
// writes on recv (an instance or a narrowed reference) in its cache.
func (vm *VM) cachedFieldOf(fn *Proto, pc int, recv Value) (*Instance, int, bool) {
	if fn == nil || pc >= len(fn.icache) {
		return nil, 0, false
	}
	ic := &fn.icache[pc]
	switch recv.Kind() {
	case KInstance:
		inst := vm.heap.get(recv.Handle()).(*Instance)
		if i, ok := ic.cachedField(inst.Class); ok {
			return inst, i, true
		}
	case KNarrow:
		if e := ic.narrowed.Load(); e != nil {
			n := vm.heap.get(recv.Handle()).(*NarrowObj)
			if inst := vm.heap.get(n.Target.Handle()).(*Instance); inst.Class == e.class && n.Mask == e.mask {
				return inst, e.index, true
			}
		}
	}
	return nil, 0, false
}

// cacheField records that the instruction at pc of fn may access field i
// of recv's class (through recv's rights).
func (vm *VM) cacheField(fn *Proto, pc int, recv Value, c *Class, mask uint64, i int) {
	if fn == nil || pc >= len(fn.icache) {
		return
	}
	switch recv.Kind() {
	case KInstance:
		fn.icache[pc].field.Store(fieldKey(c, i))
	case KNarrow:
		fn.icache[pc].narrowed.Store(&narrowedField{class: c, mask: mask, index: i})
	}
}

// getField reads recv.name (slow path: references, narrowed references,
// rights, errors, cache misses).
func (t *Thread) getField(fn *Proto, pc int, recv Value, sym Sym) (Value, error) {
	vm := t.vm
	recv, err := t.autoDeref(recv)
	if err != nil {
		return 0, err
	}
	if inst, i, ok := vm.cachedFieldOf(fn, pc, recv); ok {
		return loadValue(&inst.Fields[i]), nil
	}
	if _, inst, mask, ok := vm.instanceAndRights(recv); ok {
		if err := t.checkFieldAccess(ownerOf(fn), mask, inst, sym, false); err != nil {
			return 0, err
		}
		i := inst.Class.FieldIndex(sym)
		if i < 0 {
			return 0, t.noField(inst.Class, sym)
		}
		vm.cacheField(fn, pc, recv, inst.Class, mask, i)
		return loadValue(&inst.Fields[i]), nil
	}
	switch o := vm.heap.Get(recv).(type) {
	case *ErrorObj:
		switch vm.SymName(sym) {
		case "kind":
			return t.NewString(o.Kind), nil
		case "message":
			return t.NewString(o.Message), nil
		case "suppressed":
			return t.NewVec(append([]Value(nil), o.Suppressed...)), nil
		}
	case *NativeObj:
		if f, ok := o.Data.(interface {
			Field(t *Thread, name string) (Value, bool)
		}); ok {
			if v, ok := f.Field(t, vm.SymName(sym)); ok {
				return v, nil
			}
		}
	}
	if !recv.IsObj() || recv.Kind() == KVec || recv.Kind() == KString || recv.Kind() == KMap {
		if _, ok := vm.LookupMethod(recv, vm.SymName(sym)); ok {
			return 0, Errorf(KindTypeError, "`%s` is a method of %s; call it with ()", vm.SymName(sym), vm.TypeName(recv))
		}
	}
	return 0, Errorf(KindTypeError, "no field `%s` on %s", vm.SymName(sym), vm.TypeName(recv))
}

func ownerOf(fn *Proto) string {
	if fn == nil {
		return ""
	}
	return fn.Owner
}

func (t *Thread) noField(c *Class, sym Sym) error {
	name := t.vm.SymName(sym)
	if _, ok := c.Methods[sym]; ok {
		return Errorf(KindTypeError, "%s.%s is a method; call it with ()", c.Name, name)
	}
	return Errorf(KindTypeError, "%s has no field `%s`", c.Name, name)
}

// setField writes recv.name = v.
func (t *Thread) setField(fn *Proto, pc int, recv Value, sym Sym, v Value) error {
	vm := t.vm
	target, err := t.autoDeref(recv)
	if err != nil {
		return err
	}
	if inst, i, ok := vm.cachedFieldOf(fn, pc, target); ok {
		storeValue(&inst.Fields[i], v)
		return nil
	}
	_, o, mask, ok := vm.instanceAndRights(target)
	if !ok {
		return Errorf(KindTypeError, "cannot assign to field `%s` of %s", vm.SymName(sym), vm.TypeName(target))
	}
	if err := t.checkFieldAccess(ownerOf(fn), mask, o, sym, true); err != nil {
		return err
	}
	i := o.Class.FieldIndex(sym)
	if i < 0 {
		return t.noField(o.Class, sym)
	}
	vm.cacheField(fn, pc, target, o.Class, mask, i)
	storeValue(&o.Fields[i], v)
	return nil
}

// getIndex reads x[i].
func (t *Thread) getIndex(x, i Value) (Value, error) {
	vm := t.vm
	x, err := t.autoDeref(x)
	if err != nil {
		return 0, err
	}
	switch o := vm.heap.Get(x).(type) {
	case *VecObj:
		n, err := t.indexOf(i, o.Len())
		if err != nil {
			return 0, err
		}
		if v, ok := o.Get(n); ok {
			return v, nil
		}
		_, err = t.indexOf(i, o.Len()) // it shrank meanwhile (a race)
		return 0, err
	case *MapObj:
		v, ok, err := vm.MapGet(o, i)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, Errorf(KindKeyError, "key %s not found in Map", vm.Repr(i))
		}
		return v, nil
	case *TupleObj:
		n, err := t.indexOf(i, len(o.Items))
		if err != nil {
			return 0, err
		}
		return o.Items[n], nil
	case *StrObj:
		return 0, Errorf(KindTypeError, "cannot index a string; use .chars()")
	}
	return 0, Errorf(KindTypeError, "cannot index a value of type %s", vm.TypeName(x))
}

// indexOf checks an index against a length.
func (t *Thread) indexOf(i Value, n int) (int, error) {
	idx, ok := t.vm.IntOf(i)
	if !ok {
		return 0, Errorf(KindTypeError, "index must be an int, found %s", t.vm.TypeName(i))
	}
	if idx < 0 || idx >= int64(n) {
		return 0, Errorf(KindIndexOutOfBounds, "index out of bounds: the len is %d but the index is %d", n, idx)
	}
	return int(idx), nil
}

// setIndex writes x[i] = v.
func (t *Thread) setIndex(x, i, v Value) error {
	vm := t.vm
	x, err := t.autoDeref(x)
	if err != nil {
		return err
	}
	switch o := vm.heap.Get(x).(type) {
	case *VecObj:
		n, err := t.indexOf(i, o.Len())
		if err != nil {
			return err
		}
		if !o.Set(n, v) {
			_, err = t.indexOf(i, o.Len()) // it shrank meanwhile (a race)
		}
		return err
	case *MapObj:
		_, _, err := vm.MapInsert(o, i, v)
		return err
	case *StrObj:
		return Errorf(KindTypeError, "cannot index a string; strings are immutable")
	}
	return Errorf(KindTypeError, "cannot index a value of type %s", vm.TypeName(x))
}

// tupleField reads t.N.
func (t *Thread) tupleField(x Value, n int) (Value, error) {
	x, err := t.autoDeref(x)
	if err != nil {
		return 0, err
	}
	switch o := t.vm.heap.Get(x).(type) {
	case *TupleObj:
		if n < len(o.Items) {
			return o.Items[n], nil
		}
		return 0, Errorf(KindIndexOutOfBounds, "tuple index %d out of range for a tuple of %d elements", n, len(o.Items))
	case *UnionObj:
		if n < len(o.Fields) {
			return o.Fields[n], nil
		}
	}
	return 0, Errorf(KindTypeError, "no field `%d` on %s", n, t.vm.TypeName(x))
}

// concat builds an interpolated string.
func (t *Thread) concat(parts []Value) Value {
	// display every part first (strings as they are, without a copy),
	// then copy each once into a buffer of the final size
	var small [8]string
	strs := small[:0]
	n := 0
	for _, p := range parts {
		var s string
		switch {
		case p.Kind() == KString:
			s = t.vm.heap.get(p.Handle()).(*StrObj).S
		case p.IsSmallInt():
			s = strconv.FormatInt(p.Int(), 10)
		default:
			s = t.vm.Display(p)
		}
		strs = append(strs, s)
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range strs {
		b.WriteString(s)
	}
	return t.NewString(b.String())
}

// addN is a + b + c + ...: left to right, as the pairs would be; once the
// running value is a string, every later operand is appended to it, so
// the rest is one concatenation (one copy) instead of one per operand.
func (t *Thread) addN(parts []Value) (Value, error) {
	acc := parts[0]
	for i := 1; i < len(parts); i++ {
		if acc.Kind() == KString {
			rest := make([]Value, 0, len(parts)-i+1)
			rest = append(append(rest, acc), parts[i:]...)
			return t.concat(rest), nil
		}
		var err error
		if acc, err = t.arith(OpAdd, acc, parts[i]); err != nil {
			return 0, err
		}
	}
	return acc, nil
}

// makeRange builds a..b / a..=b.
func (t *Thread) makeRange(a, b Value, inclusive bool) (Value, error) {
	x, ok1 := t.vm.IntOf(a)
	y, ok2 := t.vm.IntOf(b)
	if !ok1 || !ok2 {
		return 0, Errorf(KindTypeError, "range bounds must be ints, found %s and %s", t.vm.TypeName(a), t.vm.TypeName(b))
	}
	return t.NewRange(x, y, 1, inclusive), nil
}

// typeIs implements x.is::<T>().
func (t *Thread) typeIs(x, typ Value) bool {
	vm := t.vm
	x, err := t.autoDeref(x)
	if err != nil {
		return false
	}
	to, ok := vm.heap.Get(typ).(*TypeObj)
	if !ok {
		return false
	}
	if x.Kind() == KNarrow {
		x = vm.heap.Get(x).(*NarrowObj).Target
	}
	switch {
	case to.Iface != nil:
		if x.Kind() == KInstance {
			return vm.heap.Get(x).(*Instance).Class.Interfaces[to.Iface]
		}
		return vm.kindImplements(MethodKind(x), to.Iface)
	case to.Class != nil:
		return x.Kind() == KInstance && vm.heap.Get(x).(*Instance).Class == to.Class
	case to.Union != nil:
		if x == None {
			return to.Union == vm.Option
		}
		return x.Kind() == KUnion && vm.heap.Get(x).(*UnionObj).Variant.Union == to.Union
	}
	return vm.TypeName(x) == to.Name
}
