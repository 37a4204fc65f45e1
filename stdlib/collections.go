package stdlib

import (
	"math"
	"sort"
	"strings"

	"github.com/cprime-lang/cprime/vm"
)

func installCollections(r *reg) {
	installVec(r)
	installMap(r)
	installRange(r)
	installOption(r)
}

func installVec(r *reg) {
	r.fn("Vec::new", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.NewVec(nil), nil
	})
	r.fn("Vec::with_capacity", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		n, err := argInt(t, "Vec::with_capacity", args, 0)
		if err != nil {
			return 0, err
		}
		if n < 0 || n > 1<<30 {
			n = 0
		}
		return t.NewVec(make([]vm.Value, 0, n)), nil
	})
	m := func(name string, min, max int, f vm.NativeFn) { r.method(vm.KVec, "Vec", name, min, max, f) }
	m("push", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "push", args)
		if err != nil {
			return 0, err
		}
		o.Push(args[1])
		return vm.Unit, nil
	})
	m("pop", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "pop", args)
		if err != nil {
			return 0, err
		}
		v, ok := o.Pop()
		return option(t, v, ok), nil
	})
	m("len", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "len", args)
		if err != nil {
			return 0, err
		}
		return vm.SmallInt(int64(o.Len())), nil
	})
	m("is_empty", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "is_empty", args)
		if err != nil {
			return 0, err
		}
		return vm.Bool(o.Len() == 0), nil
	})
	m("get", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "get", args)
		if err != nil {
			return 0, err
		}
		i, err := argInt(t, "get", args, 1)
		if err != nil {
			return 0, err
		}
		if i < 0 || i > 1<<47 {
			return vm.None, nil
		}
		v, ok := o.Get(int(i))
		return option(t, v, ok), nil
	})
	m("first", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "first", args)
		if err != nil {
			return 0, err
		}
		v, ok := o.Get(0)
		return option(t, v, ok), nil
	})
	m("last", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "last", args)
		if err != nil {
			return 0, err
		}
		var v vm.Value
		ok := false
		o.Update(func(items []vm.Value) []vm.Value {
			if len(items) > 0 {
				v, ok = items[len(items)-1], true
			}
			return items
		})
		return option(t, v, ok), nil
	})
	m("insert", 3, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "insert", args)
		if err != nil {
			return 0, err
		}
		i, err := argInt(t, "insert", args, 1)
		if err != nil {
			return 0, err
		}
		if i < 0 || i > 1<<47 || !o.Insert(int(i), args[2]) {
			return 0, errf(vm.KindIndexOutOfBounds, "insertion index (is %d) should be <= len (is %d)", i, o.Len())
		}
		return vm.Unit, nil
	})
	m("remove", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "remove", args)
		if err != nil {
			return 0, err
		}
		i, err := argInt(t, "remove", args, 1)
		if err != nil {
			return 0, err
		}
		if i >= 0 && i <= 1<<47 {
			if v, ok := o.Remove(int(i)); ok {
				return v, nil
			}
		}
		return 0, errf(vm.KindIndexOutOfBounds, "index out of bounds: the len is %d but the index is %d", o.Len(), i)
	})
	m("contains", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "contains", args)
		if err != nil {
			return 0, err
		}
		for _, x := range o.Items() {
			if t.VM().Equal(x, args[1]) {
				return vm.True, nil
			}
		}
		return vm.False, nil
	})
	m("index_of", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "index_of", args)
		if err != nil {
			return 0, err
		}
		for i, x := range o.Items() {
			if t.VM().Equal(x, args[1]) {
				return t.Some(vm.SmallInt(int64(i))), nil
			}
		}
		return vm.None, nil
	})
	m("iter", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if _, err := recvVec(t, "iter", args); err != nil {
			return 0, err
		}
		return t.NewVecIter(t.VM().Deref(args[0])), nil
	})
	m("clear", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "clear", args)
		if err != nil {
			return 0, err
		}
		o.Clear()
		return vm.Unit, nil
	})
	m("extend", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "extend", args)
		if err != nil {
			return 0, err
		}
		other, ok := t.VM().Vec(args[1])
		if !ok {
			return 0, typeErr("extend expects a Vec, found %s", t.VM().TypeName(args[1]))
		}
		// a copy first: v.extend(v) must not read what it appends
		o.Append(append([]vm.Value(nil), other.Items()...))
		return vm.Unit, nil
	})
	m("slice", 3, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "slice", args)
		if err != nil {
			return 0, err
		}
		a, err := argInt(t, "slice", args, 1)
		if err != nil {
			return 0, err
		}
		b, err := argInt(t, "slice", args, 2)
		if err != nil {
			return 0, err
		}
		items := o.Items()
		if a < 0 || b > int64(len(items)) || a > b {
			return 0, errf(vm.KindIndexOutOfBounds, "slice %d..%d out of range for a Vec of length %d", a, b, len(items))
		}
		return t.NewVec(append([]vm.Value(nil), items[a:b]...)), nil
	})
	m("reverse", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "reverse", args)
		if err != nil {
			return 0, err
		}
		o.Update(func(items []vm.Value) []vm.Value {
			for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
				items[i], items[j] = items[j], items[i]
			}
			return items
		})
		return vm.Unit, nil
	})
	m("sort", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "sort", args)
		if err != nil {
			return 0, err
		}
		var cmpErr error
		v := t.VM()
		// Compare only reads numbers and strings (immutable), so it may run
		// under the vector's lock.
		o.Update(func(items []vm.Value) []vm.Value {
			sort.SliceStable(items, func(i, j int) bool {
				c, err := v.Compare(items[i], items[j])
				if err != nil && cmpErr == nil {
					cmpErr = err
				}
				return c == -1
			})
			return items
		})
		if cmpErr != nil {
			return 0, cmpErr
		}
		return vm.Unit, nil
	})
	m("join", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "join", args)
		if err != nil {
			return 0, err
		}
		sep, err := argStr(t, "join", args, 1)
		if err != nil {
			return 0, err
		}
		items := o.Items()
		parts := make([]string, len(items))
		for i, x := range items {
			parts[i] = t.VM().Display(x)
		}
		return t.NewString(strings.Join(parts, sep)), nil
	})
	m("sum", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvVec(t, "sum", args)
		if err != nil {
			return 0, err
		}
		acc := vm.SmallInt(0)
		for _, x := range o.Items() {
			acc, err = t.Add(acc, x)
			if err != nil {
				return 0, err
			}
		}
		return acc, nil
	})
}

