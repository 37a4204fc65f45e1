package vm

import (
	"time"

	"github.com/cprime-lang/cprime/vmstack"
)

// Outcome is how a run of a top-level chunk ended.
type Outcome struct {
	Value   Value // the chunk's value when it completed
	Failure Value // the error that ended it (0 if none)
	Main    *Coroutine
	Job     *Job
}

// RunMain runs a top-level chunk (a script, or one REPL input) as the body
// of run_blocking on the Main dispatcher: it returns when the chunk and
// every child it started have finished.
func (vm *VM) RunMain(p *Proto) Outcome {
	t := vm.Main
	t.enterVM()
	defer t.exitVM()
	co, err := t.NewCoroutine(FuncValue(p.Index), nil, vmstack.Large)
	if err != nil {
		return Outcome{Failure: t.errorValue(err, nil, 0, 0)}
	}
	co.SetName("main")
	job := t.NewJob(nil)
	job.Main, job.Co, job.Name = true, co, "main"
	job.Dispatcher = vm.sched.Main
	co.Job, co.disp = job, dispMain
	vm.sched.Main.Dispatch(t, co)
	t.runUntil(job)
	if vm.parallel.Load() {
		vm.stopWorkers()
	}
	out := Outcome{Main: co, Job: job, Value: job.Value}
	if job.Cause != 0 {
		out.Failure = job.Cause
	}
	vm.Flush()
	return out
}

// runUntil runs the Main dispatcher until job is final.
func (t *Thread) runUntil(job *Job) {
	vm := t.vm
	for {
		if t.co == nil {
			// a worker thread may finish the job: read it in a section
			co := vm.sched.next(t, job)
			t.rtEnter()
			switch {
			case co != nil:
				t.startRun(co)
			case job.IsFinal():
			case vm.interrupt.Load():
				vm.interrupt.Store(false)
				t.stopAll(job, t.NewError(KindInterrupted, "interrupted"))
			default:
				t.stopAll(job, t.deadlockError(job.Co))
			}
			t.flushHandlersLater()
			final := job.IsFinal()
			t.rtExit()
			if t.co == nil {
				if final {
					return
				}
				continue
			}
		}
		t.executeSafely()
	}
}

// startRun makes co, just taken from a ready queue, t's running coroutine;
// it reports false for one whose job was cancelled before its first run
// (it never runs). Called in a runtime section.
func (t *Thread) startRun(co *Coroutine) bool {
	if co.State == CoroReady && co.Job != nil && co.Job.State == JobCancelling && !co.Job.Atomic {
		co.Job.bodyDone = true
		co.State = CoroCancelled
		t.vm.releaseStack(co)
		t.tryComplete(co.Job)
		return false
	}
	co.State = CoroRunning
	t.promptCancel(co)
	t.co = co
	if t.vm.Hooks.Running != nil {
		t.vm.Hooks.Running(t, co)
	}
	return true
}

// stopWorkers ends the Default and IO workers after a run.
func (vm *VM) stopWorkers() {
	vm.halting.Store(true)
	okD := vm.sched.Default.stop(2 * time.Second)
	okI := vm.sched.IO.stop(2 * time.Second)
	if okD && okI {
		vm.halting.Store(false)
	}
}

// stopAll ends a run that can make no progress: the main coroutine, if it
// waits, is woken with err; otherwise the main job is cancelled with it.
func (t *Thread) stopAll(job *Job, err Value) {
	if co := job.Co; co != nil && co.parked {
		t.wake(co, 0, err)
		return
	}
	if job.Cause == 0 {
		job.Cause = err
	}
	t.CancelJob(job, err)
	if !job.IsFinal() && !t.anyRunnable() {
		// nothing will ever finish the children: force the job to end
		job.bodyDone = true
		for _, c := range job.childList() {
			c.State = JobCancelled
		}
		job.dropChildren()
		t.tryComplete(job)
	}
}

func (t *Thread) anyRunnable() bool {
	s := t.vm.sched
	if len(s.Ready()) > 0 || s.Default.pending.Load() > 0 || s.IO.pending.Load() > 0 {
		return true
	}
	_, ok := s.NextTimer()
	return ok
}

// executeSafely runs execute, turning a Go panic (a defect) into an
// internal error that fails the running coroutine with its CPrime stack,
// so no Go panic reaches a user.
func (t *Thread) executeSafely() {
	if h := t.vm.Hooks.Stopped; h != nil {
		defer h(t, nil) // after the recovery below
	}
	defer func() {
		if r := recover(); r != nil {
			t.rtReset() // a panic inside a native skipped its rtExit
			co := t.co
			if co == nil {
				return
			}
			errv := t.panicValue(r, co)
			t.finished(co, 0, errv)
		}
	}()
	t.execute()
}

func (t *Thread) panicValue(r any, co *Coroutine) (v Value) {
	defer func() {
		if recover() != nil {
			v = t.NewError(KindInternal, "internal error")
		}
	}()
	err := internalError(r)
	if th, ok := r.(*Throw); ok {
		err = th
	}
	return t.errorValue(err, co, int(co.base), int(co.pc))
}
