package vm

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// Stepping and breakpoints cost nothing when no debugger is attached: the
// interpreter only learns of them through the TRAP opcode, which the
// controller writes over instructions for the length of a controlled run
// and takes out again before it returns (so compiling, disassembling and
// analysing always see the real code).
//
// A trap either stops the running chain (a breakpoint, or a step that
// reached its goal) or puts its instruction back for one execution. In
// "all" mode every instruction is a trap, so the next trap re-arms the one
// that ran; with only breakpoints armed, stepping off one turns every
// instruction into a trap until the next instruction has run.

type trapMode uint8

const (
	trapOff trapMode = iota
	trapBreaks
	trapAll
)

var trapInstr = Instr(OpTrap)

// position is where a coroutine will continue: its innermost frame's base
// and the pc of the instruction it runs next.
type position struct{ base, pc int32 }

func positionOf(co *Coroutine) position { return position{co.base, co.pc} }

// StepMode says how far Step runs a coroutine.
type StepMode uint8

const (
	StepToSuspension StepMode = iota // to its next suspension point (or its end)
	StepLine                         // to the next source line, entering calls (step)
	StepOver                         // to the next line of this function or a caller (next)
	StepOut                          // until the current function returns (finish)
	StepInstruction                  // one instruction (stepi)
)

// stepGoal is what a line or instruction step waits for.
type stepGoal struct {
	co   *Coroutine
	mode StepMode
	base int32
	line int
	// fresh: co had not started; a line step stops at its first line
	fresh bool
	// prevPC is the last pc seen in the stepped frame: a jump back to or
	// before it on the same line starts the line again, which ends a
	// line step (as a new line would), so `next` on `loop { }` returns
	prevPC int
}

// reached reports whether co, about to run pc of p, has gone far enough.
func (g *stepGoal) reached(c *Controller, co *Coroutine, p *Proto, pc int) bool {
	if g.mode == StepInstruction {
		return true
	}
	if c.SkipFiles[p.File] || p.File == driverFile || p.LineAt(pc) <= 0 {
		return false // library code (and code of no line) is stepped over, never stopped in
	}
	again := false
	if co.base == g.base {
		again = pc <= g.prevPC
		g.prevPC = pc
	}
	switch g.mode {
	case StepLine:
		return g.fresh || co.base != g.base || p.LineAt(pc) != g.line || again
	case StepOver:
		return g.fresh || co.base < g.base || (co.base == g.base && (p.LineAt(pc) != g.line || again))
	case StepOut:
		return co.base < g.base
	}
	return false
}

// StepOptions configure Step.
type StepOptions struct {
	// Others lets the rest of the program run while co is stepped (the
	// debugger); otherwise only co's chain runs (the REPL).
	Others bool
	// Program is the debugged program's job: the run also ends when it does.
	Program *Job
	// Breakpoints arms the breakpoints during the step.
	Breakpoints bool
}

// Step runs co by mode. A queued coroutine leaves the ready queue; a lazy
// job is started; a hand-driven coroutine (Coroutine::new) is resumed by a
// helper, so its yield ends the step; a stopped one continues where it
// stopped. Whatever co wakes or launches stays queued (unless Others).
func (c *Controller) Step(co *Coroutine, mode StepMode, o StepOptions) (Event, error) {
	first, err := c.stepStart(co, o.Others)
	if err != nil {
		return Event{}, err
	}
	s := runSpec{first: first, only: !o.Others, target: co, breaks: o.Breakpoints, resumeStopped: o.Others}
	if o.Program != nil {
		s.input, s.until = o.Program, o.Program.IsFinal
	}
	if mode != StepToSuspension {
		fr := c.Frames(co)
		g := &stepGoal{co: co, mode: mode, base: co.base, fresh: co.State == CoroReady, prevPC: int(co.pc)}
		if len(fr) > 0 {
			g.line = fr[0].Line()
		}
		s.goal = g
		if !g.fresh || mode == StepInstruction {
			c.skips[co] = positionOf(co) // the instruction co stands at runs first
		}
	}
	return c.run(s), nil
}

