package vm

import (
	"fmt"

	"github.com/cprime-lang/cprime/vmstack"
)

// Continuation is the kernel of the Kotlin-style layer: the rest of a
// suspended coroutine, resumed once with a result (Ok(v) or Err(e)).
//
// A continuation is made for the running coroutine (suspend_coroutine...),
// by create_coroutine (resuming it starts a function), or by
// Continuation::new (resuming it calls a function with the result).
type Continuation struct {
	Self        Value
	ID          int64
	co          *Coroutine
	epoch       uint32
	state       uint8
	value, errv Value // a result that came before the coroutine suspended
	intercepted bool  // resume through the coroutine's dispatcher (else inline)
	cancellable bool
	cancelled   bool
	handlers    []Value // invoke_on_cancellation
	ctx         *Context
	startFn     Value // create_coroutine's function
	completion  Value // create_coroutine's completion continuation
	callback    Value // Continuation::new's function
}

const (
	contFresh uint8 = iota
	contSuspended
	contResumed
)

func (c *Continuation) trace(m *marker) {
	if c.co != nil {
		m.mark(c.co.Self)
	}
	m.mark(c.value)
	m.mark(c.errv)
	m.mark(c.startFn)
	m.mark(c.completion)
	m.mark(c.callback)
	for _, h := range c.handlers {
		m.mark(h)
	}
	if c.ctx != nil {
		c.ctx.Trace(m.mark)
	}
}

// ContinuationOf returns the continuation behind a value.
func (vm *VM) ContinuationOf(v Value) (*Continuation, bool) {
	v = vm.target(v)
	if v.Kind() != KContinuation {
		return nil, false
	}
	c, ok := vm.heap.Get(v).(*Continuation)
	return c, ok
}

func (t *Thread) newContinuation(c *Continuation) *Continuation {
	c.ID = t.vm.nextCoID.Add(1)
	c.Self = t.alloc(KContinuation, c)
	return c
}

// CurrentContinuation makes a continuation for the running coroutine.
func (t *Thread) CurrentContinuation(intercepted, cancellable bool) *Continuation {
	return t.newContinuation(&Continuation{co: t.co, intercepted: intercepted, cancellable: cancellable,
		ctx: t.CurrentContext()})
}

// NewCallbackContinuation is Continuation::new(context, |result| ..).
func (t *Thread) NewCallbackContinuation(ctx *Context, f Value) *Continuation {
	return t.newContinuation(&Continuation{callback: f, ctx: ctx})
}

// CreateCoroutine is create_coroutine(f, completion): a continuation that
// starts f when resumed and resumes completion with f's result.
func (t *Thread) CreateCoroutine(f, completion Value) *Continuation {
	ctx := &Context{}
	if c, ok := t.vm.ContinuationOf(completion); ok && c.ctx != nil {
		ctx = c.ctx
	}
	return t.newContinuation(&Continuation{startFn: f, completion: completion, ctx: ctx})
}

// SuspendOn suspends the running coroutine on c, unless c was already
// resumed (then its result is returned at once).
func (t *Thread) SuspendOn(c *Continuation) (Value, error) {
	if c.state == contResumed {
		if c.errv != 0 {
			return 0, ThrowValue(c.errv)
		}
		return c.value, nil
	}
	if c.co != t.co {
		return 0, Errorf(KindCoroutineError, "a continuation can only suspend its own coroutine")
	}
	if c.cancellable {
		if err := t.cancellationCheck(t.co); err != nil {
			return 0, err
		}
	}
	co := t.co
	co.parked = true
	co.cancellableWait = c.cancellable
	co.setWait(waitContinuation, c.ID)
	co.State = CoroSuspended
	co.resumeMode = resumeValue
	if co.disp == dispNone {
		co.SetDispatcher(t.vm, t.chainDispatcher(co))
	}
	co.x().waitCont = c
	c.state = contSuspended
	c.epoch = co.waitEpoch
	t.handOff(co)
	return 0, errSwitch
}

