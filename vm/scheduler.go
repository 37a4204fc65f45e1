package vm

import (
	"container/heap"
	"time"
)

// Dispatcher decides where a runnable coroutine runs.
type Dispatcher interface {
	Dispatch(co *Coroutine)
	Name() string
}

// Scheduler owns the Main dispatcher's ready queue and the timers.
type Scheduler struct {
	vm     *VM
	ready  []*Coroutine // FIFO (head at readyHead)
	head   int
	timers timerHeap
	seq    int64

	virtual bool
	vnow    int64 // virtual clock, ms
	start   time.Time

	Main       *MainDispatcher
	Unconfined *UnconfinedDispatcher
	Default    Dispatcher
	IO         Dispatcher
}

// MainDispatcher runs coroutines one at a time, FIFO, on the main thread.
type MainDispatcher struct{ s *Scheduler }

// Dispatch queues co at the back.
func (d *MainDispatcher) Dispatch(co *Coroutine) { d.s.ready = append(d.s.ready, co) }

// Name is "Main".
func (d *MainDispatcher) Name() string { return "Main" }

func newScheduler(vm *VM) *Scheduler {
	s := &Scheduler{vm: vm, start: time.Now(), virtual: vm.Opts.VirtualTime}
	s.Main = &MainDispatcher{s: s}
	s.Unconfined = &UnconfinedDispatcher{s: s}
	s.Default = &poolDispatcher{s: s, name: "Default"}
	s.IO = &poolDispatcher{s: s, name: "IO"}
	return s
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
		s.vnow = now
	} else {
		s.start = time.Now().Add(-time.Duration(now) * time.Millisecond)
	}
}

// Virtual reports whether the clock is virtual.
func (s *Scheduler) Virtual() bool { return s.virtual }

// Now returns the clock in milliseconds since the VM started.
func (s *Scheduler) Now() int64 {
	if s.virtual {
		return s.vnow
	}
	return time.Since(s.start).Milliseconds()
}

// Advance moves the virtual clock forward by ms and fires due timers.
func (s *Scheduler) Advance(ms int64) {
	if s.virtual {
		s.vnow += ms
	}
	s.fireDue()
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
	} else if s.head > 1024 && s.head*2 > len(s.ready) {
		n := copy(s.ready, s.ready[s.head:])
		clear(s.ready[n:])
		s.ready, s.head = s.ready[:n], 0
	}
	return co
}

// timer is a pending wake-up: a parked coroutine (with the epoch of its
// wait) or a Go callback.
type timer struct {
	when  int64
	seq   int64
	co    *Coroutine
	epoch uint32
	fn    func()
	index int
	dead  bool
}

type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i]; h[i].index = i; h[j].index = j }
func (h *timerHeap) Push(x any)   { t := x.(*timer); t.index = len(*h); *h = append(*h, t) }
func (h *timerHeap) Pop() any {
	old := *h
	n := len(old)
	t := old[n-1]
	old[n-1] = nil
	*h = old[:n-1]
	return t
}

// AddTimer schedules fn (Go code, run on the scheduler's thread) after ms.
func (s *Scheduler) AddTimer(ms int64, fn func()) *timer {
	s.seq++
	tm := &timer{when: s.Now() + ms, seq: s.seq, fn: fn}
	heap.Push(&s.timers, tm)
	return tm
}

// wakeAt schedules co (parked with epoch) to be woken with () at when.
func (s *Scheduler) wakeAt(when int64, co *Coroutine, epoch uint32) *timer {
	s.seq++
	tm := &timer{when: when, seq: s.seq, co: co, epoch: epoch}
	heap.Push(&s.timers, tm)
	return tm
}

// CancelTimer stops a timer.
func (s *Scheduler) CancelTimer(tm *timer) { tm.dead = true }

// NextTimer returns the deadline of the earliest live timer.
func (s *Scheduler) NextTimer() (int64, bool) {
	for len(s.timers) > 0 && s.timers[0].dead {
		heap.Pop(&s.timers)
	}
	if len(s.timers) == 0 {
		return 0, false
	}
	return s.timers[0].when, true
}

// fireDue fires every timer whose deadline has passed, in deadline order
// (equal deadlines in the order they were set).
func (s *Scheduler) fireDue() {
	now := s.Now()
	for len(s.timers) > 0 && s.timers[0].when <= now {
		tm := heap.Pop(&s.timers).(*timer)
		if tm.dead {
			continue
		}
		if tm.fn != nil {
			tm.fn()
		} else if tm.co.parked && tm.co.waitEpoch == tm.epoch {
			s.vm.wake(tm.co, Unit, 0)
		}
	}
}

// next returns the next coroutine to run on the main thread, advancing the
// clock (virtual) or sleeping (real) until a timer fires. It returns nil
// when nothing is queued and no timer is pending.
func (s *Scheduler) next() *Coroutine {
	for {
		if co := s.popReady(); co != nil {
			return co
		}
		when, ok := s.NextTimer()
		if !ok {
			return nil
		}
		if s.virtual {
			if when > s.vnow {
				s.vnow = when
			}
		} else if d := when - s.Now(); d > 0 {
			s.vm.Flush()
			s.sleep(time.Duration(d) * time.Millisecond)
			if s.vm.interrupt.Load() {
				return nil
			}
		}
		s.fireDue()
	}
}

