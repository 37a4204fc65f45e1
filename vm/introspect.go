package vm

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cprime-lang/cprime/vmstack"
)

// What the REPL and the debugger show about live coroutines, jobs and
// stacks. These read VM state directly, so they may only be called while
// no thread runs (between controlled runs).

// Coroutines returns every coroutine the heap still holds, by ID.
func (vm *VM) Coroutines() []*Coroutine {
	var out []*Coroutine
	vm.eachObject(func(o Object) {
		if co, ok := o.(*Coroutine); ok {
			out = append(out, co)
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Jobs returns every job the heap still holds, by ID.
func (vm *VM) Jobs() []*Job {
	var out []*Job
	vm.eachObject(func(o Object) {
		if j, ok := o.(*Job); ok {
			out = append(out, j)
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (vm *VM) eachObject(f func(o Object)) {
	h := vm.heap
	h.mu.Lock()
	n := h.nsegs
	h.mu.Unlock()
	for s := 0; s < n; s++ {
		seg := h.segs[s]
		if seg == nil {
			continue
		}
		for _, o := range seg.objs {
			if o != nil {
				f(o)
			}
		}
	}
}

// FindByID finds the coroutine with an ID, or the coroutine of the job
// (or deferred) with that ID; job is set when the ID named a job.
func (vm *VM) FindByID(id int64) (co *Coroutine, job *Job) {
	vm.eachObject(func(o Object) {
		switch x := o.(type) {
		case *Coroutine:
			if x.ID == id {
				co = x
			}
		case *Job:
			if x.ID == id {
				job = x
			}
		}
	})
	if co == nil && job != nil {
		co = job.Co
	}
	return co, job
}

// CoroutineOrJob resolves a value bound to a coroutine, job or deferred.
func (vm *VM) CoroutineOrJob(v Value) (*Coroutine, *Job, bool) {
	v = vm.target(v)
	if co, ok := vm.CoroutineOf(v); ok {
		return co, co.Job, true
	}
	if j, ok := vm.JobOf(v); ok {
		return j.Co, j, true
	}
	return nil, nil, false
}

// Frames returns co's frames innermost first. A stopped coroutine's
// innermost frame reports the instruction it is about to run as its
// current one (PC is then one past it, as for a suspended frame).
func (c *Controller) Frames(co *Coroutine) []FrameInfo {
	fr := c.vm.Frames(co)
	if len(fr) > 0 {
		if _, stopped := c.stops[co]; stopped {
			fr[0].PC++
		}
	}
	return fr
}

// Why says what a coroutine is doing or waiting for.
func (c *Controller) Why(co *Coroutine) string {
	vm := c.vm
	switch co.State {
	case CoroComplete:
		if co.ext != nil {
			return "completed: " + vm.SafeRepr(co.ext.result, 40)
		}
		return "completed"
	case CoroFailed:
		if co.ext != nil {
			if e, ok := vm.ErrorOf(co.ext.result); ok {
				return "failed: " + e.Kind + ": " + e.Message
			}
		}
		return "failed"
	case CoroCancelled:
		return "cancelled"
	}
	if ev, ok := c.stops[co]; ok {
		switch ev.Kind {
		case EvBreakpoint:
			return fmt.Sprintf("stopped at breakpoint %d", ev.Breakpoint.ID)
		case EvPaused:
			return "paused (Ctrl-C)"
		}
		return "stopped by a step"
	}
	if co.parked {
		return co.WaitReason()
	}
	queued := c.IsQueued(co)
	switch {
	case co.State == CoroRunning:
		if inner := c.resumedBy(co); inner != nil {
			return fmt.Sprintf("resumed #%d, waits for it", inner.ID)
		}
		if h := c.StoppedHead(co); h != nil {
			return fmt.Sprintf("in a chain stopped at #%d", h.ID)
		}
		return "running"
	case co.State == CoroReady && queued:
		return "queued, not started"
	case queued:
		return "queued, ready to resume"
	case co.Job != nil && co.Job.State == JobNew:
		return "lazy: starts on start(), join() or :step"
	case co.State == CoroReady:
		return "created: starts on resume() or :step"
	}
	if v, ok := c.lastYield[co]; ok {
		return "yielded " + vm.SafeRepr(v, 30)
	}
	return "suspended"
}

// CoroInfo is one row of :coros.
type CoroInfo struct {
	Co         *Coroutine
	ID         int64
	Name       string
	State      string
	Dispatcher string
	Class      vmstack.Class
	StackUsed  int
	StackSize  int
	Func       string
	File       string
	Line       int
	Why        string
	Parent     string // the parent job's coroutine (#id), a job, "session", or the resumer
}

// Describe summarises a coroutine.
func (c *Controller) Describe(co *Coroutine) CoroInfo {
	vm := c.vm
	in := CoroInfo{Co: co, ID: co.ID, Name: co.Name(), State: co.State.String(), Class: co.Class(),
		StackSize: co.StackSize(), Why: c.Why(co), Dispatcher: "by hand"}
	if _, ok := c.stops[co]; ok {
		in.State = "Stopped"
	}
	if !co.IsDone() {
		in.StackUsed = co.StackUsed(vm)
	}
	if d := co.Dispatcher(vm); d != nil {
		in.Dispatcher = d.Name()
	} else if co.Job != nil && co.Job.Dispatcher != nil {
		in.Dispatcher = co.Job.Dispatcher.Name()
	}
	if fr := c.Frames(co); len(fr) > 0 {
		in.Func, in.File, in.Line = fr[0].Proto.Name, fr[0].Proto.File, fr[0].Line()
	}
	in.Parent = c.parentOf(co)
	if in.Name == "" && co.Job != nil {
		in.Name = co.Job.Name
	}
	return in
}

func (c *Controller) parentOf(co *Coroutine) string {
	if co.resumer != nil {
		if _, ok := c.drivers[co.resumer]; ok {
			return "REPL (:step)"
		}
		return fmt.Sprintf("#%d (resumer)", co.resumer.ID)
	}
	j := co.Job
	for j != nil && j.Scope && j.Co == co {
		j = j.Outer() // a scope the coroutine itself opened
	}
	if j == nil || j.Parent == nil {
		return "-"
	}
	p := j.Parent
	switch {
	case p.Scope && p.Co != nil:
		return fmt.Sprintf("#%d (scope #%d)", p.Co.ID, p.ID)
	case p == c.Scope:
		return "session"
	case p.Co != nil:
		return fmt.Sprintf("#%d", p.Co.ID)
	}
	return fmt.Sprintf("job #%d", p.ID)
}

// JobInfo is one node of :jobs.
type JobInfo struct {
	Job        *Job
	ID         int64
	Kind       string // Job, Deferred, Scope, SupervisorJob, SupervisorScope
	Name       string
	State      string // new, active, completing, cancelling, cancelled, completed, failed
	Dispatcher string
	Co         *Coroutine
	Cause      string // the failure or cancellation, "Kind: message"
	// Propagation says how a cancellation or failure reached this job.
	Propagation string
	Children    []*JobInfo
}

// JobForest returns the job trees: the session scope first, then other
// roots. Finished REPL inputs and the prelude's run are left out unless
// something below them is still shown.
func (c *Controller) JobForest() []*JobInfo {
	vm := c.vm
	jobs := vm.Jobs()
	kids := map[*Job][]*Job{}
	var roots []*Job
	for _, j := range jobs {
		if j.Parent == nil {
			roots = append(roots, j)
		} else {
			kids[j.Parent] = append(kids[j.Parent], j)
		}
	}
	var build func(j *Job) *JobInfo
	build = func(j *Job) *JobInfo {
		in := c.describeJob(j)
		for _, k := range kids[j] {
			in.Children = append(in.Children, build(k))
		}
		return in
	}
	var out []*JobInfo
	for _, r := range roots {
		in := build(r)
		if len(in.Children) == 0 && r == c.Scope || r.Main && r.Name == "input" && allFinal(in) {
			continue // an empty session; a finished input with nothing left running
		}
		if r == c.Scope {
			out = append([]*JobInfo{in}, out...)
		} else {
			out = append(out, in)
		}
	}
	return out
}

func allFinal(in *JobInfo) bool {
	if !in.Job.IsFinal() {
		return false
	}
	for _, k := range in.Children {
		if !allFinal(k) {
			return false
		}
	}
	return true
}

func (c *Controller) describeJob(j *Job) *JobInfo {
	vm := c.vm
	in := &JobInfo{Job: j, ID: j.ID, Name: j.Name, Co: j.Co, State: j.State.String(), Kind: "Job"}
	switch {
	case j.Deferred:
		in.Kind = "Deferred"
	case j.Scope && j.Supervisor:
		in.Kind = "SupervisorScope"
	case j.Scope:
		in.Kind = "Scope"
	case j.Supervisor:
		in.Kind = "SupervisorJob"
	}
	if j.Dispatcher != nil {
		in.Dispatcher = j.Dispatcher.Name()
	}
	if j.State == JobCancelled && j.Failed(vm) {
		in.State = "failed"
	}
	if j.Cause != 0 {
		if e, ok := vm.ErrorOf(j.Cause); ok {
			in.Cause = e.Kind + ": " + e.Message
		}
	}
	in.Propagation = c.propagation(j)
	return in
}

// propagation explains, from the job tree, how j came to be cancelled or
// to fail: its own body, a child's failure, its parent, or a direct cancel.
func (c *Controller) propagation(j *Job) string {
	vm := c.vm
	if j.Cause == 0 || (j.State != JobCancelling && j.State != JobCancelled) {
		return ""
	}
	if !vm.IsCancellation(j.Cause) {
		if j.Co != nil && j.Co.ext != nil && j.Co.ext.result == j.Cause && j.Co.State == CoroFailed {
			if j.Parent != nil && !j.Parent.Supervisor && !j.Scope {
				return "failed in its body; the failure cancels its parent #" + itoa(j.Parent.ID)
			}
			return "failed in its body"
		}
		for _, k := range vm.Jobs() {
			if k.Parent == j && k.Cause == j.Cause {
				return "failure of child #" + itoa(k.ID) + " cancelled it and its other children"
			}
		}
		return "failed"
	}
	e, _ := vm.ErrorOf(j.Cause)
	if p := j.Parent; p != nil && (p.cancelErr == j.Cause || (e != nil && e.Message == "Parent job is cancelling")) {
		if p.Cause != 0 && !vm.IsCancellation(p.Cause) {
			return "cancelled by parent #" + itoa(p.ID) + ", which failed"
		}
		return "cancelled by parent #" + itoa(p.ID)
	}
	if e != nil && e.Kind == KindTimeout {
		return "timed out"
	}
	return "cancelled directly (cancel() or :cancel)"
}

// StackLayout is a coroutine's stack as :stack draws it.
type StackLayout struct {
	Class     vmstack.Class
	Block     int // pool block, -1 for a Large stack
	Slot      int // slot in the block, -1 for a Large stack
	SizeSlots int
	UsedSlots int
	Frames    []FrameLayout // innermost first
	// Skipped is how many frames LayoutOf left out, between the innermost
	// ones it drew and the entry frame.
	Skipped int
}

// FrameLayout is one frame: its header words and its registers.
type FrameLayout struct {
	Proto      *Proto
	Base       int
	Line       int
	ReturnPC   int // -1 for the coroutine's entry frame
	CallerBase int // -1 for the entry frame
	Generation uint64
	Regs       []RegSlot
}

// RegSlot is one register of a frame.
type RegSlot struct {
	Index int
	Value string // rendered safely (a stale slot may hold anything)
	Local string // the variable it holds at the frame's pc, if any
	Raw   Value  // the slot's word (a captured variable's cell)
}

// Layout reads co's stack: where its memory lives and every frame on it.
func (c *Controller) Layout(co *Coroutine) StackLayout { return c.LayoutOf(co, 0) }

// LayoutOf is Layout reading at most limit frames (0: all): the innermost
// limit-1 and the entry frame, so that a deep recursion costs little.
func (c *Controller) LayoutOf(co *Coroutine, limit int) StackLayout {
	vm := c.vm
	l := StackLayout{Class: co.Class(), Block: -1, Slot: -1, SizeSlots: int(co.slots)}
	if co.mem.Valid() {
		l.Block, l.Slot = vm.stacks.Where(co.mem)
	}
	if co.IsDone() || co.sp == nil {
		return l
	}
	l.UsedSlots = co.top(vm)
	stk := co.stk()
	frames := c.Frames(co)
	if limit > 1 && len(frames) > limit {
		l.Skipped = len(frames) - limit
		frames = append(frames[:limit-1:limit-1], frames[len(frames)-1])
	}
	for _, f := range frames {
		fl := FrameLayout{Proto: f.Proto, Base: f.Base, Line: f.Line(), ReturnPC: -1, CallerBase: -1}
		ret := uint64(stk[f.Base+hdrRet])
		if uint32(ret) != entryFrame {
			fl.ReturnPC, fl.CallerBase = int(ret>>32), int(uint32(ret))
		}
		if g := stk[f.Base+hdrGen]; uint64(g)>>tagShift == tagFrame {
			fl.Generation = uint64(g) & payload48
		}
		names := map[int]string{}
		at := max(f.PC-1, 0)
		for _, lv := range f.Proto.Locals {
			if at >= lv.Start && at < lv.End {
				names[lv.Reg] = lv.Name
			}
		}
		for r := 0; r < f.Proto.NumRegs && f.Base+FrameHeader+r < len(stk); r++ {
			v := stk[f.Base+FrameHeader+r]
			raw := v
			if names[r] != "" && v.Kind() == KCell {
				if cell, ok := vm.heap.Get(v).(*Cell); ok {
					v = cell.V // a captured variable lives in a cell
				}
			}
			fl.Regs = append(fl.Regs, RegSlot{Index: r, Value: vm.SafeRepr(v, 40), Local: names[r], Raw: raw})
		}
		l.Frames = append(l.Frames, fl)
	}
	return l
}

// SafeRepr renders a value that may be stale (a register no one wrote
// since the stack was reused), cut to n characters (0: no limit).
func (vm *VM) SafeRepr(v Value, n int) (s string) {
	defer func() {
		if recover() != nil {
			s = "<stale>"
		}
		if n > 0 && len(s) > n {
			s = s[:n-1] + "…"
		}
	}()
	switch {
	case uint64(v)>>tagShift == tagFrame:
		return "<frame mark>"
	case v == Undefined:
		return "<unset>"
	case v.IsObj():
		if vm.heap.get(v.Handle()) == nil {
			return "<stale>"
		}
	}
	return vm.Repr(v)
}

// MemberNames lists the fields and methods a value has, for completion
// after a dot.
// rightsMethods are the methods of every value that only mean something
// on a class instance or a narrowed reference.
var rightsMethods = map[string]bool{"cast": true, "dynamic_cast": true, "has_capability": true}

func (vm *VM) MemberNames(v Value) []string {
	v = vm.target(v)
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if !seen[n] && !strings.HasPrefix(n, "__") {
			seen[n] = true
			out = append(out, n)
		}
	}
	addSyms := func(m map[Sym]Value) {
		for s := range m {
			add(vm.SymName(s))
		}
	}
	switch v.Kind() {
	case KInstance:
		inst := vm.heap.Get(v).(*Instance)
		for _, f := range inst.Class.Fields {
			add(f.Name)
		}
		addSyms(inst.Class.Methods)
	case KNarrow:
		if n, ok := vm.heap.Get(v).(*NarrowObj); ok {
			for _, f := range n.Class.Fields {
				add(f.Name)
			}
			addSyms(n.Class.Methods)
		}
	case KUnion:
		addSyms(vm.heap.Get(v).(*UnionObj).Variant.Union.Methods)
	}
	if v == None {
		addSyms(vm.Option.Methods)
	}
	if k := MethodKind(v); k != KInstance {
		addSyms(vm.kindMethods[k])
	}
	// methods of every value, but the rights ones (cast, dynamic_cast,
	// has_capability) only where there are rights: on class instances
	rights := v.Kind() == KInstance || v.Kind() == KNarrow
	for s := range vm.anyMethods {
		if n := vm.SymName(s); rights || !rightsMethods[n] {
			add(n)
		}
	}
	sort.Strings(out)
	return out
}

// Result returns a finished coroutine's value (or, if it failed, its error).
func (c *Controller) Result(co *Coroutine) (Value, bool) {
	if !co.IsDone() || co.ext == nil || co.ext.result == 0 {
		return 0, false
	}
	return co.ext.result, true
}

// Resumer returns the coroutine that resumed co by hand and waits for it
// (nil for a scheduled coroutine, or one not running).
func (co *Coroutine) Resumer() *Coroutine { return co.resumer }

// Parallel reports whether worker threads have started (then another
// thread may be running a coroutine that this one just saw suspend).
func (vm *VM) Parallel() bool { return vm.parallel.Load() }
