package repl

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/cmd/cprime/views"
	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

// replCommand is a :command: its usage, what it does, and an example.
type replCommand struct {
	name, alias string
	args        string
	help        string
	example     string
	run         func(s *Session, args []string)
}

var commandTable []*replCommand

func init() {
	commandTable = []*replCommand{
		{name: "help", alias: "h", args: "[command]", help: "list the commands, or explain one", example: ":help step", run: (*Session).cmdHelp},
		{name: "quit", alias: "q", help: "leave the REPL (Ctrl-D does too)", example: ":quit", run: func(s *Session, _ []string) { s.quit = true }},
		{name: "coros", alias: "c", help: "table of coroutines: id, name, state, dispatcher, size class, stack used/size, where each is suspended and why, parent", example: ":coros", run: (*Session).cmdCoros},
		{name: "inspect", alias: "i", args: "N", help: "a coroutine's frames, innermost first, with their locals and source lines (N: an id such as 5 or #5, or a variable bound to a coroutine, job or deferred)", example: ":inspect d", run: (*Session).cmdInspect},
		{name: "step", alias: "s", args: "N [line|over|out]", help: "run coroutine N to its next suspension point (yield, delay, await, channel...) and show what happened; 'line' runs one source line (into calls), 'over' one line of this function, 'out' until the function returns", example: ":step 5 line", run: (*Session).cmdStep},
		{name: "stepi", args: "N", help: "run one bytecode instruction of coroutine N and show the next one", example: ":stepi 5", run: (*Session).cmdStepi},
		{name: "run", alias: "r", args: "[K]", help: "run the scheduler until nothing is left to run, or for K dispatches; stopped coroutines continue too", example: ":run 3", run: (*Session).cmdRun},
		{name: "auto", args: "[on|off]", help: "on: after every input the scheduler runs queued coroutines freely; off (the default): they stay where they are until you move them", example: ":auto on", run: (*Session).cmdAuto},
		{name: "cancel", args: "N", help: "cancel coroutine N's job (a hand-driven coroutine is closed: its defers run)", example: ":cancel worker", run: (*Session).cmdCancel},
		{name: "advance", args: "MS", help: "move the virtual clock forward by MS milliseconds, waking the coroutines whose delays end (needs :time virtual)", example: ":advance 100", run: (*Session).cmdAdvance},
		{name: "time", args: "[virtual|real]", help: "show the clock, or switch it: virtual time moves only by :advance or when everything waits", example: ":time virtual", run: (*Session).cmdTime},
		{name: "stack", args: "N [full]", help: "draw coroutine N's stack: the pool and slot it lives in, every frame's header and registers, used and free space", example: ":stack 5", run: (*Session).cmdStack},
		{name: "pools", args: "[full]", help: "the stack pools: per size class its blocks, capacity and use, and the occupancy bitmap drawn", example: ":pools", run: (*Session).cmdPools},
		{name: "jobs", alias: "j", help: "the job tree of structured concurrency: parents and children, states, dispatchers, and how cancellations propagated", example: ":jobs", run: (*Session).cmdJobs},
		{name: "disasm", args: "NAME", help: "show the bytecode of a function", example: ":disasm fib", run: (*Session).cmdDisasm},
		{name: "analyze", args: "NAME", help: "show the stack-size analysis of a function: frame size, deepest call chain, recursion, size class", example: ":analyze worker", run: (*Session).cmdAnalyze},
		{name: "load", args: "FILE", help: "run a file in this session (its definitions stay; coroutines it launches stay queued)", example: ":load examples/generators.cpr", run: (*Session).cmdLoad},
		{name: "globals", help: "list the variables defined at the prompt", example: ":globals", run: (*Session).cmdGlobals},
		{name: "reset", help: "forget every definition, variable and coroutine; start fresh", example: ":reset", run: (*Session).cmdReset},
	}
}

func findCommand(name string) *replCommand {
	name = strings.TrimPrefix(name, ":")
	for _, c := range commandTable {
		if c.name == name || (c.alias != "" && c.alias == name) {
			return c
		}
	}
	return nil
}

// command runs a :command; "--help" after any command explains it.
func (s *Session) command(line string) {
	fields := strings.Fields(line)
	name := strings.TrimPrefix(fields[0], ":")
	args := fields[1:]
	c := findCommand(name)
	if c == nil {
		s.pal.Err.Fprintf(s.errOut, "unknown command :%s (try :help)\n", name)
		return
	}
	for _, a := range args {
		if a == "--help" || a == "-h" || a == "help" && c.name != "help" {
			s.explain(c)
			return
		}
	}
	c.run(s, args)
}

func (s *Session) explain(c *replCommand) {
	alias := ""
	if c.alias != "" {
		alias = s.pal.Dim.Sprintf("  (also :%s)", c.alias)
	}
	fmt.Fprintf(s.out, ":%s%s\n    %s\n    example: %s\n", strings.TrimSpace(c.name+" "+c.args), alias, c.help, c.example)
}