func installMap(r *reg) {
	r.fn("Map::new", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		v, _ := t.NewMap()
		return v, nil
	})
	m := func(name string, min, max int, f vm.NativeFn) { r.method(vm.KMap, "Map", name, min, max, f) }
	m("insert", 3, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvMap(t, "insert", args)
		if err != nil {
			return 0, err
		}
		old, had, err := t.VM().MapInsert(o, args[1], args[2])
		if err != nil {
			return 0, err
		}
		return option(t, old, had), nil
	})
	m("get", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvMap(t, "get", args)
		if err != nil {
			return 0, err
		}
		v, ok, err := t.VM().MapGet(o, args[1])
		if err != nil {
			return 0, err
		}
		return option(t, v, ok), nil
	})
	m("remove", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvMap(t, "remove", args)
		if err != nil {
			return 0, err
		}
		v, ok, err := t.VM().MapRemove(o, args[1])
		if err != nil {
			return 0, err
		}
		return option(t, v, ok), nil
	})
	m("contains_key", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvMap(t, "contains_key", args)
		if err != nil {
			return 0, err
		}
		_, ok, err := t.VM().MapGet(o, args[1])
		if err != nil {
			return 0, err
		}
		return vm.Bool(ok), nil
	})
	m("keys", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvMap(t, "keys", args)
		if err != nil {
			return 0, err
		}
		items := make([]vm.Value, 0, o.Len())
		o.Each(func(k, _ vm.Value) bool { items = append(items, k); return true })
		return t.NewVec(items), nil
	})
	m("values", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvMap(t, "values", args)
		if err != nil {
			return 0, err
		}
		items := make([]vm.Value, 0, o.Len())
		o.Each(func(_, v vm.Value) bool { items = append(items, v); return true })
		return t.NewVec(items), nil
	})
	m("len", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvMap(t, "len", args)
		if err != nil {
			return 0, err
		}
		return vm.SmallInt(int64(o.Len())), nil
	})
	m("is_empty", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, err := recvMap(t, "is_empty", args)
		if err != nil {
			return 0, err
		}
		return vm.Bool(o.Len() == 0), nil
	})
}

