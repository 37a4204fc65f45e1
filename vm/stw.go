package vm

import "sync"

// Threads running in parallel share the VM's runtime state and heap. Two
// mechanisms keep that safe:
//
//   - The runtime lock (VM.rt) serialises everything that belongs to the
//     scheduler: ready queues, timers, jobs, channels, mutexes,
//     continuations, coroutine state transitions. A thread takes it around
//     natives that are not marked Pure, and around the interpreter's own
//     scheduling steps (yield, completion, iteration over coroutines and
//     channels). rtEnter/rtExit nest; the lock is taken only once threads
//     actually run in parallel, so single-threaded programs pay two
//     counter updates per native call.
//
//   - Stop-the-world collection. A thread is "in the VM" while it may hold
//     heap values outside the roots the collector scans; it leaves the VM
//     only while it waits (for work, for a timer, in a blocking call). A
//     collection starts at a safepoint and waits until every other thread
//     in the VM has parked at a safepoint of its own.
type stopWorld struct {
	mu        sync.Mutex
	cond      sync.Cond
	inVM      int // threads running VM code
	parked    int // of those, stopped at a safepoint for a collection
	requested bool
}

// rtEnter enters a section that may touch scheduler state.
func (t *Thread) rtEnter() {
	t.rtDepth++
	if !t.rtHeld && t.vm.parallel.Load() {
		t.vm.rt.Lock()
		t.rtHeld = true
	}
}

// rtExit leaves the section; the outermost exit releases the lock.
func (t *Thread) rtExit() {
	t.rtDepth--
	if t.rtDepth == 0 && t.rtHeld {
		t.rtHeld = false
		t.vm.rt.Unlock()
	}
}

// rtReset drops every section after a Go panic unwound through them.
func (t *Thread) rtReset() {
	t.rtDepth = 0
	if t.rtHeld {
		t.rtHeld = false
		t.vm.rt.Unlock()
	}
}

// goParallel switches the VM to parallel mode before its first worker
// starts. Only the calling thread runs VM code at this moment; if it is
// inside a runtime section it takes the lock now, so the workers it is
// about to start cannot run alongside the rest of that section.
func (t *Thread) goParallel() {
	vm := t.vm
	if vm.parallel.Load() {
		return
	}
	vm.objectLocking.Store(true)
	vm.stacks.SetConcurrent()
	vm.parallel.Store(true)
	if t.rtDepth > 0 && !t.rtHeld {
		vm.rt.Lock()
		t.rtHeld = true
	}
}

// enterVM marks the thread as running VM code (waiting while a collection
// is in progress).
func (t *Thread) enterVM() {
	w := &t.vm.stw
	w.mu.Lock()
	for w.requested {
		w.cond.Wait()
	}
	w.inVM++
	w.mu.Unlock()
}

// exitVM marks the thread as waiting outside the VM: it holds no heap
// value that the collector could miss.
func (t *Thread) exitVM() {
	w := &t.vm.stw
	w.mu.Lock()
	w.inVM--
	w.cond.Broadcast()
	w.mu.Unlock()
}

// Blocking runs f (a blocking system call) outside the VM, so that a
// collection need not wait for it. f must not touch the heap.
func (t *Thread) Blocking(f func()) {
	if !t.vm.parallel.Load() {
		f()
		return
	}
	t.exitVM()
	defer t.enterVM()
	f()
}

// safepointGC is the collection step of a checkpoint: collect now when
// single-threaded; otherwise park while another thread stops the world,
// or stop it to collect.
func (t *Thread) safepointGC() {
	vm := t.vm
	if !vm.parallel.Load() {
		if vm.gcPending.Load() {
			vm.collect()
		}
		return
	}
	w := &vm.stw
	w.mu.Lock()
	if w.requested {
		t.parkForWorld()
		w.mu.Unlock()
		return
	}
	w.mu.Unlock()
	if vm.gcPending.Load() {
		t.StopTheWorld(func() {
			if vm.gcPending.Load() { // not already done by another thread
				vm.collect()
			}
		})
	}
}

// parkForWorld waits, parked at a safepoint, while another thread has the
// world stopped (w.mu held).
func (t *Thread) parkForWorld() {
	w := &t.vm.stw
	w.parked++
	w.cond.Broadcast()
	for w.requested {
		w.cond.Wait()
	}
	w.parked--
}

// StopTheWorld runs f while every other thread in the VM is parked at a
// safepoint (or waiting outside the VM): f may read and change anything.
// The calling thread must not hold the runtime lock (a thread waiting for
// it could not reach a safepoint).
func (t *Thread) StopTheWorld(f func()) {
	vm := t.vm
	if !vm.parallel.Load() {
		f()
		return
	}
	w := &vm.stw
	w.mu.Lock()
	for w.requested { // another thread got there first: let it finish
		t.parkForWorld()
	}
	w.requested = true
	vm.stwRequested.Store(true)
	for w.parked < w.inVM-1 {
		w.cond.Wait()
	}
	w.mu.Unlock()

	f()

	w.mu.Lock()
	w.requested = false
	vm.stwRequested.Store(false)
	w.cond.Broadcast()
	w.mu.Unlock()
}
