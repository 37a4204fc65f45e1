package vm

import (
	"sync/atomic"
	"time"

	"github.com/cprime-lang/cprime/vmstack"
)

// Controller drives a VM by hand, as the REPL and the debugger do. The VM
// must run with Options.Serial, so that every coroutine waits in the main
// thread's ready queue and nothing moves unless the controller runs it.
//
// A REPL input runs until its own chunk finishes; the coroutines it
// launched are then adopted by the session's scope job and stay queued
// until the user steps them, runs the scheduler, or turns on auto mode.
// Coroutines can be run to their next suspension point, one source line
// or one instruction at a time (see stepping.go), and breakpoints stop
// any coroutine that reaches them.
type Controller struct {
	vm *VM
	t  *Thread
	// Scope is the session's long-lived supervisor job: it adopts what
	// inputs launch, so an input never waits for them and one failing does
	// not cancel the others.
	Scope *Job

	// stopped are the heads of chains a trap or a pause stopped in the
	// middle of their code, oldest first; stops says why each stopped.
	stopped []*Coroutine
	stops   map[*Coroutine]Event
	// drivers are the helper coroutines that resume hand-driven
	// coroutines for :step, mapped to the coroutine each drives.
	drivers map[*Coroutine]*Coroutine
	// finishedDrivers are drivers that finished since TakeDriverResults.
	finishedDrivers []DriverResult
	driverProtos    map[string]*Proto
	// lastYield holds the value each hand-driven coroutine last yielded.
	lastYield map[*Coroutine]Value

	interrupted atomic.Bool // Ctrl-C in the REPL: stop the current run
	pauseReq    atomic.Bool // Ctrl-C in the debugger: stop at the next safepoint

	// trap state (stepping.go)
	trapMode   trapMode
	orig       map[*Proto][]Instr
	rearmProto *Proto // the instruction run once in place of its trap
	rearmPC    int
	tempAll    bool // every instruction traps until the next trap (stepping off a breakpoint)
	skips      map[*Coroutine]position
	goal       *stepGoal
	breaks     []*Breakpoint
	bpAt       map[codeLoc]*Breakpoint // armed breakpoint locations
	hit        *Event                  // set when a trap or pause stopped the run
	// SkipFiles are files (the prelude) whose code a line step passes
	// over rather than stopping in.
	SkipFiles map[string]bool

	// created and failed list the coroutines created, and failed, during
	// the current run.
	created []*Coroutine
	failed  []*Coroutine
	// finishedJobs keeps the latest finished jobs alive, so :jobs can
	// still show how a cancellation went through a tree that has ended.
	finishedJobs []*Job
}

// keepFinishedJobs is how many finished jobs the controller remembers.
const keepFinishedJobs = 256

// DriverResult is what a hand-driven coroutine's :step delivered when the
// helper that resumed it finished.
type DriverResult struct {
	Target  *Coroutine
	Result  Value // a CoroResult, when Failure is 0
	Failure Value
}

// EventKind says why a controlled run returned.
type EventKind uint8

const (
	EvDone        EventKind = iota // the run's goal was reached (the input or program finished)
	EvSuspended                    // the stepped coroutine suspended: it parked or yielded
	EvFinished                     // the stepped coroutine completed, failed or was cancelled
	EvStopped                      // a step reached its goal: the coroutine stopped before an instruction
	EvBreakpoint                   // a breakpoint stopped a coroutine
	EvIdle                         // nothing is left to run (coroutines may still wait)
	EvLimit                        // the dispatch limit was reached
	EvInterrupted                  // Ctrl-C
	EvPaused                       // Ctrl-C in the debugger stopped a coroutine at a safepoint
)

var eventNames = [...]string{"done", "suspended", "finished", "stopped", "breakpoint", "idle", "limit", "interrupted", "paused"}

func (k EventKind) String() string { return eventNames[k] }

