package tutor

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

// coroSnap is a coroutine as the page draws it.
type coroSnap struct {
	ID     int64       `json:"id"`
	Name   string      `json:"name,omitempty"`
	State  string      `json:"state"`
	Why    string      `json:"why"`
	Disp   string      `json:"disp"`
	Parent string      `json:"parent,omitempty"`
	Line   int         `json:"line,omitempty"` // the line of the program file it is at
	Class  string      `json:"class"`
	Block  int         `json:"block"`
	Slot   int         `json:"slot"`
	Size   int         `json:"size"` // slots of 8 bytes
	Used   int         `json:"used"`
	Frames []frameSnap `json:"frames,omitempty"`
	// Skipped frames between the innermost ones drawn and the entry frame
	Skipped int `json:"skipped,omitempty"`
}

type frameSnap struct {
	Fn   string    `json:"fn"`
	File string    `json:"file"`
	Line int       `json:"line"`
	Base int       `json:"base"`
	Ret  string    `json:"ret"`
	Gen  uint64    `json:"gen"`
	Regs []regSnap `json:"regs"`
	More int       `json:"more,omitempty"` // registers left out
}

// regSnap is one register; To names the slot a reference in it points
// at ("<coroutine id>:<slot>").
type regSnap struct {
	Slot int    `json:"s"`
	I    int    `json:"i"`
	Name string `json:"n,omitempty"`
	Val  string `json:"v"`
	To   string `json:"to,omitempty"`
}

// value is the snapshot as the plain value its JSON decodes to (the
// recorder diffs these without a round trip through JSON).
func (c coroSnap) value() map[string]any {
	m := map[string]any{"id": c.ID, "state": c.State, "why": c.Why, "disp": c.Disp, "class": c.Class,
		"block": c.Block, "slot": c.Slot, "size": c.Size, "used": c.Used}
	if c.Name != "" {
		m["name"] = c.Name
	}
	if c.Parent != "" {
		m["parent"] = c.Parent
	}
	if c.Line != 0 {
		m["line"] = c.Line
	}
	if c.Skipped != 0 {
		m["skipped"] = c.Skipped
	}
	if len(c.Frames) > 0 {
		frames := make([]any, len(c.Frames))
		for i, f := range c.Frames {
			fm := map[string]any{"fn": f.Fn, "file": f.File, "line": f.Line, "base": f.Base, "ret": f.Ret, "gen": f.Gen}
			regs := make([]any, len(f.Regs))
			for j, rg := range f.Regs {
				rm := map[string]any{"s": rg.Slot, "i": rg.I, "v": rg.Val}
				if rg.Name != "" {
					rm["n"] = rg.Name
				}
				if rg.To != "" {
					rm["to"] = rg.To
				}
				regs[j] = rm
			}
			fm["regs"] = regs
			if f.More != 0 {
				fm["more"] = f.More
			}
			frames[i] = fm
		}
		m["frames"] = frames
	}
	return m
}

// regsShown is how many registers a frame shows besides its variables and
// references (as :stack does).
const regsShown = 12

// framesShown is how many frames of a deep stack are drawn: the innermost
// ones and the entry frame (the rest are counted).
const framesShown = 16

