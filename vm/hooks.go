package vm

import "github.com/cprime-lang/cprime/vmstack"

// Hooks let a front end (debugger, tracer, profiler, REPL) observe a run.
// Every hook is optional; an unset hook costs one nil check at the event.
//
// Hooks may fire on several threads at once when Default and IO run in
// parallel: a hook that records must lock. Under Options.Serial every hook
// fires on the main thread.
type Hooks struct {
	CoroutineCreated  func(co *Coroutine)
	CoroutineFinished func(co *Coroutine)
	// Resumed: co was resumed by hand (co.resume()); the coroutine that
	// resumed it waits until co yields or finishes.
	Resumed func(co *Coroutine)
	Yielded func(co *Coroutine, v Value)
	Parked  func(co *Coroutine, reason string)
	// Migrated: co's stack moved to a bigger size class.
	Migrated    func(co *Coroutine, from, to vmstack.Class)
	JobFinished func(j *Job)
	// Running: thread t takes co from a ready queue (or a debugger
	// continues it) and runs it, with whatever co resumes by hand, until
	// Stopped.
	Running func(t *Thread, co *Coroutine)
	// Stopped: the run that Running began on t has ended: the chain
	// parked, finished, or a debugger stopped it. co may be nil (the
	// coroutine Running reported).
	Stopped func(t *Thread, co *Coroutine)
	// Safepoint runs at every checkpoint; returning true means it changed
	// the running state (raised an error or stopped the coroutine).
	Safepoint func(t *Thread, co *Coroutine) bool
	// Woken: a parked coroutine's event arrived (a value, an error or a
	// cancellation); it is queued to run again.
	Woken func(co *Coroutine)
	// ChannelOp: co sent or received v on ch without waiting ("send",
	// "receive"), started to wait on it ("wait send", "wait receive"), or
	// closed it ("close"). A hand-off to a waiting coroutine is reported
	// for both sides, the waiting one first when it sent, second when it
	// received.
	ChannelOp func(co *Coroutine, ch *Channel, op string, v Value)
	// JobCancelling: j began cancelling (cancel(), a failure, its parent).
	JobCancelling func(j *Job)

	// ctl is the attached Controller (REPL, debugger): the TRAP opcode
	// reports to it.
	ctl *Controller
}

// observed reports whether anything outside the VM may hold on to
// coroutines between runs (a hook is set, or a controller is attached):
// then the collector does not recycle dead coroutines (gc.go).
func (h *Hooks) observed() bool {
	return h.CoroutineCreated != nil || h.CoroutineFinished != nil || h.Resumed != nil ||
		h.Yielded != nil || h.Parked != nil || h.Migrated != nil || h.JobFinished != nil ||
		h.Running != nil || h.Stopped != nil || h.Safepoint != nil || h.Woken != nil ||
		h.ChannelOp != nil || h.JobCancelling != nil || h.ctl != nil
}