func (s *Session) usage(c string) {
	cmd := findCommand(c)
	s.pal.Err.Fprintf(s.errOut, "usage: :%s   (:help %s explains it)\n", strings.TrimSpace(cmd.name+" "+cmd.args), cmd.name)
}

func (s *Session) cmdHelp(args []string) {
	if len(args) > 0 {
		if c := findCommand(args[0]); c != nil {
			s.explain(c)
			return
		}
		s.pal.Err.Fprintf(s.errOut, "no command :%s\n", strings.TrimPrefix(args[0], ":"))
		return
	}
	fmt.Fprintln(s.out, "Type CPrime code to run it; a final expression's value is echoed.")
	fmt.Fprintln(s.out, "Input continues over several lines while a bracket or string is open; Ctrl-C abandons it,")
	fmt.Fprintln(s.out, "or interrupts a running evaluation; Ctrl-D quits. Tab completes names, members after '.', and commands.")
	fmt.Fprintln(s.out, "Coroutines spawned or launched at the prompt stay queued until you move them (:step, :run, :auto on).")
	fmt.Fprintln(s.out, "N is a coroutine or job id (5 or #5) or a variable bound to a coroutine, job or deferred.")
	fmt.Fprintln(s.out, "Commands:")
	for _, c := range commandTable {
		fmt.Fprintf(s.out, "  :%-22s %s\n", strings.TrimSpace(c.name+" "+c.args), firstClause(c.help))
	}
	fmt.Fprintln(s.out, "':help NAME' or ':NAME --help' explains a command, with an example.")
}

// firstClause is a help text up to its first ';' or ':'.
func firstClause(h string) string {
	if i := strings.IndexAny(h, ";("); i > 0 {
		return strings.TrimSpace(h[:i])
	}
	return h
}

func (s *Session) cmdCoros(_ []string) { s.env.Coros() }

func (s *Session) cmdInspect(args []string) {
	if len(args) != 1 {
		s.usage("inspect")
		return
	}
	co, err := s.env.ResolveCoroutine(args[0])
	if err != nil {
		s.pal.Err.Fprintln(s.errOut, err)
		return
	}
	s.env.Inspect(co, 0, true)
}

// queueSnapshot remembers the ready queue, to report what a step woke.
func (s *Session) queueSnapshot() map[*vm.Coroutine]bool {
	m := map[*vm.Coroutine]bool{}
	for _, co := range s.eng.VM.Scheduler().Ready() {
		m[co] = true
	}
	return m
}

func (s *Session) reportWoken(before map[*vm.Coroutine]bool, except *vm.Coroutine) {
	var ids []string
	for _, co := range s.eng.VM.Scheduler().Ready() {
		if !before[co] && co != except && s.env.Shown(co) {
			ids = append(ids, views.Label(co))
		}
	}
	if len(ids) > 0 {
		s.pal.Dim.Fprintf(s.out, "  now queued: %s\n", strings.Join(ids, ", "))
	}
}

func (s *Session) cmdStep(args []string) {
	if len(args) < 1 || len(args) > 2 {
		s.usage("step")
		return
	}
	mode := vm.StepToSuspension
	if len(args) == 2 {
		switch args[1] {
		case "line":
			mode = vm.StepLine
		case "over", "next":
			mode = vm.StepOver
		case "out", "finish":
			mode = vm.StepOut
		case "instr", "i":
			mode = vm.StepInstruction
		default:
			s.usage("step")
			return
		}
	}
	s.step(args[0], mode)
}

func (s *Session) cmdStepi(args []string) {
	if len(args) != 1 {
		s.usage("stepi")
		return
	}
	s.step(args[0], vm.StepInstruction)
}

func (s *Session) step(arg string, mode vm.StepMode) {
	co, err := s.env.ResolveCoroutine(arg)
	if err != nil {
		s.pal.Err.Fprintln(s.errOut, err)
		return
	}
	before := s.queueSnapshot()
	ctl := s.ctl.Load()
	ev, err := ctl.Step(co, mode, vm.StepOptions{})
	s.eng.VM.Flush()
	if err != nil {
		s.pal.Err.Fprintln(s.errOut, err)
		return
	}
	s.env.StepReport(co, ev)
	if mode == vm.StepInstruction && ev.Kind == vm.EvStopped {
		s.env.NextInstruction(co)
	}
	s.driverResults()
	s.reportWoken(before, co)
	if s.auto {
		s.runScheduler(0, true)
	}
}

func (s *Session) cmdRun(args []string) {
	k := 0
	if len(args) > 1 {
		s.usage("run")
		return
	}
	if len(args) == 1 {
		n, err := strconv.Atoi(args[0])
		if err != nil || n <= 0 {
			s.usage("run")
			return
		}
		k = n
	}
	s.runScheduler(k, false)
}