// stepStart works out which chain a step of co starts with (nil: none in
// particular, when others may run).
func (c *Controller) stepStart(co *Coroutine, others bool) (*Coroutine, error) {
	if h := c.StoppedHead(co); h != nil {
		return h, nil
	}
	switch {
	case co.IsDone():
		return nil, fmt.Errorf("coroutine #%d has finished (%s)", co.ID, co.State)
	case c.IsQueued(co):
		return co, nil
	case co.Job != nil && co.Job.State == JobNew:
		c.StartLazy(co.Job)
		return co, nil
	case co.parked:
		if others {
			return nil, nil
		}
		return nil, fmt.Errorf("coroutine #%d is waiting (%s); :advance the clock, :run the scheduler, or step what it waits for", co.ID, co.WaitReason())
	case co.State == CoroRunning:
		if inner := c.resumedBy(co); inner != nil {
			return nil, fmt.Errorf("coroutine #%d waits for #%d, which it resumed: %s", co.ID, inner.ID, c.Why(inner))
		}
		return nil, fmt.Errorf("coroutine #%d is running", co.ID)
	case co.Job == nil:
		// hand-driven: a helper resumes it, as co.resume() would
		return c.newDriver("resume", co)
	}
	if others {
		return nil, nil
	}
	return nil, fmt.Errorf("coroutine #%d is not queued (%s)", co.ID, c.Why(co))
}

// resumedBy returns the coroutine co resumed by hand and waits for.
func (c *Controller) resumedBy(co *Coroutine) *Coroutine {
	for _, x := range c.vm.Coroutines() {
		if x.resumer == co {
			return x
		}
	}
	return nil
}

// driverFile names the helpers' code in stack traces.
const driverFile = "<controller>"

// newDriver makes a queued helper coroutine that calls target.method()
// (resume or close) the way script code would.
func (c *Controller) newDriver(method string, target *Coroutine) (*Coroutine, error) {
	p, err := c.driverProto(method)
	if err != nil {
		return nil, err
	}
	d, err := c.t.NewCoroutine(FuncValue(p.Index), []Value{target.Self}, 0)
	if err != nil {
		return nil, err
	}
	d.SetName(method)
	d.disp = dispMain
	c.drivers[d] = target
	c.vm.sched.PushFront(d)
	return d, nil
}

// driverProto builds `fn <method>(c) { c.method() }` by hand.
func (c *Controller) driverProto(method string) (*Proto, error) {
	if p := c.driverProtos[method]; p != nil {
		return p, nil
	}
	sym := c.vm.Intern(method)
	p := &Proto{Name: "<" + method + ">", File: driverFile, NumParams: 1, NumRegs: 1 + FrameHeader + 1,
		Code:  []Instr{ABC(OpMove, 1+FrameHeader, 0, 0), ABC(OpCallM, 1, 1, int(sym)), ABC(OpRet, 1, 0, 0)},
		Lines: []int32{0, 0, 0}}
	c.vm.AddProto(p)
	if err := c.vm.Verify(p); err != nil {
		return nil, err
	}
	c.driverProtos[method] = p
	return p, nil
}

// Close closes a hand-driven coroutine (co.close()): a Ready one is
// cancelled at once; a suspended one runs its pending defers.
func (c *Controller) Close(co *Coroutine) (Event, error) {
	if co.Job != nil {
		return Event{}, fmt.Errorf("coroutine #%d is scheduled; cancel its job", co.ID)
	}
	d, err := c.newDriver("close", co)
	if err != nil {
		return Event{}, err
	}
	return c.run(runSpec{first: d, only: true, target: co}), nil
}

// collectDrivers records helpers that finished, with what they returned.
func (c *Controller) collectDrivers() {
	for d, target := range c.drivers {
		if !d.IsDone() {
			continue
		}
		r := DriverResult{Target: target}
		if d.ext != nil {
			if d.State == CoroFailed {
				r.Failure = d.ext.result
			} else {
				r.Result = d.ext.result
			}
		}
		c.finishedDrivers = append(c.finishedDrivers, r)
		delete(c.drivers, d)
	}
}

