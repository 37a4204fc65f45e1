package tutor

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

// Step is one event with the differences it made to what the page shows.
type Step struct {
	Kind string `json:"k"` // spawn start resume yield suspend wake migrate complete fail cancel send receive close print
	Co   int64  `json:"co,omitempty"`
	Msg  string `json:"m"`
	Time int64  `json:"t"` // ms on the scheduler's clock
	// the coroutines whose drawing changed (null: no longer shown)
	Coros map[string]json.RawMessage `json:"c,omitempty"`
	Pools json.RawMessage            `json:"p,omitempty"`
	Jobs  json.RawMessage            `json:"j,omitempty"`
	Chans map[string]json.RawMessage `json:"ch,omitempty"`
	Out   string                     `json:"o,omitempty"` // output added since the step before
}

// Recorder takes the snapshots of one run.
type Recorder struct {
	vm   *vm.VM
	ctl  *vm.Controller
	file string // the program's file: its lines are marked

	max       int
	truncated bool
	steps     []Step

	coros   map[int64]*vm.Coroutine // shown and not yet drawn finished
	last    map[string]string       // the last JSON rendering of each part drawn through JSON
	lastVal map[string]any          // the last rendering of each part, decoded
	ran     map[*vm.Coroutine]bool
	seen    map[*vm.Coroutine]bool // every coroutine the program created
	// described is each coroutine's last description while not running
	described map[*vm.Coroutine]coroSnap
	why       map[*vm.Coroutine]string // the reason of each coroutine's current wait
	watched   map[*vm.Coroutine]bool   // coroutines a reference points into: redrawn every step
	dirty     map[*vm.Coroutine]bool
	chans     map[int64]*vm.Channel
	chanIDs   []int64
	waits     map[*vm.Channel]wait // a coroutine parking on a channel, not yet queued on it
	fresh     []*vm.Coroutine      // created at the last step: named and given a job after the hook
	pools     bool                 // the pools may have changed
	jobs      bool                 // the job tree may have changed
	// jobEvery: the tree is read at most every jobEvery steps (big trees)
	jobEvery, jobsSkipped int

	out      *outWriter
	pending  string // output not yet given to a step
	inOutput bool
	// Echo also receives the program's output (nil: none).
	Echo io.Writer
}

// wait is a coroutine starting to wait on a channel.
type wait struct {
	co   *vm.Coroutine
	send bool
	v    vm.Value
}

// outWriter receives the program's output.
type outWriter struct{ r *Recorder }

func (w *outWriter) Write(p []byte) (int, error) {
	w.r.output(string(p))
	return len(p), nil
}

func (w *outWriter) WriteString(s string) (int, error) {
	w.r.output(s)
	return len(s), nil
}

// Attach makes a recorder for a VM that runs with Options.Serial and
// attaches it to the VM's hooks and output. file names the program whose
// lines the page marks; maxSteps > 0 stops the run after that many steps.
func Attach(v *vm.VM, file string, maxSteps int) *Recorder {
	r := &Recorder{vm: v, file: file, max: maxSteps, coros: map[int64]*vm.Coroutine{}, last: map[string]string{}, lastVal: map[string]any{},
		ran: map[*vm.Coroutine]bool{}, seen: map[*vm.Coroutine]bool{}, described: map[*vm.Coroutine]coroSnap{}, why: map[*vm.Coroutine]string{}, watched: map[*vm.Coroutine]bool{},
		dirty: map[*vm.Coroutine]bool{}, chans: map[int64]*vm.Channel{}, waits: map[*vm.Channel]wait{}}
	r.ctl = v.Controller()
	r.out = &outWriter{r}
	// a one-byte buffer: each print reaches the recorder as it happens
	v.Out = bufio.NewWriterSize(r.out, 1)
	r.attach()
	return r
}