// ResumeWith resumes a continuation with Ok(v) or Err(e).
func (t *Thread) ResumeWith(c *Continuation, result Value) (Value, error) {
	vm := t.vm
	vr, fields, ok := vm.Union(result)
	if !ok || (vr != vm.OkV && vr != vm.ErrV) {
		return 0, Errorf(KindTypeError, "resume_with expects Ok(value) or Err(error), found %s", vm.TypeName(result))
	}
	var v, errv Value
	if vr == vm.OkV {
		v = fields[0]
	} else {
		errv = fields[0]
		if _, isErr := vm.ErrorOf(errv); !isErr {
			errv = t.NewError(KindPanic, vm.Display(errv))
		}
	}
	if c.state == contResumed {
		if c.cancelled {
			return Unit, nil // resuming a cancelled continuation is ignored
		}
		return 0, Errorf(KindCoroutineError, "continuation already resumed")
	}
	switch {
	case c.callback != 0:
		c.state = contResumed
		return t.startInline(c.callback, []Value{result}, nil)
	case c.startFn != 0:
		c.state = contResumed
		comp := c.completion
		return t.startInline(c.startFn, nil, func(t *Thread, v, errv Value) {
			if cc, ok := t.vm.ContinuationOf(comp); ok {
				res := t.Ok(v)
				if errv != 0 {
					res = t.Err(errv)
				}
				_, _ = t.ResumeWith(cc, res)
			}
		})
	case c.state == contFresh:
		c.state = contResumed
		c.value, c.errv = v, errv
		return Unit, nil
	}
	c.state = contResumed
	co := c.co
	if !co.parked || co.waitEpoch != c.epoch {
		return Unit, nil
	}
	co.x().waitCont = nil
	if c.intercepted || t.co == nil {
		if c.cancellable && errv == 0 {
			co.x().resumedCont = c
		}
		t.wake(co, v, errv)
		return Unit, nil
	}
	return t.resumeInline(co, v, errv)
}

// startInline runs f(args) in a new coroutine right now, inside the
// caller (unintercepted): control comes back when it suspends or ends.
func (t *Thread) startInline(f Value, args []Value, done func(t *Thread, v, errv Value)) (Value, error) {
	p := t.vm.protoOf(f)
	if p == nil {
		return 0, t.notCallable(f)
	}
	for len(args) < p.NumParams {
		args = append(args, Unit)
	}
	co, err := t.NewCoroutine(f, args[:p.NumParams], vmstack.Small)
	if err != nil {
		return 0, err
	}
	co.x().onDone = done
	co.disp = dispMain
	if t.co == nil {
		t.vm.sched.PushFront(co)
		return Unit, nil
	}
	return t.resumeInline(co, Unit, 0)
}

// resumeInline switches to co (parked or never started) inside the
// running coroutine; the running one gets control back, with (), when co
// next suspends or finishes.
func (t *Thread) resumeInline(co *Coroutine, v, errv Value) (Value, error) {
	cur := t.co
	if co.parked {
		co.parked = false
		co.waitKind = waitNone
		co.waitEpoch++
		if errv != 0 {
			co.x().pendingErr = errv
		} else if co.resumeMode == resumeValue || co.resumeMode == resumeIter {
			co.stk()[int(co.resumeSlot)] = v
		}
	} else if co.State != CoroReady {
		return 0, Errorf(KindCoroutineError, "cannot resume a %s coroutine", co.State)
	}
	co.resumer = cur
	cur.resumeMode = resumeInline
	co.State = CoroRunning
	t.co = co
	return 0, errSwitch
}

// handOff leaves a coroutine that just parked: control goes back to the
// coroutine that resumed it inline, or the thread picks the next one.
func (t *Thread) handOff(co *Coroutine) {
	if r := co.resumer; r != nil && r.resumeMode == resumeInline {
		co.resumer = nil
		r.stk()[int(r.resumeSlot)] = r.takeInlineResult()
		t.co = r
		return
	}
	t.co = nil
}

