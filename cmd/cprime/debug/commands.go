package debug

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/cmd/cprime/views"
	"github.com/cprime-lang/cprime/compiler"
	"github.com/cprime-lang/cprime/vm"
)

// dbgCommand is a debugger command: usage, help, an example.
type dbgCommand struct {
	name    string
	aliases []string
	args    string
	help    string
	example string
	run     func(d *Debugger, args []string, rest string)
}

var commandTable []*dbgCommand

func init() {
	commandTable = []*dbgCommand{
		{name: "help", aliases: []string{"h"}, args: "[command]", help: "list the commands, or explain one", example: "help break", run: (*Debugger).cmdHelp},
		{name: "break", aliases: []string{"b"}, args: "FILE:LINE | LINE | FUNCTION", help: "stop any coroutine that reaches a line (LINE alone: in the program's file) or enters a function", example: "break worker", run: (*Debugger).cmdBreak},
		{name: "delete", aliases: []string{"d"}, args: "N", help: "remove breakpoint N", example: "delete 1", run: (*Debugger).cmdDelete},
		{name: "breakpoints", aliases: []string{"info"}, help: "list the breakpoints and how often each was hit", example: "breakpoints", run: (*Debugger).cmdBreakpoints},
		{name: "continue", aliases: []string{"c", "run", "r"}, help: "run the program until a breakpoint, Ctrl-C, or its end", example: "continue", run: (*Debugger).cmdContinue},
		{name: "step", aliases: []string{"s"}, help: "run the coroutine in view to the next source line, entering calls (the rest of the program runs meanwhile)", example: "step", run: (*Debugger).cmdStep},
		{name: "next", aliases: []string{"n"}, help: "run the coroutine in view to the next line of this function, over calls", example: "next", run: (*Debugger).cmdNext},
		{name: "finish", aliases: []string{"fin"}, help: "run the coroutine in view until the current function returns", example: "finish", run: (*Debugger).cmdFinish},
		{name: "stepi", aliases: []string{"si"}, help: "run one bytecode instruction of the coroutine in view", example: "stepi", run: (*Debugger).cmdStepi},
		{name: "bt", aliases: []string{"backtrace", "where"}, args: "[N]", help: "the frames of the coroutine in view, innermost first (at most N)", example: "bt 3", run: (*Debugger).cmdBt},
		{name: "locals", help: "the variables of the innermost frame of the coroutine in view", example: "locals", run: (*Debugger).cmdLocals},
		{name: "print", aliases: []string{"p"}, args: "EXPR", help: "evaluate a CPrime expression with the locals of the coroutine in view (and the globals)", example: "print total * 2", run: (*Debugger).cmdPrint},
		{name: "list", aliases: []string{"l"}, args: "[LINE]", help: "the source around the line the coroutine in view is at, or around LINE of its file", example: "list 12", run: (*Debugger).cmdList},
		{name: "coros", help: "table of every coroutine: id, name, state, dispatcher, size class, stack, where and why, parent (* marks the one in view)", example: "coros", run: (*Debugger).cmdCoros},
		{name: "switch", aliases: []string{"sw", "coroutine"}, args: "N", help: "look at coroutine N (an id such as 5 or #5, or a variable bound to a coroutine, job or deferred)", example: "switch 7", run: (*Debugger).cmdSwitch},
		{name: "inspect", aliases: []string{"i"}, args: "[N]", help: "frames with locals and source lines of coroutine N (default: the one in view)", example: "inspect 7", run: (*Debugger).cmdInspect},
		{name: "stack", args: "[N] [full]", help: "draw the stack of coroutine N (default: the one in view): pool, slot, frames, registers", example: "stack", run: (*Debugger).cmdStack},
		{name: "pools", args: "[full]", help: "the stack pools per size class with their occupancy bitmaps", example: "pools", run: (*Debugger).cmdPools},
		{name: "jobs", help: "the job tree: parents, children, states, dispatchers, how cancellations propagated", example: "jobs", run: (*Debugger).cmdJobs},
		{name: "disasm", args: "[NAME]", help: "the bytecode of a function (default: the one in view)", example: "disasm worker", run: (*Debugger).cmdDisasm},
		{name: "restart", help: "start the program again from its first line (breakpoints stay)", example: "restart", run: (*Debugger).cmdRestart},
		{name: "quit", aliases: []string{"q", "exit"}, help: "leave the debugger", example: "quit", run: func(d *Debugger, _ []string, _ string) { d.quit = true }},
	}
}

func findCommand(name string) *dbgCommand {
	for _, c := range commandTable {
		if c.name == name {
			return c
		}
		for _, a := range c.aliases {
			if a == name {
				return c
			}
		}
	}
	return nil
}

