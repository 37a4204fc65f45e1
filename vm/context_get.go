package vm

// Field lets scripts read an element's parts: CoroutineName(..).name.
func (e *ContextElement) Field(t *Thread, name string) (Value, bool) {
	if name == "name" && e.Kind == "name" {
		return t.NewString(e.Name), true
	}
	return 0, false
}

// ContextKeyName names the key a value stands for in ctx.get(Key): the
// constructor (Job, CoroutineName, ...) or the interface written bare.
func (vm *VM) ContextKeyName(v Value) string {
	if v.IsNative() {
		return vm.Natives[v.NativeIndex()].Name
	}
	if v.Kind() == KType {
		if o, ok := vm.heap.Get(v).(*TypeObj); ok {
			return o.Name
		}
	}
	return ""
}

// ContextGet is ctx.get(Key): the element of c under that key, if any.
func (t *Thread) ContextGet(c *Context, key string) (Value, bool) {
	switch key {
	case "Job", "SupervisorJob":
		if c.Job != nil {
			return t.Some(c.Job.Self), true
		}
	case "CoroutineName":
		if c.HasName {
			return t.Some(t.NewElement(&ContextElement{Kind: "name", Name: c.Name})), true
		}
	case "CoroutineExceptionHandler":
		if c.Handler != 0 {
			return t.Some(t.NewElement(&ContextElement{Kind: "handler", Handler: c.Handler})), true
		}
	case "ContinuationInterceptor":
		if c.Interceptor != 0 {
			return t.Some(c.Interceptor), true
		}
		return t.ContextGet(c, "CoroutineDispatcher")
	case "CoroutineDispatcher":
		if c.Dispatcher != nil {
			if c.DispatcherVal != 0 {
				return t.Some(c.DispatcherVal), true
			}
			return t.Some(t.NewElement(&ContextElement{Kind: "dispatcher", Dispatcher: c.Dispatcher})), true
		}
	default:
		return 0, false
	}
	return None, true
}

// NonCancellableDepth is how deep in with_context(NonCancellable) c is.
func (c *Coroutine) NonCancellableDepth() int { return c.nonCancel() }

// userInterceptor returns v when it is an instance of a class that
// implements ContinuationInterceptor, else 0.
func (vm *VM) userInterceptor(v Value) Value {
	it := vm.InterfaceByName("ContinuationInterceptor")
	if it == nil {
		return 0
	}
	inst, ok := vm.Instance(v)
	if !ok || !inst.Class.Interfaces[it] {
		return 0
	}
	return vm.target(v)
}

// currentInterceptor is the interceptor of the context the running
// coroutine (or one of its ancestors) was started with, or 0.
func (t *Thread) currentInterceptor() Value {
	for j := t.CurrentJob(); j != nil; j = j.Parent {
		if j.x == nil || j.x.context == 0 {
			continue
		}
		if c, ok := t.vm.ContextOf(j.x.context); ok && c.Interceptor != 0 {
			return c.Interceptor
		}
	}
	return 0
}

// Interceptor is the ContinuationInterceptor of the context a
// continuation was made in (0 if none), for :inspect and display.
func (c *Continuation) Interceptor() Value {
	if c.ctx == nil {
		return 0
	}
	return c.ctx.Interceptor
}

// Role says what a library coroutine is for ("buffer producer of
// numbers()"); views and traces show it when the coroutine has no name.
func (c *Coroutine) Role() string {
	if c.ext == nil {
		return ""
	}
	return c.ext.role
}

// SetRole sets Role.
func (c *Coroutine) SetRole(r string) { c.x().role = r }