func (r *Recorder) coroutine(co *vm.Coroutine) coroSnap {
	var s coroSnap
	if co.State == vm.CoroRunning {
		// Describe would search the heap for the coroutine it resumed;
		// the recorder knows the running chain
		s = r.described[co]
		s.ID, s.State, s.Why = co.ID, "Running", "running"
		for c := r.current(); c != nil; c = c.Resumer() {
			if c.Resumer() == co {
				s.Why = "resumed #" + strconv.FormatInt(c.ID, 10) + ", waits for it"
			}
		}
		if p := co.Resumer(); p != nil {
			s.Parent = "#" + strconv.FormatInt(p.ID, 10) + " (resumer)"
		}
	} else {
		in := r.ctl.Describe(co)
		s = coroSnap{ID: co.ID, Name: in.Name, State: in.State, Why: in.Why, Disp: in.Dispatcher, Parent: in.Parent}
		r.described[co] = s
	}
	if co.Parked() {
		s.State = "Waiting"
	}
	if r.cancelled(co) {
		// its body ended with the Cancellation its job raised
		s.State = "Cancelled"
		s.Why = "cancelled: " + strings.TrimPrefix(strings.TrimPrefix(s.Why, "failed: "), "Cancellation: ")
	}
	l := r.ctl.LayoutOf(co, framesShown)
	s.Class, s.Block, s.Slot, s.Size, s.Used = l.Class.String(), l.Block, l.Slot, l.SizeSlots, l.UsedSlots
	if co.IsDone() {
		return s
	}
	s.Skipped = l.Skipped
	for _, f := range l.Frames {
		fs := frameSnap{Fn: f.Proto.Name, File: f.Proto.File, Line: f.Line, Base: f.Base, Gen: f.Generation,
			Ret: "entry frame: returning ends the coroutine"}
		if f.ReturnPC >= 0 {
			fs.Ret = fmt.Sprintf("pc %d of the frame at slot %d", f.ReturnPC, f.CallerBase)
		}
		if s.Line == 0 && f.Proto.File == r.file {
			s.Line = f.Line
		}
		for i, reg := range f.Regs {
			slot := f.Base + vm.FrameHeader + reg.Index
			rs := regSnap{Slot: slot, I: reg.Index, Name: reg.Local, Val: reg.Value}
			if to, at, _, ok := r.vm.RefTarget(reg.Raw); ok {
				rs.To = strconv.FormatInt(to.ID, 10) + ":" + strconv.Itoa(at)
				if to != co {
					r.watched[to] = true // a write through it changes that stack
				}
			}
			if len(f.Regs) > regsShown && reg.Local == "" && rs.To == "" && i >= regsShown/2 {
				fs.More++
				continue
			}
			fs.Regs = append(fs.Regs, rs)
		}
		s.Frames = append(s.Frames, fs)
	}
	return s
}

// cancelled reports a coroutine that ended by cancellation: closed, or
// failed with a Cancellation error.
func (r *Recorder) cancelled(co *vm.Coroutine) bool {
	if co.State == vm.CoroCancelled {
		return true
	}
	v, ok := r.ctl.Result(co)
	return ok && co.State == vm.CoroFailed && r.vm.IsCancellation(v)
}

// poolSnap is one size class's pool.
type poolSnap struct {
	Class    string   `json:"class"`
	Bytes    int      `json:"bytes"`
	Capacity int      `json:"cap"`
	Used     int      `json:"used"`
	Blocks   []string `json:"bm"` // each block's occupancy bitmap, hex, slot 0 first
}

type poolsSnap struct {
	Pools      []poolSnap `json:"pools"`
	LargeLive  int        `json:"large"`
	LargeBytes int        `json:"largeBytes"`
	PerBlock   int        `json:"perBlock"`
}

func (r *Recorder) poolState() poolsSnap {
	pools, live, bytes := r.vm.Stacks().Stats()
	out := poolsSnap{LargeLive: live, LargeBytes: bytes, PerBlock: vmstack.StacksPerBlock}
	for _, p := range pools {
		ps := poolSnap{Class: p.Class.String(), Bytes: p.Class.Bytes(), Capacity: p.Capacity, Used: p.Used}
		for _, bm := range p.Bitmaps {
			b := make([]byte, 0, len(bm)*16)
			for _, w := range bm {
				b = fmt.Appendf(b, "%016x", w)
			}
			ps.Blocks = append(ps.Blocks, string(b))
		}
		out.Pools = append(out.Pools, ps)
	}
	return out
}