// CancelContinuation cancels a cancellable continuation: its coroutine is
// resumed with a Cancellation error and its handlers run once.
func (t *Thread) CancelContinuation(c *Continuation, cause Value) bool {
	if c.state == contResumed {
		return false
	}
	if cause == 0 || cause == Unit {
		cause = t.NewError(KindCancellation, "continuation was cancelled")
	}
	t.continuationCancelled(c, cause)
	co := c.co
	if c.state == contSuspended && co != nil && co.parked && co.waitEpoch == c.epoch {
		co.x().waitCont = nil
		t.wake(co, 0, cause)
	} else {
		c.errv = cause
	}
	c.state = contResumed
	return true
}

func (t *Thread) continuationCancelled(c *Continuation, cause Value) {
	c.cancelled = true
	for _, h := range c.handlers {
		t.runHandler(h, []Value{cause})
	}
	c.handlers = nil
}

// OnCancellation registers invoke_on_cancellation(handler).
func (t *Thread) OnCancellation(c *Continuation, h Value) {
	if c.cancelled {
		t.runHandler(h, []Value{Unit})
		return
	}
	c.handlers = append(c.handlers, h)
}

// IsActive reports a continuation not yet resumed or cancelled.
func (c *Continuation) IsActive() bool { return c.state != contResumed }

// ContextValue returns the continuation's context as a value.
func (t *Thread) ContinuationContext(c *Continuation) Value {
	ctx := c.ctx
	if ctx == nil {
		ctx = &Context{}
	}
	return t.NewContextValue(ctx)
}

// Display renders a continuation.
func (c *Continuation) describe() string {
	state := [...]string{"active", "suspended", "resumed"}[c.state]
	if c.ctx != nil && c.ctx.Interceptor != 0 {
		return fmt.Sprintf("<Continuation #%d %s, intercepted by %s>", c.ID, state, c.ctx.interceptorName)
	}
	return fmt.Sprintf("<Continuation #%d %s>", c.ID, state)
}

// StartUnconfined starts a just-launched Unconfined coroutine inside its
// launcher; the launcher gets the job back when it first suspends.
func (t *Thread) StartUnconfined(j *Job) (Value, error) {
	if t.co == nil {
		t.vm.sched.PushFront(j.Co)
		return j.Self, nil
	}
	if _, err := t.resumeInline(j.Co, Unit, 0); err != errSwitch {
		return 0, err
	}
	t.co.resumer.x().inlineResult = j.Self
	return 0, errSwitch
}

// timeoutState is the timer of a with_timeout scope.
type timeoutState struct {
	tm    *Timer
	fired bool
}

// StartTimeout arms with_timeout's timer: after ms it cancels the scope
// with a Timeout error ("Timed out waiting for ms ms").
func (t *Thread) StartTimeout(scope *Job, ms int64) Value {
	st := &timeoutState{}
	st.tm = t.vm.sched.AddTimer(t, ms, func(mt *Thread) {
		st.fired = true
		mt.CancelJob(scope, mt.NewError(KindTimeout, "Timed out waiting for "+itoa(ms)+" ms"))
	})
	return t.alloc(KNative, &NativeObj{TypeName: "Timeout", Data: st})
}

// StopTimeout disarms a with_timeout timer.
func (t *Thread) StopTimeout(v Value) {
	if n, ok := t.vm.Native(v); ok {
		if st, ok := n.Data.(*timeoutState); ok {
			st.tm.Stop()
		}
	}
}

// TimedOut reports whether a with_timeout timer fired.
func (t *Thread) TimedOut(v Value) bool {
	if n, ok := t.vm.Native(v); ok {
		if st, ok := n.Data.(*timeoutState); ok {
			return st.fired
		}
	}
	return false
}
