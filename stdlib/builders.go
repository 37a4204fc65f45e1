package stdlib

import (
	"github.com/cprime-lang/cprime/vm"
)

// installBuilders registers the kotlinx.coroutines-style builders and
// context elements: launch, async, produce, Job(), SupervisorJob(),
// CoroutineName, CoroutineExceptionHandler, Dispatchers::*, NonCancellable,
// CoroutineStart::*, and the natives behind with_context and with_timeout.
func installBuilders(r *reg) {
	v := r.v
	t := v.Main
	s := v.Scheduler()
	dispatcher := func(name string, d vm.Dispatcher) {
		v.DefineConst("Dispatchers::"+name, t.NewElement(&vm.ContextElement{Kind: "dispatcher", Dispatcher: d}))
	}
	dispatcher("Main", s.Main)
	dispatcher("Default", s.Default)
	dispatcher("IO", s.IO)
	dispatcher("Unconfined", s.Unconfined)
	v.DefineConst("NonCancellable", t.NewElement(&vm.ContextElement{Kind: "noncancellable"}))
	v.DefineConst("CoroutineStart::Lazy", t.NewElement(&vm.ContextElement{Kind: "start", Lazy: true}))
	v.DefineConst("CoroutineStart::Default", t.NewElement(&vm.ContextElement{Kind: "start"}))
	v.DefineConst("COROUTINE_SUSPENDED", vm.Suspended)
	v.DefineConst("EmptyCoroutineContext", t.NewContextValue(&vm.Context{}))

	r.fn("launch", 1, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return builder(t, "launch", args, false)
	})
	r.fn("async_", 1, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return builder(t, "async", args, true)
	})
	r.fn("produce", 1, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		capacity := vm.Rendezvous
		if len(args) > 1 {
			if n, ok := t.VM().IntOf(args[0]); ok {
				capacity = int(n)
				args = args[1:]
			}
		}
		ch := t.NewChannel(capacity)
		j, err := launchWith(t, "produce", args, false, func(o *vm.LaunchOptions) {})
		if err != nil {
			return 0, err
		}
		j.SetChannel(ch)
		ch.Owner = j
		return ch.Self, nil
	})
	r.fn("Job", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j := t.NewStandaloneJob(false)
		if len(args) == 1 {
			if p, ok := t.VM().JobOf(args[0]); ok {
				reparent(j, p)
			}
		}
		return j.Self, nil
	})
	r.fn("SupervisorJob", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j := t.NewStandaloneJob(true)
		if len(args) == 1 {
			if p, ok := t.VM().JobOf(args[0]); ok {
				reparent(j, p)
			}
		}
		return j.Self, nil
	})
	r.fn("CoroutineName", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		name, err := argStr(t, "CoroutineName", args, 0)
		if err != nil {
			return 0, err
		}
		return t.NewElement(&vm.ContextElement{Kind: "name", Name: name}), nil
	})
	r.fn("CoroutineExceptionHandler", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if t.VM().ProtoOf(args[0]) == nil {
			return 0, typeErr("CoroutineExceptionHandler expects a function of (context, error)")
		}
		return t.NewElement(&vm.ContextElement{Kind: "handler", Handler: args[0]}), nil
	})
	r.fn("coroutine_context", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.NewContextValue(t.CurrentContext()), nil
	})
	// with_context(ctx) { } enters ctx (dispatcher, NonCancellable, name) and
	// returns what to restore; __context_exit restores it.
	r.async("__context_enter", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ctx, ok := t.VM().ContextOf(args[0])
		if !ok {
			return 0, typeErr("with_context expects a context, found %s", t.VM().TypeName(args[0]))
		}
		co := t.Current()
		saved := t.NewTuple([]vm.Value{vm.Bool(ctx.NonCancellable), t.NewString(co.Name()), dispatcherValue(t)})
		if ctx.NonCancellable {
			t.SetNonCancellable(+1)
		}
		if ctx.HasName {
			co.SetName(ctx.Name)
		}
		if ctx.Dispatcher != nil && ctx.Dispatcher != co.Dispatcher(t.VM()) {
			return 0, t.SwitchDispatcher(ctx.Dispatcher, saved)
		}
		return saved, nil
	})
	r.async("__context_exit", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		saved, _ := t.VM().Tuple(args[0])
		co := t.Current()
		if saved[0] == vm.True {
			t.SetNonCancellable(-1)
		}
		name, _ := t.VM().Str(saved[1])
		co.SetName(name)
		if ctx, ok := t.VM().ContextOf(saved[2]); ok && ctx.Dispatcher != nil && ctx.Dispatcher != co.Dispatcher(t.VM()) {
			return 0, t.SwitchDispatcher(ctx.Dispatcher, vm.Unit)
		}
		return vm.Unit, nil
	})
	// with_timeout: a timer that cancels the scope with a Timeout error.
	r.fn("__timeout_start", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, ok := t.VM().JobOf(args[0])
		if !ok {
			return 0, typeErr("__timeout_start expects a scope")
		}
		ms, err := argInt(t, "with_timeout", args, 1)
		if err != nil {
			return 0, err
		}
		return t.StartTimeout(j, ms), nil
	})
	r.fn("__timeout_stop", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		t.StopTimeout(args[0])
		return vm.Unit, nil
	})
	r.fn("__timed_out", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Bool(t.TimedOut(args[0])), nil
	})
	r.method(vm.KJob, "Job", "complete", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, _ := t.VM().JobOf(args[0])
		return vm.Bool(t.CompleteJob(j)), nil
	})
	r.method(vm.KJob, "Job", "state", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, _ := t.VM().JobOf(args[0])
		state := j.State.String()
		if j.State == vm.JobCancelled && j.Failed(t.VM()) {
			state = "failed"
		}
		return t.NewString(state), nil
	})
}