func installRange(r *reg) {
	m := func(name string, min, max int, f vm.NativeFn) { r.method(vm.KRange, "range", name, min, max, f) }
	m("step", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, _ := t.VM().Range(args[0])
		k, err := argInt(t, "step", args, 1)
		if err != nil {
			return 0, err
		}
		if k <= 0 {
			return 0, errf(vm.KindPanic, "range step must be positive, got %d", k)
		}
		step, ok := mulInt(o.Step, k)
		if !ok {
			return 0, errf(vm.KindIntegerOverflow, "integer overflow: range step %d * %d", o.Step, k)
		}
		return t.NewRange(o.Start, o.End, step, o.Inclusive), nil
	})
	m("contains", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, _ := t.VM().Range(args[0])
		x, ok := t.VM().IntOf(args[1])
		if !ok {
			return vm.False, nil
		}
		// differences as unsigned numbers: exact for x >= Start
		in := x >= o.Start && (x < o.End || (o.Inclusive && x == o.End)) && (uint64(x)-uint64(o.Start))%uint64(o.Step) == 0
		return vm.Bool(in), nil
	})
	m("len", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o, _ := t.VM().Range(args[0])
		if o.End < o.Start || (o.End == o.Start && !o.Inclusive) {
			return vm.SmallInt(0), nil
		}
		// the last value's distance from the start, unsigned: exact
		span := uint64(o.End) - uint64(o.Start)
		if !o.Inclusive {
			span--
		}
		n := span/uint64(o.Step) + 1
		if n > math.MaxInt64 || n == 0 {
			return 0, errf(vm.KindIntegerOverflow, "integer overflow: the range has %d values or more", uint64(math.MaxInt64)+1)
		}
		return t.Int(int64(n)), nil
	})
	r.method(vm.KIter, "iterator", "next", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		v, ok, err := t.IterNextValue(args[0])
		if err != nil {
			return 0, err
		}
		return option(t, v, ok), nil
	})
	r.method(vm.KTuple, "tuple", "len", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		items, _ := t.VM().Tuple(args[0])
		return vm.SmallInt(int64(len(items))), nil
	})
}

func installOption(r *reg) {
	m := func(name string, f vm.NativeFn) { r.method(vm.KUnion, "union", name, 1, 1, f) }
	variant := func(t *vm.Thread, v vm.Value) (*vm.Variant, []vm.Value) {
		vr, fields, _ := t.VM().Union(v)
		return vr, fields
	}
	m("is_some", func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		vr, _ := variant(t, args[0])
		return vm.Bool(vr == t.VM().SomeV), nil
	})
	m("is_none", func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Bool(t.VM().Deref(args[0]) == vm.None), nil
	})
	m("is_ok", func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		vr, _ := variant(t, args[0])
		return vm.Bool(vr == t.VM().OkV), nil
	})
	m("is_err", func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		vr, _ := variant(t, args[0])
		return vm.Bool(vr == t.VM().ErrV), nil
	})
	m("unwrap", func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		vr, fields := variant(t, args[0])
		switch vr {
		case t.VM().SomeV, t.VM().OkV:
			return fields[0], nil
		case t.VM().ErrV:
			return 0, errf(vm.KindPanic, "called unwrap() on Err(%s)", t.VM().Repr(fields[0]))
		}
		return 0, errf(vm.KindPanic, "called unwrap() on %s", t.VM().Repr(args[0]))
	})
	m("unwrap_err", func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		vr, fields := variant(t, args[0])
		if vr == t.VM().ErrV {
			return fields[0], nil
		}
		return 0, errf(vm.KindPanic, "called unwrap_err() on %s", t.VM().Repr(args[0]))
	})
	r.method(vm.KUnion, "union", "unwrap_or", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		vr, fields := variant(t, args[0])
		if vr == t.VM().SomeV || vr == t.VM().OkV {
			return fields[0], nil
		}
		return args[1], nil
	})
	r.method(vm.KUnion, "union", "expect", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		vr, fields := variant(t, args[0])
		if vr == t.VM().SomeV || vr == t.VM().OkV {
			return fields[0], nil
		}
		return 0, errf(vm.KindPanic, "%s", t.VM().Display(args[1]))
	})
	r.method(vm.KUnion, "union", "try_as", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		vr, fields := variant(t, args[0])
		name, err := argStr(t, "try_as", args, 1)
		if err != nil {
			return 0, err
		}
		if vr == nil || vr.Name != name {
			return vm.None, nil
		}
		switch len(fields) {
		case 0:
			return t.Some(vm.Unit), nil
		case 1:
			return t.Some(fields[0]), nil
		}
		return t.Some(t.NewTuple(append([]vm.Value(nil), fields...))), nil
	})
}
