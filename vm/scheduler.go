package vm

import (
	"math"
	"runtime"
	"sync/atomic"
	"time"
)

// Dispatcher decides where a runnable coroutine runs. Dispatch is called
// with the runtime lock held (or single-threaded), by thread t.
type Dispatcher interface {
	Dispatch(t *Thread, co *Coroutine)
	Name() string
}

// Scheduler owns the Main dispatcher's ready queue, the timers and the
// Default and IO pools. Its state is guarded by the runtime lock (VM.rt)
// once threads run in parallel.
type Scheduler struct {
	vm     *VM
	ready  []*Coroutine // FIFO (head at readyHead)
	head   int
	timers timerHeap
	seq    int64

	virtual bool
	vnow    atomic.Int64 // virtual clock, ms
	start   time.Time
	// earliest is the deadline of the first timer (math.MaxInt64: none),
	// read without the lock by the main thread's checkpoints
	earliest atomic.Int64

	// wakeMain tells the main thread, waiting for work, that a worker
	// queued a coroutine on Main, added a timer, or went idle
	wakeMain chan struct{}

	Main       *MainDispatcher
	Unconfined *UnconfinedDispatcher
	Default    *Pool
	IO         *Pool
}

// MainDispatcher runs coroutines one at a time, FIFO, on the main thread.
type MainDispatcher struct{ s *Scheduler }

// Dispatch queues co at the back.
func (d *MainDispatcher) Dispatch(t *Thread, co *Coroutine) {
	d.s.ready = append(d.s.ready, co)
	if t != nil && t != t.vm.Main {
		d.s.notifyMain()
	}
}

// Name is "Main".
func (d *MainDispatcher) Name() string { return "Main" }

func newScheduler(vm *VM) *Scheduler {
	s := &Scheduler{vm: vm, start: time.Now(), virtual: vm.Opts.VirtualTime, wakeMain: make(chan struct{}, 1)}
	s.earliest.Store(math.MaxInt64)
	s.Main = &MainDispatcher{s: s}
	s.Unconfined = &UnconfinedDispatcher{s: s}
	s.Default = newPool(s, "Default", runtime.GOMAXPROCS(0), 1)
	s.IO = newPool(s, "IO", 64, 1+runtime.GOMAXPROCS(0))
	return s
}

// notifyMain wakes the main thread if it waits for work.
func (s *Scheduler) notifyMain() {
	select {
	case s.wakeMain <- struct{}{}:
	default:
	}
}

// Scheduler returns the VM's scheduler.
func (vm *VM) Scheduler() *Scheduler { return vm.sched }

// SetVirtualTime switches the clock (REPL :time).
func (s *Scheduler) SetVirtualTime(on bool) {
	if on == s.virtual {
		return
	}
	now := s.Now()
	s.virtual = on
	if on {
		s.vnow.Store(now)
	} else {
		// the real clock reaches 292 years at most (a Duration)
		now = min(now, math.MaxInt64/int64(time.Millisecond))
		s.start = time.Now().Add(-time.Duration(now) * time.Millisecond)
	}
}

// Virtual reports whether the clock is virtual.
func (s *Scheduler) Virtual() bool { return s.virtual }

// Now returns the clock in milliseconds since the VM started.
func (s *Scheduler) Now() int64 {
	if s.virtual {
		return s.vnow.Load()
	}
	return time.Since(s.start).Milliseconds()
}

// Advance moves the virtual clock forward by ms and fires due timers.
func (s *Scheduler) Advance(ms int64) {
	if s.virtual {
		s.vnow.Store(addMs(s.vnow.Load(), ms)) // only the main thread moves it
	}
	s.fireDue(s.vm.Main)
}

// Ready returns the queued coroutines in order.
func (s *Scheduler) Ready() []*Coroutine { return s.ready[s.head:] }

// PushFront queues co to run next.
func (s *Scheduler) PushFront(co *Coroutine) {
	if s.head > 0 {
		s.head--
		s.ready[s.head] = co
		return
	}
	s.ready = append([]*Coroutine{co}, s.ready...)
}

func (s *Scheduler) popReady() *Coroutine {
	if s.head >= len(s.ready) {
		return nil
	}
	co := s.ready[s.head]
	s.ready[s.head] = nil
	s.head++
	if s.head == len(s.ready) {
		s.ready, s.head = s.ready[:0], 0
		if cap(s.ready) > 1<<16 {
			s.ready = nil // give back the memory of a burst of launches
		}
	} else if s.head > 1024 && s.head*2 > len(s.ready) {
		n := copy(s.ready, s.ready[s.head:])
		clear(s.ready[n:])
		s.ready, s.head = s.ready[:n], 0
	}
	return co
}

