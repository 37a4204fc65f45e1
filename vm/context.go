package vm

import (
	"fmt"
	"strings"
)

// Context is a CoroutineContext: a set of elements keyed by kind (job,
// dispatcher, name, exception handler, interceptor, start mode, non-
// cancellable). Contexts and elements combine with `+`; the right side
// wins for a key both have.
type Context struct {
	Job            *Job
	Dispatcher     Dispatcher
	DispatcherVal  Value // the dispatcher as a value (Dispatchers::Default, or a user class)
	Name           string
	HasName        bool
	Handler        Value // CoroutineExceptionHandler's function
	NonCancellable bool
	Lazy           bool
	// Interceptor is a user ContinuationInterceptor: suspend_coroutine
	// hands its intercept_continuation's result to the block.
	Interceptor     Value
	interceptorName string // its class, for a continuation's display
}

// ContextElement is the Go data of a context element value that is not a
// Job: dispatchers, CoroutineName, CoroutineExceptionHandler, NonCancellable.
type ContextElement struct {
	Kind       string // "dispatcher", "name", "handler", "noncancellable", "start"
	Dispatcher Dispatcher
	Name       string
	Handler    Value
	Lazy       bool
}

// Trace marks the handler.
func (e *ContextElement) Trace(mark func(Value)) { mark(e.Handler) }

// Display renders the element.
func (e *ContextElement) Display(vm *VM) string {
	switch e.Kind {
	case "dispatcher":
		return "Dispatchers::" + e.Dispatcher.Name()
	case "name":
		return fmt.Sprintf("CoroutineName(%q)", e.Name)
	case "handler":
		return "CoroutineExceptionHandler"
	case "noncancellable":
		return "NonCancellable"
	case "start":
		if e.Name != "" {
			return "CoroutineStart::" + e.Name
		}
		if e.Lazy {
			return "CoroutineStart::Lazy"
		}
		return "CoroutineStart::Default"
	}
	return e.Kind
}

// Trace marks the context's values.
func (c *Context) Trace(mark func(Value)) {
	if c.Job != nil {
		mark(c.Job.Self)
	}
	mark(c.DispatcherVal)
	mark(c.Handler)
	mark(c.Interceptor)
}

// Display renders the context like kotlinx.coroutines: [elements].
func (c *Context) Display(vm *VM) string {
	var parts []string
	if c.Job != nil {
		var b strings.Builder
		vm.writeJob(&b, c.Job)
		parts = append(parts, b.String())
	}
	if c.HasName {
		parts = append(parts, fmt.Sprintf("CoroutineName(%q)", c.Name))
	}
	if c.Dispatcher != nil {
		parts = append(parts, "Dispatchers::"+c.Dispatcher.Name())
	}
	if c.NonCancellable {
		parts = append(parts, "NonCancellable")
	}
	if c.Handler != 0 {
		parts = append(parts, "CoroutineExceptionHandler")
	}
	if c.Interceptor != 0 {
		parts = append(parts, vm.TypeName(c.Interceptor))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Field lets scripts read a context's parts: ctx.job, ctx.name.
func (c *Context) Field(t *Thread, name string) (Value, bool) {
	switch name {
	case "job":
		if c.Job != nil {
			return t.Some(c.Job.Self), true
		}
		return None, true
	case "name":
		if c.HasName {
			return t.Some(t.NewString(c.Name)), true
		}
		return None, true
	}
	return 0, false
}

// ContextOf reads any context element or context value into a Context.
func (vm *VM) ContextOf(v Value) (*Context, bool) {
	v = vm.target(v)
	if v == Unit || v == None {
		return &Context{}, true
	}
	if j, ok := vm.JobOf(v); ok {
		return &Context{Job: j}, true
	}
	n, ok := vm.Native(v)
	if !ok {
		if c, ok := vm.userDispatcher(v); ok {
			return &Context{Dispatcher: c, DispatcherVal: v, Interceptor: vm.userInterceptor(v)}, true
		}
		if i := vm.userInterceptor(v); i != 0 {
			return &Context{Interceptor: i}, true
		}
		return nil, false
	}
	switch d := n.Data.(type) {
	case *Context:
		cp := *d
		return &cp, true
	case *ContextElement:
		c := &Context{}
		switch d.Kind {
		case "dispatcher":
			c.Dispatcher, c.DispatcherVal = d.Dispatcher, v
		case "name":
			c.Name, c.HasName = d.Name, true
		case "handler":
			c.Handler = d.Handler
		case "noncancellable":
			c.NonCancellable = true
		case "start":
			c.Lazy = d.Lazy
		}
		return c, true
	}
	return nil, false
}

// IsContextValue reports a value that can take part in context `+`.
func (vm *VM) IsContextValue(v Value) bool {
	_, ok := vm.ContextOf(v)
	return ok && v != Unit && v != None
}

// Merge returns a + b (b's elements win).
func (a *Context) Merge(b *Context) *Context {
	c := *a
	if b.Job != nil {
		c.Job = b.Job
	}
	if b.Dispatcher != nil {
		c.Dispatcher, c.DispatcherVal = b.Dispatcher, b.DispatcherVal
	}
	if b.HasName {
		c.Name, c.HasName = b.Name, true
	}
	if b.Handler != 0 {
		c.Handler = b.Handler
	}
	if b.NonCancellable {
		c.NonCancellable = true
	}
	if b.Lazy {
		c.Lazy = true
	}
	if b.Interceptor != 0 {
		c.Interceptor = b.Interceptor
	}
	return &c
}

// NewContextValue wraps a Context as a value.
func (t *Thread) NewContextValue(c *Context) Value {
	return t.alloc(KNative, &NativeObj{TypeName: "CoroutineContext", Data: c})
}

// NewElement wraps a context element as a value.
func (t *Thread) NewElement(e *ContextElement) Value {
	name := "CoroutineContext.Element"
	switch e.Kind {
	case "dispatcher":
		name = "CoroutineDispatcher"
	case "name":
		name = "CoroutineName"
	case "handler":
		name = "CoroutineExceptionHandler"
	}
	return t.alloc(KNative, &NativeObj{TypeName: name, Data: e})
}

// plusContexts implements `+` between context elements.
func (t *Thread) plusContexts(x, y Value) (Value, bool) {
	a, ok1 := t.vm.ContextOf(x)
	b, ok2 := t.vm.ContextOf(y)
	if !ok1 || !ok2 || x == Unit || y == Unit {
		return 0, false
	}
	return t.NewContextValue(a.Merge(b)), true
}

// CurrentContext returns the running coroutine's context.
func (t *Thread) CurrentContext() *Context {
	c := &Context{}
	co := t.co
	if co == nil {
		return c
	}
	c.Job = t.CurrentJob()
	c.Dispatcher = t.chainDispatcher(co)
	if c.Job != nil {
		for j := c.Job; j != nil; j = j.Parent {
			if j.Name != "" && !j.Scope {
				c.Name, c.HasName = j.Name, true
				break
			}
			if !j.Scope {
				break
			}
		}
	}
	// with_context(CoroutineName(..)) names the coroutine, not a job
	if n := co.Name(); n != "" && n != "main" {
		c.Name, c.HasName = n, true
	}
	c.NonCancellable = co.ext != nil && co.ext.nonCancellable > 0
	if c.Interceptor = t.currentInterceptor(); c.Interceptor != 0 {
		c.interceptorName = t.vm.TypeName(c.Interceptor)
	}
	return c
}
