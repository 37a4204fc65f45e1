package stdlib

import (
	"github.com/cprime-lang/cprime/vm"
)

func installConcurrency(r *reg) {
	r.fn("__spawn", 1, -1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := t.Launch(args[0], args[1:], vm.LaunchOptions{Deferred: true, Class: bodyClass(t, args[0])})
		if err != nil {
			return 0, err
		}
		return j.Self, nil
	})
	r.async("__await", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, ok := t.VM().JobOf(t.VM().Deref(args[0]))
		if !ok {
			return 0, typeErr("co_await expects a Deferred, a Job or an async call, found %s", t.VM().TypeName(args[0]))
		}
		return t.Join(j, j.Deferred)
	})
	r.async("delay", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ms, err := argInt(t, "delay", args, 0)
		if err != nil {
			return 0, err
		}
		if err := t.Delay(ms); err != nil {
			return 0, err
		}
		return vm.Unit, nil
	})
	r.async("yield_now", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return 0, t.YieldNow()
	})
	r.fn("__scope_enter", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.ScopeEnter(args[0] == vm.True).Self, nil
	})
	r.async("__scope_exit", 3, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, ok := t.VM().JobOf(args[0])
		if !ok {
			return 0, typeErr("__scope_exit expects a scope")
		}
		return t.ScopeExit(j, args[1], args[2])
	})
	r.fn("current_job", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if j := t.CurrentJob(); j != nil {
			return j.Self, nil
		}
		return vm.None, nil
	})
	r.fn("ensure_active", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Unit, t.CancellationCheck()
	})
	r.fn("is_active", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Bool(t.CancellationCheck() == nil), nil
	})
	installJob(r)
}

func installJob(r *reg) {
	job := func(t *vm.Thread, v vm.Value, fn string) (*vm.Job, error) {
		j, ok := t.VM().JobOf(t.VM().Deref(v))
		if !ok {
			return nil, typeErr("%s called on %s", fn, t.VM().TypeName(v))
		}
		return j, nil
	}
	m := func(name string, min, max int, f vm.NativeFn) { r.method(vm.KJob, "Job", name, min, max, f) }
	m("join", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "join")
		if err != nil {
			return 0, err
		}
		return t.Join(j, false)
	})
	m("await", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "await")
		if err != nil {
			return 0, err
		}
		return t.Join(j, true)
	})
	m("cancel", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "cancel")
		if err != nil {
			return 0, err
		}
		t.CancelJob(j, t.NewError(vm.KindCancellation, "Job was cancelled"))
		return vm.Unit, nil
	})
	m("start", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "start")
		if err != nil {
			return 0, err
		}
		return vm.Bool(t.StartJob(j)), nil
	})
	m("is_active", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "is_active")
		if err != nil {
			return 0, err
		}
		return vm.Bool(j.IsActive()), nil
	})
	m("is_completed", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "is_completed")
		if err != nil {
			return 0, err
		}
		return vm.Bool(j.IsFinal()), nil
	})
	m("is_cancelled", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "is_cancelled")
		if err != nil {
			return 0, err
		}
		return vm.Bool(j.IsCancelled()), nil
	})
	m("children", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "children")
		if err != nil {
			return 0, err
		}
		kids := j.ChildList()
		items := make([]vm.Value, 0, len(kids))
		for _, c := range kids {
			items = append(items, c.Self)
		}
		return t.NewVec(items), nil
	})
	m("invoke_on_completion", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "invoke_on_completion")
		if err != nil {
			return 0, err
		}
		t.OnCompletion(j, args[1])
		return vm.Unit, nil
	})
}
