package repl

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chzyer/readline"
	"golang.org/x/sys/unix"

	"github.com/cprime-lang/cprime/cmd/cprime/host"
	"github.com/cprime-lang/cprime/cmd/cprime/views"
	"github.com/cprime-lang/cprime/compiler"
	"github.com/cprime-lang/cprime/stdlib"
	"github.com/cprime-lang/cprime/vm"
)

// Options configure a REPL session.
type Options struct {
	VM      vm.Options
	Out     io.Writer
	Err     io.Writer
	NoColor bool
	Version string
	// Engine runs the inputs (nil: the interpreter); a step or a
	// breakpoint runs in the interpreter.
	Engine vm.Engine
}

// Session is a REPL: an engine whose state persists between inputs, and
// a controller that keeps the coroutines launched at the prompt where
// they are until the user moves them.
type Session struct {
	opts   Options
	eng    *host.Host
	ctl    atomic.Pointer[vm.Controller] // read by the Ctrl-C handler
	env    *views.Env
	out    io.Writer
	errOut io.Writer
	pal    views.Palette
	quit   bool
	// auto lets the scheduler run queued coroutines after every input.
	auto bool
	// sources holds the text each function typed at the prompt came
	// from (every input is "<repl>", so the file name is not enough).
	sources map[*vm.Proto]string
}

// NewSession starts a session.
func NewSession(o Options) (*Session, error) {
	s := &Session{opts: o, out: o.Out, errOut: o.Err, pal: views.NewPalette(o.NoColor)}
	if err := s.reset(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Session) reset() error {
	o := s.opts.VM
	o.Serial = true // nothing runs unless the user lets it
	e, err := host.New(host.Options{VM: o, Stdout: s.out, Stderr: s.errOut, Engine: s.opts.Engine})
	if err != nil {
		return err
	}
	s.eng = e
	ctl := e.VM.Controller()
	ctl.SkipFiles[stdlib.PreludeName] = true
	s.ctl.Store(ctl)
	s.sources = map[*vm.Proto]string{}
	s.env = &views.Env{VM: e.VM, Ctl: ctl, Out: s.out, Pal: s.pal, Source: s.sourceOf, Lookup: s.lookupGlobal}
	return nil
}

// setOutput points every writer at the terminal's (readline's) streams.
func (s *Session) setOutput(out, errOut io.Writer) {
	s.out, s.errOut = out, errOut
	s.env.Out = out
	s.eng.VM.Err = errOut
	s.eng.Stderr = errOut
	s.eng.VM.Out.Reset(out)
}

func (s *Session) sourceOf(p *vm.Proto) string {
	if src, ok := s.sources[p]; ok {
		return src
	}
	return s.eng.Session.Sources[p.File]
}

// lookupGlobal finds the latest global of a name.
func (s *Session) lookupGlobal(name string) (vm.Value, bool) {
	v := s.eng.VM
	for i := len(v.GlobalNames) - 1; i >= 0; i-- {
		if v.GlobalNames[i] == name {
			return v.Globals[i], true
		}
	}
	return 0, false
}

// Host returns the current host (VM and compiler session).
func (s *Session) Host() *host.Host { return s.eng }

// Controller returns the current controller.
func (s *Session) Controller() *vm.Controller { return s.ctl.Load() }

// Quit reports whether the user asked to leave.
func (s *Session) Quit() bool { return s.quit }

// Interrupt stops the running evaluation (Ctrl-C); safe from any goroutine.
func (s *Session) Interrupt() { s.ctl.Load().Interrupt() }

// Eval runs one complete input: a command or CPrime code. Nothing it does
// ends the session except :quit or exit(); a Go panic is reported as an
// internal error.
func (s *Session) Eval(input string) {
	defer func() {
		if r := recover(); r != nil {
			s.pal.Err.Fprintf(s.errOut, "error: internal error: %v\n", r)
		}
		s.eng.VM.Flush()
	}()
	trimmed := strings.TrimSpace(input)
	if trimmed == "" {
		return
	}
	s.ctl.Load().ClearInterrupt()
	if strings.HasPrefix(trimmed, ":") {
		s.command(trimmed)
		return
	}
	s.evalCode("<repl>", input)
}

// evalCode compiles and runs one input. Its coroutine runs until the
// chunk finishes; what it launched is adopted by the session and stays
// queued (unless :auto on).
func (s *Session) evalCode(name, src string) {
	v := s.eng.VM
	first := len(v.Protos)
	p, err := s.eng.Compile(name, src)
	if err != nil && name == "<repl>" && !strings.HasSuffix(strings.TrimSpace(src), ";") {
		// `let x = 1` at the prompt: a missing final semicolon is forgiven
		withSemi := strings.TrimRight(src, " \t\n") + ";\n"
		if q, err2 := s.eng.Compile(name, withSemi); err2 == nil {
			p, err = q, nil
		} else if !errorsAtEnd(err2, withSemi) {
			// the input's real error (`let x = nosuch(1)`), not the
			// end of file where the first attempt wanted a `;`
			err = err2
			s.eng.Session.Sources[name] = src
		} else {
			s.eng.Session.Sources[name] = src
		}
	}
	if err != nil {
		var list compiler.ErrorList
		if errors.As(err, &list) {
			s.pal.Err.Fprint(s.errOut, list.Format(s.eng.Session.Sources))
		} else {
			s.pal.Err.Fprintf(s.errOut, "error: %v\n", err)
		}
		return
	}
	for _, q := range v.Protos[first:] {
		s.sources[q] = src
	}
	ctl := s.ctl.Load()
	out := ctl.RunInput(vm.FuncValue(p.Index), nil, false)
	v.Flush()
	if out.Co != nil && !out.Co.IsDone() {
		s.pal.Warn.Fprintf(s.out, "the input did not finish (%s): %s\n", out.Event.Kind, ctl.Why(out.Co))
		return
	}
	if out.Failure != 0 {
		if code, ok := v.ExitCode(out.Failure); ok {
			s.quit = true
			if code != 0 {
				fmt.Fprintf(s.errOut, "exit(%d)\n", code)
			}
			return
		}
		s.pal.Err.Fprint(s.errOut, v.FormatError(out.Failure))
		// a failed input defines nothing it did not get to assign
		s.eng.Session.UndefineUnassigned()
	} else if out.Value != vm.Unit && out.Value != 0 {
		s.pal.Value.Fprintln(s.out, v.Repr(out.Value))
	}
	s.env.Failures(out.Event, out.Co)
	s.reportAdopted(out.Adopted)
	s.driverResults()
	if s.auto {
		s.runScheduler(0, true)
	}
}

// errorsAtEnd reports whether the first compile error lies at the very
// end of src (the `;` the REPL appended), where it says nothing about
// what the user typed.
func errorsAtEnd(err error, src string) bool {
	var list compiler.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return true
	}
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	pos := list[0].Pos
	return pos.Line > len(lines) || pos.Line == len(lines) && pos.Column >= len([]rune(lines[len(lines)-1]))
}

