package stdlib

import (
	"github.com/cprime-lang/cprime/vm"
)

// installLibrary registers the natives of §7.7.3 that the prelude's
// library.cpr builds on: start modes, channel cancel(), CompletableDeferred,
// job.cancel(cause).
func installLibrary(r *reg) {
	v := r.v
	t := v.Main
	undispatched := t.NewElement(&vm.ContextElement{Kind: "start", Name: "Undispatched"})
	atomic := t.NewElement(&vm.ContextElement{Kind: "start", Name: "Atomic"})
	v.DefineConst("CoroutineStart::Undispatched", undispatched)
	v.DefineConst("CoroutineStart::Atomic", atomic)
	// launch and async with a start mode among their arguments
	startBuilder := func(name string, deferred bool) vm.NativeFn {
		return func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			undisp, atom := false, false
			kept := make([]vm.Value, 0, len(args))
			for i, a := range args {
				switch {
				case i < len(args)-1 && a == undispatched:
					undisp = true
				case i < len(args)-1 && a == atomic:
					atom = true
				default:
					kept = append(kept, a)
				}
			}
			if atom {
				v, err := builder(t, name, kept, deferred)
				if err == nil {
					if j, ok := t.VM().JobOf(v); ok {
						j.Atomic = true
					}
				}
				return v, err
			}
			if !undisp {
				return builder(t, name, kept, deferred)
			}
			j, err := launchWith(t, name, kept, deferred, func(o *vm.LaunchOptions) { o.NoDispatch = true })
			if err != nil {
				return 0, err
			}
			if j.State != vm.JobActive {
				return j.Self, nil
			}
			return t.StartUnconfined(j)
		}
	}
	r.fn("launch", 1, 4, startBuilder("launch", false))
	r.fn("async_", 1, 4, startBuilder("async", true))
	r.fn("__changes_dispatcher", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ctx, ok := t.VM().ContextOf(args[0])
		if !ok {
			return 0, typeErr("flow_on expects a coroutine context, found %s", t.VM().TypeName(args[0]))
		}
		return vm.Bool(ctx.Dispatcher != nil && ctx.Dispatcher != t.CurrentContext().Dispatcher), nil
	})
	r.method(vm.KChannel, "Channel", "cancel", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, ok := t.VM().ChannelOf(args[0])
		if !ok {
			return 0, typeErr("cancel called on %s", t.VM().TypeName(args[0]))
		}
		t.CancelChannel(c)
		return vm.Unit, nil
	})
	// __own_channel(ch, job): ch.cancel() cancels job (actor, ticker)
	r.fn("__own_channel", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, ok1 := t.VM().ChannelOf(args[0])
		j, ok2 := t.VM().JobOf(args[1])
		if ok1 && ok2 {
			c.Owner = j
			j.SetChannel(c)
		}
		return vm.Unit, nil
	})
	installDeferred(r)
	installContextGet(r)
	installGlobalScope(r)
	r.fn("__interceptor", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if i := t.CurrentContext().Interceptor; i != 0 {
			return t.Some(i), nil
		}
		return vm.None, nil
	})
}

func installDeferred(r *reg) {
	job := func(t *vm.Thread, v vm.Value, fn string) (*vm.Job, error) {
		j, ok := t.VM().JobOf(t.VM().Deref(v))
		if !ok {
			return nil, typeErr("%s called on %s", fn, t.VM().TypeName(v))
		}
		return j, nil
	}
	r.fn("CompletableDeferred::new", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j := t.NewStandaloneJob(false)
		j.Deferred = true
		if len(args) == 1 {
			p, ok := t.VM().JobOf(args[0])
			if !ok {
				return 0, typeErr("CompletableDeferred::new expects a parent Job, found %s", t.VM().TypeName(args[0]))
			}
			reparent(j, p)
		}
		return j.Self, nil
	})
	// complete() ends a Job(); complete(v) completes a CompletableDeferred
	r.method(vm.KJob, "Job", "complete", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "complete")
		if err != nil {
			return 0, err
		}
		if len(args) == 2 {
			if !j.Standalone || j.IsFinal() {
				return vm.False, nil
			}
			j.Value = args[1]
		}
		return vm.Bool(t.CompleteJob(j)), nil
	})
	r.method(vm.KJob, "Job", "complete_exceptionally", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "complete_exceptionally")
		if err != nil {
			return 0, err
		}
		if _, ok := t.VM().ErrorOf(args[1]); !ok {
			return 0, typeErr("complete_exceptionally expects an Error, found %s", t.VM().TypeName(args[1]))
		}
		if !j.Standalone || j.IsFinal() {
			return vm.False, nil
		}
		t.CancelJob(j, args[1])
		return vm.True, nil
	})
	// job.cancel(), job.cancel(message), job.cancel(err)
	r.method(vm.KJob, "Job", "cancel", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, err := job(t, args[0], "cancel")
		if err != nil {
			return 0, err
		}
		cause, err := cancelCause(t, args[1:])
		if err != nil {
			return 0, err
		}
		t.CancelJob(j, cause)
		return vm.Unit, nil
	})
}