func (d *Debugger) explain(c *dbgCommand) {
	aka := ""
	if len(c.aliases) > 0 {
		aka = d.pal.Dim.Sprintf("  (also %s)", strings.Join(c.aliases, ", "))
	}
	fmt.Fprintf(d.out, "%s%s\n    %s\n    example: %s\n", strings.TrimSpace(c.name+" "+c.args), aka, c.help, c.example)
}

func (d *Debugger) usage(name string) {
	c := findCommand(name)
	d.pal.Err.Fprintf(d.err, "usage: %s   (help %s explains it)\n", strings.TrimSpace(c.name+" "+c.args), c.name)
}

func (d *Debugger) cmdHelp(args []string, _ string) {
	if len(args) > 0 {
		if c := findCommand(strings.TrimPrefix(args[0], ":")); c != nil {
			d.explain(c)
			return
		}
		d.pal.Err.Fprintf(d.err, "no command %s\n", args[0])
		return
	}
	fmt.Fprintln(d.out, "The program starts stopped. Set breakpoints, then continue; step/next/finish/stepi move the")
	fmt.Fprintln(d.out, "coroutine in view while the rest of the program runs. Enter repeats the last command; Ctrl-C pauses.")
	fmt.Fprintln(d.out, "Commands (a leading ':' is allowed, as in the REPL):")
	for _, c := range commandTable {
		fmt.Fprintf(d.out, "  %-30s %s\n", strings.TrimSpace(c.name+" "+c.args), c.help)
	}
}

var lineOnly = regexp.MustCompile(`^[0-9]+$`)

func (d *Debugger) cmdBreak(args []string, _ string) {
	if len(args) != 1 {
		d.usage("break")
		return
	}
	spec := args[0]
	if lineOnly.MatchString(spec) {
		spec = d.opts.File + ":" + spec
	}
	bp, err := d.ctl.AddBreakpoint(spec)
	if err != nil {
		d.pal.Err.Fprintln(d.err, err)
		return
	}
	d.specs = append(d.specs, bpSpec{bp.ID, spec})
	if bp.Func != "" {
		fmt.Fprintf(d.out, "breakpoint %d at function %s\n", bp.ID, bp.Func)
		return
	}
	fmt.Fprintf(d.out, "breakpoint %d at %s:%d\n", bp.ID, bp.File, bp.Line)
}

