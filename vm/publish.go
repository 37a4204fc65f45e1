package vm

import "sync/atomic"

// Globals, captured variables (cells) and instance fields are plain Value
// words that coroutines on parallel threads may read and write at the
// same time without a Mutex (a program's race, not the runtime's). Such
// a word is read with an atomic load and, once threads run in parallel,
// written with an atomic store: each access sees a whole value, and a
// heap object published through it is fully initialised for the thread
// that loads it (the store orders the object table write before it). An
// atomic load is a plain move on amd64; the single-threaded path keeps
// plain stores.

func loadValue(p *Value) Value { return Value(atomic.LoadUint64((*uint64)(p))) }

func storeValue(p *Value, v Value) {
	if objectLocking.Load() {
		atomic.StoreUint64((*uint64)(p), uint64(v))
		return
	}
	*p = v
}