// reportAdopted lists the coroutines an input launched and left queued.
func (s *Session) reportAdopted(jobs []*vm.Job) {
	if s.auto {
		return
	}
	var ids []string
	for _, j := range jobs {
		if j.Co != nil && !j.Co.IsDone() {
			ids = append(ids, views.Label(j.Co))
		}
	}
	if len(ids) > 0 {
		s.pal.Dim.Fprintf(s.out, "queued: %s  (:coros to see, :step N or :run to run, :auto on to let them run)\n", strings.Join(ids, ", "))
	}
}

// driverResults prints what resume()/close() of hand-driven coroutines
// returned when the helper that called it finished.
func (s *Session) driverResults() {
	v := s.eng.VM
	for _, r := range s.ctl.Load().TakeDriverResults() {
		if r.Failure != 0 {
			s.pal.Err.Fprintf(s.errOut, "resume of #%d raised:\n%s", r.Target.ID, v.FormatError(r.Failure))
			continue
		}
		if r.Result != 0 && r.Result != vm.Unit {
			fmt.Fprintf(s.out, "resume() returned %s\n", s.pal.Value.Sprint(v.Repr(r.Result)))
		}
	}
}

// Run is the interactive loop on a terminal (or piped input).
func Run(o Options, stdin io.ReadCloser) int {
	s, err := NewSession(o)
	if err != nil {
		fmt.Fprintf(o.Err, "error: %v\n", err)
		return host.ExitRuntimeError
	}
	if !isTerminal(stdin) {
		return s.runPiped(stdin)
	}
	rl, err := readline.NewEx(&readline.Config{
		Prompt:          "cprime> ",
		HistoryFile:     HistoryFile(),
		InterruptPrompt: "^C",
		EOFPrompt:       "",
		Stdin:           stdin,
		Stdout:          o.Out,
		Stderr:          o.Err,
		AutoComplete:    &completer{s: s},
		Painter:         inputPainter(o.NoColor),
	})
	if err != nil {
		fmt.Fprintf(o.Err, "error: %v\n", err)
		return host.ExitRuntimeError
	}
	defer CloseReadline(rl)
	// Output goes straight to the terminal, not through rl.Stdout():
	// nothing prints while a line is read, and readline's wrapper, for a
	// moment after Enter, still redraws the prompt over partial lines.
	s.setOutput(o.Out, o.Err)
	if o.Version != "" {
		s.pal.Dim.Fprintf(s.out, "cprime %s — type :help for commands, Ctrl-D to quit\n", o.Version)
	}
	return s.readEvalLoop(func(continued bool) (string, readResult) {
		if continued {
			rl.SetPrompt("   ...> ")
		} else {
			rl.SetPrompt("cprime> ")
		}
		line, err := rl.Readline()
		if errors.Is(err, readline.ErrInterrupt) {
			return "", readInterrupted // Ctrl-C abandons the input being typed
		}
		if err != nil { // io.EOF: Ctrl-D
			return "", readEnded
		}
		return line, readLine
	})
}