// TakeDriverResults returns what hand-driven steps delivered since the
// last call: each resumed coroutine's CoroResult, or the error its resume
// raised.
func (c *Controller) TakeDriverResults() []DriverResult {
	out := c.finishedDrivers
	c.finishedDrivers = nil
	return out
}

// IsDriver reports a helper coroutine of the controller.
func (c *Controller) IsDriver(co *Coroutine) bool {
	_, ok := c.drivers[co]
	return ok
}

// Breakpoint stops any coroutine about to run its location.
type Breakpoint struct {
	ID   int
	Spec string // as the user gave it: FILE:LINE or a function name
	File string // resolved file (line breakpoints)
	Line int    // resolved line (it moves to the next line with code)
	Func string // function breakpoints
	Hits int
}

type codeLoc struct {
	p  *Proto
	pc int
}

// AddBreakpoint sets a breakpoint at FILE:LINE or at a function's entry.
func (c *Controller) AddBreakpoint(spec string) (*Breakpoint, error) {
	bp := &Breakpoint{Spec: spec}
	if i := strings.LastIndexByte(spec, ':'); i > 0 && i < len(spec)-1 && isDigits(spec[i+1:]) {
		bp.File = spec[:i]
		fmt.Sscan(spec[i+1:], &bp.Line)
		line, file, ok := c.resolveLine(bp.File, bp.Line)
		if !ok {
			return nil, fmt.Errorf("no code at or after %s", spec)
		}
		bp.Line, bp.File = line, file
	} else {
		bp.Func = spec
		if len(c.funcLocs(spec)) == 0 {
			return nil, fmt.Errorf("no function named %s", spec)
		}
	}
	n := 1
	for _, b := range c.breaks {
		n = max(n, b.ID+1)
	}
	bp.ID = n
	c.breaks = append(c.breaks, bp)
	return bp, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// DeleteBreakpoint removes a breakpoint by number.
func (c *Controller) DeleteBreakpoint(id int) bool {
	for i, b := range c.breaks {
		if b.ID == id {
			c.breaks = append(c.breaks[:i], c.breaks[i+1:]...)
			return true
		}
	}
	return false
}

// Breakpoints returns the breakpoints in number order.
func (c *Controller) Breakpoints() []*Breakpoint {
	out := append([]*Breakpoint(nil), c.breaks...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func sameFile(protoFile, want string) bool {
	return protoFile == want || filepath.Base(protoFile) == want || strings.HasSuffix(protoFile, "/"+want) ||
		filepath.Clean(protoFile) == filepath.Clean(want)
}

// resolveLine finds the first line at or after line in file that has code.
func (c *Controller) resolveLine(file string, line int) (int, string, bool) {
	best, bestFile := 0, ""
	for _, p := range c.vm.Protos {
		if !sameFile(p.File, file) {
			continue
		}
		for _, l := range p.Lines {
			if int(l) >= line && (best == 0 || int(l) < best) {
				best, bestFile = int(l), p.File
			}
		}
	}
	return best, bestFile, best > 0
}

// lineLocs returns the first pc of every run of instructions on a line.
func (c *Controller) lineLocs(file string, line int) []codeLoc {
	var out []codeLoc
	for _, p := range c.vm.Protos {
		if !sameFile(p.File, file) {
			continue
		}
		for pc, l := range p.Lines {
			if int(l) == line && (pc == 0 || p.Lines[pc-1] != l) {
				out = append(out, codeLoc{p, pc})
			}
		}
	}
	return out
}

func (c *Controller) funcLocs(name string) []codeLoc {
	var out []codeLoc
	for _, p := range c.vm.Protos {
		if p.Name == name || strings.HasSuffix(p.Name, "::"+name) {
			out = append(out, codeLoc{p, 0})
		}
	}
	return out
}

// arm writes traps for a run: every instruction (a step), or the
// breakpoints' locations.
func (c *Controller) arm(all, breaks bool) {
	c.trapMode = trapOff
	c.bpAt = nil
	if breaks {
		for _, b := range c.breaks {
			locs := c.funcLocs(b.Func)
			if b.Func == "" {
				locs = c.lineLocs(b.File, b.Line)
			}
			for _, l := range locs {
				if c.bpAt == nil {
					c.bpAt = map[codeLoc]*Breakpoint{}
				}
				c.bpAt[l] = b
			}
		}
	}
	mode := trapOff
	switch {
	case all:
		mode = trapAll
	case len(c.bpAt) > 0:
		mode = trapBreaks
	default:
		return
	}
	c.orig = make(map[*Proto][]Instr, len(c.vm.Protos))
	for _, p := range c.vm.Protos {
		c.orig[p] = append([]Instr(nil), p.Code...)
	}
	c.trapMode = mode
	c.writeMode(mode)
}

// writeMode rewrites every armed function's code for a trap mode.
func (c *Controller) writeMode(mode trapMode) {
	for p, o := range c.orig {
		if mode == trapAll {
			for i := range p.Code {
				p.Code[i] = trapInstr
			}
			continue
		}
		copy(p.Code, o)
	}
	if mode == trapBreaks {
		for l := range c.bpAt {
			l.p.Code[l.pc] = trapInstr
		}
	}
}

// disarm puts the real code back.
func (c *Controller) disarm() {
	if c.trapMode != trapOff {
		for p, o := range c.orig {
			copy(p.Code, o)
		}
	}
	c.orig, c.trapMode, c.rearmProto, c.tempAll, c.bpAt = nil, trapOff, nil, false, nil
}

// trap is the TRAP instruction: co stands before the trapped instruction
// with its pc and base saved.
func (t *Thread) trap(co *Coroutine) {
	c := t.vm.Hooks.ctl
	if c == nil || c.orig == nil {
		t.fail(co, int(co.base), int(co.pc)+1, Errorf(KindInternal, "internal error: trap without a debugger"))
		return
	}
	c.onTrap(t, co)
}

func (c *Controller) onTrap(t *Thread, co *Coroutine) {
	p := c.vm.protoOf(co.stk()[int(co.base)+hdrFn])
	pc := int(co.pc)
	if c.tempAll {
		// stepped off a breakpoint: back to breakpoints only
		c.tempAll = false
		c.writeMode(trapBreaks)
		if p.Code[pc] != trapInstr {
			return // not a breakpoint: its own instruction now runs
		}
	} else if c.rearmProto != nil {
		c.rearmProto.Code[c.rearmPC] = trapInstr
		c.rearmProto = nil
	}
	if pos, ok := c.skips[co]; ok && pos == positionOf(co) {
		delete(c.skips, co)
		if c.lineAgain(co, p, pc) {
			// `loop { }`: running the jump once would loop for ever
			// untrapped; it only starts its line again, which ends the step
			c.stop(t, co, Event{Kind: EvStopped, Co: co})
			return
		}
		c.runOnce(p, pc)
		return
	}
	if bp := c.bpAt[codeLoc{p, pc}]; bp != nil {
		bp.Hits++
		c.stop(t, co, Event{Kind: EvBreakpoint, Co: co, Breakpoint: bp})
		return
	}
	if g := c.goal; g != nil && g.co == co && (g.reached(c, co, p, pc) || c.lineAgain(co, p, pc)) {
		c.stop(t, co, Event{Kind: EvStopped, Co: co})
		return
	}
	c.runOnce(p, pc)
}

// lineAgain reports a line step of co standing at a jump to itself (a
// one-line `loop { }`): the jump starts the line again.
func (c *Controller) lineAgain(co *Coroutine, p *Proto, pc int) bool {
	g, o := c.goal, c.orig[p]
	if g == nil || g.co != co || co.base != g.base || (g.mode != StepLine && g.mode != StepOver) || o == nil {
		return false
	}
	return o[pc].Op() == OpJmp && o[pc].SBx() == -1
}

// runOnce puts the real instruction at pc back for one execution.
func (c *Controller) runOnce(p *Proto, pc int) {
	o := c.orig[p]
	if o == nil {
		return
	}
	if c.trapMode == trapAll {
		p.Code[pc] = o[pc]
		c.rearmProto, c.rearmPC = p, pc
		return
	}
	c.writeMode(trapAll)
	p.Code[pc] = o[pc]
	c.tempAll = true
}