// fireDue fires, on the main thread t, every timer whose deadline has
// passed, in deadline order (equal deadlines in the order they were set).
func (s *Scheduler) fireDue(t *Thread) {
	now := s.Now()
	for len(s.timers) > 0 && s.timers[0].when <= now {
		tm := s.timers.pop()
		switch {
		case tm.fn != nil:
			if !tm.fn.dead {
				tm.fn.dead = true
				tm.fn.f(t)
			}
		case tm.co.parked && tm.co.waitEpoch == tm.epoch:
			t.wake(tm.co, Unit, 0)
		}
	}
	t.flushHandlersLater()
	s.NextTimer()
}

// next returns the next coroutine for the main thread t, advancing the
// clock (virtual) or waiting (real time, or workers busy) until one is
// ready. It returns nil when job (which a worker may complete) is final,
// when nothing can ever become ready (a deadlock), or on an interrupt.
func (s *Scheduler) next(t *Thread, job *Job) *Coroutine {
	for {
		t.rtEnter()
		if job != nil && job.IsFinal() {
			t.rtExit()
			return nil
		}
		if !s.virtual && len(s.timers) > 0 {
			// real time: timers fire by deadline even while others are ready
			s.fireDue(t)
		}
		if co := s.popReady(); co != nil {
			t.rtExit()
			return co
		}
		when, hasTimer := s.NextTimer()
		busy := s.Default.pending.Load() > 0 || s.IO.pending.Load() > 0
		if !busy {
			if !hasTimer {
				t.rtExit()
				return nil
			}
			if s.virtual {
				if when > s.vnow.Load() {
					s.vnow.Store(when)
				}
				s.fireDue(t)
				t.rtExit()
				continue
			}
		}
		t.rtExit()
		wait := time.Duration(-1) // until notified
		if hasTimer && !s.virtual {
			ms := when - s.Now()
			if ms <= 0 {
				continue
			}
			// a far deadline (up to i64::MAX ms) would overflow a Duration
			wait = time.Duration(min(ms, maxWaitMs)) * time.Millisecond
		}
		s.vm.Flush()
		if !s.waitForWork(t, wait) {
			return nil
		}
	}
}

// maxWaitMs caps one wait for a timer; next then looks again.
const maxWaitMs = 3_600_000

// waitForWork blocks the main thread outside the VM until a worker
// notifies it or d passes (d < 0: no limit). It reports false on an
// interrupt.
func (s *Scheduler) waitForWork(t *Thread, d time.Duration) bool {
	t.exitVM()
	defer t.enterVM()
	deadline := time.Now().Add(d)
	for {
		slice := 50 * time.Millisecond // poll for interrupts
		if d >= 0 {
			left := time.Until(deadline)
			if left <= 0 {
				return true
			}
			slice = min(slice, left)
		}
		tm := time.NewTimer(slice)
		select {
		case <-s.wakeMain:
			tm.Stop()
			return true
		case <-tm.C:
		}
		if s.vm.interrupt.Load() {
			return false
		}
	}
}

func (s *Scheduler) trace(m *marker) {
	for _, co := range s.ready[s.head:] {
		m.mark(co.Self)
	}
	for _, tm := range s.timers {
		if tm.co != nil {
			m.mark(tm.co.Self)
		}
	}
	s.Default.trace(m)
	s.IO.trace(m)
}

// wake makes a parked coroutine runnable, delivering v (or raising errv
// at its suspension point).
func (t *Thread) wake(co *Coroutine, v, errv Value) {
	if !co.parked {
		return
	}
	co.parked = false
	co.waitKind = waitNone
	co.waitEpoch++
	co.x().waitCont = nil
	if errv != 0 {
		co.x().pendingErr = errv
	} else if co.resumeMode == resumeValue || co.resumeMode == resumeIter {
		co.stk()[int(co.resumeSlot)] = v
	}
	if t.vm.Hooks.Woken != nil {
		t.vm.Hooks.Woken(co)
	}
	t.dispatch(co)
}

// Wake is wake for natives in other packages.
func (t *Thread) Wake(co *Coroutine, v Value) { t.wake(co, v, 0) }

// WakeWithError resumes a parked coroutine by raising errv in it.
func (t *Thread) WakeWithError(co *Coroutine, errv Value) { t.wake(co, 0, errv) }

