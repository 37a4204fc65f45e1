package vm

import (
	"fmt"
	"strings"

	"github.com/cprime-lang/cprime/vmstack"
)

// JobState is the state of a Job, as kotlinx.coroutines defines it.
type JobState uint8

const (
	JobNew        JobState = iota // lazy, not started
	JobActive                     // running
	JobCompleting                 // body done, waiting for children
	JobCancelling                 // cancelled or failed, waiting for children and body
	JobCancelled                  // final: cancelled or failed (Cause says which)
	JobCompleted                  // final: success
)

var jobStateNames = [...]string{"new", "active", "completing", "cancelling", "cancelled", "completed"}

func (s JobState) String() string { return jobStateNames[s] }

// Job is the structured-concurrency handle of a coroutine (launch, async,
// spawn), of a scope (coroutine_scope, supervisor_scope, with_timeout), or
// a standalone Job()/SupervisorJob(). A Deferred is a Job with a result.
//
// The struct is kept small (a 112-byte allocation): a program may have a
// hundred thousand jobs waiting at once. What few jobs need lives in x.
type Job struct {
	Self       Value
	ID         int64
	Co         *Coroutine // the body's coroutine (for a scope: the coroutine running the scope)
	Parent     *Job
	Value      Value
	Cause      Value // failure or cancellation cause
	Name       string
	Dispatcher Dispatcher
	// cancelErr is the error raised at the body's suspension points once
	// the job is cancelling (a Cancellation, or a Timeout).
	cancelErr Value
	x         *jobExt
	// childIndex is this job's position in its parent's children, so a
	// finishing child is removed in constant time; liveChildren counts
	// this job's unfinished children.
	childIndex   int32
	liveChildren int32
	State        JobState
	Deferred     bool
	Supervisor   bool
	Scope        bool // a scope: failure is rethrown by the scope, not sent to the parent
	Main         bool // the script's (or a REPL input's) run_blocking
	bodyDone     bool
	// Standalone: Job()/SupervisorJob(), with no body of its own: it ends
	// when cancelled or complete()d and its children are done.
	Standalone bool
	// Atomic: started with CoroutineStart::Atomic, its body runs even when
	// cancelled before it starts (until its first suspension point).
	Atomic bool
	// ncDepth: for a scope, how deep in with_context(NonCancellable) its
	// coroutine was when it opened: NonCancellable shields a coroutine from
	// the jobs outside it, not from the scopes (with_timeout) opened inside.
	ncDepth uint8
}

// jobExt is the state few jobs need.
type jobExt struct {
	// children in launch order, with nil where a finished child was
	// (compacted as they accumulate)
	children   []*Job
	handler    Value // CoroutineExceptionHandler (a function of (context, error))
	context    Value // the coroutine context value it was started with
	outer      *Job  // scope: the coroutine's job outside the scope
	waiters    []jobWaiter
	onComplete []Value
	// channel is the channel a produce { } coroutine sends to; it is
	// closed when the body ends.
	channel *Channel
}

func (j *Job) ext() *jobExt {
	if j.x == nil {
		j.x = &jobExt{}
	}
	return j.x
}

// Channel returns the channel of a produce { } job (nil for others).
func (j *Job) Channel() *Channel {
	if j.x == nil {
		return nil
	}
	return j.x.channel
}

// SetChannel makes j a producer: ch is closed when its body ends.
func (j *Job) SetChannel(ch *Channel) { j.ext().channel = ch }

// Outer returns the job a scope's coroutine had outside the scope.
func (j *Job) Outer() *Job {
	if j.x == nil {
		return nil
	}
	return j.x.outer
}

func (j *Job) waiterList() []jobWaiter {
	if j.x == nil {
		return nil
	}
	return j.x.waiters
}

func (j *Job) addWaiter(w jobWaiter) { j.ext().waiters = append(j.ext().waiters, w) }

// dropChildren forgets every child (a run that can make no progress).
func (j *Job) dropChildren() {
	if j.x != nil {
		clear(j.x.children)
		j.x.children = nil
	}
	j.liveChildren = 0
}

func (j *Job) addChild(c *Job) {
	x := j.ext()
	c.Parent = j
	c.childIndex = int32(len(x.children))
	x.children = append(x.children, c)
	j.liveChildren++
}

