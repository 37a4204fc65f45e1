package stdlib

import (
	"github.com/cprime-lang/cprime/vm"
)

func installRights(r *reg) {
	any := func(name string, min, max int, f vm.NativeFn) { r.method(vm.KNone, "any", name, min, max, f) }
	// x.cast::<Ops>(): Some(x with Ops) when x holds Ops, else None
	any("cast", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		name, err := argStr(t, "cast", args, 1)
		if err != nil {
			return 0, err
		}
		if !t.VM().HasRight(args[0], name) {
			return vm.None, nil
		}
		n, err := t.Narrow(args[0], name)
		if err != nil {
			return 0, err
		}
		return t.Some(n), nil
	})
	any("has_capability", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		name, err := argStr(t, "has_capability", args, 1)
		if err != nil {
			return 0, err
		}
		return vm.Bool(t.VM().HasRight(args[0], name)), nil
	})
	// x.dynamic_cast(): a view of x to match on its rights (Some(AuditOps(a)))
	any("dynamic_cast", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if _, ok := t.VM().Instance(args[0]); !ok {
			return vm.None, nil
		}
		return t.Some(t.VM().Deref(args[0])), nil
	})
	r.fn("__has_right", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		name, _ := t.VM().Str(args[1])
		return vm.Bool(t.VM().HasRight(args[0], name)), nil
	})
	r.fn("__require_right", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		name, _ := t.VM().Str(args[1])
		return vm.Unit, t.VM().RequireRight(args[0], name)
	})
	// unsafe_stack_slots(co): the raw words of a coroutine's stack, for
	// teaching stack layout (danger classes only: the compiler checks names,
	// the native its caller). It reads another coroutine's stack, which a
	// parallel thread may be running, growing or migrating: it stops the
	// world while it reads, as frames() does (so it is Pure: a thread
	// stopping the world must not hold the runtime lock).
	pure := r.pure
	r.pure = true
	defer func() { r.pure = pure }()
	r.fn("unsafe_stack_slots", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if !t.CallerIsDanger() {
			return 0, vm.Errorf(vm.KindAccessDenied, "unsafe_stack_slots may only be called from a danger class")
		}
		co, ok := t.VM().CoroutineOf(t.VM().Deref(args[0]))
		if !ok {
			return 0, typeErr("unsafe_stack_slots expects a Coroutine, found %s", t.VM().TypeName(args[0]))
		}
		var words []uint64
		t.StopTheWorld(func() { words = co.StackWords(t.VM()) })
		items := make([]vm.Value, len(words))
		for i, w := range words {
			items[i] = t.Int(int64(w))
		}
		return t.NewVec(items), nil
	})
}