// Event reports how a controlled run ended.
type Event struct {
	Kind       EventKind
	Co         *Coroutine   // the coroutine concerned (stepped, stopped, or hit)
	Breakpoint *Breakpoint  // for EvBreakpoint
	Dispatches int          // coroutines taken from the ready queue
	Created    []*Coroutine // coroutines created during the run
	Failed     []*Coroutine // coroutines that failed during the run (not by cancellation)
}

// Controller returns the VM's controller, attaching one on first use.
func (vm *VM) Controller() *Controller {
	if c := vm.Hooks.ctl; c != nil {
		return c
	}
	c := &Controller{vm: vm, t: vm.Main, stops: map[*Coroutine]Event{},
		drivers: map[*Coroutine]*Coroutine{}, lastYield: map[*Coroutine]Value{},
		skips: map[*Coroutine]position{}, SkipFiles: map[string]bool{}, driverProtos: map[string]*Proto{}}
	vm.Hooks.ctl = c
	c.Scope = vm.Main.NewStandaloneJob(true)
	c.Scope.Name = "session"
	vm.AddRoot(c.markRoots)
	c.chainHooks()
	return c
}

// markRoots keeps what the controller holds alive across collections.
func (c *Controller) markRoots(mark func(Value)) {
	mark(c.Scope.Self)
	for _, co := range c.stopped {
		mark(co.Self)
	}
	for d, target := range c.drivers {
		mark(d.Self)
		mark(target.Self)
	}
	for co, v := range c.lastYield {
		mark(co.Self)
		mark(v)
	}
	for _, j := range c.finishedJobs {
		mark(j.Self)
	}
	for _, r := range c.finishedDrivers {
		mark(r.Target.Self)
		mark(r.Result)
		mark(r.Failure)
	}
}

// chainHooks adds the controller's observers in front of any hooks
// already set (a tracer keeps working).
func (c *Controller) chainHooks() {
	h := &c.vm.Hooks
	prevYield := h.Yielded
	h.Yielded = func(co *Coroutine, v Value) {
		c.lastYield[co] = v
		if prevYield != nil {
			prevYield(co, v)
		}
	}
	prevResumed := h.Resumed
	h.Resumed = func(co *Coroutine) {
		delete(c.lastYield, co)
		if prevResumed != nil {
			prevResumed(co)
		}
	}
	prevFinished := h.CoroutineFinished
	h.CoroutineFinished = func(co *Coroutine) {
		delete(c.lastYield, co)
		if co.State == CoroFailed && co.ext != nil && !c.vm.IsCancellation(co.ext.result) {
			c.failed = append(c.failed, co)
		}
		if prevFinished != nil {
			prevFinished(co)
		}
	}
	prevCreated := h.CoroutineCreated
	h.CoroutineCreated = func(co *Coroutine) {
		c.created = append(c.created, co)
		if prevCreated != nil {
			prevCreated(co)
		}
	}
	prevJob := h.JobFinished
	h.JobFinished = func(j *Job) {
		if !j.Main {
			if len(c.finishedJobs) >= keepFinishedJobs {
				c.finishedJobs = append(c.finishedJobs[:0], c.finishedJobs[1:]...)
			}
			c.finishedJobs = append(c.finishedJobs, j)
		}
		if prevJob != nil {
			prevJob(j)
		}
	}
	prevSafepoint := h.Safepoint
	h.Safepoint = func(t *Thread, co *Coroutine) bool {
		if c.pauseReq.Load() && co != nil && t == c.t {
			c.pauseReq.Store(false)
			c.stop(t, co, Event{Kind: EvPaused, Co: co})
			return true
		}
		if prevSafepoint != nil {
			return prevSafepoint(t, co)
		}
		return false
	}
}

// Interrupt stops the current run (Ctrl-C in the REPL): the running
// coroutine fails with Interrupted at its next safepoint, and the run
// returns. Safe to call from a signal handler's goroutine.
func (c *Controller) Interrupt() {
	c.interrupted.Store(true)
	c.vm.Interrupt()
}

// Pause stops the running coroutine at its next safepoint without harming
// it (Ctrl-C in the debugger). Safe to call from another goroutine.
func (c *Controller) Pause() { c.pauseReq.Store(true) }