func (d *Debugger) cmdDelete(args []string, _ string) {
	if len(args) != 1 {
		d.usage("delete")
		return
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || !d.ctl.DeleteBreakpoint(n) {
		d.pal.Err.Fprintf(d.err, "no breakpoint %s\n", args[0])
		return
	}
	// restart sets again only the breakpoints still there
	d.specs = slices.DeleteFunc(d.specs, func(s bpSpec) bool { return s.id == n })
	fmt.Fprintf(d.out, "deleted breakpoint %d\n", n)
}

func (d *Debugger) cmdBreakpoints(_ []string, _ string) {
	bps := d.ctl.Breakpoints()
	if len(bps) == 0 {
		fmt.Fprintln(d.out, "no breakpoints (break FILE:LINE, break LINE, or break FUNCTION)")
		return
	}
	for _, b := range bps {
		at := fmt.Sprintf("%s:%d", b.File, b.Line)
		if b.Func != "" {
			at = "function " + b.Func
		}
		fmt.Fprintf(d.out, "%d  %-30s hit %d times\n", b.ID, at, b.Hits)
	}
}

func (d *Debugger) running() bool {
	if d.finished {
		d.pal.Err.Fprintln(d.err, "the program has finished (restart runs it again)")
		return false
	}
	return true
}

func (d *Debugger) cmdContinue(_ []string, _ string) {
	if !d.running() {
		return
	}
	d.report(d.ctl.Continue(d.program), nil)
}

func (d *Debugger) stepView(mode vm.StepMode) {
	if !d.running() {
		return
	}
	co := d.view
	if co.IsDone() {
		d.pal.Err.Fprintf(d.err, "coroutine %s has finished (%s); switch to another (coros lists them)\n", views.Label(co), co.State)
		return
	}
	ev, err := d.ctl.Step(co, mode, vm.StepOptions{Others: true, Program: d.program, Breakpoints: true})
	if err != nil {
		d.pal.Err.Fprintln(d.err, err)
		return
	}
	d.report(ev, co)
	if mode == vm.StepInstruction && ev.Kind == vm.EvStopped {
		d.env.NextInstruction(co)
	}
}

func (d *Debugger) cmdStep(_ []string, _ string)   { d.stepView(vm.StepLine) }
func (d *Debugger) cmdNext(_ []string, _ string)   { d.stepView(vm.StepOver) }
func (d *Debugger) cmdFinish(_ []string, _ string) { d.stepView(vm.StepOut) }
func (d *Debugger) cmdStepi(_ []string, _ string)  { d.stepView(vm.StepInstruction) }

func (d *Debugger) cmdBt(args []string, _ string) {
	n := 0
	if len(args) == 1 {
		k, err := strconv.Atoi(args[0])
		if err != nil || k <= 0 {
			d.usage("bt")
			return
		}
		n = k
	} else if len(args) > 1 {
		d.usage("bt")
		return
	}
	d.env.Inspect(d.view, n, false)
}

func (d *Debugger) cmdLocals(_ []string, _ string) { d.env.Locals(d.view) }

// cmdPrint evaluates EXPR as the body of a closure whose parameters are
// the locals of the viewed frame, called with their values: the
// expression sees them by name, and the globals as usual.
func (d *Debugger) cmdPrint(_ []string, expr string) {
	if expr == "" {
		d.usage("print")
		return
	}
	var names []string
	var values []vm.Value
	if fr := d.ctl.Frames(d.view); len(fr) > 0 {
		for _, l := range d.eng.VM.Locals(d.view, fr[0]) {
			if isIdentifier(l.Name) {
				names = append(names, l.Name)
				values = append(values, l.Value)
			}
		}
	}
	// the expression on a line of its own, so that an error shows it,
	// not the closure around it
	src := "|" + strings.Join(names, ", ") + "| {\n" + expr + "\n}\n"
	p, err := d.eng.Compile("<print>", src)
	if err != nil {
		d.reportPrintError(err, expr, names)
		return
	}
	v := d.eng.VM
	mk := d.ctl.RunInput(vm.FuncValue(p.Index), nil, true)
	if mk.Failure != 0 || mk.Value == 0 {
		d.pal.Err.Fprintf(d.err, "cannot evaluate %s\n", expr)
		return
	}
	out := d.ctl.RunInput(mk.Value, values, true)
	v.Flush()
	switch {
	case out.Failure != 0:
		d.pal.Err.Fprint(d.err, v.FormatError(out.Failure))
	case out.Co != nil && !out.Co.IsDone():
		d.pal.Err.Fprintf(d.err, "the expression suspended (%s); it cannot be printed while the program is stopped\n", d.ctl.Why(out.Co))
	default:
		fmt.Fprintln(d.out, d.pal.Value.Sprint(v.SafeRepr(out.Value, 0)))
	}
}

// reportPrintError reports a compile error in print's expression at its
// place in the expression as typed.
func (d *Debugger) reportPrintError(err error, expr string, locals []string) {
	var list compiler.ErrorList
	if !errors.As(err, &list) {
		d.eng.ReportCompileError(err)
		return
	}
	shown := make(compiler.ErrorList, 0, len(list))
	for _, e := range list {
		if e.Pos.Line != 2 {
			continue // only the expression's line is the user's
		}
		e.Pos.Line = 1
		if strings.HasPrefix(e.Msg, "cannot assign twice to immutable variable") {
			e.Msg = "print cannot change a local variable of the program (it sees a copy of the frame's locals)"
		}
		shown = append(shown, e)
	}
	if len(shown) == 0 {
		d.pal.Err.Fprintf(d.err, "error: cannot evaluate `%s`: it is not a complete expression\n", expr)
		return
	}
	d.pal.Err.Fprint(d.err, shown.Format(map[string]string{"<print>": expr}))
}

func isIdentifier(s string) bool {
	if s == "" || s == "_" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9'
		if !ok {
			return false
		}
	}
	return true
}

func (d *Debugger) cmdList(args []string, _ string) {
	if len(args) > 1 {
		d.usage("list")
		return
	}
	fr := d.ctl.Frames(d.view)
	if len(fr) == 0 {
		d.pal.Err.Fprintln(d.err, "the coroutine in view has no frames")
		return
	}
	p, line := fr[0].Proto, fr[0].Line()
	center := line
	if len(args) == 1 {
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 1 {
			d.usage("list")
			return
		}
		if lines := strings.Count(strings.TrimRight(d.env.Source(p), "\n"), "\n") + 1; n > lines {
			d.pal.Err.Fprintf(d.err, "%s has %d lines\n", p.File, lines)
			return
		}
		center = n
	}
	for n := max(1, center-4); n <= center+4; n++ {
		text := d.env.SourceLine(p, n)
		if text == "" && n > center {
			continue
		}
		mark := "  "
		if n == line {
			mark = d.pal.Accent.Sprint("=>")
		}
		fmt.Fprintf(d.out, "%s %4d | %s\n", mark, n, text)
	}
}