func (r *Recorder) attach() {
	h := &r.vm.Hooks
	wrap := func(prev func(*vm.Coroutine), f func(*vm.Coroutine)) func(*vm.Coroutine) {
		return func(co *vm.Coroutine) {
			if prev != nil {
				prev(co)
			}
			f(co)
		}
	}
	h.CoroutineCreated = wrap(h.CoroutineCreated, r.created)
	h.CoroutineFinished = wrap(h.CoroutineFinished, r.finished)
	h.Resumed = wrap(h.Resumed, r.resumed)
	h.Woken = wrap(h.Woken, r.woken)
	prevYield := h.Yielded
	h.Yielded = func(co *vm.Coroutine, v vm.Value) {
		if prevYield != nil {
			prevYield(co, v)
		}
		r.yielded(co, v)
	}
	prevParked := h.Parked
	h.Parked = func(co *vm.Coroutine, reason string) {
		if prevParked != nil {
			prevParked(co, reason)
		}
		r.parked(co, reason)
	}
	prevMigrated := h.Migrated
	h.Migrated = func(co *vm.Coroutine, from, to vmstack.Class) {
		if prevMigrated != nil {
			prevMigrated(co, from, to)
		}
		r.pools = true
		r.step("migrate", co, fmt.Sprintf("%s's stack outgrew its %s slot and migrates to a %s stack (%d B)", label(co), from, to, to.Bytes()))
	}
	prevRunning := h.Running
	h.Running = func(t *vm.Thread, co *vm.Coroutine) {
		if prevRunning != nil {
			prevRunning(t, co)
		}
		r.running(co)
	}
	prevJob := h.JobFinished
	h.JobFinished = func(j *vm.Job) {
		if prevJob != nil {
			prevJob(j)
		}
		r.jobs = true
	}
	prevCancel := h.JobCancelling
	h.JobCancelling = func(j *vm.Job) {
		if prevCancel != nil {
			prevCancel(j)
		}
		r.cancelling(j)
	}
	prevChan := h.ChannelOp
	h.ChannelOp = func(co *vm.Coroutine, ch *vm.Channel, op string, v vm.Value) {
		if prevChan != nil {
			prevChan(co, ch, op, v)
		}
		r.channelOp(co, ch, op, v)
	}
}

func label(co *vm.Coroutine) string {
	if co == nil {
		return "the runtime"
	}
	name := co.Name()
	if name == "" && co.Job != nil {
		name = co.Job.Name
	}
	if name == "" {
		return "#" + strconv.FormatInt(co.ID, 10)
	}
	return fmt.Sprintf("#%d %s", co.ID, name)
}

func (r *Recorder) current() *vm.Coroutine { return r.vm.Main.Current() }

func (r *Recorder) created(co *vm.Coroutine) {
	r.coros[co.ID] = co
	r.seen[co] = true
	r.fresh = append(r.fresh, co)
	r.dirty[co] = true
	r.pools, r.jobs = true, true
	by := r.current()
	what := "is created"
	if fr := r.vm.Frames(co); len(fr) > 0 {
		what = "is created to run " + fr[len(fr)-1].Proto.Name
	}
	if by != nil {
		r.step("spawn", co, fmt.Sprintf("%s %s by %s", label(co), what, label(by)))
	} else {
		r.step("spawn", co, fmt.Sprintf("%s %s", label(co), what))
	}
}

func (r *Recorder) running(co *vm.Coroutine) {
	r.dirty[co] = true
	if !r.ran[co] {
		r.ran[co] = true
		r.jobs = true
		r.step("start", co, fmt.Sprintf("%s runs for the first time", label(co)))
		return
	}
	r.step("resume", co, fmt.Sprintf("%s is taken from the ready queue and resumes", label(co)))
}

func (r *Recorder) resumed(co *vm.Coroutine) {
	r.dirty[co] = true
	by := co.Resumer()
	if by != nil {
		r.dirty[by] = true
	}
	if !r.ran[co] {
		r.ran[co] = true
		r.step("start", co, fmt.Sprintf("%s starts %s by hand (resume)", label(by), label(co)))
		return
	}
	r.step("resume", co, fmt.Sprintf("%s resumes %s by hand", label(by), label(co)))
}

func (r *Recorder) yielded(co *vm.Coroutine, v vm.Value) {
	r.dirty[co] = true
	to := r.current()
	r.dirty[to] = true
	r.step("yield", co, fmt.Sprintf("%s yields %s to %s", label(co), r.vm.SafeRepr(v, 40), label(to)))
}

func (r *Recorder) parked(co *vm.Coroutine, reason string) {
	r.dirty[co] = true
	r.why[co] = reason
	r.step("suspend", co, fmt.Sprintf("%s suspends: %s", label(co), reason))
}