// runScheduler runs the queue and says how it ended.
func (s *Session) runScheduler(k int, quiet bool) {
	ctl := s.ctl.Load()
	ev := ctl.RunScheduler(k)
	s.eng.VM.Flush()
	s.driverResults()
	waiting := 0
	for _, co := range s.eng.VM.Coroutines() {
		if co.Parked() && s.env.Shown(co) {
			waiting++
		}
	}
	switch ev.Kind {
	case vm.EvBreakpoint, vm.EvStopped, vm.EvPaused:
		s.env.StepReport(ev.Co, ev)
		return
	case vm.EvInterrupted:
		s.pal.Warn.Fprintf(s.out, "interrupted after %d dispatches\n", ev.Dispatches)
	case vm.EvLimit:
		s.pal.Dim.Fprintf(s.out, "ran %d dispatches; %d coroutines still queued\n", ev.Dispatches, len(s.eng.VM.Scheduler().Ready()))
	default:
		if !quiet || waiting > 0 {
			s.pal.Dim.Fprintf(s.out, "idle after %d dispatches; %d coroutines waiting\n", ev.Dispatches, waiting)
		}
	}
	s.env.Failures(ev, nil)
}

func (s *Session) cmdAuto(args []string) {
	switch {
	case len(args) == 0:
	case args[0] == "on":
		s.auto = true
		s.runScheduler(0, true)
	case args[0] == "off":
		s.auto = false
	default:
		s.usage("auto")
		return
	}
	state := "off: coroutines stay where they are until you move them"
	if s.auto {
		state = "on: the scheduler runs queued coroutines after every input"
	}
	fmt.Fprintf(s.out, "auto %s\n", state)
}

func (s *Session) cmdCancel(args []string) {
	if len(args) != 1 {
		s.usage("cancel")
		return
	}
	co, job, err := s.env.Resolve(args[0])
	if err != nil {
		s.pal.Err.Fprintln(s.errOut, err)
		return
	}
	ctl := s.ctl.Load()
	if job == nil {
		ev, err := ctl.Close(co)
		if err != nil {
			s.pal.Err.Fprintln(s.errOut, err)
			return
		}
		s.driverResults()
		s.env.StepReport(co, ev)
		return
	}
	if job.IsFinal() {
		s.pal.Err.Fprintf(s.errOut, "job #%d has already finished (%s)\n", job.ID, job.State)
		return
	}
	ctl.Cancel(job, "cancelled from the REPL")
	if co != nil && co.State == vm.CoroReady && ctl.IsQueued(co) {
		// it never ran: it ends now without running
		if _, err := ctl.Step(co, vm.StepToSuspension, vm.StepOptions{}); err != nil {
			s.pal.Err.Fprintln(s.errOut, err)
		}
	}
	fmt.Fprintf(s.out, "job #%d is %s", job.ID, job.State)
	if co != nil && !co.IsDone() {
		fmt.Fprintf(s.out, "; coroutine #%d sees the Cancellation when it next runs (:step %d or :run)", co.ID, co.ID)
	}
	fmt.Fprintln(s.out)
}

func (s *Session) cmdAdvance(args []string) {
	if len(args) != 1 {
		s.usage("advance")
		return
	}
	ms, err := strconv.ParseInt(strings.TrimSuffix(args[0], "ms"), 10, 64)
	if err != nil || ms < 0 {
		s.usage("advance")
		return
	}
	sch := s.eng.VM.Scheduler()
	if !sch.Virtual() {
		s.pal.Err.Fprintln(s.errOut, "the clock is real: switch to virtual time first (:time virtual)")
		return
	}
	before := s.queueSnapshot()
	sch.Advance(ms)
	fmt.Fprintf(s.out, "virtual time is now t=%dms\n", sch.Now())
	s.reportWoken(before, nil)
	if s.auto {
		s.runScheduler(0, true)
	}
}

func (s *Session) cmdTime(args []string) {
	sch := s.eng.VM.Scheduler()
	if len(args) == 1 {
		switch args[0] {
		case "virtual":
			sch.SetVirtualTime(true)
		case "real":
			sch.SetVirtualTime(false)
		default:
			s.usage("time")
			return
		}
	} else if len(args) > 1 {
		s.usage("time")
		return
	}
	kind := "real"
	if sch.Virtual() {
		kind = "virtual"
	}
	fmt.Fprintf(s.out, "clock: %s, t=%dms\n", kind, sch.Now())
	if when, ok := sch.NextTimer(); ok {
		s.pal.Dim.Fprintf(s.out, "next timer at t=%dms\n", when)
	}
}