func (d *Debugger) cmdCoros(_ []string, _ string) {
	d.env.Coros()
	if d.view != nil {
		d.pal.Dim.Fprintf(d.out, "in view: %s\n", views.Label(d.view))
	}
}

func (d *Debugger) cmdSwitch(args []string, _ string) {
	if len(args) != 1 {
		d.usage("switch")
		return
	}
	co, err := d.env.ResolveCoroutine(args[0])
	if err != nil {
		d.pal.Err.Fprintln(d.err, err)
		return
	}
	d.view = co
	in := d.ctl.Describe(co)
	fmt.Fprintf(d.out, "now viewing coroutine %s: %s, %s\n", d.pal.Name.Sprint(views.Label(co)), in.State, in.Why)
	d.env.At(co)
}

// target resolves an optional coroutine argument (default: the view).
func (d *Debugger) target(args []string) (*vm.Coroutine, []string, bool) {
	if len(args) > 0 && args[0] != "full" {
		co, err := d.env.ResolveCoroutine(args[0])
		if err != nil {
			d.pal.Err.Fprintln(d.err, err)
			return nil, nil, false
		}
		return co, args[1:], true
	}
	return d.view, args, true
}

func (d *Debugger) cmdInspect(args []string, _ string) {
	if co, _, ok := d.target(args); ok {
		d.env.Inspect(co, 0, true)
	}
}

func (d *Debugger) cmdStack(args []string, _ string) {
	co, rest, ok := d.target(args)
	if !ok {
		return
	}
	d.env.Stack(co, len(rest) == 1 && rest[0] == "full")
}

func (d *Debugger) cmdPools(args []string, _ string) {
	d.env.Pools(len(args) == 1 && args[0] == "full")
}

func (d *Debugger) cmdJobs(_ []string, _ string) { d.env.Jobs() }

func (d *Debugger) cmdDisasm(args []string, _ string) {
	v := d.eng.VM
	if len(args) == 0 {
		if fr := d.ctl.Frames(d.view); len(fr) > 0 {
			fmt.Fprint(d.out, vm.Disassemble(v, fr[0].Proto))
			return
		}
		d.usage("disasm")
		return
	}
	for i := len(v.Protos) - 1; i >= 0; i-- {
		if v.Protos[i].Name == args[0] {
			fmt.Fprint(d.out, vm.Disassemble(v, v.Protos[i]))
			return
		}
	}
	d.pal.Err.Fprintf(d.err, "no function named %s\n", args[0])
}

func (d *Debugger) cmdRestart(_ []string, _ string) {
	out, errOut := d.out, d.err
	if err := d.load(); err != nil {
		if err != errCompile {
			d.pal.Err.Fprintf(d.err, "error: %v\n", err)
		}
		return
	}
	d.setOutput(out, errOut)
	fmt.Fprintln(d.out, "restarted: the program is stopped before its first line")
	for _, s := range d.specs {
		fmt.Fprintf(d.out, "breakpoint %d at %s\n", s.id, s.spec)
	}
}

// completer completes command names, then coroutine ids and function names.
type completer struct{ d *Debugger }

func (c *completer) Do(line []rune, pos int) (result [][]rune, n int) {
	defer func() { // it runs on readline's goroutine: a panic must not escape
		if recover() != nil {
			result, n = nil, 0
		}
	}()
	text := string(line[:pos])
	fields := strings.Fields(text)
	word := ""
	if !strings.HasSuffix(text, " ") && len(fields) > 0 {
		word = fields[len(fields)-1]
	}
	var cands []string
	if len(fields) == 0 || (len(fields) == 1 && word != "") {
		for _, cmd := range commandTable {
			cands = append(cands, cmd.name)
		}
	} else if cmd := findCommand(strings.TrimPrefix(fields[0], ":")); cmd != nil {
		switch cmd.name {
		case "break", "disasm":
			for _, p := range c.d.eng.VM.Protos {
				if !strings.HasPrefix(p.Name, "<") && !strings.HasPrefix(p.Name, "__") {
					cands = append(cands, p.Name)
				}
			}
		case "switch", "inspect", "stack":
			for _, co := range c.d.eng.VM.Coroutines() {
				if !co.IsDone() && c.d.env.Shown(co) {
					cands = append(cands, strconv.FormatInt(co.ID, 10))
				}
			}
		case "help":
			for _, x := range commandTable {
				cands = append(cands, x.name)
			}
		}
	}
	sort.Strings(cands)
	var out [][]rune
	seen := map[string]bool{}
	for _, cand := range cands {
		if strings.HasPrefix(cand, word) && cand != word && !seen[cand] {
			seen[cand] = true
			out = append(out, []rune(cand[len(word):]))
		}
	}
	return out, len([]rune(word))
}