// ClearInterrupt forgets a Ctrl-C that arrived while nothing ran.
func (c *Controller) ClearInterrupt() {
	c.interrupted.Store(false)
	c.pauseReq.Store(false)
	c.vm.interrupt.Store(false)
}

// InputOutcome is how a REPL input ended.
type InputOutcome struct {
	Value   Value // the chunk's value (0 while it has not finished)
	Failure Value // the error that ended it, 0 if none
	Co      *Coroutine
	Job     *Job
	Event   Event // how the run returned (EvDone unless stopped or interrupted)
	Adopted []*Job
}

// RunInput runs f(args...) as one REPL input: a main coroutine on the Main
// dispatcher that runs (with whatever it waits for) until it finishes.
// Coroutines it launched are then adopted by Scope and left queued. With
// only set, nothing but the input's own chain runs (the debugger's print).
func (c *Controller) RunInput(f Value, args []Value, only bool) InputOutcome {
	t := c.t
	co, err := t.NewCoroutine(f, args, vmstack.Large)
	if err != nil {
		return InputOutcome{Failure: t.errorValue(err, nil, 0, 0)}
	}
	co.SetName("repl")
	job := t.NewJob(nil)
	job.Main, job.Co, job.Name = true, co, "input"
	job.Dispatcher = c.vm.sched.Main
	co.Job, co.disp = job, dispMain
	c.vm.sched.PushFront(co)
	ev := c.run(runSpec{first: co, only: only, input: job, until: co.IsDone})
	out := InputOutcome{Co: co, Job: job, Event: ev}
	if !co.IsDone() {
		return out
	}
	out.Adopted = c.adoptChildren(job)
	out.Value = job.Value
	if job.Cause != 0 {
		out.Failure = job.Cause
	} else if co.State == CoroFailed && co.ext != nil {
		out.Failure = co.ext.result
	}
	c.vm.Flush()
	return out
}

// adoptChildren moves the live children of a finished input's job to the
// session scope, so the input completes without waiting for them.
func (c *Controller) adoptChildren(j *Job) []*Job {
	kids := j.childList()
	for _, k := range kids {
		c.Scope.addChild(k)
	}
	j.dropChildren()
	c.t.tryComplete(j)
	return kids
}

// StartProgram queues a script's main chunk as the body of run_blocking
// (the debugger): Continue and the step commands then run it.
func (c *Controller) StartProgram(p *Proto) (*Job, error) {
	t := c.t
	co, err := t.NewCoroutine(FuncValue(p.Index), nil, vmstack.Large)
	if err != nil {
		return nil, err
	}
	co.SetName("main")
	job := t.NewJob(nil)
	job.Main, job.Co, job.Name = true, co, "main"
	job.Dispatcher = c.vm.sched.Main
	co.Job, co.disp = job, dispMain
	c.vm.sched.Main.Dispatch(t, co)
	return job, nil
}

// RunScheduler runs queued coroutines (and stopped ones) until nothing
// can run, or max coroutines have been dispatched (max > 0).
func (c *Controller) RunScheduler(max int) Event {
	return c.run(runSpec{max: max, resumeStopped: true})
}

// Continue runs the program of job (StartProgram) with breakpoints armed
// until it finishes or something stops it.
func (c *Controller) Continue(job *Job) Event {
	return c.run(runSpec{resumeStopped: true, input: job, until: job.IsFinal, breaks: true})
}

// runSpec says what a controlled run does.
type runSpec struct {
	first         *Coroutine  // run this coroutine's chain first
	only          bool        // run nothing but first's chain
	target        *Coroutine  // the coroutine whose outcome an only-run reports
	until         func() bool // stop once true (checked between chains)
	input         *Job        // woken with Deadlock or Interrupted when nothing can run
	max           int         // dispatch limit (0: none)
	resumeStopped bool        // continue stopped chains before queued coroutines
	goal          *stepGoal
	breaks        bool // arm breakpoints
}

