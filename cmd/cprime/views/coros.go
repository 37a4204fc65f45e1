package views

import (
	"fmt"
	"strings"

	"github.com/fatih/color"

	"github.com/cprime-lang/cprime/vm"
)

// Coros writes the coroutine table (:coros): one row per coroutine the
// program still holds, finished ones included until they are collected.
func (e *Env) Coros() {
	e.VM.Collect() // drop what nothing refers to any more
	t := &table{head: []string{"ID", "NAME", "STATE", "DISPATCHER", "CLASS", "STACK", "WHERE", "WHY", "PARENT"}}
	n := 0
	for _, co := range e.VM.Coroutines() {
		if !e.Shown(co) {
			continue
		}
		in := e.Ctl.Describe(co)
		n++
		stack := fmt.Sprintf("%d/%d B", in.StackUsed, in.StackSize)
		if co.IsDone() {
			stack = "released"
		}
		name, width := in.Name, 16
		if name == "" && co.Role() != "" {
			name, width = co.Role(), 40 // a flow operator's producer
		}
		if name == "" {
			name = "-"
		}
		t.add([]string{fmt.Sprintf("#%d", in.ID), clip(name, width), in.State, in.Dispatcher, in.Class.String(), stack,
			clip(Where(in.Func, in.File, in.Line), 40), clip(in.Why, 48), in.Parent},
			[]*color.Color{e.Pal.Accent, e.Pal.Name, e.Pal.stateColor(in.State), nil, nil, nil, nil, e.whyColor(co), e.Pal.Dim})
	}
	if n == 0 {
		fmt.Fprintln(e.Out, "no coroutines (spawn one: let d = spawn f(); or Coroutine::new(f))")
		return
	}
	t.write(e.Out, e.Pal)
	if q := e.VM.Scheduler().Ready(); len(q) > 0 {
		var ids []string
		for _, co := range q {
			if e.Shown(co) {
				ids = append(ids, fmt.Sprintf("#%d", co.ID))
			}
		}
		if len(ids) > 0 {
			e.Pal.Dim.Fprintf(e.Out, "ready queue: %s   (:step N runs one, :run runs them all)\n", strings.Join(ids, " "))
		}
	}
}

func (e *Env) whyColor(co *vm.Coroutine) *color.Color {
	switch {
	case co.State == vm.CoroFailed:
		return e.Pal.Bad
	case co.Parked():
		return e.Pal.Warn
	}
	return nil
}

// Inspect writes a coroutine's frames, innermost first, each with its
// source line and its local variables (:inspect, the debugger's bt).
// limit > 0 shows at most that many frames.
func (e *Env) Inspect(co *vm.Coroutine, limit int, withLocals bool) {
	in := e.Ctl.Describe(co)
	fmt.Fprintf(e.Out, "coroutine %s  %s  %s", e.Pal.Name.Sprint(Label(co)), e.Pal.stateColor(in.State).Sprint(in.State), in.Why)
	e.Pal.Dim.Fprintf(e.Out, "  [%s, %s stack %d/%d B, parent %s]\n", in.Dispatcher, in.Class, in.StackUsed, in.StackSize, in.Parent)
	frames := e.Ctl.Frames(co)
	if len(frames) == 0 {
		e.Pal.Dim.Fprintln(e.Out, "  no frames (the coroutine has finished)")
		return
	}
	for i, f := range frames {
		if limit > 0 && i >= limit {
			e.Pal.Dim.Fprintf(e.Out, "  ... %d more frames\n", len(frames)-i)
			break
		}
		line := f.Line()
		fmt.Fprintf(e.Out, "  %s %s %s\n", e.Pal.Dim.Sprintf("#%d", i), e.Pal.Name.Sprint(f.Proto.Name),
			e.Pal.Accent.Sprintf("(%s:%d)", f.Proto.File, line))
		if src := e.SourceLine(f.Proto, line); src != "" {
			e.Pal.Dim.Fprintf(e.Out, "     %4d | %s\n", line, src)
		}
		if withLocals {
			e.writeLocals(co, f, "       ")
		}
	}
}

func (e *Env) writeLocals(co *vm.Coroutine, f vm.FrameInfo, indent string) {
	locals := e.VM.Locals(co, f)
	if len(locals) == 0 {
		e.Pal.Dim.Fprintf(e.Out, "%s(no locals)\n", indent)
		return
	}
	for _, l := range locals {
		fmt.Fprintf(e.Out, "%s%s = %s\n", indent, l.Name, e.Pal.Value.Sprint(e.VM.SafeRepr(l.Value, 100)))
	}
}

