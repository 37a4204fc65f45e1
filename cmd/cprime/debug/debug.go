package debug

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/chzyer/readline"

	"github.com/cprime-lang/cprime/cmd/cprime/host"
	"github.com/cprime-lang/cprime/cmd/cprime/repl"
	"github.com/cprime-lang/cprime/cmd/cprime/views"
	"github.com/cprime-lang/cprime/stdlib"
	"github.com/cprime-lang/cprime/vm"
)

// Options configure a debugging session.
type Options struct {
	File    string
	Source  string
	VM      vm.Options
	Out     io.Writer
	Err     io.Writer
	NoColor bool
	// HistoryFile keeps the debugger's command history ("" for none).
	HistoryFile string
	// Engine runs the program while no breakpoint or step is armed (nil:
	// the interpreter); armed runs are the interpreter's.
	Engine vm.Engine
}

// Debugger is one debugging session of a program.
type Debugger struct {
	opts Options
	eng  *host.Host
	ctl  *vm.Controller
	env  *views.Env
	pal  views.Palette
	out  io.Writer
	err  io.Writer
	// program is the job of the program's main coroutine.
	program *vm.Job
	// view is the coroutine the debugger looks at: bt, locals, print,
	// step and next apply to it.
	view     *vm.Coroutine
	finished bool
	status   int
	quit     bool
	// specs are the breakpoints as given, to set again on restart.
	specs []bpSpec
}

// bpSpec is a breakpoint as the user gave it, with its current number.
type bpSpec struct {
	id   int
	spec string
}

// New compiles the program and stops it before its first line. A compile
// error is reported and returned.
func New(o Options) (*Debugger, error) {
	d := &Debugger{opts: o, out: o.Out, err: o.Err, pal: views.NewPalette(o.NoColor)}
	if err := d.load(); err != nil {
		return nil, err
	}
	return d, nil
}

// errCompile marks a program that did not compile (already reported).
var errCompile = errors.New("compile error")

func (d *Debugger) load() error {
	o := d.opts.VM
	o.Serial = true
	e, err := host.New(host.Options{VM: o, Stdout: d.out, Stderr: d.err, Engine: d.opts.Engine})
	if err != nil {
		return err
	}
	p, err := e.Compile(d.opts.File, d.opts.Source)
	if err != nil {
		e.ReportCompileError(err)
		return errCompile
	}
	d.eng = e
	d.ctl = e.VM.Controller()
	d.ctl.SkipFiles[stdlib.PreludeName] = true
	d.env = &views.Env{VM: e.VM, Ctl: d.ctl, Out: d.out, Pal: d.pal,
		Source: func(p *vm.Proto) string { return e.Session.Sources[p.File] }, Lookup: d.lookup}
	d.program, err = d.ctl.StartProgram(p)
	if err != nil {
		return err
	}
	d.view = d.program.Co
	d.finished, d.status = false, 0
	for i, s := range d.specs {
		bp, err := d.ctl.AddBreakpoint(s.spec)
		if err != nil {
			d.pal.Err.Fprintf(d.err, "breakpoint %s: %v\n", s.spec, err)
			continue
		}
		d.specs[i].id = bp.ID
	}
	return nil
}

// lookup finds a name for coroutine arguments and print: the viewed
// frame's locals, then the program's globals.
func (d *Debugger) lookup(name string) (vm.Value, bool) {
	if d.view != nil {
		if fr := d.ctl.Frames(d.view); len(fr) > 0 {
			for _, l := range d.eng.VM.Locals(d.view, fr[0]) {
				if l.Name == name {
					return l.Value, true
				}
			}
		}
	}
	v := d.eng.VM
	for i := len(v.GlobalNames) - 1; i >= 0; i-- {
		if v.GlobalNames[i] == name {
			return v.Globals[i], true
		}
	}
	return 0, false
}

// setOutput points the program and the views at the terminal's streams.
func (d *Debugger) setOutput(out, errOut io.Writer) {
	d.out, d.err = out, errOut
	d.env.Out = out
	d.eng.VM.Err = errOut
	d.eng.Stderr = errOut
	d.eng.VM.Out.Reset(out)
}

