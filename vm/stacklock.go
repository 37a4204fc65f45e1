package vm

import "sync"

// Stack locks make references into a coroutine's stack safe across
// threads. On parallel dispatchers a coroutine may write through `&mut x`
// into another coroutine's stack while that one, on another thread, grows
// its stack (copying it to a new mapping and freeing the old) or finishes
// (releasing it). A reference access, a migration and a release of the
// same coroutine's stack each hold that coroutine's stack lock, so a
// write lands either before the copy (and is copied) or in the new stack,
// never in freed memory. The locks are striped by coroutine ID to keep
// Coroutine small, and taken only once threads run in parallel: the
// single-threaded path pays one atomic load.
var stackLocks [64]struct {
	sync.Mutex
	_ [56]byte // one cache line each
}

func (c *Coroutine) lockStack() bool {
	if objectLocking.Load() {
		stackLocks[c.ID&63].Lock()
		return true
	}
	return false
}

func (c *Coroutine) unlockStack(locked bool) {
	if locked {
		stackLocks[c.ID&63].Unlock()
	}
}