// Locals writes the innermost frame's variables (the debugger's locals).
func (e *Env) Locals(co *vm.Coroutine) {
	frames := e.Ctl.Frames(co)
	if len(frames) == 0 {
		e.Pal.Dim.Fprintln(e.Out, "no frames (the coroutine has finished)")
		return
	}
	e.writeLocals(co, frames[0], "")
}

// At writes where a coroutine stands: "fn (file:line)" and the line.
func (e *Env) At(co *vm.Coroutine) {
	frames := e.Ctl.Frames(co)
	if len(frames) == 0 {
		return
	}
	f := frames[0]
	line := f.Line()
	fmt.Fprintf(e.Out, "  at %s %s\n", e.Pal.Name.Sprint(f.Proto.Name), e.Pal.Accent.Sprintf("(%s:%d)", f.Proto.File, line))
	if src := e.SourceLine(f.Proto, line); src != "" {
		fmt.Fprintf(e.Out, "  %4d | %s\n", line, src)
	}
}

// NextInstruction writes the instruction a stopped coroutine runs next.
func (e *Env) NextInstruction(co *vm.Coroutine) {
	frames := e.Ctl.Frames(co)
	if len(frames) == 0 {
		return
	}
	f := frames[0]
	pc := f.PC - 1
	if _, stopped := e.Ctl.StopOf(co); !stopped {
		pc = f.PC
	}
	if pc >= 0 && pc < len(f.Proto.Code) {
		fmt.Fprintf(e.Out, "  next:%s\n", vm.DisassembleInstr(e.VM, f.Proto, pc, f.Proto.Code[pc]))
	}
}

// StepReport says what a step or a run did to co.
func (e *Env) StepReport(co *vm.Coroutine, ev vm.Event) {
	p := e.Pal
	label := p.Name.Sprint(Label(co))
	switch ev.Kind {
	case vm.EvStopped:
		fmt.Fprintf(e.Out, "%s stopped\n", label)
		e.At(co)
	case vm.EvBreakpoint:
		fmt.Fprintf(e.Out, "breakpoint %d hit by coroutine %s\n", ev.Breakpoint.ID, p.Name.Sprint(Label(ev.Co)))
		e.At(ev.Co)
	case vm.EvPaused:
		fmt.Fprintf(e.Out, "paused coroutine %s\n", p.Name.Sprint(Label(ev.Co)))
		e.At(ev.Co)
	case vm.EvInterrupted:
		p.Warn.Fprintln(e.Out, "interrupted")
	default:
		e.Outcome(co)
	}
	var made []string
	for _, c := range ev.Created {
		if e.Shown(c) && c != co {
			made = append(made, Label(c))
		}
	}
	if len(made) > 0 {
		p.Dim.Fprintf(e.Out, "  created: %s\n", strings.Join(made, ", "))
	}
	e.Failures(ev, co)
}

// Failures reports the coroutines that failed during a run (other than
// except, whose outcome is shown already), with their errors.
func (e *Env) Failures(ev vm.Event, except *vm.Coroutine) {
	for _, c := range ev.Failed {
		if c == except || !e.Shown(c) {
			continue
		}
		fmt.Fprintf(e.Out, "%s %s\n", e.Pal.Name.Sprint(Label(c)), e.Pal.Bad.Sprint("failed"))
		if v, ok := e.Ctl.Result(c); ok {
			e.Pal.Err.Fprint(e.Out, indentLines(e.VM.FormatError(v), "  "))
		}
	}
}

// Outcome says where co stands after it ran: finished (with its value or
// error), or suspended and why.
func (e *Env) Outcome(co *vm.Coroutine) {
	p := e.Pal
	label := p.Name.Sprint(Label(co))
	switch co.State {
	case vm.CoroComplete:
		fmt.Fprintf(e.Out, "%s %s\n", label, p.Good.Sprint(e.Ctl.Why(co)))
	case vm.CoroFailed:
		fmt.Fprintf(e.Out, "%s %s\n", label, p.Bad.Sprint("failed"))
		if v, ok := e.Ctl.Result(co); ok {
			p.Err.Fprint(e.Out, indentLines(e.VM.FormatError(v), "  "))
		}
	case vm.CoroCancelled:
		fmt.Fprintf(e.Out, "%s %s\n", label, p.Bad.Sprint("cancelled"))
		if v, ok := e.Ctl.Result(co); ok {
			if eo, ok := e.VM.ErrorOf(v); ok {
				fmt.Fprintf(e.Out, "  %s: %s\n", eo.Kind, eo.Message)
			}
		}
	default:
		fmt.Fprintf(e.Out, "%s %s: %s\n", label, p.Warn.Sprint("suspended"), e.Ctl.Why(co))
		e.At(co)
	}
}

func indentLines(s, indent string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(indent + l)
		}
	}
	return b.String()
}