// Run debugs a program interactively; it returns the exit status.
func Run(o Options, stdin io.ReadCloser) int {
	d, err := New(o)
	if err != nil {
		if err == errCompile {
			return host.ExitCompileError
		}
		fmt.Fprintf(o.Err, "error: %v\n", err)
		return host.ExitRuntimeError
	}
	rl, err := readline.NewEx(&readline.Config{
		Prompt:          "(cdb) ",
		HistoryFile:     o.HistoryFile,
		InterruptPrompt: "^C",
		Stdin:           stdin,
		Stdout:          o.Out,
		Stderr:          o.Err,
		AutoComplete:    &completer{d: d},
	})
	if err != nil {
		fmt.Fprintf(o.Err, "error: %v\n", err)
		return host.ExitRuntimeError
	}
	defer repl.CloseReadline(rl)
	// straight to the terminal: see repl.Run
	d.setOutput(o.Out, o.Err)
	d.pal.Dim.Fprintf(d.out, "cprime debugger: %s is stopped before its first line (help lists the commands)\n", o.File)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	go func() {
		for range sigs {
			d.ctl.Pause() // stops the running coroutine at its next safepoint
		}
	}()
	last := ""
	for !d.quit {
		line, err := rl.Readline()
		if errors.Is(err, readline.ErrInterrupt) {
			continue
		}
		if err != nil {
			break
		}
		if strings.TrimSpace(line) == "" {
			line = last // Enter repeats step, next...
		} else {
			last = line
		}
		d.Exec(line)
	}
	return d.status
}

// Exec runs one debugger command; an error in it never ends the session.
func (d *Debugger) Exec(line string) {
	defer func() {
		if r := recover(); r != nil {
			d.pal.Err.Fprintf(d.err, "error: internal error: %v\n", r)
		}
		d.eng.VM.Flush()
	}()
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return
	}
	name := strings.TrimPrefix(fields[0], ":")
	c := findCommand(name)
	if c == nil {
		d.pal.Err.Fprintf(d.err, "unknown command %s (help lists the commands)\n", fields[0])
		return
	}
	args := fields[1:]
	for _, a := range args {
		if (a == "--help" || a == "-h") && c.name != "print" {
			d.explain(c)
			return
		}
	}
	d.ctl.ClearInterrupt()
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), fields[0]))
	c.run(d, args, rest)
}

// Quit reports whether the user asked to leave.
func (d *Debugger) Quit() bool { return d.quit }

// Status is the program's exit status once it has finished.
func (d *Debugger) Status() int { return d.status }

// report describes how a run of the program returned.
func (d *Debugger) report(ev vm.Event, stepped *vm.Coroutine) {
	d.eng.VM.Flush()
	switch ev.Kind {
	case vm.EvDone:
		d.programFinished()
	case vm.EvBreakpoint:
		d.view = ev.Co
		in := d.ctl.Describe(ev.Co)
		fmt.Fprintf(d.out, "breakpoint %d hit by coroutine %s (%s dispatcher)\n", ev.Breakpoint.ID,
			d.pal.Name.Sprint(views.Label(ev.Co)), in.Dispatcher)
		d.env.At(ev.Co)
	case vm.EvStopped:
		d.env.At(ev.Co)
	case vm.EvPaused:
		if ev.Co != nil {
			d.view = ev.Co
			fmt.Fprintf(d.out, "paused coroutine %s\n", d.pal.Name.Sprint(views.Label(ev.Co)))
			d.env.At(ev.Co)
		} else {
			fmt.Fprintln(d.out, "paused")
		}
	case vm.EvInterrupted:
		fmt.Fprintln(d.out, "interrupted")
	case vm.EvFinished, vm.EvSuspended:
		if stepped != nil {
			d.env.Outcome(stepped)
		}
		if d.program.IsFinal() {
			d.programFinished()
		}
	case vm.EvIdle:
		fmt.Fprintln(d.out, "nothing can run: every coroutine waits (see coros)")
	}
}

func (d *Debugger) programFinished() {
	d.finished = true
	v := d.eng.VM
	if c := d.program.Cause; c != 0 {
		if code, ok := v.ExitCode(c); ok {
			d.status = code
		} else {
			d.pal.Err.Fprint(d.err, v.FormatError(c))
			d.status = host.ExitRuntimeError
		}
	}
	fmt.Fprintf(d.out, "program finished with status %d (restart runs it again, quit leaves)\n", d.status)
}
