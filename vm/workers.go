package vm

import (
	"sync"
	"sync/atomic"
	"time"
)

// Pool is the Default or the IO dispatcher: worker threads (goroutines,
// each with its own VM Thread) started on demand up to max, in parallel
// with the main thread. A worker queues the coroutines it dispatches in
// its own local queue; other threads queue them in the pool's global
// queue; an idle worker steals half of another's local queue.
//
// Under Options.Serial (the REPL, the debugger) a pool queues on the main
// thread's ready queue instead, so nothing runs unless the user lets it.
type Pool struct {
	s       *Scheduler
	name    string
	max     int
	firstID int // Thread IDs of its workers start here

	mu       sync.Mutex
	cond     sync.Cond
	global   []*Coroutine
	workers  []*worker
	idle     int
	stopping bool
	wg       sync.WaitGroup

	// queued counts coroutines in the global and local queues; pending
	// adds those running on a worker. The main thread reads pending to
	// tell "everything waits" (deadlock, or time to advance the virtual
	// clock) from "workers are busy".
	queued  atomic.Int64
	pending atomic.Int64
}

type worker struct {
	p  *Pool
	t  *Thread
	mu sync.Mutex
	q  []*Coroutine // FIFO: the owner pops the front, thieves take the front half
}

func newPool(s *Scheduler, name string, max, firstID int) *Pool {
	p := &Pool{s: s, name: name, max: max, firstID: firstID}
	p.cond.L = &p.mu
	return p
}

// Name is "Default" or "IO".
func (p *Pool) Name() string { return p.name }

// Workers returns how many worker threads the pool has started.
func (p *Pool) Workers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.workers)
}

// Dispatch queues co on the pool (called with the runtime lock held).
func (p *Pool) Dispatch(t *Thread, co *Coroutine) {
	s := p.s
	if s.vm.Opts.Serial {
		s.ready = append(s.ready, co)
		return
	}
	t.goParallel()
	p.pending.Add(1)
	p.queued.Add(1)
	local := t.worker != nil && t.worker.p == p
	if local {
		w := t.worker
		w.mu.Lock()
		w.q = append(w.q, co)
		w.mu.Unlock()
	}
	p.mu.Lock()
	if !local {
		p.global = append(p.global, co)
	}
	switch {
	case p.idle > 0:
		p.cond.Signal()
	case len(p.workers) < p.max && !p.stopping:
		p.startWorker()
	}
	p.mu.Unlock()
}

// startWorker starts one more worker thread (p.mu held).
func (p *Pool) startWorker() {
	w := &worker{p: p}
	w.t = newThread(p.s.vm, p.firstID+len(p.workers))
	w.t.worker = w
	p.workers = append(p.workers, w)
	p.wg.Add(1)
	go w.loop()
}

// loop runs coroutines until the pool stops.
func (w *worker) loop() {
	p, t := w.p, w.t
	defer p.wg.Done()
	t.enterVM()
	for {
		co := w.next()
		if co == nil {
			break
		}
		t.rtEnter()
		run := t.startRun(co)
		t.rtExit()
		if run {
			t.executeSafely()
		}
		t.co = nil
		if p.pending.Add(-1) == 0 {
			p.s.notifyMain()
		}
	}
	t.exitVM()
}

// next returns the next coroutine for w: its own queue first, then the
// global queue, then one stolen; it waits (outside the VM) while there is
// none, and returns nil when the pool stops.
func (w *worker) next() *Coroutine {
	p := w.p
	for {
		if co := w.popLocal(); co != nil {
			return co
		}
		if co := p.popGlobal(); co != nil {
			return co
		}
		if co := w.steal(); co != nil {
			return co
		}
		p.mu.Lock()
		if p.stopping {
			p.mu.Unlock()
			return nil
		}
		p.idle++
		// a dispatch that raced with the checks above incremented queued
		// before looking for an idle worker: look again rather than sleep
		if p.queued.Load() > 0 {
			p.idle--
			p.mu.Unlock()
			continue
		}
		w.t.exitVM()
		p.cond.Wait()
		p.idle--
		p.mu.Unlock()
		w.t.enterVM()
	}
}

func (w *worker) popLocal() *Coroutine {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.q) == 0 {
		return nil
	}
	co := w.q[0]
	w.q[0] = nil
	w.q = w.q[1:]
	w.p.queued.Add(-1)
	return co
}

func (p *Pool) popGlobal() *Coroutine {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.global) == 0 {
		return nil
	}
	co := p.global[0]
	p.global[0] = nil
	p.global = p.global[1:]
	p.queued.Add(-1)
	return co
}

// steal moves the front half of another worker's queue into w's and
// returns the first of them.
func (w *worker) steal() *Coroutine {
	p := w.p
	p.mu.Lock()
	victims := append([]*worker(nil), p.workers...)
	p.mu.Unlock()
	for _, v := range victims {
		if v == w {
			continue
		}
		v.mu.Lock()
		n := (len(v.q) + 1) / 2
		if n == 0 {
			v.mu.Unlock()
			continue
		}
		taken := append([]*Coroutine(nil), v.q[:n]...)
		clear(v.q[:n])
		v.q = v.q[n:]
		v.mu.Unlock()
		p.queued.Add(-1)
		if len(taken) > 1 {
			w.mu.Lock()
			w.q = append(w.q, taken[1:]...)
			w.mu.Unlock()
		}
		return taken[0]
	}
	return nil
}

// trace marks the queued and running coroutines (the world is stopped).
func (p *Pool) trace(m *marker) {
	for _, co := range p.global {
		m.mark(co.Self)
	}
	for _, w := range p.workers {
		for _, co := range w.q {
			m.mark(co.Self)
		}
		if co := w.t.co; co != nil {
			m.mark(co.Self)
		}
	}
}

// stop ends the pool's workers: idle ones leave at once, busy ones at
// their next checkpoint (VM.halting). It waits up to limit for them and
// reports whether they all left (the pool can then be used again).
func (p *Pool) stop(limit time.Duration) bool {
	p.mu.Lock()
	p.stopping = true
	p.cond.Broadcast()
	p.mu.Unlock()
	done := make(chan struct{})
	go func() { p.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		return false
	}
	p.mu.Lock()
	p.stopping = false
	p.workers = nil
	p.global = nil
	p.mu.Unlock()
	p.queued.Store(0)
	p.pending.Store(0)
	return true
}