// run is the controlled scheduler loop: one chain at a time on the main
// thread, checking the run's goal between chains.
func (c *Controller) run(s runSpec) (ev Event) {
	c.interrupted.Store(false)
	c.created, c.failed = c.created[:0], c.failed[:0]
	c.goal = s.goal
	c.arm(s.goal != nil, s.breaks)
	defer func() {
		c.disarm()
		c.goal = nil
		clear(c.skips)
		c.collectDrivers()
		ev.Created = append([]*Coroutine(nil), c.created...)
		ev.Failed = append([]*Coroutine(nil), c.failed...)
		c.created, c.failed = c.created[:0], c.failed[:0]
		c.vm.Flush()
	}()
	t := c.t
	t.enterVM()
	defer t.exitVM()
	n := 0
	for {
		if s.until != nil && s.until() {
			return Event{Kind: EvDone, Dispatches: n}
		}
		if g := s.goal; g != nil && g.co.IsDone() {
			return Event{Kind: EvFinished, Co: g.co, Dispatches: n}
		}
		if c.pauseReq.Swap(false) {
			return Event{Kind: EvPaused, Dispatches: n}
		}
		if c.interrupted.Swap(false) || c.vm.interrupt.Swap(false) {
			c.vm.interrupt.Store(false)
			if in := s.input; in != nil && in.Co != nil && in.Co.parked && !s.only {
				// an input waiting for something else: it ends with Interrupted
				t.wake(in.Co, 0, t.NewError(KindInterrupted, "interrupted"))
				continue
			}
			return Event{Kind: EvInterrupted, Dispatches: n}
		}
		var co *Coroutine
		switch {
		case s.first != nil:
			co, s.first = s.first, nil
			if !c.take(co) {
				return Event{Kind: EvSuspended, Co: co, Dispatches: n}
			}
		case s.only:
			return c.outcomeOf(s, n)
		case s.resumeStopped && len(c.stopped) > 0:
			co = c.stopped[0]
			c.take(co)
		default:
			if s.max > 0 && n >= s.max {
				return Event{Kind: EvLimit, Dispatches: n}
			}
			co = c.nextReady()
			if co == nil {
				if c.vm.interrupt.Load() || c.interrupted.Load() || c.pauseReq.Load() {
					continue // handled at the top of the loop
				}
				if in := s.input; in != nil && !in.IsFinal() && len(c.stopped) == 0 {
					deadlock := t.deadlockError(in.Co)
					if in.Co != nil && in.Co.parked {
						t.wake(in.Co, 0, deadlock)
						continue
					}
					if in.Co != nil && !in.Co.IsDone() {
						// its chain waits: a coroutine it resumed by hand is parked
						return Event{Kind: EvIdle, Dispatches: n}
					}
					// the body is done and its children wait forever: end them
					t.stopAll(in, deadlock)
					continue
				}
				return Event{Kind: EvIdle, Dispatches: n}
			}
			n++
			if !t.startRun(co) {
				continue // cancelled before its first run: it never runs
			}
		}
		t.executeSafely()
		if c.hit != nil {
			hit := *c.hit
			c.hit = nil
			hit.Dispatches = n
			return hit
		}
	}
}

// outcomeOf reports what became of the stepped coroutine of an only-run.
func (c *Controller) outcomeOf(s runSpec, n int) Event {
	co := s.target
	if co == nil && s.input != nil {
		co = s.input.Co
	}
	if co.IsDone() {
		return Event{Kind: EvFinished, Co: co, Dispatches: n}
	}
	return Event{Kind: EvSuspended, Co: co, Dispatches: n}
}

// take makes co the running chain: a stopped chain continues where it
// stopped; a queued coroutine leaves the queue. It reports false when co
// cannot run now.
func (c *Controller) take(co *Coroutine) bool {
	t := c.t
	if c.removeStopped(co) {
		c.skips[co] = positionOf(co)
		t.co = co
		if c.vm.Hooks.Running != nil {
			c.vm.Hooks.Running(t, co)
		}
		return true
	}
	if co.IsDone() || co.parked {
		return false
	}
	if !c.vm.sched.removeReady(co) {
		return false
	}
	return t.startRun(co)
}