// Park suspends the running coroutine (and the chain of coroutines that
// resumed it) until something wakes it; kind and arg say why (shown by
// :coros, see waitreason.go). It
// returns nil (the native then returns ErrSwitch), or a Cancellation error
// if the coroutine's job is being cancelled (a suspension point is a
// cancellation point).
func (t *Thread) Park(kind uint8, arg int64) error {
	co := t.co
	if err := t.cancellationCheck(co); err != nil {
		return err
	}
	co.parked = true
	co.cancellableWait = true
	co.setWait(kind, arg)
	co.State = CoroSuspended
	if co.disp == dispNone {
		co.SetDispatcher(t.vm, t.chainDispatcher(co))
	}
	t.handOff(co)
	if t.vm.Hooks.Parked != nil {
		t.vm.Hooks.Parked(co, co.WaitReason())
	}
	return nil
}

// WaitEpoch identifies the current wait of a parked coroutine (a wake-up
// registered for an older wait is ignored).
func (co *Coroutine) WaitEpoch() uint32 { return co.waitEpoch }

// Parked reports whether co waits for an event.
func (co *Coroutine) Parked() bool { return co.parked }

// chainDispatcher returns the dispatcher of the scheduled coroutine at
// the root of co's resume chain.
func (t *Thread) chainDispatcher(co *Coroutine) Dispatcher {
	for c := co; c != nil; c = c.resumer {
		if d := c.Dispatcher(t.vm); d != nil {
			return d
		}
	}
	return t.vm.sched.Main
}

// Delay parks the running coroutine for ms milliseconds.
func (t *Thread) Delay(ms int64) error {
	if ms <= 0 {
		if err := t.cancellationCheck(t.co); err != nil {
			return err
		}
		return nil
	}
	co := t.co
	when := addMs(t.vm.sched.Now(), ms)
	if err := t.Park(waitDelay, when); err != nil {
		return err
	}
	t.vm.sched.wakeAt(t, when, co, co.waitEpoch)
	return errSwitch
}

// YieldNow lets other ready coroutines run: the running one goes to the
// back of its dispatcher's queue.
func (t *Thread) YieldNow() error {
	co := t.co
	if err := t.cancellationCheck(co); err != nil {
		return err
	}
	if err := t.Park(waitYieldNow, 0); err != nil {
		return err
	}
	t.wake(co, Unit, 0)
	return errSwitch
}

func itoa(i int64) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [24]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}

// SwitchDispatcher moves the running coroutine to dispatcher d: it
// suspends (not a cancellation point) and resumes, receiving v, when d
// runs it.
func (t *Thread) SwitchDispatcher(d Dispatcher, v Value) error {
	co := t.co
	co.parked = true
	co.cancellableWait = false
	co.setWait(waitSwitch, 0)
	co.State = CoroSuspended
	co.resumeMode = resumeValue
	co.SetDispatcher(t.vm, d)
	t.handOff(co)
	t.wake(co, v, 0)
	return errSwitch
}

// dispatch queues a runnable coroutine on its dispatcher (Main if none).
func (t *Thread) dispatch(co *Coroutine) {
	d := co.Dispatcher(t.vm)
	if d == nil {
		d = t.vm.sched.Main
	}
	d.Dispatch(t, co)
}

// promptCancel is Kotlin's prompt-cancellation guarantee: a coroutine that
// waited in a cancellation point and whose job was cancelled before it ran
// again resumes with Cancellation, even if its wait had completed.
//
// What the completed wait gave it is undone: a continuation's
// cancellation handlers run, and a mutex handed to it is released.
func (t *Thread) promptCancel(co *Coroutine) {
	if !co.cancellableWait {
		return
	}
	co.cancellableWait = false
	var cont *Continuation
	var held *Mutex
	if x := co.ext; x != nil {
		cont, held = x.resumedCont, x.heldMutex
		x.resumedCont, x.heldMutex = nil, nil
	}
	if co.pendingErr() != 0 {
		return
	}
	err := t.cancellationCheck(co)
	th, ok := err.(*Throw)
	if err == nil || !ok || th.Value == 0 {
		return
	}
	co.x().pendingErr = th.Value
	if cont != nil && !cont.cancelled {
		t.continuationCancelled(cont, th.Value)
		t.flushHandlersLater()
	}
	if held != nil && held.locked {
		_ = t.Unlock(held)
	}
}
