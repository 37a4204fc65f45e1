package vm

import (
	"github.com/cprime-lang/cprime/vmstack"
)

// UnconfinedDispatcher resumes a coroutine in whatever runs next: a
// coroutine it launches starts inline in its launcher, and one woken by
// an event runs before anything else queued.
type UnconfinedDispatcher struct{ s *Scheduler }

// Dispatch queues co to run next (on the main thread).
func (d *UnconfinedDispatcher) Dispatch(t *Thread, co *Coroutine) {
	d.s.PushFront(co)
	if t != t.vm.Main {
		d.s.notifyMain()
	}
}

// Name is "Unconfined".
func (d *UnconfinedDispatcher) Name() string { return "Unconfined" }

// userDispatcher adapts a script object implementing the
// CoroutineDispatcher interface: to dispatch a coroutine, it runs the
// object's dispatch(ctx, task) (in a helper coroutine, since natives never
// call script); task() then runs the coroutine inline.
type userDispatcher struct {
	vm   *VM
	obj  Value
	name string
}

func (d *userDispatcher) Name() string { return d.name }

func (d *userDispatcher) Dispatch(t *Thread, co *Coroutine) {
	vm := d.vm
	via := vm.findProto("__dispatch_via")
	if via == nil {
		vm.sched.Main.Dispatch(t, co)
		return
	}
	co.x().awaitingTask = true
	ctx := t.NewContextValue(&Context{Dispatcher: d, DispatcherVal: d.obj})
	helper, err := t.NewCoroutine(FuncValue(via.Index), []Value{d.obj, ctx, co.Self}, vmstack.Small)
	if err != nil {
		vm.sched.Main.Dispatch(t, co)
		return
	}
	helper.SetName("dispatch")
	helper.disp = dispMain
	vm.sched.PushFront(helper)
}

// userDispatcher recognises a value whose class implements CoroutineDispatcher.
func (vm *VM) userDispatcher(v Value) (Dispatcher, bool) {
	it := vm.InterfaceByName("CoroutineDispatcher")
	if it == nil {
		return nil, false
	}
	inst, ok := vm.Instance(v)
	if !ok || !inst.Class.Interfaces[it] {
		return nil, false
	}
	return &userDispatcher{vm: vm, obj: vm.target(v), name: inst.Class.Name}, true
}

// RunTask is the task a user dispatcher was given: it runs the coroutine
// inline in the caller until it suspends.
func (t *Thread) RunTask(co *Coroutine) (Value, error) {
	if co.ext == nil || !co.ext.awaitingTask {
		return Unit, nil // already run
	}
	co.x().awaitingTask = false
	if t.co == nil {
		t.vm.sched.PushFront(co)
		return Unit, nil
	}
	co.State = CoroReady
	if int(co.pc) != 0 || int(co.base) != 0 {
		co.State = CoroSuspended
	}
	co.resumer = t.co
	t.co.resumeMode = resumeInline
	co.State = CoroRunning
	t.co = co
	return 0, errSwitch
}

// findProto finds a compiled function by name (the prelude's helpers).
func (vm *VM) findProto(name string) *Proto {
	if p, ok := vm.protoByName[name]; ok {
		return p
	}
	for _, p := range vm.Protos {
		if p.Name == name {
			if vm.protoByName == nil {
				vm.protoByName = map[string]*Proto{}
			}
			vm.protoByName[name] = p
			return p
		}
	}
	return nil
}