func (r *Recorder) woken(co *vm.Coroutine) {
	r.dirty[co] = true
	why := r.why[co]
	delete(r.why, co)
	msg := fmt.Sprintf("%s wakes up and is queued to run", label(co))
	if why != "" {
		msg = fmt.Sprintf("%s wakes up (it waited: %s) and is queued to run", label(co), why)
	}
	r.step("wake", co, msg)
}

func (r *Recorder) finished(co *vm.Coroutine) {
	r.dirty[co] = true
	r.pools, r.jobs = true, true
	kind := "complete"
	switch {
	case r.cancelled(co):
		kind = "cancel"
	case co.State == vm.CoroFailed:
		kind = "fail"
	}
	what := r.ctl.Why(co)
	if kind == "cancel" {
		what = "is cancelled (" + strings.TrimPrefix(what, "failed: ") + ")"
	}
	r.step(kind, co, fmt.Sprintf("%s %s; its stack goes back to the pool", label(co), what))
}

func (r *Recorder) cancelling(j *vm.Job) {
	r.jobs = true
	var co *vm.Coroutine
	if j.Co != nil {
		co = j.Co
		r.dirty[co] = true
	}
	name := ""
	if j.Name != "" {
		name = " " + strconv.Quote(j.Name)
	}
	cause := ""
	if e, ok := r.vm.ErrorOf(j.Cause); ok {
		cause = ": " + e.Kind + ": " + e.Message
	}
	r.step("cancel", co, fmt.Sprintf("job #%d%s starts cancelling%s", j.ID, name, cause))
}

func (r *Recorder) channelOp(co *vm.Coroutine, ch *vm.Channel, op string, v vm.Value) {
	if _, ok := r.chans[ch.ID]; !ok {
		r.chans[ch.ID] = ch
		r.chanIDs = append(r.chanIDs, ch.ID)
	}
	if co != nil {
		r.dirty[co] = true
	}
	switch op {
	case "wait send", "wait receive":
		r.waits[ch] = wait{co: co, send: op == "wait send", v: v}
	case "send":
		r.step("send", co, fmt.Sprintf("%s sends %s on channel #%d", label(co), r.vm.SafeRepr(v, 40), ch.ID))
	case "receive":
		r.step("receive", co, fmt.Sprintf("%s receives %s from channel #%d", label(co), r.vm.SafeRepr(v, 40), ch.ID))
	case "close":
		r.step("close", co, fmt.Sprintf("%s closes channel #%d", label(co), ch.ID))
	}
}

// output takes what the program printed.
func (r *Recorder) output(s string) {
	if r.Echo != nil {
		io.WriteString(r.Echo, s)
	}
	r.pending += s
	if strings.TrimRight(s, "\n") == "" || r.inOutput {
		return // a newline alone goes with the text before it
	}
	r.inOutput = true
	co := r.current()
	r.step("print", co, fmt.Sprintf("%s prints %q", label(co), strings.TrimRight(s, "\n")))
	r.inOutput = false
}

// step records an event with what changed since the step before.
func (r *Recorder) step(kind string, co *vm.Coroutine, msg string) {
	if r.truncated {
		return
	}
	if r.max > 0 && len(r.steps) >= r.max {
		r.truncated = true
		r.vm.Interrupt() // the run stops at its next safepoint
		return
	}
	if !r.inOutput {
		r.vm.Out.Flush() // a byte still in the buffer
	}
	s := Step{Kind: kind, Msg: msg, Time: r.vm.Scheduler().Now()}
	if co != nil {
		s.Co = co.ID
	}
	r.snapshot(&s)
	s.Out, r.pending = r.pending, ""
	r.steps = append(r.steps, s)
}

// Steps returns the recorded steps.
func (r *Recorder) Steps() []Step { return r.steps }

// Truncated reports that the run was stopped at the step limit.
func (r *Recorder) Truncated() bool { return r.truncated }

// Finish records the output printed after the last step.
func (r *Recorder) Finish() {
	if !r.truncated {
		r.vm.Out.Flush()
	}
	if r.pending != "" && len(r.steps) > 0 {
		r.steps[len(r.steps)-1].Out += r.pending
		r.pending = ""
	}
}