func (s *Session) cmdStack(args []string) {
	if len(args) < 1 || len(args) > 2 || (len(args) == 2 && args[1] != "full") {
		s.usage("stack")
		return
	}
	co, err := s.env.ResolveCoroutine(args[0])
	if err != nil {
		s.pal.Err.Fprintln(s.errOut, err)
		return
	}
	s.env.Stack(co, len(args) == 2)
}

func (s *Session) cmdPools(args []string) {
	if len(args) > 1 || (len(args) == 1 && args[0] != "full") {
		s.usage("pools")
		return
	}
	s.env.Pools(len(args) == 1)
}

func (s *Session) cmdJobs(_ []string) { s.env.Jobs() }

// protosNamed returns the functions of a name, the latest definition last.
func (s *Session) protosNamed(name string) []*vm.Proto {
	var out []*vm.Proto
	for _, p := range s.eng.VM.Protos {
		if p.Name == name {
			out = append(out, p)
		}
	}
	return out
}

func (s *Session) cmdDisasm(args []string) {
	if len(args) != 1 {
		s.usage("disasm")
		return
	}
	ps := s.protosNamed(args[0])
	if len(ps) == 0 {
		s.pal.Err.Fprintf(s.errOut, "no function named %s\n", args[0])
		return
	}
	fmt.Fprint(s.out, vm.Disassemble(s.eng.VM, ps[len(ps)-1]))
}

func (s *Session) cmdAnalyze(args []string) {
	if len(args) != 1 {
		s.usage("analyze")
		return
	}
	ps := s.protosNamed(args[0])
	if len(ps) == 0 {
		s.pal.Err.Fprintf(s.errOut, "no function named %s\n", args[0])
		return
	}
	p := ps[len(ps)-1]
	m := p.Meta
	if m == nil {
		fmt.Fprintf(s.out, "%s has not been analysed\n", p.Name)
		return
	}
	size := fmt.Sprintf("%d B (%d slots)", m.MaxStackSize, m.MaxStackSize/8)
	if !m.IsBounded {
		size = "unbounded"
	}
	class := vmstack.Class(m.SizeClass)
	why := "the deepest call chain fits in it"
	switch {
	case m.Hinted:
		why = "#[coro_size_hint] chose it"
	case m.Profiled:
		why = "a --pgo profile chose it"
	case m.RecursionDetected:
		why = "recursion: the need cannot be bounded"
	case !m.IsBounded:
		why = "it calls code whose need cannot be bounded"
	}
	async := ""
	if p.IsAsync {
		async = "async "
	}
	fmt.Fprintf(s.out, "%sfn %s (%s:%d)\n", async, p.Name, p.File, p.Line)
	fmt.Fprintf(s.out, "  frame         %d slots (%d-slot header + %d registers)\n", vm.FrameHeader+p.NumRegs, vm.FrameHeader, p.NumRegs)
	fmt.Fprintf(s.out, "  max stack     %s\n", size)
	fmt.Fprintf(s.out, "  call depth    %d\n", m.CallDepth)
	fmt.Fprintf(s.out, "  recursion     %v\n", m.RecursionDetected)
	fmt.Fprintf(s.out, "  size class    %s (%s stacks): %s\n", s.pal.Name.Sprint(class), sizeLabel(class), why)
	if n := vm.StartStack(p); class == vmstack.Micro && n < class.Bytes() {
		fmt.Fprintf(s.out, "  stack         %d B, exact size: the analysis bounds it below Micro (it migrates if it ever needs more)\n", n)
	}
}

func sizeLabel(c vmstack.Class) string {
	if c == vmstack.Large {
		return "64 KiB, doubling"
	}
	n := c.Bytes()
	if n >= 1024 {
		return fmt.Sprintf("%d KiB", n/1024)
	}
	return fmt.Sprintf("%d B", n)
}

func (s *Session) cmdReset(_ []string) {
	if err := s.reset(); err != nil {
		s.pal.Err.Fprintf(s.errOut, "error: %v\n", err)
		return
	}
	s.setOutput(s.out, s.errOut)
	fmt.Fprintln(s.out, "session reset")
}

func (s *Session) cmdLoad(args []string) {
	if len(args) != 1 {
		s.usage("load")
		return
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		s.pal.Err.Fprintf(s.errOut, "error: %v\n", err)
		return
	}
	s.evalCode(args[0], string(data))
}

func (s *Session) cmdGlobals(_ []string) {
	v := s.eng.VM
	latest := map[string]int{}
	for i, n := range v.GlobalNames {
		latest[n] = i
	}
	var names []string
	for n := range latest {
		if !strings.HasPrefix(n, "__") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		fmt.Fprintln(s.out, "no variables yet (let x = 1;)")
	}
	for _, n := range names {
		fmt.Fprintf(s.out, "%s = %s\n", n, s.pal.Value.Sprint(v.SafeRepr(v.Globals[latest[n]], 200)))
	}
}