// nextReady takes the next queued coroutine, firing timers as the clock
// reaches them (the virtual clock jumps; the real one is waited for, and
// the wait ends early on Ctrl-C). It returns nil when nothing is queued
// and no timer is pending.
func (c *Controller) nextReady() *Coroutine {
	s := c.vm.sched
	for {
		if co := s.popReady(); co != nil {
			return co
		}
		when, ok := s.NextTimer()
		if !ok {
			return nil
		}
		if s.virtual {
			if when > s.vnow.Load() {
				s.vnow.Store(when)
			}
		} else if d := when - s.Now(); d > 0 {
			c.vm.Flush()
			if !c.sleep(time.Duration(min(d, maxWaitMs)) * time.Millisecond) {
				return nil
			}
		}
		s.fireDue(c.t)
	}
}

// sleep waits for d; it reports false if Ctrl-C cut the wait short.
func (c *Controller) sleep(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if c.vm.interrupt.Load() || c.interrupted.Load() || c.pauseReq.Load() {
			return false
		}
		left := time.Until(deadline)
		if left <= 0 {
			return true
		}
		time.Sleep(min(left, 20*time.Millisecond))
	}
}

// removeReady takes co out of the ready queue; it reports whether co was queued.
func (s *Scheduler) removeReady(co *Coroutine) bool {
	q := s.ready[s.head:]
	for i, x := range q {
		if x == co {
			copy(q[i:], q[i+1:])
			q[len(q)-1] = nil
			s.ready = s.ready[:len(s.ready)-1]
			return true
		}
	}
	return false
}

// IsQueued reports whether co waits in the ready queue.
func (c *Controller) IsQueued(co *Coroutine) bool {
	for _, x := range c.vm.sched.Ready() {
		if x == co {
			return true
		}
	}
	return false
}

func (c *Controller) removeStopped(co *Coroutine) bool {
	for i, x := range c.stopped {
		if x == co {
			c.stopped = append(c.stopped[:i], c.stopped[i+1:]...)
			delete(c.stops, co)
			return true
		}
	}
	return false
}

// stop ends the running chain at co, which has saved its pc and base
// before the instruction about to run: it waits in c.stopped until
// something continues it.
func (c *Controller) stop(t *Thread, co *Coroutine, ev Event) {
	c.stopped = append(c.stopped, co)
	c.stops[co] = ev
	c.hit = &ev
	t.co = nil
}

// Stopped returns the heads of stopped chains, oldest first.
func (c *Controller) Stopped() []*Coroutine { return append([]*Coroutine(nil), c.stopped...) }

// StopOf reports whether co is stopped, and what stopped it.
func (c *Controller) StopOf(co *Coroutine) (Event, bool) {
	ev, ok := c.stops[co]
	return ev, ok
}

// StoppedHead returns the stopped chain co belongs to (co itself, or a
// coroutine co resumed by hand), or nil.
func (c *Controller) StoppedHead(co *Coroutine) *Coroutine {
	for _, h := range c.stopped {
		for x := h; x != nil; x = x.resumer {
			if x == co {
				return h
			}
		}
	}
	return nil
}

// LastYield returns the value a hand-driven coroutine last yielded.
func (c *Controller) LastYield(co *Coroutine) (Value, bool) {
	v, ok := c.lastYield[co]
	return v, ok
}

// Cancel cancels a job (and its children) from outside any coroutine, as
// :cancel does: a waiting body is woken with the error, a queued one sees
// it at its next suspension point, one that never ran never will.
func (c *Controller) Cancel(j *Job, msg string) {
	if msg == "" {
		msg = "cancelled"
	}
	c.t.CancelJob(j, c.t.NewError(KindCancellation, msg))
}

// StartLazy starts a lazy job (CoroutineStart::Lazy) so it can be stepped.
func (c *Controller) StartLazy(j *Job) bool { return c.t.StartJob(j) }
