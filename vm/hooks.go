package vm

import "github.com/cprime-lang/cprime/vmstack"

// Hooks let a front end (debugger, tracer, profiler, REPL) observe a run.
// Every hook is optional; an unset hook costs one nil check at the event.
type Hooks struct {
	CoroutineCreated  func(co *Coroutine)
	CoroutineFinished func(co *Coroutine)
	Resumed           func(co *Coroutine)
	Yielded           func(co *Coroutine, v Value)
	Parked            func(co *Coroutine, reason string)
	Migrated          func(co *Coroutine, from, to vmstack.Class)
	JobFinished       func(j *Job)
	// Safepoint runs at every checkpoint; returning true means it changed
	// the running state (raised an error or stopped the coroutine).
	Safepoint func(t *Thread, co *Coroutine) bool
}