func (j *Job) removeChild(c *Job) {
	x := j.x
	if x == nil {
		return
	}
	if i := int(c.childIndex); i < len(x.children) && x.children[i] == c {
		x.children[i] = nil
		j.liveChildren--
	}
	if len(x.children) > 32 && int(j.liveChildren) < len(x.children)/2 {
		out := x.children[:0]
		for _, k := range x.children {
			if k != nil {
				k.childIndex = int32(len(out))
				out = append(out, k)
			}
		}
		clear(x.children[len(out):])
		x.children = out
	}
}

// childList returns the live children in launch order.
func (j *Job) childList() []*Job {
	if j.x == nil {
		return nil
	}
	out := make([]*Job, 0, j.liveChildren)
	for _, c := range j.x.children {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

type jobWaiter struct {
	co    *Coroutine
	epoch uint32
	await bool // await (value or failure) rather than join
	sel   *selectWait
	index int
}

func (j *Job) trace(m *marker) { j.traceFrom(m) }

func (j *Job) traceFrom(m *marker) {
	m.mark(j.Self)
	m.mark(j.Value)
	m.mark(j.Cause)
	m.mark(j.cancelErr)
	if j.Co != nil {
		m.mark(j.Co.Self)
	}
	if j.Parent != nil {
		m.mark(j.Parent.Self)
	}
	x := j.x
	if x == nil {
		return
	}
	m.mark(x.handler)
	m.mark(x.context)
	for _, c := range x.children {
		if c != nil {
			m.mark(c.Self)
		}
	}
	for _, w := range x.waiters {
		m.mark(w.co.Self)
	}
	for _, h := range x.onComplete {
		m.mark(h)
	}
	if x.outer != nil {
		m.mark(x.outer.Self)
	}
	if x.channel != nil {
		m.mark(x.channel.Self)
	}
}

// IsFinal reports a completed or cancelled job.
func (j *Job) IsFinal() bool { return j.State == JobCancelled || j.State == JobCompleted }

// IsActive is Job.isActive: started and neither completed nor cancelling.
func (j *Job) IsActive() bool { return j.State == JobActive || j.State == JobCompleting }

// IsCancelled is Job.isCancelled: cancelling or cancelled (failure included).
func (j *Job) IsCancelled() bool { return j.State == JobCancelling || j.State == JobCancelled }

// Failed reports a job that ended (or is ending) by an error other than cancellation.
func (j *Job) Failed(vm *VM) bool { return j.Cause != 0 && !vm.IsCancellation(j.Cause) }

// IsCancellation reports an error of kind Cancellation or Timeout.
func (vm *VM) IsCancellation(v Value) bool {
	e, ok := vm.ErrorOf(v)
	return ok && (e.Kind == KindCancellation || e.Kind == KindTimeout)
}

// NewJob creates a job, a child of parent (nil: a root).
func (t *Thread) NewJob(parent *Job) *Job {
	j := &Job{ID: t.vm.nextCoID.Add(1), State: JobActive, Value: Unit}
	j.Self = t.alloc(KJob, j)
	if parent != nil {
		parent.addChild(j)
		if parent.State == JobCancelling || parent.IsFinal() {
			t.CancelJob(j, t.childCancellation(parent))
		}
	}
	return j
}

// JobOf returns the job behind a value.
func (vm *VM) JobOf(v Value) (*Job, bool) {
	if v.Kind() != KJob {
		return nil, false
	}
	j, ok := vm.heap.Get(v).(*Job)
	return j, ok
}

// CurrentJob returns the job of the running coroutine's chain.
func (t *Thread) CurrentJob() *Job {
	for c := t.co; c != nil; c = c.resumer {
		if c.Job != nil {
			return c.Job
		}
	}
	return nil
}

// LaunchOptions configure a new scheduled coroutine.
type LaunchOptions struct {
	Parent     *Job // nil: the current job
	NoParent   bool // a root job (the parent is an explicit standalone Job)
	Dispatcher Dispatcher
	Name       string
	Handler    Value
	Context    Value
	Lazy       bool
	Deferred   bool
	Class      vmstack.Class
	NoDispatch bool // the caller starts it (Unconfined starts inline)
}

// Launch creates a coroutine running f(args...) as a child job and
// queues it on its dispatcher (unless lazy).
func (t *Thread) Launch(f Value, args []Value, o LaunchOptions) (*Job, error) {
	co, err := t.NewCoroutine(f, args, o.Class)
	if err != nil {
		return nil, err
	}
	parent := o.Parent
	if parent == nil && !o.NoParent {
		parent = t.CurrentJob()
	}
	d := o.Dispatcher
	if d == nil {
		if cur := t.co; cur != nil {
			d = t.chainDispatcher(cur)
		} else {
			d = t.vm.sched.Main
		}
	}
	j := t.NewJob(parent)
	j.Co, j.Deferred, j.Dispatcher, j.Name = co, o.Deferred, d, o.Name
	if o.Handler != 0 || o.Context != 0 {
		j.ext().handler, j.ext().context = o.Handler, o.Context
	}
	co.Job = j
	co.SetDispatcher(t.vm, d)
	co.SetName(o.Name)
	if o.Lazy && j.State == JobActive {
		j.State = JobNew
		return j, nil
	}
	if o.NoDispatch && t.co != nil {
		return j, nil // started inline by the caller (StartUnconfined)
	}
	d.Dispatch(t, co)
	return j, nil
}

// StartJob starts a lazy job; it reports whether it was started now.
func (t *Thread) StartJob(j *Job) bool {
	if j.State != JobNew {
		return false
	}
	j.State = JobActive
	j.Dispatcher.Dispatch(t, j.Co)
	return true
}

// childCancellation is the error a child gets when its parent cancels it.
//
// As in kotlinx.coroutines, a parent cancelled with a cancellation (a
// Cancellation or a Timeout) hands that very error to its children, so a
// with_timeout's Timeout reaches the scopes and coroutines inside it; a
// parent that failed gives them "Parent job is cancelling".
func (t *Thread) childCancellation(parent *Job) Value {
	if parent.cancelErr != 0 && t.vm.IsCancellation(parent.cancelErr) {
		return parent.cancelErr
	}
	return t.NewError(KindCancellation, "Parent job is cancelling")
}

// CancelJob cancels j (and its children) with cause, a Cancellation-kind
// error. The body sees the error at its next suspension point; a body
// waiting now is woken with it.
func (t *Thread) CancelJob(j *Job, cause Value) {
	if j.IsFinal() {
		return
	}
	if j.Standalone {
		j.bodyDone = true
	}
	if j.State != JobCancelling {
		wasNew := j.State == JobNew
		j.State = JobCancelling
		if j.Cause == 0 {
			j.Cause = cause
		}
		j.cancelErr = cause
		if h := t.vm.Hooks.JobCancelling; h != nil {
			h(j)
		}
		if wasNew && j.Co != nil {
			// a lazy job that never started: it ends without running
			j.bodyDone = true
			j.Co.State = CoroCancelled
			t.vm.releaseStack(j.Co)
		}
	}
	for _, c := range j.childList() {
		t.CancelJob(c, t.childCancellation(j))
	}
	t.cancelBody(j)
	t.tryComplete(j)
}

// cancelBody wakes the coroutine running j's body if it is waiting and j
// is its innermost job.
func (t *Thread) cancelBody(j *Job) {
	co := j.Co
	if co == nil || j.bodyDone || co.Job != j || shielded(co, j) {
		return
	}
	if !co.parked {
		// woken but not yet run: a cancellable continuation resumed with a
		// value has its cancellation handlers run now, inside cancel()
		// (it resumes with Cancellation: see promptCancel)
		if x := co.ext; x != nil && x.resumedCont != nil && co.cancellableWait && !x.resumedCont.cancelled {
			t.continuationCancelled(x.resumedCont, j.cancelErr)
		}
		return
	}
	if c := co.waitingOn(); c != nil {
		if !c.cancellable {
			return // suspend_coroutine is not a cancellation point
		}
		t.continuationCancelled(c, j.cancelErr)
		c.state = contResumed
	}
	t.wake(co, 0, j.cancelErr)
}

// cancellationCheck returns the cancellation error if co's job is being
// cancelled (suspension points are cancellation points).
func (t *Thread) cancellationCheck(co *Coroutine) error {
	if co == nil {
		return nil
	}
	for c := co; c != nil; c = c.resumer {
		if c.Job != nil {
			if shielded(co, c.Job) {
				return nil
			}
			if c.Job.State == JobCancelling && !c.Job.bodyDone {
				return ThrowValue(c.Job.cancelErr)
			}
			return nil
		}
	}
	return nil
}

// shielded reports whether co runs inside with_context(NonCancellable)
// entered after j (so j's cancellation does not reach it).
func shielded(co *Coroutine, j *Job) bool {
	nc := co.nonCancel()
	return nc > 0 && (!j.Scope || j.Co != co || int(j.ncDepth) < nc)
}

// CancellationCheck is cancellationCheck for the running coroutine (ensure_active).
func (t *Thread) CancellationCheck() error { return t.cancellationCheck(t.co) }

// SetNonCancellable enters (+1) or leaves (-1) a NonCancellable section.
func (t *Thread) SetNonCancellable(delta int) {
	if t.co != nil {
		t.co.x().nonCancellable += delta
	}
}

// jobBodyFinished records the end of a job's body coroutine.
func (t *Thread) jobBodyFinished(j *Job, v, errv Value) {
	j.bodyDone = true
	if ch := j.Channel(); ch != nil {
		cause := Value(0)
		if errv != 0 && !t.vm.IsCancellation(errv) {
			cause = errv
		}
		t.CloseChannel(ch, cause)
	}
	if errv != 0 {
		if t.vm.IsCancellation(errv) {
			if j.State != JobCancelling {
				j.State = JobCancelling
				if j.Cause == 0 {
					j.Cause = errv
				}
			}
		} else {
			t.jobFailed(j, errv)
		}
	} else if j.State != JobCancelling {
		j.Value = v
	}
	t.tryComplete(j)
}

// jobFailed records a failure of j (its body or a child's) and propagates it.
func (t *Thread) jobFailed(j *Job, errv Value) {
	vm := t.vm
	if j.IsFinal() {
		return
	}
	if j.Cause == 0 || vm.IsCancellation(j.Cause) {
		j.Cause = errv
	} else if j.Cause != errv {
		if e, ok := vm.ErrorOf(j.Cause); ok && !vm.IsCancellation(errv) && !containsValue(e.Suppressed, errv) {
			e.Suppressed = append(e.Suppressed, errv)
		}
	}
	wasCancelling := j.State == JobCancelling
	if !wasCancelling {
		j.State = JobCancelling
		j.cancelErr = t.NewError(KindCancellation, "Job is cancelling because of a failure")
		if h := t.vm.Hooks.JobCancelling; h != nil {
			h(j)
		}
	}
	// the parent hears of the failure before anything here completes, so
	// that no ancestor finishes without it (and a later failure, raised
	// while cancelling, is added to the first as suppressed)
	if p := j.Parent; p != nil && !j.Scope && !p.Supervisor {
		t.jobFailed(p, errv)
	}
	if wasCancelling {
		return
	}
	for _, c := range j.childList() {
		t.CancelJob(c, t.childCancellation(j))
	}
	t.cancelBody(j)
}

func containsValue(vs []Value, v Value) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// tryComplete finishes j once its body and all its children are done.
func (t *Thread) tryComplete(j *Job) {
	if !j.bodyDone || j.IsFinal() {
		return
	}
	if j.liveChildren > 0 {
		if j.State == JobActive {
			j.State = JobCompleting
		}
		return
	}
	vm := t.vm
	if j.Cause != 0 {
		j.State = JobCancelled
	} else {
		j.State = JobCompleted
	}
	if vm.Hooks.JobFinished != nil {
		vm.Hooks.JobFinished(j)
	}
	// an uncaught failure of a root launch goes to its exception handler
	// (a root: no parent, or a Job()/SupervisorJob() rather than a
	// coroutine's job, LANGUAGE.md §7.7.3)
	if j.Failed(vm) && !j.Deferred && !j.Scope && !j.Main && (j.Parent == nil || j.Parent.Supervisor || j.Parent.Standalone) {
		t.handleUncaught(j)
	}
	for _, w := range j.waiterList() {
		if !w.co.parked || w.co.waitEpoch != w.epoch {
			continue
		}
		if w.sel != nil {
			switch {
			case w.await && j.Cause != 0:
				t.selectFinish(w.sel, w.index, 0, j.Cause)
			case w.await:
				t.selectFinish(w.sel, w.index, j.Value, 0)
			default:
				t.selectFinish(w.sel, w.index, Unit, 0)
			}
			continue
		}
		switch {
		case !w.await:
			t.wake(w.co, Unit, 0)
		case j.Cause != 0:
			t.wake(w.co, 0, j.Cause)
		default:
			t.wake(w.co, j.Value, 0)
		}
	}
	var onComplete []Value
	if j.x != nil {
		j.x.waiters = nil
		onComplete, j.x.onComplete = j.x.onComplete, nil
	}
	for _, h := range onComplete {
		cause := None
		if j.Cause != 0 {
			cause = t.Some(j.Cause)
		}
		t.runHandler(h, []Value{cause})
	}
	if p := j.Parent; p != nil {
		p.removeChild(j)
		t.tryComplete(p)
	}
}

// handleUncaught passes a root job's failure to its CoroutineExceptionHandler,
// or reports it on stderr.
func (t *Thread) handleUncaught(j *Job) {
	if j.x != nil && j.x.handler != 0 {
		ctx := j.x.context
		if ctx == 0 {
			ctx = Unit
		}
		t.runHandler(j.x.handler, []Value{ctx, j.Cause})
		return
	}
	vm := t.vm
	vm.Flush()
	fmt.Fprintf(vm.Err, "uncaught error in coroutine %s\n%s", j.describe(), vm.FormatError(j.Cause))
}

// describe names the job's coroutine (the id :coros and traces show),
// or the job itself when it has none.
func (j *Job) describe() string {
	id := j.ID
	if j.Co != nil {
		id = j.Co.ID
	}
	if j.Name != "" {
		return fmt.Sprintf("#%d %q", id, j.Name)
	}
	return fmt.Sprintf("#%d", id)
}

// runHandler queues a script callback (a completion, cancellation or
// exception handler) to run once the runtime operation that triggered it
// is over (see flushHandlers).
func (t *Thread) runHandler(f Value, args []Value) {
	p := t.vm.protoOf(f)
	if p == nil {
		return
	}
	if len(args) > p.NumParams {
		args = args[:p.NumParams]
	}
	for len(args) < p.NumParams {
		args = append(args, Unit)
	}
	t.handlers = append(t.handlers, t.NewTuple(append([]Value{f}, args...)))
}

// flushHandlers runs the handlers queued during a native call. They run
// synchronously, as kotlinx.coroutines runs them inside cancel() and
// complete(): the caller resumes inline in a helper coroutine that calls
// them in order, and gets v, the native's result, when they are done.
// It returns errSwitch when it did that, or nil when it could only queue
// them (flushHandlersLater).
func (t *Thread) flushHandlers(v Value) error {
	cur := t.co
	run := t.vm.findProto("__run_handlers")
	if cur == nil || run == nil {
		t.flushHandlersLater()
		return nil
	}
	calls := t.NewVec(t.handlers)
	t.handlers = nil
	co, err := t.NewCoroutine(FuncValue(run.Index), []Value{calls}, vmstack.Small)
	if err != nil {
		return nil
	}
	co.SetName("handlers")
	co.disp = dispMain
	if _, err := t.resumeInline(co, Unit, 0); err != errSwitch {
		return err
	}
	cur.x().inlineResult = v
	return errSwitch
}

// flushHandlersLater queues the pending handlers to run, in order, before
// anything else on the Main dispatcher (outside a native there is no
// caller to run them inside).
func (t *Thread) flushHandlersLater() {
	if len(t.handlers) == 0 {
		return
	}
	run := t.vm.findProto("__run_handlers")
	if run == nil {
		t.handlers = nil
		return
	}
	calls := t.NewVec(t.handlers)
	t.handlers = nil
	co, err := t.NewCoroutine(FuncValue(run.Index), []Value{calls}, vmstack.Small)
	if err != nil {
		return
	}
	co.SetName("handlers")
	co.disp = dispMain
	t.vm.sched.PushFront(co)
	if t != t.vm.Main {
		t.vm.sched.notifyMain()
	}
}

// Join waits for j to complete (it returns at once if it has).
func (t *Thread) Join(j *Job, await bool) (Value, error) {
	if j.State == JobNew {
		t.StartJob(j)
	}
	if j.IsFinal() {
		if !await {
			return Unit, t.cancellationCheck(t.co)
		}
		if j.Cause != 0 {
			return 0, ThrowValue(j.Cause)
		}
		return j.Value, nil
	}
	co := t.co
	kind := waitJoin
	if await {
		kind = waitAwait
	}
	if err := t.Park(kind, j.ID); err != nil {
		return 0, err
	}
	j.addWaiter(jobWaiter{co: co, epoch: co.waitEpoch, await: await})
	return 0, errSwitch
}

// OnCompletion registers a handler called with the job's cause (None when it completed).
func (t *Thread) OnCompletion(j *Job, h Value) {
	if j.IsFinal() {
		cause := None
		if j.Cause != 0 {
			cause = t.Some(j.Cause)
		}
		t.runHandler(h, []Value{cause})
		return
	}
	j.ext().onComplete = append(j.ext().onComplete, h)
}

// ScopeEnter starts a scope job (coroutine_scope, supervisor_scope,
// with_timeout) for the running coroutine; launches inside are its children.
func (t *Thread) ScopeEnter(supervisor bool) *Job {
	co := t.co
	parent := t.CurrentJob()
	if co.nonCancel() > 0 {
		parent = nil // with_context(NonCancellable): the parent's cancellation does not reach in
	}
	j := t.NewJob(parent)
	j.Scope, j.Supervisor, j.Co = true, supervisor, co
	j.ncDepth = uint8(min(co.nonCancel(), 255))
	j.ext().outer = co.Job
	j.Dispatcher = t.chainDispatcher(co)
	co.Job = j
	return j
}

// ScopeExit ends a scope's body (with value, or with failure when it is not
// unit) and waits for the scope's children; then it returns the value or
// raises the scope's failure.
func (t *Thread) ScopeExit(j *Job, value, failure Value) (Value, error) {
	co := t.co
	if co.Job == j {
		co.Job = j.Outer()
	}
	if !j.bodyDone {
		j.bodyDone = true
		if failure != Unit && failure != 0 {
			if t.vm.IsCancellation(failure) {
				if j.State != JobCancelling {
					j.State = JobCancelling
					if j.Cause == 0 {
						j.Cause = failure
					}
				}
			} else {
				t.jobFailed(j, failure)
			}
		} else if j.State != JobCancelling {
			j.Value = value
		}
		t.tryComplete(j)
	}
	if !j.IsFinal() {
		if err := t.parkScope(j); err != nil {
			return 0, err
		}
		return 0, errSwitch
	}
	return t.scopeResult(j, failure)
}

// parkScope waits for a scope's children without being woken by the
// scope's own cancellation (only the outer job's cancellation wakes it).
func (t *Thread) parkScope(j *Job) error {
	co := t.co
	co.parked = true
	co.cancellableWait = false
	co.setWait(waitScope, j.ID)
	co.State = CoroSuspended
	if co.disp == dispNone {
		co.SetDispatcher(t.vm, t.chainDispatcher(co))
	}
	t.handOff(co)
	j.addWaiter(jobWaiter{co: co, epoch: co.waitEpoch, await: true})
	return nil
}

func (t *Thread) scopeResult(j *Job, failure Value) (Value, error) {
	vm := t.vm
	if j.Cause != 0 && !vm.IsCancellation(j.Cause) {
		return 0, ThrowValue(j.Cause)
	}
	if failure != Unit && failure != 0 {
		return 0, ThrowValue(failure)
	}
	if j.Cause != 0 {
		return 0, ThrowValue(j.Cause)
	}
	return j.Value, nil
}

// JobTree renders the job tree below j (for :jobs and debugging).
func (vm *VM) JobTree(j *Job) string {
	var b strings.Builder
	vm.writeJobTree(&b, j, 0)
	return b.String()
}

func (vm *VM) writeJobTree(b *strings.Builder, j *Job, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	vm.writeJob(b, j)
	b.WriteByte('\n')
	for _, c := range j.childList() {
		vm.writeJobTree(b, c, depth+1)
	}
}

func (vm *VM) writeJob(b *strings.Builder, j *Job) {
	kind := "Job"
	switch {
	case j.Deferred:
		kind = "Deferred"
	case j.Scope:
		kind = "Scope"
	case j.Supervisor:
		kind = "SupervisorJob"
	}
	state := j.State.String()
	if j.State == JobCancelled && j.Failed(vm) {
		state = "failed"
	}
	fmt.Fprintf(b, "<%s #%d %s>", kind, j.ID, state)
}

// CompleteJob is Job.complete() for a standalone job: it completes once
// its children have.
func (t *Thread) CompleteJob(j *Job) bool {
	if !j.Standalone || j.IsFinal() || j.bodyDone {
		return false
	}
	j.bodyDone = true
	t.tryComplete(j)
	return true
}

// NewStandaloneJob is Job() / SupervisorJob().
func (t *Thread) NewStandaloneJob(supervisor bool) *Job {
	j := t.NewJob(nil)
	j.Standalone, j.Supervisor = true, supervisor
	return j
}

// ChildList returns the live children in launch order.
func (j *Job) ChildList() []*Job { return j.childList() }

// AddChild makes c a child of j.
func (j *Job) AddChild(c *Job) { j.addChild(c) }