func reparent(j, parent *vm.Job) { parent.AddChild(j) }

func dispatcherValue(t *vm.Thread) vm.Value {
	ctx := t.CurrentContext()
	return t.NewContextValue(&vm.Context{Dispatcher: ctx.Dispatcher})
}

// builder implements launch / async: builder([context, [start,]] block).
func builder(t *vm.Thread, name string, args []vm.Value, deferred bool) (vm.Value, error) {
	var unconfined bool
	j, err := launchWith(t, name, args, deferred, func(o *vm.LaunchOptions) {
		unconfined = o.Dispatcher == vm.Dispatcher(t.VM().Scheduler().Unconfined)
		o.NoDispatch = unconfined
	})
	if err != nil {
		return 0, err
	}
	if unconfined && j.State == vm.JobActive {
		// Unconfined starts at once, inside the launcher, until it suspends
		return t.StartUnconfined(j)
	}
	return j.Self, nil
}

// launchWith parses [context, [start,]] block and launches block.
func launchWith(t *vm.Thread, name string, args []vm.Value, deferred bool, adjust func(o *vm.LaunchOptions)) (*vm.Job, error) {
	block := args[len(args)-1]
	opts := vm.LaunchOptions{Deferred: deferred}
	for _, a := range args[:len(args)-1] {
		ctx, ok := t.VM().ContextOf(a)
		if !ok {
			return nil, typeErr("%s expects a coroutine context, found %s", name, t.VM().TypeName(a))
		}
		if ctx.Job != nil {
			opts.Parent = ctx.Job
		}
		if ctx.Dispatcher != nil {
			opts.Dispatcher = ctx.Dispatcher
		}
		if ctx.HasName {
			opts.Name = ctx.Name
		}
		if ctx.Handler != 0 {
			opts.Handler = ctx.Handler
		}
		if ctx.Lazy {
			opts.Lazy = true
		}
		opts.Context = a
	}
	if p := t.VM().ProtoOf(block); p == nil || p.NumParams != 0 {
		return nil, typeErr("%s expects a block (a function of no arguments) last", name)
	}
	opts.Class = bodyClass(t, block)
	adjust(&opts)
	return t.Launch(block, nil, opts)
}