// cancelCause is the error cancel(..) cancels with: Job was cancelled, a
// Cancellation with the given message, or the given Cancellation error.
func cancelCause(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	if len(args) == 0 || args[0] == vm.Unit || args[0] == vm.None {
		return t.NewError(vm.KindCancellation, "Job was cancelled"), nil
	}
	if e, ok := t.VM().ErrorOf(args[0]); ok {
		if e.Kind != vm.KindCancellation {
			return 0, errf("IllegalArgument", "cancel expects an Error of kind Cancellation, found %s", e.Kind)
		}
		return args[0], nil
	}
	if s, ok := t.VM().Str(args[0]); ok {
		return t.NewError(vm.KindCancellation, s), nil
	}
	return 0, typeErr("cancel expects a message or an Error, found %s", t.VM().TypeName(args[0]))
}

// installContextGet registers ctx.get(Key) on contexts and elements.
func installContextGet(r *reg) {
	r.method(vm.KNative, "CoroutineContext", "get", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ctx, ok := t.VM().ContextOf(args[0])
		if !ok || args[0] == vm.Unit {
			return 0, typeErr("get called on %s", t.VM().TypeName(args[0]))
		}
		key := t.VM().ContextKeyName(args[1])
		v, ok := t.ContextGet(ctx, key)
		if !ok {
			return 0, typeErr("ctx.get expects a context key (Job, CoroutineName, CoroutineExceptionHandler, CoroutineDispatcher), found %s", t.VM().Display(args[1]))
		}
		return v, nil
	})
}

// globalScope is the data of the GlobalScope constant.
type globalScope struct{}

func (globalScope) Trace(mark func(vm.Value)) {}

// installGlobalScope defines GlobalScope: a scope with no job, whose
// coroutines are roots (each gets a Job() of its own as parent).
func installGlobalScope(r *reg) {
	v := r.v
	gs := v.Main.Alloc(&vm.NativeObj{TypeName: "GlobalScope", Data: globalScope{}})
	v.DefineConst("GlobalScope", gs)
	isGlobal := func(t *vm.Thread, x vm.Value) bool {
		n, ok := t.VM().Native(x)
		if !ok {
			return false
		}
		_, ok = n.Data.(globalScope)
		return ok
	}
	start := func(name string, deferred bool) vm.NativeFn {
		return func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if !isGlobal(t, args[0]) {
				return 0, typeErr("%s called on %s", name, t.VM().TypeName(args[0]))
			}
			rest := append([]vm.Value{t.NewStandaloneJob(false).Self}, args[1:]...)
			return t.VM().Natives[nativeIndex(t, map[bool]string{false: "launch", true: "async_"}[deferred])].Fn(t, rest)
		}
	}
	r.method(vm.KNative, "GlobalScope", "launch", 2, 4, start("launch", false))
	r.method(vm.KNative, "GlobalScope", "async", 2, 4, start("async", true))
	r.method(vm.KNative, "GlobalScope", "cancel", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return 0, errf("IllegalState", "Scope cannot be cancelled because it does not have a job: GlobalScope")
	})
	r.method(vm.KNative, "GlobalScope", "is_active", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.True, nil
	})
	r.method(vm.KNative, "GlobalScope", "coroutine_context", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.NewContextValue(&vm.Context{}), nil
	})
}

func nativeIndex(t *vm.Thread, name string) int {
	idx, _, _ := t.VM().LookupNative(name)
	return idx
}
