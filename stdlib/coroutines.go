package stdlib

import (
	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

func installCoroutines(r *reg) {
	r.fn("Coroutine::new", 1, -1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		co, err := t.NewCoroutine(args[0], args[1:], bodyClass(t, args[0]))
		if err != nil {
			return 0, err
		}
		return co.Self, nil
	})
	r.fn("Coroutine::with_class", 2, -1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		vr, _, ok := t.VM().Union(args[0])
		if !ok || vr.Union != t.VM().CoroSizeTag {
			return 0, typeErr("Coroutine::with_class expects a CoroSizeTag, found %s", t.VM().TypeName(args[0]))
		}
		co, err := t.NewCoroutine(args[1], args[2:], vmstack.Class(vr.ID-t.VM().CoroSizeTag.Variants[0].ID))
		if err != nil {
			return 0, err
		}
		return co.Self, nil
	})
	co := func(t *vm.Thread, v vm.Value, fn string) (*vm.Coroutine, error) {
		c, ok := t.VM().CoroutineOf(t.VM().Deref(v))
		if !ok {
			return nil, typeErr("%s called on %s", fn, t.VM().TypeName(v))
		}
		return c, nil
	}
	m := func(name string, min, max int, f vm.NativeFn) {
		r.method(vm.KCoroutine, "Coroutine", name, min, max, f)
	}
	m("resume", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := co(t, args[0], "resume")
		if err != nil {
			return 0, err
		}
		v := vm.Unit
		if len(args) == 2 {
			v = args[1]
		}
		return 0, t.Resume(c, v)
	})
	m("state", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := co(t, args[0], "state")
		if err != nil {
			return 0, err
		}
		return t.VM().CoroStateValue(c.State), nil
	})
	m("is_complete", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := co(t, args[0], "is_complete")
		if err != nil {
			return 0, err
		}
		return vm.Bool(c.State == vm.CoroComplete), nil
	})
	m("close", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := co(t, args[0], "close")
		if err != nil {
			return 0, err
		}
		return t.Close(c)
	})
	m("id", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := co(t, args[0], "id")
		if err != nil {
			return 0, err
		}
		return t.Int(c.ID), nil
	})
	m("size_class", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := co(t, args[0], "size_class")
		if err != nil {
			return 0, err
		}
		return t.VM().CoroSizeTag.Variants[c.Class()].UnitValue(), nil
	})
	m("stack_used", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := co(t, args[0], "stack_used")
		if err != nil {
			return 0, err
		}
		return t.Int(int64(c.StackUsed(t.VM()))), nil
	})
	m("stack_size", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := co(t, args[0], "stack_size")
		if err != nil {
			return 0, err
		}
		return t.Int(int64(c.StackSize())), nil
	})
	// co.metadata() -> CoroMetadata { max_stack_size, is_bounded, call_depth,
	// recursion_detected, size_class }: the compiler's analysis of the body
	// (max_stack_size is 0 when the body is unbounded; size_class is the
	// class the body starts in, after a hint or --pgo)
	metaClass := r.v.NewRecordClass("CoroMetadata", "max_stack_size", "is_bounded", "call_depth", "recursion_detected", "size_class")
	m("metadata", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := co(t, args[0], "metadata")
		if err != nil {
			return 0, err
		}
		p := t.VM().BodyProto(c)
		if p == nil || p.Meta == nil {
			return 0, typeErr("metadata: coroutine #%d's body has no stack analysis", c.ID)
		}
		md := p.Meta
		size := 0
		if md.IsBounded {
			size = md.MaxStackSize
		}
		return t.NewInstance(metaClass, []vm.Value{
			t.Int(int64(size)), vm.Bool(md.IsBounded), t.Int(int64(md.CallDepth)), vm.Bool(md.RecursionDetected),
			t.VM().CoroSizeTag.Variants[md.SizeClass].UnitValue(),
		}), nil
	})
	m("name", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := co(t, args[0], "name")
		if err != nil {
			return 0, err
		}
		return t.NewString(c.Name()), nil
	})
}

// bodyClass is the size class the compiler chose for a coroutine body.
func bodyClass(t *vm.Thread, f vm.Value) vmstack.Class {
	if p := t.VM().ProtoOf(f); p != nil && p.Meta != nil {
		return vmstack.Class(p.Meta.SizeClass)
	}
	return vmstack.Large
}
