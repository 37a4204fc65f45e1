package vm

import "math"

// timer is a pending wake-up in the scheduler's timer heap: a parked
// coroutine (woken only if it still waits with the same epoch) or a Go
// callback. Entries are values in the heap's slice, not objects: a
// hundred thousand coroutines in delay() must not cost a hundred thousand
// allocations.
type timer struct {
	when  int64
	seq   int64 // equal deadlines fire in the order they were set
	co    *Coroutine
	fn    *Timer
	epoch uint32
}

// Timer is a callback timer; Stop cancels it.
type Timer struct {
	f    func(t *Thread) // runs on the main thread, under the runtime lock
	dead bool
}

// Stop cancels the timer (nothing happens if it already fired).
func (tm *Timer) Stop() { tm.dead = true }

func (a timer) before(b timer) bool {
	if a.when != b.when {
		return a.when < b.when
	}
	return a.seq < b.seq
}

// timerHeap is a binary min-heap of timers by (when, seq).
type timerHeap []timer

func (h *timerHeap) push(tm timer) {
	*h = append(*h, tm)
	q := *h
	i := len(q) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q[i].before(q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *timerHeap) pop() timer {
	q := *h
	top := q[0]
	n := len(q) - 1
	q[0] = q[n]
	q[n] = timer{}
	q = q[:n]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && q[l].before(q[m]) {
			m = l
		}
		if r < n && q[r].before(q[m]) {
			m = r
		}
		if m == i {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	if n == 0 && cap(q) > 4096 {
		q = nil // give back the memory of a burst of timers
	}
	*h = q
	return top
}

// AddTimer schedules f (Go code, run on the main thread under the runtime
// lock) after ms. t is the thread setting it.
func (s *Scheduler) AddTimer(t *Thread, ms int64, f func(t *Thread)) *Timer {
	tm := &Timer{f: f}
	s.pushTimer(t, timer{when: addMs(s.Now(), ms), fn: tm})
	return tm
}

// wakeAt schedules co (parked with epoch) to be woken with () at when.
func (s *Scheduler) wakeAt(t *Thread, when int64, co *Coroutine, epoch uint32) {
	s.pushTimer(t, timer{when: when, co: co, epoch: epoch})
}

func (s *Scheduler) pushTimer(t *Thread, tm timer) {
	s.seq++
	tm.seq = s.seq
	s.timers.push(tm)
	if tm.when < s.earliest.Load() {
		s.earliest.Store(tm.when)
	}
	if t != s.vm.Main {
		s.notifyMain() // it may be sleeping until a later deadline
	}
}

// NextTimer returns the deadline of the earliest live timer.
func (s *Scheduler) NextTimer() (int64, bool) {
	for len(s.timers) > 0 && s.timers[0].fn != nil && s.timers[0].fn.dead {
		s.timers.pop()
	}
	if len(s.timers) == 0 {
		s.earliest.Store(math.MaxInt64)
		return 0, false
	}
	s.earliest.Store(s.timers[0].when)
	return s.timers[0].when, true
}

// addMs is now + ms on the clock, saturating at the largest time: a
// deadline past it (delay(i64::MAX)) is "never" on the real clock and the
// end of time on the virtual one, not a time in the past.
func addMs(now, ms int64) int64 {
	if ms <= 0 {
		return now
	}
	if now > math.MaxInt64-ms {
		return math.MaxInt64
	}
	return now + ms
}