// sleep waits for d, waking early on an interrupt.
func (s *Scheduler) sleep(d time.Duration) {
	deadline := time.Now().Add(d)
	for {
		left := time.Until(deadline)
		if left <= 0 || s.vm.interrupt.Load() {
			return
		}
		if left > 50*time.Millisecond {
			left = 50 * time.Millisecond
		}
		time.Sleep(left)
	}
}

func (s *Scheduler) trace(m *marker) {
	for _, co := range s.ready[s.head:] {
		m.mark(co.Self)
	}
	for _, tm := range s.timers {
		if tm.co != nil && !tm.dead {
			m.mark(tm.co.Self)
		}
	}
}

// wake makes a parked coroutine runnable, delivering v (or raising errv
// at its suspension point).
func (vm *VM) wake(co *Coroutine, v, errv Value) {
	if !co.parked {
		return
	}
	co.parked = false
	co.x().waitReason = ""
	co.waitEpoch++
	co.x().waitCont = nil
	if errv != 0 {
		co.x().pendingErr = errv
	} else if co.resumeMode == resumeValue || co.resumeMode == resumeIter {
		co.stk()[int(co.resumeSlot)] = v
	}
	vm.dispatch(co)
}

// Wake is wake for natives in other packages.
func (vm *VM) Wake(co *Coroutine, v Value) { vm.wake(co, v, 0) }

// WakeWithError resumes a parked coroutine by raising errv in it.
func (vm *VM) WakeWithError(co *Coroutine, errv Value) { vm.wake(co, 0, errv) }

// Park suspends the running coroutine (and the chain of coroutines that
// resumed it) until something wakes it; reason is shown by :coros. It
// returns nil (the native then returns ErrSwitch), or a Cancellation error
// if the coroutine's job is being cancelled (a suspension point is a
// cancellation point).
func (t *Thread) Park(reason string) error {
	co := t.co
	if err := t.cancellationCheck(co); err != nil {
		return err
	}
	co.parked = true
	co.cancellableWait = true
	co.x().waitReason = reason
	co.State = CoroSuspended
	if co.disp == dispNone {
		co.SetDispatcher(t.vm, t.chainDispatcher(co))
	}
	t.handOff(co)
	if t.vm.Hooks.Parked != nil {
		t.vm.Hooks.Parked(co, reason)
	}
	return nil
}

// WaitEpoch identifies the current wait of a parked coroutine (a wake-up
// registered for an older wait is ignored).
func (co *Coroutine) WaitEpoch() uint32 { return co.waitEpoch }

// WaitReason says why a parked coroutine waits.
func (co *Coroutine) WaitReason() string {
	if co.ext == nil {
		return ""
	}
	return co.ext.waitReason
}

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
	if err := t.Park(delayReason(t.vm.sched.Now() + ms)); err != nil {
		return err
	}
	t.vm.sched.wakeAt(t.vm.sched.Now()+ms, co, co.waitEpoch)
	return errSwitch
}

func delayReason(until int64) string { return "delay until t=" + itoa(until) + "ms" }

// YieldNow lets other ready coroutines run: the running one goes to the
// back of its dispatcher's queue.
func (t *Thread) YieldNow() error {
	co := t.co
	if err := t.cancellationCheck(co); err != nil {
		return err
	}
	if err := t.Park("yield_now"); err != nil {
		return err
	}
	t.vm.wake(co, Unit, 0)
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

// poolDispatcher is Default or IO. (Their coroutines run on the main
// thread's loop here; see workers.go for the parallel pools.)
type poolDispatcher struct {
	s    *Scheduler
	name string
}

func (d *poolDispatcher) Dispatch(co *Coroutine) { d.s.ready = append(d.s.ready, co) }
func (d *poolDispatcher) Name() string           { return d.name }

// SwitchDispatcher moves the running coroutine to dispatcher d: it
// suspends (not a cancellation point) and resumes, receiving v, when d
// runs it.
func (t *Thread) SwitchDispatcher(d Dispatcher, v Value) error {
	co := t.co
	co.parked = true
	co.cancellableWait = false
	co.x().waitReason = "switching to " + d.Name()
	co.State = CoroSuspended
	co.resumeMode = resumeValue
	co.SetDispatcher(t.vm, d)
	t.handOff(co)
	t.vm.wake(co, v, 0)
	return errSwitch
}

// dispatch queues a runnable coroutine on its dispatcher (Main if none).
func (vm *VM) dispatch(co *Coroutine) {
	d := co.Dispatcher(vm)
	if d == nil {
		d = vm.sched.Main
	}
	d.Dispatch(co)
}

// promptCancel is Kotlin's prompt-cancellation guarantee: a coroutine that
// waited in a cancellation point and whose job was cancelled before it ran
// again resumes with Cancellation, even if its wait had completed.
func (t *Thread) promptCancel(co *Coroutine) {
	if !co.cancellableWait {
		return
	}
	co.cancellableWait = false
	if co.pendingErr() != 0 {
		return
	}
	if err := t.cancellationCheck(co); err != nil {
		if th, ok := err.(*Throw); ok && th.Value != 0 {
			co.x().pendingErr = th.Value
		}
	}
}