// runPiped reads inputs from a pipe or a file, line by line, without the
// line editor (which redraws each character it reads: a 60 KB line took
// minutes, and it stopped at a NUL byte). Any line, however long or
// whatever bytes it holds, is evaluated or reported.
func (s *Session) runPiped(stdin io.Reader) int {
	s.setOutput(s.opts.Out, s.opts.Err)
	if s.opts.Version != "" {
		s.pal.Dim.Fprintf(s.out, "cprime %s — type :help for commands, Ctrl-D to quit\n", s.opts.Version)
	}
	r := bufio.NewReaderSize(stdin, 64<<10)
	return s.readEvalLoop(func(bool) (string, readResult) {
		line, err := r.ReadString('\n')
		if line == "" && err != nil {
			return "", readEnded
		}
		return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), readLine
	})
}

// readResult is what one read of an input line gave.
type readResult uint8

const (
	readLine        readResult = iota // a line (without its newline)
	readInterrupted                   // Ctrl-C: drop the input being typed
	readEnded                         // end of input
)

// readEvalLoop is the loop both front ends share: it reads lines with
// read (told whether an input is being continued), joins them until the
// input is complete (a ':' command is complete at once), evaluates it,
// and turns SIGINT into an interrupt of the running program.
func (s *Session) readEvalLoop(read func(continued bool) (string, readResult)) int {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	go func() {
		for range sigs {
			s.Interrupt()
		}
	}()
	var buf strings.Builder
	for !s.quit {
		line, res := read(buf.Len() > 0)
		if res == readEnded {
			break
		}
		if res == readInterrupted {
			buf.Reset()
			continue
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
		src := buf.String()
		if !strings.HasPrefix(strings.TrimSpace(src), ":") && Incomplete(src) {
			continue
		}
		buf.Reset()
		s.Eval(src)
	}
	s.dropUnfinished(buf.String())
	return host.ExitOK
}

// dropUnfinished reports an input cut off by the end of input (an open
// bracket, string or comment): it is not run, and the user is told.
func (s *Session) dropUnfinished(src string) {
	if s.quit || strings.TrimSpace(src) == "" {
		return
	}
	n := strings.Count(strings.TrimRight(src, "\n"), "\n") + 1
	first, _, _ := strings.Cut(strings.TrimLeft(src, "\n"), "\n")
	if len(first) > 60 {
		first = first[:60] + "…"
	}
	lines := "line"
	if n > 1 {
		lines = fmt.Sprintf("%d lines", n)
	}
	s.pal.Err.Fprintf(s.errOut, "error: the input ended inside an unclosed bracket, string or comment; not run (%s, from %q)\n", lines, first)
}

// isTerminal reports whether r is a terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// HistoryFile is where the history persists: $CPRIME_HISTORY, or
// ~/.cprime_history.
func HistoryFile() string {
	if h := os.Getenv("CPRIME_HISTORY"); h != "" {
		return h
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		return filepath.Join(home, ".cprime_history")
	}
	return ""
}

// CloseReadline closes the line editor without hanging: after Ctrl-D (or
// a terminal's late escape reply) readline's reader goroutine may sit in
// a blocking read of the terminal, and Close waits for it. The terminal
// is already back in cooked mode and the history is saved line by line,
// so after a moment the program goes on without it.
func CloseReadline(rl *readline.Instance) {
	done := make(chan struct{})
	go func() {
		rl.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(200 * time.Millisecond):
	}
}
