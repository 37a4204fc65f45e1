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
	case "CoroutineDispatcher", "ContinuationInterceptor":
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