// jobSnap is a node of the job tree.
type jobSnap struct {
	ID    int64      `json:"id"`
	Kind  string     `json:"kind"`
	Name  string     `json:"name,omitempty"`
	State string     `json:"state"`
	Disp  string     `json:"disp,omitempty"`
	Co    int64      `json:"co,omitempty"`
	Cause string     `json:"cause,omitempty"`
	Prop  string     `json:"prop,omitempty"`
	Kids  []*jobSnap `json:"kids,omitempty"`
}

// jobsView is the job forest as the page draws it.
type jobsView struct {
	Trees []*jobSnap `json:"trees"`
	Total int        `json:"total"` // jobs in the trees
	Drawn int        `json:"drawn"` // jobs drawn (at most jobsDrawn)
	Every int        `json:"every"` // the tree is redrawn every this many steps
}

const (
	jobsDrawn     = 300 // the most jobs a step draws
	jobsPerRedraw = 100 // over this many jobs, the tree is redrawn every jobs/this steps
)

func countJobs(j *vm.JobInfo) int {
	n := 1
	for _, k := range j.Children {
		n += countJobs(k)
	}
	return n
}

// jobTree converts a tree, drawing at most *budget jobs.
func jobTree(j *vm.JobInfo, budget *int) *jobSnap {
	if *budget <= 0 {
		return nil
	}
	*budget--
	s := &jobSnap{ID: j.ID, Kind: j.Kind, Name: j.Name, State: j.State, Disp: j.Dispatcher, Cause: j.Cause, Prop: j.Propagation}
	if j.Co != nil {
		s.Co = j.Co.ID
	}
	for _, k := range j.Children {
		if t := jobTree(k, budget); t != nil {
			s.Kids = append(s.Kids, t)
		}
	}
	return s
}

// chanSnap is a channel with its buffer and waiting coroutines.
type chanSnap struct {
	ID        int64    `json:"id"`
	Capacity  string   `json:"cap"`
	Buffer    []string `json:"buf"`
	Senders   []int64  `json:"senders,omitempty"`
	Offers    []string `json:"offers,omitempty"`
	Receivers []int64  `json:"receivers,omitempty"`
	Closed    bool     `json:"closed,omitempty"`
}

func (r *Recorder) channel(c *vm.Channel) chanSnap {
	s := chanSnap{ID: c.ID, Closed: c.IsClosedForSend(), Buffer: []string{}}
	switch n := c.Capacity(); n {
	case vm.Rendezvous:
		s.Capacity = "rendezvous"
	case vm.Unlimited:
		s.Capacity = "unlimited"
	case vm.Conflated:
		s.Capacity = "conflated"
	default:
		s.Capacity = "capacity " + strconv.Itoa(n)
	}
	for _, v := range c.Buffered() {
		s.Buffer = append(s.Buffer, r.vm.SafeRepr(v, 30))
	}
	senders, offers, recvs := c.Waiters()
	// a coroutine that has just parked on the channel is queued on it
	// right after the Parked hook: show it already
	if w, ok := r.waits[c]; ok {
		listed := false
		for _, co := range append(append([]*vm.Coroutine(nil), senders...), recvs...) {
			listed = listed || co == w.co
		}
		switch {
		case listed || !w.co.Parked():
			delete(r.waits, c)
		case w.send:
			senders, offers = append(senders, w.co), append(offers, w.v)
		default:
			recvs = append(recvs, w.co)
		}
	}
	for i, co := range senders {
		s.Senders = append(s.Senders, co.ID)
		s.Offers = append(s.Offers, r.vm.SafeRepr(offers[i], 30))
	}
	for _, co := range recvs {
		s.Receivers = append(s.Receivers, co.ID)
	}
	return s
}

// changed stores the rendering of part key and returns the patch from
// the one before (the whole rendering the first time), or false when it
// did not change. v is a plain value (maps, slices, strings, numbers:
// see coroSnap.value) or a struct that is rendered through JSON.
func (r *Recorder) changed(key string, v any) (json.RawMessage, bool) {
	if _, plain := v.(map[string]any); !plain {
		b, err := json.Marshal(v)
		if err != nil {
			b = []byte(strconv.Quote("cannot draw: " + err.Error()))
		}
		if r.last[key] == string(b) {
			return nil, false
		}
		r.last[key] = string(b)
		if err := json.Unmarshal(b, &v); err != nil {
			return b, true
		}
	}
	prev, had := r.lastVal[key]
	r.lastVal[key] = v
	var p any = v
	if had {
		var ok bool
		if p, ok = diff(prev, v); !ok {
			return nil, false
		}
	}
	pb, err := json.Marshal(p)
	if err != nil {
		pb = []byte(strconv.Quote("cannot draw: " + err.Error()))
	}
	if had {
		if whole, _ := json.Marshal(v); len(whole) <= len(pb) {
			pb = whole // the whole is no longer than the patch
		}
	}
	return pb, true
}

// snapshot adds to s what changed: the coroutines that may have changed
// (the ones the hooks marked, the running chain, and those references
// point into), the pools and jobs when marked, and the channels.
func (r *Recorder) snapshot(s *Step) {
	fresh := r.fresh
	r.fresh = nil
	for _, co := range fresh {
		if !r.dirty[co] {
			// created at the step before: its name and job came after
			r.dirty[co], r.jobs = true, true
		} else {
			r.fresh = append(r.fresh, co)
		}
	}
	for co := r.current(); co != nil; co = co.Resumer() {
		r.dirty[co] = true
	}
	for co := range r.watched {
		r.dirty[co] = true
	}
	ids := make([]int64, 0, len(r.dirty))
	for co := range r.dirty {
		if co != nil && r.coros[co.ID] == co {
			ids = append(ids, co.ID)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		co := r.coros[id]
		key := strconv.FormatInt(id, 10)
		if b, ok := r.changed("c"+key, r.coroutine(co).value()); ok {
			if s.Coros == nil {
				s.Coros = map[string]json.RawMessage{}
			}
			s.Coros[key] = b
		}
		if co.IsDone() {
			delete(r.coros, id) // drawn finished: nothing changes any more
			delete(r.watched, co)
		}
	}
	clear(r.dirty)
	if r.pools {
		r.pools = false
		if b, ok := r.changed("p", r.poolState()); ok {
			s.Pools = b
		}
	}
	// reading the job tree costs a walk of the heap: a program with
	// hundreds of jobs has its tree redrawn every few steps (and at every
	// failure and cancellation)
	if r.jobs && (r.jobsSkipped+1 >= r.jobEvery || s.Kind == "cancel" || s.Kind == "fail") {
		r.jobs, r.jobsSkipped = false, 0
		v := jobsView{Trees: []*jobSnap{}}
		budget := jobsDrawn
		for _, j := range r.ctl.JobForest() {
			if j.Job.IsFinal() && len(j.Children) == 0 && (j.Co == nil || !r.seen[j.Co]) {
				continue // the prelude's run, finished before the program began
			}
			v.Total += countJobs(j)
			if t := jobTree(j, &budget); t != nil {
				v.Trees = append(v.Trees, t)
			}
		}
		v.Drawn = jobsDrawn - budget
		r.jobEvery = max(1, v.Total/jobsPerRedraw)
		v.Every = r.jobEvery
		if b, ok := r.changed("j", v); ok {
			s.Jobs = b
		}
	} else if r.jobs {
		r.jobsSkipped++
	}
	for _, id := range r.chanIDs {
		key := strconv.FormatInt(id, 10)
		if b, ok := r.changed("h"+key, r.channel(r.chans[id])); ok {
			if s.Chans == nil {
				s.Chans = map[string]json.RawMessage{}
			}
			s.Chans[key] = b
		}
	}
}
